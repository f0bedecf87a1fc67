"""Issue 5, reliability: bad input gets a clear error, faults lose nothing,
reruns give the same numbers.

The other test files already hold the unit-level cases: every bad config
value against validate()/check() (test_config.py), download faults against
fetch() (test_download.py), unsafe members, empty and non-UTF-8 reviews
against read_archive() (test_data.py), divergence, determinism and `cuda`
without CUDA against train()/resolve_device() (test_model_training.py).
This file drives the same faults through the real entry point (the
repository's Snakefile, in a subprocess, on a small IMDB-format archive),
adds the faults nothing else covers (timeouts, a transfer cut short, an
unreadable archive, hard links and special files in the archive, SIGKILL in
the middle of a training job) and checks the code is safe by construction.
"""

from __future__ import annotations

import ast
import base64
import concurrent.futures
import hashlib
import http.server
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import torch
import yaml

from tests.conftest import REPO, archive_with_member, make_imdb_archive, sha256
from textmlp.data.download import Checksum, DownloadError, fetch
from textmlp.data.imdb import ArchiveFormatError, UnsafeArchiveError, read_archive

SNAKEFILE = REPO / "Snakefile"
SEEDS = [0, 1]
EPOCHS = 20
DIVERGING_LR = 10000.0  # Adam with this lr blows the loss up to ~1e4 in the first epoch
DIVERGING_RUN = f"word2vec-imdb_h8_sigmoid_lr{DIVERGING_LR:g}_bs4_ep{EPOCHS}"
#: A mean loss above this (100 ln 2 for two classes) counts as diverged (textmlp.train.loop).
LOSS_LIMIT = 100 * math.log(2)

#: Reviews the reader must survive: an empty file, one empty after the <br />
#: markup is removed (both skipped and counted), and Latin-1 bytes (decoded
#: with U+FFFD and counted).
ODD_REVIEWS = {
    "aclImdb/train/pos/900_8.txt": b"",
    "aclImdb/test/neg/901_2.txt": b"<br /><br />  ",
    "aclImdb/train/neg/902_3.txt": "un film d\xe9cevant et ennuyeux".encode("latin-1"),
}


def run_config(source, digest: str) -> dict:
    """Three configurations x two seeds, one of them diverging; small enough
    that the whole pipeline up to the tables takes seconds."""
    return {
        "data": {
            "source": str(source),
            "sha256": digest,
            "split": {"seed": 1, "dev_size": 40, "train_size": 160, "test_size": 100},
        },
        "embeddings": {"word2vec-imdb": {"kind": "word2vec", "dim": 8, "min_count": 1, "epochs": 5}},
        "training": {"device": "cpu"},
        "seeds": SEEDS,
        "defaults": {
            "embedding": "word2vec-imdb",
            "hidden": [8],
            "activation": "sigmoid",
            "lr": 0.02,
            "batch_size": 4,
            "epochs": EPOCHS,
        },
        "studies": {
            "structures": {"vary": "hidden", "configurations": [{"hidden": []}, {"hidden": [8]}]},
            "learning_rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": DIVERGING_LR}]},
        },
    }


def write_config(path: Path, cfg: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg))
    return path


def snakemake_cmd(workdir: Path, configfile: Path, *args: str, cores: int = 1) -> list[str]:
    # the targets go before --configfile, which takes every word after it
    return [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(SNAKEFILE),
        "-d",
        str(workdir),
        "--cores",
        str(cores),
        *args,
        "--configfile",
        str(configfile),
    ]


def snakemake(workdir: Path, configfile: Path, *args: str, cores: int = 1, timeout: float = 300) -> tuple[int, str]:
    """Exit status and everything Snakemake printed."""
    res = subprocess.run(
        snakemake_cmd(workdir, configfile, *args, cores=cores), capture_output=True, text=True, timeout=timeout
    )
    return res.returncode, res.stdout + res.stderr


