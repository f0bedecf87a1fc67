"""Atomic file writing: a job's outputs appear whole or not at all (and the
canonical-JSON digest of what determined them, :func:`config_hash`).

Every writer in the package goes through these helpers: the data is written
to a temporary file in the destination folder, flushed, then renamed over
the target (``os.replace`` is atomic on POSIX within one file system).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

#: matplotlib ``savefig(metadata=...)`` per format: what would make two saves of
#: one figure differ (the PDF's creation date) or name the software, dropped.
FIGURE_METADATA = {"pdf": {"CreationDate": None}, "png": {"Software": None}}


def config_hash(obj: Any) -> str:
    """First 12 hex digits of the sha256 of ``obj`` as canonical JSON (sorted
    keys, no spaces): a run's and a build's configuration hash."""
    blob = json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    On an exception the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual mode
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def torch_bytes(obj: Any) -> bytes:
    """``torch.save(obj)`` as bytes. Saved to a buffer, not to a file: a file's
    name becomes the prefix of every record in the archive, so a save through
    a temporary name would give different bytes for the same tensors."""
    import io

    import torch

    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def atomic_torch_save(path: str | Path, obj: Any) -> None:
    """``torch.save`` to ``path`` atomically, the bytes independent of the file's name."""
    atomic_write_bytes(path, torch_bytes(obj))


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_write_json(path: str | Path, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")
