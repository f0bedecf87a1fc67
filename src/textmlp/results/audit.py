"""A data audit of the split: sizes, class balance, repeated texts, overlaps.

:func:`audit` takes the frames the split writes (``train``, ``dev``, ``test``
and, when there is one, ``unlabeled``; columns ``text`` and ``label``) and
counts, per split, the rows of each class and the texts that repeat within the
split, and across splits the texts that two of them share. Texts are compared
as the classifiers see them: :func:`textmlp.features.tokenize.tokenize`'s tokens joined by
single spaces (:func:`text_keys`), so two reviews that differ only in case or
in the spacing around punctuation count as the same text. The same counts on
the raw strings are kept beside them (``raw_*``), since they can differ.

Every count is a hash-table operation (pandas ``duplicated``, ``isin``,
``drop_duplicates``), linear in the number of rows. A text takes part as the
64-bit hash of its string (raw or normalised), not as a second copy of it:
at twice IMDB's size the copies held 1.7 GB. The audit rule hashes each split
file a chunk at a time (:func:`hashed_file`) and counts on the hashes
(:func:`audit_hashed`), so no split's texts are ever all in memory. Two
different texts share a hash
with odds of about n^2 / 2^65 (1 in 10^9 for 200,000 texts), when they would
count as one.

The result is a plain, JSON-ready dict (see :func:`audit` for its keys);
:func:`textmlp.results.audit_tex.audit_tex` renders it for the report.

Definitions (per split; "text" = normalised text):

``duplicates.rows``
    Rows whose text occurred in an earlier row of the same split.
``duplicates.texts``
    Distinct texts that occur more than once in the split.
``duplicates.conflicting_rows``
    Duplicate rows whose label differs from that of the text's first row.
``duplicates.conflicting_texts``
    Distinct repeated texts whose rows carry more than one label.

Groups (the movie of an IMDB review, or a table's ``data.group_column``), when
the frames carry a ``group`` column (:func:`group_audit`): per split ``groups``
= distinct groups, ``rows_without_group``, and ``rows_group_in_train`` = rows
whose group also has a row in train; per pair of splits ``groups`` = distinct
groups in both, ``rows`` = the rows of each whose group is in the other.

Per pair of splits ``a``, ``b``: ``texts`` = distinct texts in both; ``rows``
= rows of ``a`` whose text occurs in ``b``, and rows of ``b`` whose text occurs
in ``a``; ``conflicting_texts`` = shared texts whose labels in ``a`` are not
the same set as their labels in ``b``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.data.table_files import CHUNK_ROWS, parquet_chunks
from textmlp.features.tokenize import tokenize

#: The pairs of labelled splits whose shared texts are counted.
PAIRS = (("train", "dev"), ("train", "test"), ("dev", "test"))
#: How texts are compared (recorded in the audit).
COMPARISON = "lower-cased tokens (textmlp.features.tokenize) joined by single spaces"


def text_keys(texts: Iterable[str]) -> pd.Series:
    """Each text as the classifiers see it, its tokens joined by single spaces,
    as the hash of that string (int64): equal texts get equal keys."""
    return pd.Series(np.fromiter((hash(" ".join(tokenize(t))) for t in texts), dtype=np.int64))


def raw_keys(texts: Iterable[str]) -> pd.Series:
    """Each text's own string as its hash (int64)."""
    return pd.Series(np.fromiter(map(hash, texts), dtype=np.int64))


def hashed(frame: pd.DataFrame) -> pd.DataFrame:
    """A split's rows as the audit compares them: each text's two hashes (``raw``:
    :func:`raw_keys`, ``key``: :func:`text_keys`), and the ``label`` and ``group``
    where the frame has them; no text."""
    out = pd.DataFrame({"raw": raw_keys(frame["text"]).to_numpy(), "key": text_keys(frame["text"]).to_numpy()})
    for column in ("label", "group"):
        if column in frame.columns:
            out[column] = frame[column].to_numpy()
    return out


def hashed_file(path, chunk_rows: int = CHUNK_ROWS) -> pd.DataFrame:
    """:func:`hashed` of a split's Parquet file, read a chunk of rows at a time (and page by page): memory
    holds a chunk's texts, not the split's."""
    pieces = [hashed(t.to_pandas()) for t in parquet_chunks(path, chunk_rows, ["text", "label", "group"])]
    return pd.concat(pieces, ignore_index=True)


