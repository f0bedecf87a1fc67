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
from typing import Any, Callable, Iterator

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


class ParquetParts:
    """Frames written a chunk at a time to one Parquet file per name, atomically
    as a set: each file is renamed onto its path only when the ``with`` block
    ends without an error, and none is left behind when it does not. A name that
    got no rows gets an empty file with ``empty``'s columns.

    Usage: ``with ParquetParts(paths, empty) as parts: parts.write(name, frame)``.
    """

    def __init__(self, paths: dict[str, str | Path], empty: Callable[[], Any]) -> None:
        self.paths, self.empty = dict(paths), empty
        self._stack = contextlib.ExitStack()
        self._tmp: dict[str, Path] = {}
        self._writers: dict[str, Any] = {}

    def __enter__(self) -> ParquetParts:
        with contextlib.ExitStack() as stack:
            self._tmp = {name: stack.enter_context(atomic_path(path)) for name, path in self.paths.items()}
            self._stack = stack.pop_all()
        return self

    def write(self, name: str, frame: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = self._writers.get(name)
        table = pa.Table.from_pandas(frame, schema=writer.schema if writer else None, preserve_index=False)
        if writer is None:
            writer = self._writers[name] = pq.ParquetWriter(self._tmp[name], table.schema)
        writer.write_table(table)

    def __exit__(self, kind, error, trace) -> bool:
        for writer in self._writers.values():
            writer.close()
        if kind is None:
            for name, tmp in self._tmp.items():
                if name not in self._writers:
                    self.empty().to_parquet(tmp, index=False)
        return self._stack.__exit__(kind, error, trace)
