"""Fetching a file by URL or local path, verified against its checksum.

``fetch`` streams the source into a temporary file beside the target while
hashing it, checks the digest, and only then renames the file into place.
A wrong digest removes the partial file and raises :class:`ChecksumError`
showing both digests. Transient network failures (connection resets,
timeouts, a body cut short of its Content-Length, HTTP 5xx) are retried
with a growing pause; permanent ones (HTTP 4xx, a missing local file) fail
at once with the URL in the message.
"""
from __future__ import annotations

import hashlib
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from textmlp.io import atomic_path

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


def local_path(source: str) -> Path | None:
    """The file a source names on this machine (a path or ``file://`` URL), else None."""
    parsed = urllib.parse.urlparse(source)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if parsed.scheme in ("http", "https", "ftp"):
        return None
    return Path(source)


def file_digest(path: str | Path, algorithm: str = "sha256") -> str:
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _copy_hashing(src: BinaryIO, dst: BinaryIO, algorithm: str, total: int | None,
                  label: str, progress_every: float = 5.0) -> str:
    h = hashlib.new(algorithm)
    done, last = 0, time.monotonic()
    for block in iter(lambda: src.read(CHUNK), b""):
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
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Copy ``source`` (URL, ``file://`` URL or path) to ``target``, verified.

    Returns ``target``. Nothing is left at ``target`` unless the digest matched.
    ``checksum=None`` (allowed by the config for local files only) records the
    sha256 in the log without checking it.
    """
    algorithm = checksum.algorithm if checksum else "sha256"
    target = Path(target)
    path = local_path(source)
    if path is not None:
        if not path.is_file():
            raise DownloadError(f"local source {source!r} does not exist or is not a file")
        log.info("copying local file %s", path)
        with open(path, "rb") as src, atomic_path(target) as tmp:
            with open(tmp, "wb") as dst:
                digest = _copy_hashing(src, dst, algorithm, path.stat().st_size, path.name)
            _verify(digest, checksum, source)
        return target

    attempt = 0
    while True:
        attempt += 1
        try:
            log.info("downloading %s (attempt %d of %d)", source, attempt, retries + 1)
            request = urllib.request.Request(source, headers={"User-Agent": "textmlp"})
            with urllib.request.urlopen(request, timeout=timeout_s) as response, atomic_path(target) as tmp:
                total = response.headers.get("Content-Length")
                with open(tmp, "wb") as dst:
                    digest = _copy_hashing(response, dst, algorithm,
                                           int(total) if total else None, Path(target).name)
                # urllib returns a body cut short without complaint: a dropped
                # connection, retried like one, not a checksum mismatch
                if total and tmp.stat().st_size < int(total):
                    raise ConnectionError(f"connection closed after {tmp.stat().st_size} of {total} bytes")
                _verify(digest, checksum, source)
            return target
        except ChecksumError:
            raise
        except urllib.error.HTTPError as exc:
            if not _is_transient(exc) or attempt > retries:
                raise DownloadError(f"HTTP {exc.code} {exc.reason} fetching {source}") from exc
            log.warning("HTTP %s fetching %s; retrying", exc.code, source)
        except Exception as exc:  # noqa: BLE001 - classified below
            if not _is_transient(exc) or attempt > retries:
                raise DownloadError(f"could not fetch {source}: {exc}") from exc
            log.warning("transient failure fetching %s: %s; retrying", source, exc)
        sleep(backoff_s * 2 ** (attempt - 1))


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

