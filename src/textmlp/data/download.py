"""Fetching a file by URL or local path, verified against its checksum.

``fetch`` streams the source into a temporary file beside the target while
hashing it, checks the digest, and only then renames the file into place.
A wrong digest removes the partial file and raises :class:`ChecksumError`
showing both digests. Transient network failures (connection resets,
timeouts, a body cut short of its Content-Length, HTTP 5xx) are retried
with a growing pause; permanent ones (HTTP 4xx, a missing local file) fail
at once with the URL in the message.

Two clocks bound an attempt: ``timeout_s`` limits each wait for the server
(connecting, or one read of the body), ``deadline_s`` the whole attempt, so
a server that trickles a byte now and then cannot hold a job forever.

URLs are logged and shown in messages by :func:`redact`: without a password
or user name, a query string or a fragment (where private hosts put tokens).
"""

from __future__ import annotations

import base64
import glob
import hashlib
import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from textmlp.io import atomic_path
from textmlp.sources import local_path, redact

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_HEX = {"sha256": 64, "md5": 32}


class DownloadError(RuntimeError):
    """The source could not be fetched (after retries where that made sense)."""


class ChecksumError(RuntimeError):
    """The fetched bytes do not have the expected digest."""


@dataclass(frozen=True)
class Checksum:
    """An expected digest, e.g. ``Checksum("sha256", "c40f...")``."""

    algorithm: str
    digest: str

    def __post_init__(self) -> None:
        if self.algorithm not in _HEX:
            raise ValueError(f"unsupported checksum algorithm {self.algorithm!r}; use one of {sorted(_HEX)}")
        if not re.fullmatch(rf"[0-9a-f]{{{_HEX[self.algorithm]}}}", self.digest):
            raise ValueError(
                f"malformed {self.algorithm} digest {self.digest!r}: expected "
                f"{_HEX[self.algorithm]} lower-case hexadecimal characters"
            )


class DeadlineError(TimeoutError):
    """One attempt took longer than its deadline (transient: retried)."""


