"""The TF-IDF features file: the per-split CSR matrices and labels in one
``.npz`` (written atomically; loaded without pickle or a densified copy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from textmlp.io import atomic_path


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
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:  # a file object: savez adds no suffix
        np.savez(fh, **payload)


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
