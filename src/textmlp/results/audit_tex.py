"""The data audit for the report: a booktabs table, one row per split, and a
few sentences on repeated and shared texts, from the dict
:func:`textmlp.results.audit.audit` returns (or its JSON)."""

from __future__ import annotations

from collections.abc import Sequence

from textmlp.data.splits import SPLITS
from textmlp.latex import tex_escape
from textmlp.results.audit import PAIRS, pair_key

#: More classes than this: the table shows the number of classes and the
#: largest class's share instead of one column per class.
MAX_CLASS_COLUMNS = 6
#: A class name longer than this is cut (with "...") in the table, so that a
#: long label cannot push the table off the page.
MAX_LABEL_CHARS = 20


def _short(name: str) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 3].rstrip() + "..."


def _joined_sentence(audit: dict) -> str:
    """Lines that quoted texts joined into one row (data.multiline_fields), per file role."""
    joined = audit.get("lines_read_as_rows") or {}
    if not joined:
        return ""
    parts = [
        f"{_count(c['lines'], 'line')} of the {tex_escape(role)} file were read as {_count(c['rows'], 'row')}"
        for role, c in sorted(joined.items())
    ]
    return rf"Quoted texts span several lines (data.multiline\_fields): {_join(parts)}."


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


def _plural(name: str) -> str:
    return name if name.endswith("s") else name + "s"


def _groups_sentence(audit: dict) -> str:
    """Groups (movies) per split and those two splits share, when the audit has them."""
    groups = audit.get("groups")
    if not groups:
        return ""
    name = tex_escape(groups["name"])
    many = _plural(name)
    shared = {(a, b): groups["overlaps"][pair_key(a, b)]["groups"] for a, b in PAIRS}
    parts = [
        f"{a} and {b} share " + (f"no {name}" if n == 0 else _count(n, name, many)) for (a, b), n in shared.items()
    ]
    n = {s: groups["splits"][s]["groups"] for s in SPLITS}
    sentence = (
        f"Train holds {_count(n['train'], 'distinct ' + name, 'distinct ' + many)}, dev {_number(n['dev'])} "
        f"and test {_number(n['test'])}; {_join(parts)}"
    )
    inside = {s: groups["splits"][s]["rows_group_in_train"] for s in ("dev", "test")}
    shares = [
        f"{_percent(k / groups['splits'][s]['rows'])}\\% of the {s} texts share their {name} with a train text"
        for s, k in inside.items()
        if k
    ]
    if shares:
        sentence += f" ({_join(shares)})"
    return sentence + "."


def audit_tex(audit: dict, dataset_name: str) -> str:
    """The audit for the report: a few sentences on repeated and shared texts
    and a booktabs table (``tab:data-audit``) with one row per split: its size,
    the share of each class and the texts that repeat within it. Every number
    comes from ``audit`` (the dict :func:`audit` returns, or its JSON)."""
    name = tex_escape(dataset_name)
    ids = [e["label"] for e in audit["splits"]["train"]["labels"]]
    for s in SPLITS:
        ids += [e["label"] for e in audit["splits"][s]["labels"] if e["label"] not in ids]
    header = {
        e["label"]: tex_escape(_short(e.get("name", e["label"]))) for s in SPLITS for e in audit["splits"][s]["labels"]
    }
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

    groups = audit.get("groups")
    group_cells = {s: f" & {_number(groups['splits'][s]['groups'])}" for s in SPLITS} if groups else {}
    rows = [
        f"{s.capitalize()} & {_number(audit['splits'][s]['size'])} & {class_cells(s)} & "
        f"{_number(audit['splits'][s]['duplicates']['rows'])}{group_cells.get(s, '')} \\\\"
        for s in SPLITS
    ]
    if audit.get("unlabeled"):
        u = audit["unlabeled"]
        rows.append(
            f"Unlabelled & {_number(u['size'])} & {class_cells(None)} & {_number(u['duplicates']['rows'])}"
            f"{' & --' if groups else ''} \\\\"
        )

    sentences = " ".join(
        s
        for s in (
            _duplicates_sentence(audit),
            _overlap_sentence(audit),
            _groups_sentence(audit),
            _unlabeled_sentence(audit),
            _joined_sentence(audit),  # only where quoted texts joined lines: other audits keep their bytes
        )
        if s
    )
    group_head = f" & {tex_escape(_plural(groups['name'])).capitalize()}" if groups else ""
    lines = [
        "% Generated by the pipeline from results/data/audit.json; do not edit.",
        "Table~\\ref{tab:data-audit} gives each split's size and class balance. " + sentences,
        "",
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{The splits ({name}): number of texts, share of each class"
        + ("," if groups else " and")
        + " texts that repeat an earlier text of the same split"
        + (f", and distinct {tex_escape(_plural(groups['name']))}" if groups else "")
        + ".}",
        "\\label{tab:data-audit}",
        f"\\begin{{tabular}}{{l{'r' * (n_class_cols + 2 + bool(groups))}}}",
        "\\toprule",
        f"Split & Texts & {class_head} & Repeats{group_head} \\\\",
        "\\midrule",
        *rows,
        "\\bottomrule",
        "\\end{tabular}",
        "\\end{table}",
    ]
    return "\n".join(lines) + "\n"
