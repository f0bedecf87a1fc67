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
``drop_duplicates``), linear in the number of rows.

The result is a plain, JSON-ready dict (see :func:`audit` for its keys);
:func:`audit_tex` renders it for the report: a booktabs table, one row per
split, and a few sentences on repeats and overlaps.

Definitions (per split; "text" = normalised text):

``duplicates.rows``
    Rows whose text occurred in an earlier row of the same split.
``duplicates.texts``
    Distinct texts that occur more than once in the split.
``duplicates.conflicting_rows``
    Duplicate rows whose label differs from that of the text's first row.
``duplicates.conflicting_texts``
    Distinct repeated texts whose rows carry more than one label.

Per pair of splits ``a``, ``b``: ``texts`` = distinct texts in both; ``rows``
= rows of ``a`` whose text occurs in ``b``, and rows of ``b`` whose text occurs
in ``a``; ``conflicting_texts`` = shared texts whose labels in ``a`` are not
the same set as their labels in ``b``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.features.tokenize import tokenize
from textmlp.latex import tex_escape

#: The labelled splits, in report order.
#: The pairs of labelled splits whose shared texts are counted.
PAIRS = (("train", "dev"), ("train", "test"), ("dev", "test"))
#: How texts are compared (recorded in the audit).
COMPARISON = "lower-cased tokens (textmlp.text.tokenize) joined by single spaces"
#: More classes than this: the table shows the number of classes and the
#: largest class's share instead of one column per class.
MAX_CLASS_COLUMNS = 6


def text_keys(texts: Iterable[str]) -> pd.Series:
    """Each text as the classifiers see it: its tokens joined by single spaces."""
    return pd.Series([" ".join(tokenize(t)) for t in texts], dtype=object)


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


def audit(frames: Mapping[str, pd.DataFrame | None], classes: Sequence[str] | None = None) -> dict:
    """The data audit of ``frames`` (``train``, ``dev``, ``test`` required;
    ``unlabeled`` optional: missing, None or empty means there is none).

    ``classes`` are the class names (index = class id), when known.

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
                                               "raw_texts": int}}}}

    The module docstring defines each count. Label lists are in class-id order;
    every class of ``classes`` is listed, with count 0 where it has no row.
    """
    classes = None if classes is None else [str(c) for c in classes]
    unlabeled = frames.get("unlabeled")
    names = [*SPLITS, *(["unlabeled"] if unlabeled is not None and len(unlabeled) else [])]
    raw = {s: pd.Series(frames[s]["text"].to_numpy(), dtype=object) for s in names}
    keys = {s: text_keys(raw[s]) for s in names}
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

    result = {"comparison": COMPARISON, "classes": classes, "splits": splits, "overlaps": overlaps, "unlabeled": None}
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


# --------------------------------------------------------------------------- rendering


def _number(n: int) -> str:
    return f"{n:,}"


def _count(n: int, one: str, many: str | None = None) -> str:
    """``1 text``, ``44 texts``, ``1,200 texts``."""
    return f"{_number(n)} {one if n == 1 else (many or one + 's')}"


def _join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _percent(share: float) -> str:
    return f"{100 * share:.1f}"


def _duplicates_sentence(audit: dict) -> str:
    rows = {s: audit["splits"][s]["duplicates"]["rows"] for s in SPLITS}
    total = sum(rows.values())
    if total == 0:
        return "No text occurs twice within the train, dev or test split."
    verb = "repeats" if total == 1 else "repeat"
    within = [s for s, n in rows.items() if n]
    if len(within) == 1:
        first = f"Within the {within[0]} split, {_count(total, 'text')} {verb} an earlier text of that split"
    else:
        parts = [f"{_number(rows[s])} in {s}" for s in within]
        first = f"Within a split, {_count(total, 'text')} ({_join(parts)}) {verb} an earlier text of the same split"
    conflicting = sum(audit["splits"][s]["duplicates"]["conflicting_rows"] for s in SPLITS)
    if total == 1:
        rest = "it carries " + ("a different label from" if conflicting else "the same label as") + " its earlier copy"
    elif conflicting == 0:
        rest = "each carries the same label as its earlier copy"
    elif conflicting == total:
        rest = "each carries a different label from its earlier copy"
    else:
        rest = (
            f"{_number(conflicting)} of them {'carries' if conflicting == 1 else 'carry'} a different label "
            "from the earlier copy"
        )
    return f"{first}; {rest}."


