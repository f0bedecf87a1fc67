"""What a ``source`` string in config.yaml names: a file on this machine or a URL, and how it may be recorded."""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Mapping


def redact(source: str) -> str:
    """``source`` as it may be recorded: a URL loses its user name and password
    (``***@``), its query string (``?***``) and its fragment; a local path is
    returned as it is. The data's sha256, recorded beside it, identifies it."""
    parsed = urllib.parse.urlsplit(source)
    if parsed.scheme not in ("http", "https", "ftp", "file") or not (
        parsed.username or parsed.password or parsed.query or parsed.fragment
    ):
        return source
    netloc = parsed.netloc.rpartition("@")[2]
    if parsed.username or parsed.password:
        netloc = "***@" + netloc
    return urllib.parse.urlunsplit((parsed.scheme, netloc, parsed.path, "***" if parsed.query else "", ""))


def local_path(source: str) -> Path | None:
    """The file a source names on this machine (a path or ``file://`` URL), else None."""
    parsed = urllib.parse.urlparse(source)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if parsed.scheme in ("http", "https", "ftp"):
        return None
    return Path(source)


#: Characters a copy's file name must not hold: sha256sum escapes a backslash
#: or a line break in its lines (the manifest could not be checked), Snakemake
#: reads braces as wildcards, and a control character is no one's file name.
_UNSAFE_IN_NAME = re.compile(r"[\\\x00-\x1f\x7f{}]")


def file_name(source: str) -> str:
    """The name the pipeline gives its copy of ``source``: the last part of its
    path; for a URL, of the URL's path alone (no query string, fragment or
    credentials, which may hold secrets, and the suffix that tells the format
    stays last). Characters that a manifest line or a Snakemake path cannot
    hold (backslash, control characters, braces) become ``_``; ``data`` when
    the path names no file."""
    parsed = urllib.parse.urlsplit(source)
    if parsed.scheme in ("http", "https", "ftp", "file"):
        name = parsed.path.rstrip("/").rpartition("/")[2]
    else:
        name = os.path.basename(source.rstrip(os.sep))
    name = _UNSAFE_IN_NAME.sub("_", name)
    return name if name not in ("", ".", "..") else "data"


def recorded(obj: Any) -> Any:
    """A copy of a config value fit to be written down (metrics, report, logs,
    Snakemake's params): every ``source`` redacted (:func:`redact`)."""
    if isinstance(obj, Mapping):
        return {k: redact(v) if k == "source" and isinstance(v, str) else recorded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [recorded(v) for v in obj]
    return obj


def data_source(config: Mapping[str, Any], role: str | None = None) -> str:
    """The source the user gave for the IMDB archive (``role`` None) or for one
    file of a table dataset: what a download job fetches."""
    data = config["data"]
    return data["source"] if role is None else data["files"][role]["source"]