def job_counts(output: str) -> dict[str, int]:
    """The 'Job stats' table Snakemake prints before running anything."""
    block = output.split("Job stats:", 1)[1].split("total", 1)[0]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", block, re.M)}


def train_jobs_outputs(output: str) -> set[str]:
    """metrics.json paths of every train job Snakemake started, whatever the
    job granularity (one per seed or one per configuration)."""
    found = set()
    for block in re.split(r"\n(?=\[)", output):  # each job block starts with a [timestamp] line
        m = re.search(r"^(?:local)?rule train:\n(?:\s+.*\n)*?\s+output: (.*)$", block, re.M)
        if m:
            found |= {p for p in m[1].split(", ") if p.endswith("metrics.json")}
    return found


def metrics_paths(workdir: Path) -> set[str]:
    return {str(p.relative_to(workdir)) for p in workdir.glob("results/runs/*/seed*/metrics.json")}


def file_states(workdir: Path, folders: list[str]) -> dict[str, tuple[str, int]]:
    """sha256 and mtime (ns) of every file under the given result folders."""
    out = {}
    for folder in folders:
        for p in sorted((workdir / folder).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(workdir))] = (sha256(p), p.stat().st_mtime_ns)
    return out


def pdf_text(path: Path) -> str:
    res = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(res.stdout.split())