def _overlap_sentence(audit: dict) -> str:
    how = "Compared as the classifiers see them (lower-cased, punctuation split off),"
    counts = {(a, b): audit["overlaps"][pair_key(a, b)]["texts"] for a, b in PAIRS}
    if not any(counts.values()):
        return f"{how} no text occurs in two of the train, dev and test splits."
    # the largest overlap first; ties in the fixed order of PAIRS
    shared = sorted(((n, i, a, b) for i, ((a, b), n) in enumerate(counts.items()) if n), key=lambda x: (-x[0], x[1]))
    parts = [f"{a} and {b} share {_count(n, 'text')}" for n, _, a, b in shared]
    sentence = f"{how} {_join(parts)}"
    if len(shared) < len(PAIRS):
        sentence += "; no other pair of splits shares a text"
    conflicting = sum(audit["overlaps"][pair_key(a, b)]["conflicting_texts"] for a, b in PAIRS)
    total = sum(counts.values())
    if conflicting:
        if total == 1:
            sentence += ". The shared text carries different labels in the two splits"
        else:
            sentence += (
                f". {_count(conflicting, 'shared text')} {'carries' if conflicting == 1 else 'carry'} "
                "different labels in the two splits"
            )
    return sentence + "."


def _unlabeled_sentence(audit: dict) -> str:
    unlabeled = audit.get("unlabeled")
    if not unlabeled:
        return "The dataset has no unlabelled texts."
    shared = {s: unlabeled["shared"][s]["texts"] for s in ("test", "dev")}
    where = f"the {_count(unlabeled['size'], 'unlabelled text')}"
    if not any(shared.values()):
        return f"None of {where} occurs in dev or test."
    (first, n), (second, m) = sorted(shared.items(), key=lambda x: -x[1])  # the larger first; test on a tie
    sentence = f"Of {where}, {_count(n, 'distinct text')} also {'occurs' if n == 1 else 'occur'} in {first}"
    return sentence + (f" and {_number(m)} in {second}." if m else f"; none occurs in {second}.")


def audit_tex(audit: dict, dataset_name: str) -> str:
    """The audit for the report: a few sentences on repeated and shared texts
    and a booktabs table (``tab:data-audit``) with one row per split: its size,
    the share of each class and the texts that repeat within it. Every number
    comes from ``audit`` (the dict :func:`audit` returns, or its JSON)."""
    name = tex_escape(dataset_name)
    ids = [e["label"] for e in audit["splits"]["train"]["labels"]]
    for s in SPLITS:
        ids += [e["label"] for e in audit["splits"][s]["labels"] if e["label"] not in ids]
    header = {e["label"]: tex_escape(e.get("name", e["label"])) for s in SPLITS for e in audit["splits"][s]["labels"]}
    per_class = len(ids) <= MAX_CLASS_COLUMNS
    if per_class:
        class_head = " & ".join(f"\\% {header[i]}" for i in ids)
        n_class_cols = len(ids)
    else:
        class_head = "Classes & Largest class"
        n_class_cols = 2

    def class_cells(split: str | None) -> str:
        if split is None:
            return " & ".join(["--"] * n_class_cols)
        entries = {e["label"]: e for e in audit["splits"][split]["labels"]}
        if per_class:
            return " & ".join(_percent(entries[i]["share"]) if i in entries else _percent(0.0) for i in ids)
        present = [e for e in entries.values() if e["count"]]
        top = max(present, key=lambda e: (e["count"], -e["label"]), default=None)
        return f"{len(present)} & " + (f"{header[top['label']]} ({_percent(top['share'])}\\%)" if top else "--")

    rows = [
        f"{s.capitalize()} & {_number(audit['splits'][s]['size'])} & {class_cells(s)} & "
        f"{_number(audit['splits'][s]['duplicates']['rows'])} \\\\"
        for s in SPLITS
    ]
    if audit.get("unlabeled"):
        u = audit["unlabeled"]
        rows.append(
            f"Unlabelled & {_number(u['size'])} & {class_cells(None)} & {_number(u['duplicates']['rows'])} \\\\"
        )

    sentences = " ".join([_duplicates_sentence(audit), _overlap_sentence(audit), _unlabeled_sentence(audit)])
    lines = [
        "% Generated by the pipeline from results/data/audit.json; do not edit.",
        sentences,
        "",
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{The splits ({name}): number of texts, share of each class, and texts that "
        "repeat an earlier text of the same split.}",
        "\\label{tab:data-audit}",
        f"\\begin{{tabular}}{{l{'r' * (n_class_cols + 2)}}}",
        "\\toprule",
        f"Split & Texts & {class_head} & Repeats \\\\",
        "\\midrule",
        *rows,
        "\\bottomrule",
        "\\end{tabular}",
        "\\end{table}",
    ]
    return "\n".join(lines) + "\n"