def _request(source: str) -> urllib.request.Request:
    """A GET request for ``source``; credentials in the URL become a Basic
    Authorization header (urllib does not take them from the URL)."""
    parsed = urllib.parse.urlsplit(source)
    headers = {"User-Agent": "textmlp"}
    if parsed.username or parsed.password:
        user = urllib.parse.unquote(parsed.username or "")
        password = urllib.parse.unquote(parsed.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        source = urllib.parse.urlunsplit(parsed._replace(netloc=parsed.netloc.rpartition("@")[2]))
    return urllib.request.Request(source, headers=headers)  # noqa: S310 - http(s) or ftp: sources.local_path


def remove_stale_partials(target: str | Path) -> list[Path]:
    """Delete the hidden partial files (``.<name>.<random>.tmp``) that a killed
    earlier attempt left beside ``target``; returns them."""
    target = Path(target)
    stale = [
        Path(p) for p in glob.glob(os.path.join(glob.escape(str(target.parent)), f".{glob.escape(target.name)}.*.tmp"))
    ]
    for p in stale:
        p.unlink(missing_ok=True)
        log.info("removed %s, left by an interrupted download", p)
    return stale


def _copy_hashing(
    src: BinaryIO,
    dst: BinaryIO,
    algorithm: str,
    total: int | None,
    label: str,
    progress_every: float = 5.0,
    deadline: float | None = None,
    deadline_s: float | None = None,
) -> str:
    """Copy ``src`` to ``dst`` and return its digest. With a ``deadline`` (a
    ``time.monotonic()`` value) raise :class:`DeadlineError` once it passes:
    each read returns what has arrived (``read1``), so the check runs however
    slowly the bytes come."""
    h = hashlib.new(algorithm)
    done, last = 0, time.monotonic()
    read = getattr(src, "read1", src.read)
    for block in iter(lambda: read(CHUNK), b""):
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineError(
                f"not complete within the deadline of {deadline_s:g} s per attempt "
                f"(download.deadline_s; {done + len(block)} bytes arrived)"
            )
        dst.write(block)
        h.update(block)
        done += len(block)
        now = time.monotonic()
        if now - last >= progress_every:
            last = now
            pct = f" ({100 * done / total:.0f}%)" if total else ""
            log.info("%s: %.1f MB%s", label, done / 1e6, pct)
    log.info("%s: %.1f MB read", label, done / 1e6)
    return h.hexdigest()


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code >= 500 or exc.code in (408, 429)
    return isinstance(exc, (urllib.error.URLError, ConnectionError, TimeoutError, OSError))


def fetch(
    source: str,
    target: str | Path,
    checksum: Checksum | None,
    *,
    retries: int = 4,
    backoff_s: float = 1.0,
    timeout_s: float = 60.0,
    deadline_s: float | None = 1200.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Copy ``source`` (URL, ``file://`` URL or path) to ``target``, verified.

    Returns ``target``. Nothing is left at ``target`` unless the digest matched.
    ``checksum=None`` (allowed by the config for local files only) records the
    sha256 in the log without checking it. ``timeout_s`` bounds each wait for
    the server, ``deadline_s`` (None: no bound) each whole attempt. Partial
    files of an earlier, killed run are removed first.
    """
    algorithm = checksum.algorithm if checksum else "sha256"
    target = Path(target)
    remove_stale_partials(target)
    shown = redact(source)
    path = local_path(source)
    if path is not None:
        if not path.is_file():
            raise DownloadError(f"local source {shown!r} does not exist or is not a file")
        log.info("copying local file %s", path)
        with open(path, "rb") as src, atomic_path(target) as tmp:
            with open(tmp, "wb") as dst:
                digest = _copy_hashing(src, dst, algorithm, path.stat().st_size, path.name)
            _verify(digest, checksum, shown)
        return target

    attempt = 0
    while True:
        attempt += 1
        try:
            log.info("downloading %s (attempt %d of %d)", shown, attempt, retries + 1)
            deadline = time.monotonic() + deadline_s if deadline_s else None
            wait = min(timeout_s, deadline_s) if deadline_s else timeout_s
            # S310 is silenced below: only http(s) and ftp get here (sources.local_path takes the rest as files)
            with urllib.request.urlopen(_request(source), timeout=wait) as response, atomic_path(target) as tmp:  # noqa: S310
                total = response.headers.get("Content-Length")
                with open(tmp, "wb") as dst:
                    digest = _copy_hashing(
                        response,
                        dst,
                        algorithm,
                        int(total) if total else None,
                        Path(target).name,
                        deadline=deadline,
                        deadline_s=deadline_s,
                    )
                # urllib returns a body cut short without complaint: a dropped
                # connection, retried like one, not a checksum mismatch
                if total and tmp.stat().st_size < int(total):
                    raise ConnectionError(f"connection closed after {tmp.stat().st_size} of {total} bytes")
                _verify(digest, checksum, shown)
            return target
        except ChecksumError:
            raise
        except urllib.error.HTTPError as exc:
            if not _is_transient(exc) or attempt > retries:
                raise DownloadError(f"HTTP {exc.code} {exc.reason} fetching {shown}") from exc
            log.warning("HTTP %s fetching %s; retrying", exc.code, shown)
        except Exception as exc:  # broad on purpose: classified below
            if not _is_transient(exc) or attempt > retries:
                raise DownloadError(f"could not fetch {shown}: {_redacted(exc, source, shown)}") from exc
            log.warning("transient failure fetching %s: %s; retrying", shown, _redacted(exc, source, shown))
        sleep(backoff_s * 2 ** (attempt - 1))


def _redacted(exc: BaseException, source: str, shown: str) -> str:
    """An exception's message with the source URL (as urllib may quote it) redacted."""
    return str(exc).replace(source, shown)


def _verify(actual: str, expected: Checksum | None, source: str) -> None:
    if expected is None:
        log.info("sha256 (none configured, so not verified): %s", actual)
        return
    if actual != expected.digest:
        raise ChecksumError(
            f"{expected.algorithm} mismatch for {source}: expected {expected.digest}, "
            f"got {actual}; the partial file was removed"
        )
    log.info("%s verified: %s", expected.algorithm, actual)