class Background:
    """A Snakemake run in its own process group, its console in a file."""

    def __init__(self, workdir: Path, configfile: Path, *args: str, cores: int = 1):
        self.workdir, self.configfile = workdir, configfile
        self.console = workdir.parent / f"{workdir.name}-console.txt"
        with open(self.console, "w") as out:
            self.proc = subprocess.Popen(
                snakemake_cmd(workdir, configfile, *args, cores=cores),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, timeout: float = 400) -> tuple[int, str]:
        return self.proc.wait(timeout), self.console.read_text()

    def kill(self) -> None:
        """SIGKILL Snakemake and every process of its group at once: a crash."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "aclImdb_v1.tar.gz"
    return make_imdb_archive(path, train_per_class=100, test_per_class=60, unsup=50, extra=ODD_REVIEWS)


# --------------------------------------------------------------------------
# Bad configuration through the real entry point
# --------------------------------------------------------------------------

CFG0 = ("studies", "learning_rates", "configurations", 0)
KEY0 = r"\['studies'\]\['learning_rates'\]\['configurations'\]\[0\]"
ACTIVATIONS = r"\['sigmoid', 'tanh', 'relu', 'gelu', 'leaky_relu', 'elu', 'silu'\]"

#: case -> (key path, bad value, patterns the message must contain)
BAD_CONFIGS = {
    "unknown activation": (
        CFG0 + ("activation",),
        "swish",
        [rf"'swish' is not one of {ACTIVATIONS}", KEY0 + r"\['activation'\]"],
    ),
    "lr zero": (CFG0 + ("lr",), 0, [r"0 is less than or equal to the minimum of 0", KEY0 + r"\['lr'\]"]),
    "duplicate configuration": (
        ("studies", "learning_rates", "configurations", 1),
        {"lr": 0.02},
        [
            r"studies\.learning_rates\.configurations\[1\] duplicates "
            r"studies\.learning_rates\.configurations\[0\] \(both are "
            rf"word2vec-imdb_h8_sigmoid_lr0\.02_bs4_ep{EPOCHS}\)"
        ],
    ),
    "split too large": (
        ("data", "split", "train_size"),
        24990,
        [r"data\.split\.dev_size \+ train_size = 25030 exceeds the 25000 reviews"],
    ),
    "missing local archive": (
        ("data", "source"),
        "/nonexistent/aclImdb_v1.tar.gz",
        [
            r"data\.source: local file '/nonexistent/aclImdb_v1\.tar\.gz' "
            r"does not exist"
        ],
    ),
    "malformed sha256": (
        ("data", "sha256"),
        "C40F74A18D3B",
        [r"'C40F74A18D3B' does not match '\^\[0-9a-f\]\{64\}\$'", r"On instance\['data'\]\['sha256'\]"],
    ),
}


def _set(cfg: dict, path: tuple, value) -> None:
    node = cfg
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.fixture(scope="module")
def bad_config_runs(archive, tmp_path_factory):
    """Each bad config (and one good one, the control) run for real against
    the `download` target, a few at a time: a config that got through would
    start the download job and create results/."""
    root = tmp_path_factory.mktemp("bad_configs")
    cases = {**{c: (p, v) for c, (p, v, _) in BAD_CONFIGS.items()}, "control": None}

    def go(case):
        cfg = run_config(archive, sha256(archive))
        if cases[case] is not None:
            _set(cfg, *cases[case])
        slug = re.sub(r"\W+", "_", case)
        configfile = write_config(root / "configs" / f"{slug}.yaml", cfg)
        workdir = root / slug
        workdir.mkdir()
        rc, output = snakemake(workdir, configfile, "download", timeout=120)
        return case, (workdir, rc, output)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(go, cases))


@pytest.mark.workflow
def test_control_config_starts_the_download(bad_config_runs):
    workdir, rc, output = bad_config_runs["control"]
    assert rc == 0, output[-3000:]
    assert (workdir / "results/data/aclImdb.tar.gz").is_file()


@pytest.mark.workflow
@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_stops_before_any_job_with_one_message_naming_the_key(bad_config_runs, case):
    workdir, rc, output = bad_config_runs[case]
    assert rc != 0
    for pattern in BAD_CONFIGS[case][2]:
        assert re.search(pattern, output), f"{pattern!r} not in:\n{output}"
    assert output.count("WorkflowError") == 1, output  # one message
    assert "Traceback" not in output, output  # not a stack trace
    assert "Job stats" not in output and not (workdir / "results").exists()  # no job ran


# --------------------------------------------------------------------------
# Faults in the data, end to end
# --------------------------------------------------------------------------


def _corrupt(data: bytes, how: str) -> bytes:
    if how == "truncated file":
        return data[: len(data) * 2 // 3]
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    return bytes(flipped)


@pytest.mark.workflow
@pytest.mark.parametrize("how", ["truncated file"])  # a flipped byte: test_download.py
def test_corrupted_archive_over_http_stops_the_pipeline(http_server, archive, tmp_path, how):
    good = archive.read_bytes()
    (http_server.root / "aclImdb_v1.tar.gz").write_bytes(_corrupt(good, how))
    actual = sha256(http_server.root / "aclImdb_v1.tar.gz")
    expected = hashlib.sha256(good).hexdigest()
    url = http_server.url("aclImdb_v1.tar.gz")
    configfile = write_config(tmp_path / "config.yaml", run_config(url, expected))
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, configfile, "split")
    assert rc != 0
    assert "Error in rule download" in output and "results/logs/download.log" in output
    log = (workdir / "results/logs/download.log").read_text()
    assert f"sha256 mismatch for {url}: expected {expected}, got {actual}" in log
    assert http_server.requests == ["aclImdb_v1.tar.gz"]  # a wrong digest is not retried
    data = workdir / "results/data"
    assert not data.exists() or list(data.iterdir()) == []  # no archive, no partial file
    assert not list(workdir.rglob("*.parquet"))
    assert "rule split:" not in output  # nothing downstream started


@pytest.mark.workflow
def test_http_404_stops_the_pipeline_naming_the_url(http_server, archive, tmp_path):
    url = http_server.url("no/such/aclImdb_v1.tar.gz")
    configfile = write_config(tmp_path / "config.yaml", run_config(url, sha256(archive)))
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, configfile, "split")
    assert rc != 0 and "Error in rule download" in output
    log = (workdir / "results/logs/download.log").read_text()
    assert f"DownloadError: HTTP 404 Not Found fetching {url}" in log
    assert http_server.requests == ["no/such/aclImdb_v1.tar.gz"]  # a 404 is not retried
    assert not (workdir / "results/data/aclImdb.tar.gz").exists()


@pytest.mark.workflow
@pytest.mark.parametrize("fault", ["member outside the folder", "split larger than the archive"])
def test_split_faults_stop_the_pipeline_before_any_parquet(tmp_path, fault):
    if fault == "member outside the folder":
        path = make_imdb_archive(
            tmp_path / "aclImdb_v1.tar.gz",
            train_per_class=20,
            test_per_class=20,
            unsup=5,
            extra={"aclImdb/../../evil.txt": b"pwned"},
        )
        cfg = run_config(path, sha256(path))
        message = "UnsafeArchiveError: archive member 'aclImdb/../../evil.txt' points outside the target folder"
    else:
        path = make_imdb_archive(tmp_path / "aclImdb_v1.tar.gz", train_per_class=20, test_per_class=20, unsup=5)
        cfg = run_config(path, sha256(path))  # asks for 40 + 160 of the 40 training reviews
        message = "data.split.dev_size + train_size = 200 exceeds the 40 reviews available"
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, write_config(tmp_path / "config.yaml", cfg), "split")
    assert rc != 0 and "Error in rule split" in output
    assert message in (workdir / "results/logs/split.log").read_text()
    assert not list(workdir.rglob("*.parquet")) and not (workdir / "results/data/split.json").exists()
    assert not [p for p in tmp_path.rglob("evil.txt")]


# --------------------------------------------------------------------------
# Download faults fetch() is not yet tested against: timeouts, a transfer
# cut short (fewer bytes than Content-Length)
# --------------------------------------------------------------------------


class _ScriptedServer:
    """127.0.0.1 server whose successive requests follow a script of faults."""

    def __init__(self, payload: bytes, script: list[str]):
        self.payload, self.script, self.requests = payload, list(script), 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                outer.requests += 1
                fault = outer.script.pop(0) if outer.script else None
                if fault == "stall":  # accept, then say nothing
                    time.sleep(1.0)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(outer.payload)))
                self.end_headers()
                half = len(outer.payload) // 2
                if fault in ("stall mid-body", "cut short"):
                    self.wfile.write(outer.payload[:half])
                    self.wfile.flush()
                    if fault == "stall mid-body":
                        time.sleep(1.0)
                    return  # the connection closes early
                self.wfile.write(outer.payload)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that gave up: expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/aclImdb_v1.tar.gz"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def scripted():
    servers = []

    def start(payload, script):
        servers.append(_ScriptedServer(payload, script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


PAYLOAD = bytes(range(256)) * 4000


@pytest.mark.parametrize("fault", ["stall", "stall mid-body", "cut short"])
def test_transient_fault_is_retried_then_succeeds(scripted, tmp_path, fault):
    server = scripted(PAYLOAD, [fault])
    pauses = []
    out = fetch(
        server.url,
        tmp_path / "a.tar.gz",
        Checksum("sha256", hashlib.sha256(PAYLOAD).hexdigest()),
        timeout_s=0.3,
        sleep=pauses.append,
    )
    assert out.read_bytes() == PAYLOAD
    assert server.requests == 2 and pauses == [1.0]
    assert [p.name for p in tmp_path.iterdir()] == ["a.tar.gz"]


def test_transfer_cut_short_every_time_names_the_url_and_the_byte_counts(scripted, tmp_path):
    server = scripted(PAYLOAD, ["cut short"] * 3)
    with pytest.raises(
        DownloadError,
        match=rf"could not fetch {re.escape(server.url)}: .*"
        rf"{len(PAYLOAD) // 2} of {len(PAYLOAD)} bytes",
    ):
        fetch(
            server.url,
            tmp_path / "a.tar.gz",
            Checksum("sha256", hashlib.sha256(PAYLOAD).hexdigest()),
            retries=2,
            sleep=lambda s: None,
        )
    assert server.requests == 3 and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# Archive members test_data.py does not try: hard links, links whose target
# stays inside, special files, a Windows drive
# --------------------------------------------------------------------------


def _member(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


@pytest.mark.parametrize(
    "member, message",
    [
        (_member("aclImdb/train/pos/98_9.txt", tarfile.LNKTYPE, "../../../etc/passwd"), "is a link"),
        (_member("aclImdb/train/pos/97_9.txt", tarfile.SYMTYPE, "0_9.txt"), "is a link"),
        (_member("aclImdb/train/pos/96_9.txt", tarfile.FIFOTYPE), "device file"),
        (_member("aclImdb/dev", tarfile.CHRTYPE), "device file"),
        (_member("C:/Windows/evil.txt", tarfile.REGTYPE), "outside the target folder"),
    ],
    ids=["hard link outside", "symlink inside", "fifo", "character device", "windows drive"],
)
def test_unsafe_member_kinds_are_rejected(tmp_path, member, message):
    path = archive_with_member(tmp_path / "bad.tar.gz", member)
    with pytest.raises(UnsafeArchiveError, match=message):
        read_archive(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tar.gz"]


@pytest.mark.parametrize("how", ["cut short", "garbled", "not gzip"])
def test_unreadable_archive_is_a_clear_error_naming_the_file(tmp_path, how):
    """What reaches the split only if data.sha256 is the digest of a broken file."""
    data = make_imdb_archive(tmp_path / "good.tar.gz", train_per_class=20, test_per_class=20, unsup=5).read_bytes()
    broken = {
        "cut short": data[: len(data) * 2 // 3],
        "garbled": data[:100] + bytes(200) + data[300:],
        "not gzip": b"<html>Not Found</html>\n" * 50,
    }[how]
    path = tmp_path / "broken.tar.gz"
    path.write_bytes(broken)
    with pytest.raises(
        ArchiveFormatError,
        match=rf"{re.escape(str(path))}: cannot read the archive \(.+\); "
        r"is it a complete \.tar\.gz\?",
    ):
        read_archive(path)


# --------------------------------------------------------------------------
# A training job killed with SIGKILL: the rerun recomputes only what is
# missing and ends with the numbers of an uninterrupted run (the reference,
# defined below; this test comes first so that both run at the same time)
# --------------------------------------------------------------------------


def _pids_mentioning(text: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    pids.append(int(proc.name))
            except OSError:
                pass
    return pids


def _marked_incomplete(workdir: Path) -> set[str]:
    """Outputs Snakemake has marked incomplete: jobs it started and never saw
    finish (each marker is named by the output path, base64-encoded, split
    into '@'-prefixed chunks when longer than a file name may be)."""
    root = workdir / ".snakemake/incomplete"
    found = set()
    for marker in root.rglob("*") if root.is_dir() else []:
        if marker.is_file() and marker.name != "migration_underway":
            encoded = "".join(part.lstrip("@") for part in marker.relative_to(root).parts)
            found.add(base64.urlsafe_b64decode(encoded).decode())
    return found


def _job_in_training(workdir: Path) -> Path | None:
    """The log of a training job in its first epochs, far from writing anything."""
    for log in (workdir / "results/logs/train").rglob("*.log"):
        text = log.read_text(errors="replace")
        epochs = [int(e) for e in re.findall(r"\bepoch\s+(\d+)\b", text)]
        if epochs and max(epochs) <= EPOCHS // 2 and "best dev acc" not in text:
            return log
    return None


@pytest.mark.workflow
def test_sigkill_mid_training_then_rerun_recomputes_only_the_missing_runs(reference_started, tmp_path):
    configfile = reference_started.configfile
    workdir = tmp_path / "work"
    run = Background(workdir, configfile, "aggregate")  # one job at a time
    try:
        deadline = time.monotonic() + 300
        victim = None
        while time.monotonic() < deadline and run.proc.poll() is None:
            if metrics_paths(workdir):  # a training job has finished ...
                victim = _job_in_training(workdir)  # ... and the next one is training
                if victim:
                    break
            time.sleep(0.02)
        assert victim is not None, "no training job was caught in the middle:\n" + run.console.read_text()[-3000:]
    finally:
        run.kill()
    for pid in _pids_mentioning(str(workdir)):  # a job process outside the group, if any
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _pids_mentioning(str(workdir)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pids_mentioning(str(workdir))

    incomplete = _marked_incomplete(workdir)
    finished = metrics_paths(workdir) - incomplete
    rc, ref_output = reference_started.wait()
    assert rc == 0, ref_output[-4000:]
    ref_workdir = reference_started.workdir
    everything = metrics_paths(ref_workdir)
    assert finished and finished < everything
    killed_run = victim.relative_to(workdir / "results/logs/train").parts[0].removesuffix(".log")
    assert any(p.startswith(f"results/runs/{killed_run}/") for p in incomplete)
    before = file_states(workdir, ["results/data", "results/embeddings", "results/features", "results/runs"])
    # a baseline job is a sibling of training, not upstream of it: it may not have started yet
    baselines_done = {p.name for p in (workdir / "results/baselines").glob("*.json")}

    # Snakemake's lock survived the kill: it says so and how to lift it
    rc, output = snakemake(workdir, configfile, "aggregate")
    assert rc != 0 and "Directory cannot be locked" in output and "--unlock" in output
    rc, output = snakemake(workdir, configfile, "--unlock")
    assert rc == 0, output[-4000:]
    rc, output = snakemake(workdir, configfile, "--rerun-incomplete", "aggregate", cores=2)
    assert rc == 0, output[-4000:]

    # only the killed and the never-started jobs ran, nothing upstream and nothing finished
    counts = job_counts(output)
    assert set(counts) <= {"train", "baseline", "aggregate"}, output
    all_baselines = {p.name for p in (ref_workdir / "results/baselines").glob("*.json")}
    assert counts.get("baseline", 0) == len(all_baselines - baselines_done), output
    rerun = train_jobs_outputs(output)
    assert rerun == everything - finished
    assert any(p.startswith(f"results/runs/{killed_run}/") for p in rerun)
    # the finished jobs' files were not touched
    after = file_states(workdir, ["results/data", "results/embeddings", "results/features", "results/runs"])
    assert {p: after.get(p) for p in before} == before
    assert not [p for p in after if Path(p).name.endswith(".tmp")]

    # the numbers are those of the uninterrupted run
    cols = [
        "run",
        "seed",
        "status",
        "epochs_completed",
        "best_epoch",
        "best_dev_acc",
        "best_dev_loss",
        "test_acc",
        "test_loss",
        "final_train_loss",
        "config_hash",
    ]
    got, want = (
        pd.read_csv(w / "results/tables/runs.csv")[cols].sort_values(["run", "seed"]).reset_index(drop=True)
        for w in (workdir, ref_workdir)
    )
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    for metrics in everything:
        run_dir = Path(metrics).parent
        got, want = ((w / run_dir / "epochs.csv").read_bytes() for w in (workdir, ref_workdir))
        assert got == want, run_dir
        a, b = (torch.load(w / run_dir / "model.pt", weights_only=True) for w in (workdir, ref_workdir))
        assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# --------------------------------------------------------------------------
# The pipeline run once with a diverging configuration (the reference)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_started(archive, tmp_path_factory):
    """The pipeline, uninterrupted, up to the tables, figures and report
    inputs, started in the background so that the SIGKILL test's
    single-core run overlaps with it."""
    root = tmp_path_factory.mktemp("reference")
    configfile = write_config(root / "config.yaml", run_config(archive, sha256(archive)))
    run = Background(
        root / "work", configfile, "aggregate", "figure_studies", "figure_losses", "report_inputs", cores=2
    )
    yield run
    run.kill()


@pytest.fixture(scope="module")
def reference(reference_started):
    rc, output = reference_started.wait()
    assert rc == 0, output[-4000:]
    return reference_started.workdir, reference_started.configfile


@pytest.mark.workflow
def test_diverged_run_is_recorded_everywhere_and_the_pipeline_continues(reference):
    workdir, _ = reference
    runs = pd.read_csv(workdir / "results/tables/runs.csv")
    diverged = runs[runs["run"] == DIVERGING_RUN]
    assert sorted(diverged["seed"]) == SEEDS and (diverged["status"] == "diverged").all()
    assert (runs.loc[runs["run"] != DIVERGING_RUN, "status"] == "ok").all()
    assert runs.loc[runs["run"] != DIVERGING_RUN, "test_acc"].min() > 0.75
    for _, row in diverged.iterrows():
        # stopped early, its metrics up to the stop kept
        assert 1 <= row["epochs_completed"] < EPOCHS
        epochs = pd.read_csv(workdir / f"results/runs/{DIVERGING_RUN}/seed{row['seed']}/epochs.csv")
        assert list(epochs["epoch"]) == list(range(1, row["epochs_completed"] + 1))
        last = epochs.iloc[-1]
        assert not (last["train_loss"] <= LOSS_LIMIT and last["dev_loss"] <= LOSS_LIMIT)
        assert (epochs.iloc[:-1][["train_loss", "dev_loss"]] <= LOSS_LIMIT).all().all()
    tidy = pd.read_csv(workdir / "results/tables/epochs.csv")
    mine = tidy[tidy["run"] == DIVERGING_RUN]
    assert len(mine) == 2 * diverged["epochs_completed"].sum() and (mine["status"] == "diverged").all()
    summary = pd.read_csv(workdir / "results/tables/summary.csv").set_index("run")
    assert summary.loc[DIVERGING_RUN, "diverged"] == len(SEEDS)
    assert (summary.drop(index=DIVERGING_RUN)["diverged"] == 0).all()
    # the figures and the report's text mark it
    assert re.search(
        rf"{DIVERGING_LR:g} \((per seed, )?diverged\)", pdf_text(workdir / "results/figures/study_learning_rates.pdf")
    )
    assert "(diverged: seed 0, 1)" in pdf_text(workdir / "results/figures/losses_learning_rates.pdf")
    assert "diverged" in (workdir / "results/report/programming.tex").read_text()


@pytest.mark.workflow
def test_empty_and_non_utf8_reviews_are_counted_in_the_split_log(reference):
    workdir, _ = reference
    stats = json.loads((workdir / "results/data/split.json").read_text())
    assert stats["empty_skipped"] == 2 and stats["decoded_with_replacement"] == 1
    assert set(stats["empty_skipped_ids"]) == {"train/pos/900_8", "test/neg/901_2"}
    assert stats["decoded_with_replacement_ids"] == ["train/neg/902_3"]
    log = (workdir / "results/logs/split.log").read_text()
    assert "empty_skipped: 2" in log and "decoded_with_replacement: 1" in log


@pytest.mark.workflow
def test_different_seeds_give_different_runs(reference):
    workdir, _ = reference
    for run_dir in (workdir / "results/runs").iterdir():
        if run_dir.name != DIVERGING_RUN:
            assert (run_dir / "seed0/epochs.csv").read_bytes() != (run_dir / "seed1/epochs.csv").read_bytes()


@pytest.mark.workflow
@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda_fails_at_the_start_of_the_training_job(reference, tmp_path):
    workdir = tmp_path / "work"
    shutil.copytree(reference[0], workdir, symlinks=True)
    cfg = yaml.safe_load(reference[1].read_text())
    cfg["training"]["device"] = "cuda"
    rc, output = snakemake(workdir, write_config(tmp_path / "cuda.yaml", cfg), "aggregate")
    assert rc != 0 and "Error in rule train" in output
    log_path = re.search(r"Error in rule train:\n(?:\s+.*\n)*?\s+log: (\S+)", output)[1]
    log = (workdir / log_path).read_text()
    assert "DeviceError: config training.device is 'cuda' but no CUDA device is available here" in log
    assert "use device: auto or cpu" in log
    assert not re.search(r"\bepoch\s+1\b", log)  # failed before training
    assert "site-packages/torch" not in log  # not a stack trace from inside torch
    assert not list((workdir / "results/runs").glob("*/seed*/.*.tmp"))


# --------------------------------------------------------------------------
# Safe by construction
# --------------------------------------------------------------------------

PY_SOURCES = sorted(
    [*(REPO / "src").rglob("*.py"), *(REPO / "workflow").rglob("*.py"), *(REPO / "tools").rglob("*.py")]
)
SMK_SOURCES = sorted([REPO / "Snakefile", *(REPO / "workflow").rglob("*.smk")])


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            yield node


def _dotted(func: ast.AST) -> str:
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _keyword(call: ast.Call, name: str):
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value.value if isinstance(kw.value, ast.Constant) else kw.value
    return None


def test_sources_are_found():
    assert len(PY_SOURCES) > 20 and len(SMK_SOURCES) > 5


def test_yaml_is_only_read_with_safe_load():
    for path in [*PY_SOURCES, *SMK_SOURCES]:
        text = path.read_text()
        assert not re.search(r"yaml\.(load|full_load|unsafe_load|load_all)\s*\(|yaml\.(Unsafe|Full)?Loader\b", text), (
            path
        )
        assert not re.search(r"from\s+yaml\s+import\s+.*\b(load|full_load|unsafe_load)\b", text), path
    for path in PY_SOURCES:
        for call in _calls(path):
            assert not _dotted(call.func).endswith(("pickle.load", "pickle.loads", "read_pickle")), path


def test_every_torch_load_passes_weights_only_true():
    found = 0
    for path in PY_SOURCES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "torch":
                assert "load" not in {a.name for a in node.names}, f"{path}: import torch.load by name"
        for call in _calls(path):
            if _dotted(call.func) == "torch.load":
                found += 1
                assert _keyword(call, "weights_only") is True, f"{path}:{call.lineno}"
            if _dotted(call.func) in ("np.load", "numpy.load"):
                assert _keyword(call, "allow_pickle") in (None, False), f"{path}:{call.lineno}"
    assert found >= 1  # textmlp.features.averaged.load_features


def test_no_config_value_reaches_a_shell():
    for path in SMK_SOURCES:
        text = path.read_text()
        for m in re.finditer(r"^\s+shell:\s*\n?(.*?)(?=^\s+\w+:|^\S|\Z)", text, re.M | re.S):
            assert not re.search(r"\{(config|params|wildcards)\b", m[1]), f"{path}: {m[1]!r}"
        assert not re.search(r"\bshell\s*\(", text), path  # no shell() inside run: blocks
    for path in PY_SOURCES:
        for call in _calls(path):
            name = _dotted(call.func)
            assert name not in ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"), (
                f"{path}:{call.lineno}"
            )
            assert _keyword(call, "shell") in (None, False), f"{path}:{call.lineno} uses shell=True"


def test_archives_are_never_extracted_without_a_member_filter():
    readers = []
    for path in PY_SOURCES:
        for call in _calls(path):
            name = _dotted(call.func)
            if name.endswith((".extractall", ".extract")):
                assert _keyword(call, "filter") is not None, f"{path}:{call.lineno} extracts without filter="
            if name == "tarfile.open":
                readers.append(path)
    # whoever opens a tar file checks every member (textmlp.data.imdb.check_member)
    for path in readers:
        assert "check_member(member)" in path.read_text(), path
