"""The splits: their names (the one place they are spelled) and how a table's rows are assigned to them."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from textmlp.data.labels import sort_classes
from textmlp.data.table_files import DatasetError, text_values

#: The labelled splits, in the order the tables and the report list them.
SPLITS = ("train", "dev", "test")
#: Every frame the split step writes: the labelled splits, then the unlabelled reviews.
FRAMES = (*SPLITS, "unlabeled")


#: Values accepted in a split column (after ``strip().lower()``) -> split.
SPLIT_ALIASES: dict[str, str] = {
    "train": "train",
    "training": "train",
    "dev": "dev",
    "development": "dev",
    "validation": "dev",
    "valid": "dev",
    "val": "dev",
    "test": "test",
    "testing": "test",
}


def split_by_column(values: pd.Series, *, key: str = "data.split_column", path: str | Path = "") -> np.ndarray:
    """Map each value of a split column to ``train``, ``dev`` or ``test``.

    Values are compared after ``strip().lower()`` against :data:`SPLIT_ALIASES`;
    any other value (an empty one too) raises :class:`DatasetError` listing
    the unknown values with their counts.
    """
    norm = text_values(values).str.lower()
    mapped = norm.map(SPLIT_ALIASES)
    bad = mapped.isna()
    if bad.any():
        counts = norm[bad].value_counts()
        shown = ", ".join(f"{v!r} ({n})" for v, n in counts.head(10).items())
        raise DatasetError(
            f"{key} {values.name!r} in {path}: unknown split value(s) {shown}; accepted: "
            "train/training, dev/development/validation/valid/val, test/testing"
        )
    return mapped.to_numpy(dtype=object)


def split_by_fractions(
    labels, *, dev_fraction: float, test_fraction: float, seed: int, stratify: bool = True
) -> np.ndarray:
    """Assign each row to ``train``, ``dev`` or ``test`` at random, reproducibly.

    The rows are permuted by ``numpy.random.default_rng(seed)``; the first
    ``round(n * test_fraction)`` go to test, the next ``round(n * dev_fraction)``
    to dev, the rest to train. With ``stratify`` this is done per label (in
    sorted label order), and a class's dev/test counts are lowered, test
    last, until it keeps at least one train row. ``dev_fraction`` may be 0.
    """
    labels = np.asarray(labels, dtype=object)
    out = np.full(len(labels), "train", dtype=object)
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(labels == c) for c in sort_classes(labels)] if stratify else [np.arange(len(labels))]
    for rows in groups:
        n = len(rows)
        n_test = int(math.floor(n * test_fraction + 0.5))
        n_dev = int(math.floor(n * dev_fraction + 0.5))
        while n_dev + n_test > n - 1 and n_dev + n_test > 0:
            if n_dev >= n_test and n_dev > 0:
                n_dev -= 1
            else:
                n_test -= 1
        order = rng.permutation(rows)
        out[order[:n_test]] = "test"
        out[order[n_test : n_test + n_dev]] = "dev"
    return out
