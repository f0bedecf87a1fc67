"""The TF-IDF features file: the per-split CSR matrices and labels in one
``.npz`` (written atomically; loaded without pickle or a densified copy, or
mapped, :func:`map_tfidf`, so that a training job reads its matrices from the
file and holds only the pages it is using)."""

from __future__ import annotations

import io
import logging
import math
import mmap
import struct
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from textmlp.io import atomic_path

log = logging.getLogger(__name__)


def save_tfidf(path: str | Path, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
    """Write the ``{split}_x`` CSR matrices and ``{split}_y`` labels to one ``.npz``.

    Each matrix is stored as its CSR parts (data, indices, indptr, shape), so
    loading needs neither pickle nor a densified copy.
    """
    payload: dict[str, np.ndarray] = {}
    for key, value in arrays.items():
        if sp.issparse(value):
            csr = value.tocsr()
            payload[f"{key}.data"] = csr.data.astype(np.float32, copy=False)
            payload[f"{key}.indices"] = csr.indices
            payload[f"{key}.indptr"] = csr.indptr
            payload[f"{key}.shape"] = np.array(csr.shape, dtype=np.int64)
        else:
            payload[key] = np.asarray(value)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as archive:
        for key, value in payload.items():
            _write_aligned(archive, fh, f"{key}.npy", value)


#: Where each stored array's bytes start in the file: a multiple of this, so that
#: arrays mapped from it are aligned for any dtype (and for SIMD loads).
ALIGN = 64
#: The id of the zip "extra" field that pads a member's local header (unregistered
#: in APPNOTE, as for Android's zipalign; readers skip ids they do not know).
_PADDING_ID = 0xD935
_CHUNK_BYTES = 16 << 20


def _write_aligned(archive: zipfile.ZipFile, fh, name: str, array: np.ndarray) -> None:
    """``array`` as an ``.npy`` member of ``archive`` (stored, zip64, as np.savez
    writes them) whose data begin at a multiple of :data:`ALIGN` in the file:
    its local header carries the padding. Written a chunk at a time, no copy."""
    array = np.require(array, requirements="C")  # not ascontiguousarray: it makes a 0-d array 1-d
    npy_header = io.BytesIO()
    np.lib.format.write_array_header_1_0(npy_header, np.lib.format.header_data_from_array_1_0(array))
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # a fixed date: the same arrays, the same bytes
    info.compress_type = zipfile.ZIP_STORED
    info.extra, info.CRC, info.compress_size = struct.pack("<HH", _PADDING_ID, 0), 0, 0  # set for real as it is written
    unpadded = fh.tell() + len(info.FileHeader(zip64=True)) + len(npy_header.getvalue())
    padding = -unpadded % ALIGN
    info.extra = struct.pack("<HH", _PADDING_ID, padding) + bytes(padding)
    raw = array.reshape(-1).view(np.uint8)
    with archive.open(info, "w", force_zip64=True) as member:
        member.write(npy_header.getvalue())
        for start in range(0, len(raw), _CHUNK_BYTES):
            member.write(raw[start : start + _CHUNK_BYTES])


def load_tfidf(path: str | Path) -> dict[str, np.ndarray | sp.csr_matrix]:
    """The arrays written by :func:`save_tfidf` (CSR matrices rebuilt)."""
    out: dict = {}
    with np.load(path, allow_pickle=False) as npz:
        names = set(npz.files)
        for name in sorted(names):
            if name.endswith(".data"):
                key = name[: -len(".data")]
                out[key] = sp.csr_matrix(
                    (npz[f"{key}.data"], npz[f"{key}.indices"], npz[f"{key}.indptr"]),
                    shape=tuple(int(s) for s in npz[f"{key}.shape"]),
                )
            elif "." not in name:
                out[name] = npz[name]
    return out


class MappedFile:
    """A file mapped read-only into memory, whose pages can be handed back.

    Arrays made by :meth:`array` read the file's bytes in place (nothing is
    copied); the pages they touch stay resident until :meth:`release`
    (``MADV_DONTNEED``: the kernel drops them from this process, keeps them in
    its page cache, and a later read faults them back in), so a job that walks
    a matrix larger than it wants to hold releases as it goes.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with open(self.path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)

    def array(self, offset: int, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
        """The read-only array of ``shape`` and ``dtype`` stored at ``offset``."""
        count = int(np.prod(shape, dtype=np.int64))
        return np.frombuffer(self._map, dtype=dtype, count=count, offset=offset).reshape(shape)

    def release(self) -> None:
        """Drop the pages read so far from this process's resident memory."""
        if hasattr(self._map, "madvise") and hasattr(mmap, "MADV_DONTNEED"):  # Linux, macOS
            self._map.madvise(mmap.MADV_DONTNEED)


#: A zip member's local header: signature, 5 shorts, 3 ints, name and extra lengths (APPNOTE 4.3.7).
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")


def _members(path: Path) -> dict[str, tuple[int, int]]:
    """Each ``.npy`` member of the ``.npz`` at ``path``: (where its bytes start, how
    many). A member must be stored (uncompressed) and its local header whole."""
    members = {}
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as fh:
            for info in archive.infolist():
                if info.compress_type != zipfile.ZIP_STORED:
                    raise ValueError(f"{path}: member {info.filename} is compressed, so it cannot be mapped")
                fh.seek(info.header_offset)
                raw = fh.read(_LOCAL_HEADER.size)
                header = _LOCAL_HEADER.unpack(raw) if len(raw) == _LOCAL_HEADER.size else None
                if header is None or header[0] != b"PK\x03\x04":
                    raise ValueError(f"{path}: member {info.filename} has no local header where the directory says")
                name_length, extra_length = header[-2:]
                start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
                members[info.filename] = (start, info.file_size)
    except zipfile.BadZipFile as err:
        raise ValueError(f"{path}: not a TF-IDF features file (.npz, a zip archive): {err}") from err
    return members


class MappedTfidf(NamedTuple):
    """:func:`map_tfidf`'s answer: the arrays and the mapped file they read."""

    arrays: dict[str, np.ndarray | sp.csr_matrix]
    pages: MappedFile


def map_tfidf(path: str | Path) -> MappedTfidf:
    """The arrays of :func:`load_tfidf`, the matrices' parts read in place from
    the file (read-only; their pages are resident only while used, see
    :class:`MappedFile`); the labels, the row pointers and ``nb_ratio`` are
    copied into memory (one number per row or column). ``save_tfidf`` stores
    its members uncompressed, which is what mapping needs."""
    path = Path(path)
    layout = _members(path)  # before mapping: an empty or foreign file is named as such
    pages = MappedFile(path)
    fmt = np.lib.format
    with open(path, "rb") as fh:
        members = {}
        for name, (start, size) in layout.items():
            fh.seek(start)
            try:
                version = fmt.read_magic(fh)
                read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
                shape, fortran, dtype = read_header(fh)
            except ValueError as err:
                raise ValueError(f"{path}: member {name} is not an .npy array: {err}") from err
            if fortran and len(shape) > 1:
                raise ValueError(f"{path}: member {name} is in Fortran order, not written by save_tfidf")
            offset = fh.tell()
            if offset - start + math.prod(shape) * dtype.itemsize != size:
                raise ValueError(f"{path}: member {name}'s {shape} {dtype} array does not fill its {size:,} bytes")
            array = pages.array(offset, dtype, shape)
            if offset % dtype.alignment:  # a file save_tfidf did not write (np.savez) leaves arrays unaligned
                log.warning(
                    "%s: member %s (%.1f MiB) is not aligned in the file, so it is copied into memory, not mapped; "
                    "writing the file again with save_tfidf maps it",
                    path,
                    name,
                    size / 2**20,
                )
                array = array.copy()
            members[name.removesuffix(".npy")] = array
    out: dict = {}
    for name, array in sorted(members.items()):
        if name.endswith(".data"):
            key = name[: -len(".data")]
            shape = tuple(int(s) for s in members[f"{key}.shape"])
            indptr = members[f"{key}.indptr"].copy()
            out[key] = sp.csr_matrix((array, members[f"{key}.indices"], indptr), shape=shape, copy=False)
        elif "." not in name:
            out[name] = array.copy()
    return MappedTfidf(out, pages)


def vocabulary_size(arrays: dict[str, np.ndarray | sp.csr_matrix]) -> int:
    """Number of columns (n-grams) of the matrices in ``arrays``; they must agree."""
    widths = {key: x.shape[1] for key, x in arrays.items() if sp.issparse(x)}
    if not widths:
        raise ValueError("no sparse matrix among the arrays")
    if len(set(widths.values())) != 1:
        raise ValueError(f"splits have different vocabulary sizes: {widths}")
    return next(iter(widths.values()))


def stored_shape(path: str | Path) -> tuple[int, int, int]:
    """(train rows, columns, classes) of a file written by :func:`save_tfidf`,
    read from its small members only (the shape and the train labels), not
    the matrices: cheap enough for a scheduler sizing the job that will load it."""
    with np.load(path, allow_pickle=False) as npz:
        rows, columns = (int(s) for s in npz["train_x.shape"])
        classes = int(npz["train_y"].max()) + 1 if rows else 0
    return rows, columns, classes
