"""What every pipeline script needs first: logging into its log file, thread
limits (and whether a computation on several threads reproduces), and the
provenance of the software it runs on."""

from __future__ import annotations

import logging
import os
import platform
import resource
import signal
import socket
import sys
import time
from importlib import metadata
from pathlib import Path

VERSIONED = ("textmlp", "torch", "numpy", "pandas", "gensim", "snakemake")


def word2vec_reproducible(workers: int) -> bool:
    """Whether word2vec trained on ``workers`` threads gives the same vectors every
    run: with more than one, the order of its updates changes from run to run."""
    return int(workers) == 1


#: When log_to was first called: the start of a job's work, for log_usage.
_STARTED: list[float] = []


class _LogStream:
    """The log file as a text stream that never loses a message: when the file
    cannot take a write (a full disk, a quota), the text goes to the stream
    the job started with (Snakemake's console), after one line saying why."""

    def __init__(self, path: str | Path, fallback) -> None:
        self.path, self.fallback, self.failed = str(path), fallback, False
        self.file = open(path, "a", buffering=1, encoding="utf-8")

    def write(self, text: str) -> int:
        if not self.failed:
            try:
                return self.file.write(text)
            except OSError as err:
                self._fail(err)
        self.fallback.write(text)
        return len(text)

    def flush(self) -> None:
        if not self.failed:
            try:
                self.file.flush()
                return
            except OSError as err:
                self._fail(err)
        self.fallback.flush()

    def _fail(self, err: OSError) -> None:
        self.failed = True
        self.fallback.write(f"textmlp: cannot write the log {self.path} ({err}); its messages follow here\n")

    def __getattr__(self, name):  # encoding, isatty, fileno, ...: the file's
        return getattr(self.file, name)


def log_to(path: str | Path | None, level: int = logging.INFO) -> logging.Logger:
    """Send logging and stderr to ``path`` (the rule's ``log:``), appending;
    what the file cannot take (a full disk) goes to the original stderr."""
    _STARTED[:] = _STARTED or [time.perf_counter()]
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        stream = _LogStream(path, sys.__stderr__ or sys.stderr)
        sys.stderr = stream
        handler: logging.Handler = logging.StreamHandler(stream)
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    logging.captureWarnings(True)
    return logging.getLogger("textmlp")


def exit_on_sigterm() -> None:
    """Turn SIGTERM (Snakemake stopping its jobs, a scheduler's time limit) into
    SystemExit, so that clean-up runs: textmlp.io.atomic_path then removes
    its hidden partial file. (SIGKILL cannot be caught; the next download
    removes what it left, see textmlp.data.download.remove_stale_partials.)"""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def limit_threads(threads: int) -> None:
    """Make torch use exactly the threads Snakemake (or Slurm) gave the job."""
    import torch

    torch.set_num_threads(max(1, int(threads)))
    if hasattr(torch, "set_num_interop_threads"):
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # already set in this process
            pass


def log_usage(log: logging.Logger) -> dict[str, float]:
    """Log the job's wall seconds since :func:`log_to`, its CPU seconds and its
    peak RSS, as one ``usage:`` line that bench/stages.py reads: what a
    ``benchmark:`` file would say, for the rules that cannot have one (those
    Snakemake may take from its between-workflow cache)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter() - _STARTED[0] if _STARTED else float("nan")
    usage = {"s": wall, "cpu_time": own.ru_utime + own.ru_stime, "max_rss": own.ru_maxrss / 1024}
    log.info("usage: s=%.2f cpu_time=%.2f max_rss=%.1f", usage["s"], usage["cpu_time"], usage["max_rss"])
    return usage


def release_freed_memory() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``).

    glibc keeps the pages that Python objects and small numpy arrays freed for
    reuse, so after a stage of many small objects (counting n-grams) a job's
    resident memory stays at that stage's peak and the next stage's arrays
    stack on it. Returns False where there is no glibc (nothing done).
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def package_versions(packages: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Python's version and each installed package's (``absent`` when not installed)."""
    out = {"python": platform.python_version()}
    for package in packages:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "absent"
    return out


def versions() -> dict[str, str]:
    return package_versions(VERSIONED)


def host() -> dict[str, str]:
    return {
        "hostname": socket.gethostname(),
        "platform": platform.platform(),
        "cpu_count": str(os.cpu_count()),
        "slurm_job_id": os.environ.get("SLURM_JOB_ID", ""),
    }
