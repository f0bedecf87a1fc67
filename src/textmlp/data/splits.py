"""The splits: their names (the one place they are spelled) and how a table's rows are assigned to them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from textmlp.data.labels import sort_classes
from textmlp.data.table_files import CHUNK_ROWS, DatasetError, parquet_chunks, text_values

#: The labelled splits, in the order the tables and the report list them.
SPLITS = ("train", "dev", "test")


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

#: Fewer dev (or test) rows than this: one row moves the accuracy by more than
#: 3 points, too coarse to choose a model (or report one) on.
MIN_EVAL_ROWS = 30


def split_warnings(sizes: Mapping[str, int]) -> list[str]:
    """A warning for a dev or test split too small to select or judge a model on."""
    use = {"dev": "choose a model (and its best epoch) on", "test": "report a model's accuracy on"}
    return [
        f"the {name} split has {sizes[name]} row(s): one row moves its accuracy by "
        f"{100 / sizes[name]:.3g} points, too few to {use[name]} (aim for {MIN_EVAL_ROWS} or more)"
        for name in ("dev", "test")
        if 0 < sizes.get(name, 0) < MIN_EVAL_ROWS
    ]


def split_record(frames: Mapping[str, pd.DataFrame], classes: Sequence[str], warnings: Sequence[str] = ()) -> dict:
    """What split.json says of the frames, for IMDB and a table alike: the classes, each split's size and class
    counts (every class listed; the unlabeled split's texts under -1), and the warnings, a small dev or test
    split's among them."""
    sizes = {name: int(len(frame)) for name, frame in frames.items()}
    counts = {
        name: {
            int(k): int(v)
            for k, v in frames[name]["label"].value_counts().reindex(range(len(classes)), fill_value=0).items()
        }
        for name in SPLITS
    }
    unlabeled = sizes.get("unlabeled", 0)
    counts["unlabeled"] = {-1: unlabeled} if unlabeled else {}
    return {
        "classes": list(classes),
        "n_classes": len(classes),
        "sizes": sizes,
        "label_counts": counts,
        "warnings": [*warnings, *split_warnings(sizes)],
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


#: How far a grouped split may fall short of the rows it asks for, as a share
#: of them (at least one row): whole groups rarely add up to an exact count.
GROUP_TOLERANCE = 0.02


def group_tolerance(want: int) -> int:
    """The shortfall a grouped split of ``want`` rows may have: :data:`GROUP_TOLERANCE` of it, at least 1."""
    return max(1, int(math.ceil(GROUP_TOLERANCE * want)))


def group_ids(groups, *, key: str = "data.group_column", where: str = "") -> np.ndarray:
    """Each row's group as an integer (``pandas.factorize`` order, first occurrence first).

    A missing (None, NaN) or empty group value raises :class:`DatasetError`
    naming ``key`` and the first rows concerned.
    """
    values = pd.Series(groups, dtype=object)
    text = values.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip())
    missing = np.flatnonzero((text == "").to_numpy())
    if len(missing):
        rows = ", ".join(map(str, missing[:5])) + (", ..." if len(missing) > 5 else "")
        raise DatasetError(
            f"{key}{' in ' + where if where else ''}: {len(missing)} row(s) without a group value "
            f"(0-based rows {rows}); every row needs one so that the split keeps each group on one side"
        )
    codes, _ = pd.factorize(text)
    return codes


#: How many random orders :func:`take_groups` tries before it settles for the fullest.
GROUP_ATTEMPTS = 20


def take_groups(
    codes: np.ndarray,
    classes: np.ndarray,
    want: np.ndarray,
    rng: np.random.Generator,
    *,
    eligible: np.ndarray | None = None,
    attempts: int = GROUP_ATTEMPTS,
) -> np.ndarray:
    """Whole groups, in a random order, until each class has its ``want`` rows.

    ``codes`` is each row's group (0..G-1), ``classes`` each row's class index
    (0..K-1) and ``want`` the rows wanted per class (length K). The groups are
    visited in the order ``rng.permutation(G)``; a group is taken when it
    keeps every class at or below its ``want`` (so a group larger than the
    request is never taken), and the visit stops once every class is full.
    Whole groups may get stuck a few rows short; then another order is drawn,
    up to ``attempts`` orders, and the first that fills every class (else the
    fullest, the earliest on a tie) is kept. ``eligible`` (a boolean per row)
    leaves out the groups of rows already placed elsewhere. Returns a boolean
    mask of the rows taken.
    """
    n_groups = int(codes.max()) + 1 if len(codes) else 0
    counts = np.zeros((n_groups, len(want)), dtype=np.int64)
    np.add.at(counts, (codes, classes), 1)
    allowed = np.ones(n_groups, dtype=bool)
    if eligible is not None:
        allowed[np.unique(codes[~eligible])] = False
    best, best_total = np.zeros(n_groups, dtype=bool), -1
    for _ in range(max(1, attempts)):
        have = np.zeros(len(want), dtype=np.int64)
        taken = np.zeros(n_groups, dtype=bool)
        for g in rng.permutation(n_groups):
            if not allowed[g]:
                continue
            after = have + counts[g]
            if (after <= want).all():
                taken[g] = True
                have = after
                if (have == want).all():
                    return taken[codes]
        if int(have.sum()) > best_total:
            best, best_total = taken, int(have.sum())
    return best[codes]


def check_group_shortfall(got: int, want: int, *, key: str, group_key: str, split: str, largest: int) -> None:
    """Raise :class:`DatasetError` when a grouped ``split`` of ``got`` rows is more than
    :func:`group_tolerance` short of the ``want`` it asked for."""
    if want - got > group_tolerance(want):
        raise DatasetError(
            f"{key}: the {split} split asks for {want} rows, but whole groups of {group_key} reach only {got} "
            f"(more than {group_tolerance(want)} short; the largest group has {largest} rows). "
            f"Ask for a different size, or split without {group_key}"
        )


def split_by_groups(
    labels,
    groups,
    *,
    dev_fraction: float,
    test_fraction: float,
    seed: int,
    stratify: bool = True,
    keys: tuple[str, str] = ("data.dev_fraction", "data.test_fraction"),
    group_key: str = "data.group_column",
    where: str = "",
) -> np.ndarray:
    """:func:`split_by_fractions` with whole groups: every row of a group lands in one split.

    Per class (with ``stratify``; else all rows as one) test asks for
    ``round(n * test_fraction)`` rows and dev for ``round(n * dev_fraction)``;
    :func:`take_groups` fills test first, then dev from the groups left, both
    with ``numpy.random.default_rng(seed)``; everything else is train. A
    group larger than what a split asks for stays in train. A split more than
    :func:`group_tolerance` short of its request raises :class:`DatasetError`
    naming its fraction key (``keys``: dev's, test's) and ``group_key``; so
    does a missing group value (:func:`group_ids`).
    """
    labels = np.asarray(labels, dtype=object)
    codes = group_ids(groups, key=group_key, where=where)
    if stratify:
        names = sort_classes(labels)
        index = {c: i for i, c in enumerate(names)}
        classes = np.array([index[v] for v in labels], dtype=np.int64)
    else:
        classes = np.zeros(len(labels), dtype=np.int64)
    per_class = np.bincount(classes, minlength=int(classes.max()) + 1 if len(classes) else 0)
    largest = int(np.bincount(codes).max()) if len(codes) else 0
    rng = np.random.default_rng(seed)
    out = np.full(len(labels), "train", dtype=object)
    placed = np.zeros(len(labels), dtype=bool)
    for split, fraction, key in (("test", test_fraction, keys[1]), ("dev", dev_fraction, keys[0])):
        if not fraction:
            continue
        want = np.floor(per_class * fraction + 0.5).astype(np.int64)
        mask = take_groups(codes, classes, want, rng, eligible=~placed)
        check_group_shortfall(
            int(mask.sum()), int(want.sum()), key=key, group_key=group_key, split=split, largest=largest
        )
        out[mask] = split
        placed |= mask
    return out


def read_split_columns(path: str | Path, columns: Sequence[str]) -> dict[str, list | np.ndarray]:
    """``columns`` of a split file (results/data/{split}.parquet): strings as a
    list, numbers as a numpy array, no DataFrame between.

    pandas' reader keeps an Arrow table and a frame beside the values, and
    Arrow's allocator keeps the pages it decompressed into; at twice IMDB's
    size that was 300 MB more than the 130 MB of texts. Here each column is
    converted alone and Arrow's unused pages are handed back.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(columns))
    out: dict[str, list | np.ndarray] = {}
    for name in columns:
        column = table.column(name)
        out[name] = (
            column.to_pylist()
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
            else column.to_numpy()
        )
    del table, column
    pa.default_memory_pool().release_unused()
    return out


class SplitTexts:
    """A split file's texts, read a chunk of rows at a time (and page by page)
    each time they are iterated: a sized, re-iterable stand-in for the list
    :func:`read_split_columns` gives, for a reader that goes through the texts
    in order (the TF-IDF fit reads them two or three times, then once to
    transform). Memory holds a chunk's texts, not the split's."""

    def __init__(self, path: str | Path, column: str = "text", chunk_rows: int = CHUNK_ROWS) -> None:
        import pyarrow.parquet as pq

        self.path, self.column, self.chunk_rows = Path(path), column, chunk_rows
        self._rows = pq.ParquetFile(self.path).metadata.num_rows

    def __len__(self) -> int:
        return self._rows

    def __iter__(self) -> Iterator[str]:
        for table in parquet_chunks(self.path, self.chunk_rows, [self.column]):
            yield from table.column(self.column).to_pylist()