def pair_key(a: str, b: str) -> str:
    """The key of the pair ``a``, ``b`` in ``audit["overlaps"]``, e.g. ``train_test``."""
    return f"{a}_{b}"


# --------------------------------------------------------------------------- counting


def _duplicates(keys: pd.Series, labels: pd.Series | None) -> dict:
    repeat = keys.duplicated(keep="first")
    counts = keys.value_counts()
    out = {"rows": int(repeat.sum()), "texts": int((counts > 1).sum())}
    if labels is not None:
        labels = pd.Series(labels.to_numpy(), dtype="int64")
        first = labels.groupby(keys.to_numpy(), sort=False).transform("first")
        out["conflicting_rows"] = int((repeat & (labels != first)).sum())
        pairs = pd.DataFrame({"key": keys.to_numpy(), "label": labels.to_numpy()}).drop_duplicates()
        out["conflicting_texts"] = int((pairs["key"].value_counts() > 1).sum())
    return out


def _shared(a: pd.Series, b: pd.Series) -> dict:
    """Distinct values of ``a`` that occur in ``b``, and the rows of each involved."""
    common = pd.Index(a.unique()).intersection(pd.Index(b.unique()))
    return {
        "texts": int(len(common)),
        "rows_a": int(a.isin(common).sum()),
        "rows_b": int(b.isin(common).sum()),
        "common": common,
    }


def _label_conflicts(
    common: pd.Index, a_keys: pd.Series, a_labels: pd.Series, b_keys: pd.Series, b_labels: pd.Series
) -> int:
    """Shared texts whose set of labels differs between the two splits."""
    if len(common) == 0:
        return 0

    def pairs(keys, labels):
        frame = pd.DataFrame({"key": keys.to_numpy(), "label": labels.to_numpy().astype("int64")})
        return frame[frame["key"].isin(common)].drop_duplicates()

    both = pairs(a_keys, a_labels).merge(pairs(b_keys, b_labels), how="outer", on=["key", "label"], indicator=True)
    return int(both.loc[both["_merge"] != "both", "key"].nunique())


def _label_counts(labels: pd.Series, classes: Sequence[str] | None) -> list[dict]:
    counts = pd.Series(labels.to_numpy(), dtype="int64").value_counts()
    ids = sorted(set(range(len(classes or ()))) | {int(i) for i in counts.index})
    size = int(counts.sum())
    out = []
    for i in ids:
        n = int(counts.get(i, 0))
        entry = {"label": i, "count": n, "share": round(n / size, 6) if size else 0.0}
        if classes is not None and 0 <= i < len(classes):
            entry["name"] = str(classes[i])
        out.append(entry)
    return out


def group_audit(groups: Mapping[str, pd.Series | None], name: str = "group") -> dict | None:
    """Groups per split and shared between splits (module docstring), or None
    when no split knows a group of any row. ``groups`` maps each of
    :data:`SPLITS` to its rows' groups (None or NaN: unknown), or to None."""
    known = {s: pd.Series(groups.get(s) if groups.get(s) is not None else [], dtype=object) for s in SPLITS}
    if not any(g.notna().any() for g in known.values()):
        return None
    train = pd.Index(known["train"].dropna().unique())
    splits = {
        s: {
            "rows": int(len(g)),
            "groups": int(g.dropna().nunique()),
            "rows_without_group": int(g.isna().sum()),
            "rows_group_in_train": int(g.isin(train).sum()) if s != "train" else None,
        }
        for s, g in known.items()
    }
    overlaps = {}
    for a, b in PAIRS:
        shared = _shared(known[a].dropna(), known[b].dropna())
        overlaps[pair_key(a, b)] = {"groups": shared["texts"], "rows": {a: shared["rows_a"], b: shared["rows_b"]}}
    return {"name": name, "splits": splits, "overlaps": overlaps}


