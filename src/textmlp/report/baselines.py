"""The baselines of a study that compares inputs: logistic regression on each
input in a table, and sentences setting each MLP against it."""

from __future__ import annotations

import math

import pandas as pd

from textmlp.config import BASELINE_C_EXPONENTS
from textmlp.latex import tex_escape
from textmlp.report.numbers import pct
from textmlp.report.words import count_word, number
from textmlp.report.writeup import Study


def baselines_block(s: Study, baselines: pd.DataFrame) -> str:
    """For a study that compares inputs: logistic regression on each input
    (C chosen on dev) in a table, and one sentence setting each MLP against it
    (from its checked ``baseline`` claims)."""
    f = s.f
    if f.vary != "embedding" or baselines is None or baselines.empty:
        return ""
    names = list(f.ranked.sort_values("order")["embedding"])
    rows = baselines[baselines["embedding"].isin(names)].copy()
    if rows.empty:
        return ""
    rows["_order"] = rows["embedding"].map(names.index)
    rows = rows.sort_values(["_order", "inputs"], ascending=[True, False], kind="stable")
    low, high = BASELINE_C_EXPONENTS[0], BASELINE_C_EXPONENTS[-1]
    lines = [
        "\\begin{table}[!htbp]",
        "\\centering",
        "\\small",
        f"\\caption{{Logistic regression (L2-regularised) on each input of Table~\\ref{{tab:{f.study}}}, the same "
        f"splits; its C chosen on dev from $2^{{{low}}}, \\ldots, 2^{{{high}}}$, the chosen model scored once "
        "on test.}",
        f"\\label{{tab:{f.study}-baselines}}",
        "\\smallskip",
        "\\begin{tabular}{llccc}",
        "\\toprule",
        "input & variant & C & dev acc. & test acc. \\\\",
        "\\midrule",
    ]
    for _, r in rows.iterrows():
        lines.append(
            " & ".join(
                [
                    "{" + _name(f.inputs, r["embedding"]) + "}",
                    tex_escape(r["inputs"]),
                    f"{r['C']:g}",
                    pct(r["dev_acc"]),
                    pct(r["test_acc"]),
                ]
            )
            + " \\\\"
        )
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    top = float(max(BASELINE_C_EXPONENTS))
    edge = [r for _, r in rows.iterrows() if math.log2(float(r["C"])) >= top]
    if edge:
        caption = next(i for i, line in enumerate(lines) if line.startswith("\\caption"))
        at_top = "; ".join(f"{_name(f.inputs, r['embedding'])}, {tex_escape(r['inputs'])}" for r in edge)
        lines[caption] = lines[caption][:-1] + (
            f" A C at the top of the grid ({at_top}) means a weaker penalty might do better still.}}"
        )
    pairs, used, resolved = [], [], 0
    for run in s.runs():
        c = s.get("baseline", run)
        if c is None:
            continue
        n = c.numbers
        where = "above" if n["diff"] > 0 else "below"
        pairs.append(
            f"on {s.name(run)} the MLP is {abs(100 * n['diff']):.2f} points {where} it (interval "
            f"{number(100 * n['low'])} to {number(100 * n['high'])})"
        )
        used.append(c)
        resolved += n["low"] > 0
    if not pairs:
        return "\n".join(lines) + "\n"
    summary = (
        "The MLP beats logistic regression on every input"
        if resolved == len(pairs)
        else "The MLP beats logistic regression on none of the inputs"
        if resolved == 0
        else f"The MLP beats logistic regression on {count_word(resolved)} of the {count_word(len(pairs))} inputs"
    )
    sentence = s.prose.say(
        f"Test accuracy of the MLP minus that of logistic regression on the same input "
        f"(Table~\\ref{{tab:{f.study}-baselines}}): " + "; ".join(pairs) + f". {summary} by a margin its "
        "interval resolves.",
        used,
    )
    return "\n".join(lines) + "\n\\paragraph{Against logistic regression.} " + sentence + _variant_gains(s) + "\n"


def _name(inputs: dict[str, str], embedding: object) -> str:
    """An input by its name in words, else its configuration name, escaped."""
    return inputs.get(str(embedding), tex_escape(str(embedding)))


def _variant_gains(s: Study) -> str:
    """A sentence on what the model's own inputs gain over another variant of the same input
    (e.g. naive-Bayes scaled TF-IDF over plain TF-IDF), for logistic regression (checked ``variant_gain`` claims)."""
    parts, used, seen = [], [], set()
    for c in s.all_of("variant_gain"):
        embedding = s.row(c.subject)["embedding"]
        if (embedding, c.numbers["inputs"]) in seen:  # two MLPs on one input: one sentence
            continue
        seen.add((embedding, c.numbers["inputs"]))
        gain = c.numbers["gain"]
        parts.append(
            f"on {_name(s.f.inputs, embedding)} the inputs the MLP uses score {100 * abs(gain):.2f} points "
            f"{'above' if gain >= 0 else 'below'} {tex_escape(c.numbers['inputs'])}"
        )
        used.append(c)
    return s.prose.say(" For logistic regression on test, " + "; ".join(parts) + ".", used) if parts else ""