def audit(
    frames: Mapping[str, pd.DataFrame | None], classes: Sequence[str] | None = None, group_name: str = "group"
) -> dict:
    """The data audit of ``frames`` (``train``, ``dev``, ``test`` required;
    ``unlabeled`` optional: missing, None or empty means there is none).

    ``classes`` are the class names (index = class id), when known;
    ``group_name`` names what a frame's optional ``group`` column holds (``movie``).

    Returns a JSON-ready dict::

        {"comparison": str,                        # how texts are compared
         "classes": [name, ...] | None,
         "splits": {"train"|"dev"|"test": {
             "size": int,
             "labels": [{"label": int, "name": str (when known), "count": int, "share": float}, ...],
             "duplicates": {"rows", "texts", "conflicting_rows", "conflicting_texts": int},
             "raw_duplicate_rows": int}},         # duplicates.rows on the raw strings
         "overlaps": {"train_dev"|"train_test"|"dev_test": {
             "texts": int, "rows": {a: int, b: int}, "conflicting_texts": int, "raw_texts": int}},
         "unlabeled": None | {
             "size": int, "duplicates": {"rows", "texts": int}, "raw_duplicate_rows": int,
             "shared": {"train"|"dev"|"test": {"texts": int, "rows": {split: int, "unlabeled": int},
                                               "raw_texts": int}}},
         "groups": None | {"name": str,             # group_audit
             "splits": {split: {"rows", "groups", "rows_without_group": int,
                                "rows_group_in_train": int | None (train)}},
             "overlaps": {pair: {"groups": int, "rows": {a: int, b: int}}}}}

    The module docstring defines each count. Label lists are in class-id order;
    every class of ``classes`` is listed, with count 0 where it has no row.
    """
    unlabeled = frames.get("unlabeled")
    names = [*SPLITS, *(["unlabeled"] if unlabeled is not None and len(unlabeled) else [])]
    return audit_hashed({s: hashed(frames[s]) for s in names}, classes, group_name)


def audit_hashed(
    splits_hashed: Mapping[str, pd.DataFrame], classes: Sequence[str] | None = None, group_name: str = "group"
) -> dict:
    """:func:`audit` of the splits as :func:`hashed` (or :func:`hashed_file`) gives them: the texts' hashes
    with the labels and groups, no text."""
    classes = None if classes is None else [str(c) for c in classes]
    frames = {s: f for s, f in splits_hashed.items() if f is not None and (s in SPLITS or len(f))}
    names = [s for s in (*SPLITS, "unlabeled") if s in frames]
    raw = {s: pd.Series(frames[s]["raw"].to_numpy()) for s in names}
    keys = {s: pd.Series(frames[s]["key"].to_numpy()) for s in names}
    labels = {s: frames[s]["label"] for s in SPLITS}

    splits = {}
    for s in SPLITS:
        splits[s] = {
            "size": int(len(frames[s])),
            "labels": _label_counts(labels[s], classes),
            "duplicates": _duplicates(keys[s], labels[s]),
            "raw_duplicate_rows": int(raw[s].duplicated().sum()),
        }

    overlaps = {}
    for a, b in PAIRS:
        shared = _shared(keys[a], keys[b])
        overlaps[pair_key(a, b)] = {
            "texts": shared["texts"],
            "rows": {a: shared["rows_a"], b: shared["rows_b"]},
            "conflicting_texts": _label_conflicts(shared["common"], keys[a], labels[a], keys[b], labels[b]),
            "raw_texts": _shared(raw[a], raw[b])["texts"],
        }

    result = {
        "comparison": COMPARISON,
        "classes": classes,
        "splits": splits,
        "overlaps": overlaps,
        "unlabeled": None,
        "groups": group_audit(
            {s: frames[s]["group"] if "group" in frames[s].columns else None for s in SPLITS}, group_name
        ),
    }
    if "unlabeled" in names:
        u = keys["unlabeled"]
        shared = {}
        for s in SPLITS:
            one = _shared(keys[s], u)
            shared[s] = {
                "texts": one["texts"],
                "rows": {s: one["rows_a"], "unlabeled": one["rows_b"]},
                "raw_texts": _shared(raw[s], raw["unlabeled"])["texts"],
            }
        result["unlabeled"] = {
            "size": int(len(u)),
            "duplicates": _duplicates(u, None),
            "raw_duplicate_rows": int(raw["unlabeled"].duplicated().sum()),
            "shared": shared,
        }
    return result
