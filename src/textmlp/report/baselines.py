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
        f"\\caption{{Logistic regression (L2-regularised, fitted by {_solvers(rows)}) on each input of "
        f"Table~\\ref{{tab:{f.study}}}, the same splits; its C chosen on dev from $2^{{{low}}}, \\ldots, "
        f"2^{{{high}}}$ (on a tie, the smallest C), the chosen model scored once on test.}}",
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
    pairs, used, above, below = [], [], 0, 0
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
        above += n["low"] > 0
        below += n["high"] < 0
    if not pairs:
        return "\n".join(lines) + "\n"
    sentence = s.prose.say(
        f"Test accuracy of the MLP minus that of logistic regression on the same input "
        f"(Table~\\ref{{tab:{f.study}-baselines}}): "
        + "; ".join(pairs)
        + f". {_resolved_words(above, below, len(pairs))}.",
        used,
    )
    return "\n".join(lines) + "\n\\paragraph{Against logistic regression.} " + sentence + _variant_gains(s) + "\n"


def _resolved_words(above: int, below: int, n: int) -> str:
    """Where the intervals resolve the MLP against logistic regression, both ways, over ``n`` inputs."""
    if above == 0 and below == 0:
        return (
            f"No interval resolves the two apart on any of the {count_word(n)} inputs"
            if n > 1
            else "The interval does not resolve the two apart"
        )

    def on(k: int) -> str:
        return "its input" if n == 1 else "every input" if k == n else f"{count_word(k)} of the {count_word(n)} inputs"

    if not above:
        return f"The MLP is resolved below logistic regression on {on(below)}"
    text = f"The MLP is resolved above logistic regression on {on(above)}"
    return text + (f" and below it on {count_word(below)}" if below else "")


_SOLVER_WORDS = {"lbfgs": "L-BFGS", "liblinear": "liblinear", "saga": "SAGA", "newton-cg": "Newton-CG"}


def _solvers(rows: pd.DataFrame) -> str:
    """The solvers the baselines were fitted with, in words ('L-BFGS')."""
    names = rows["solver"].dropna().astype(str).drop_duplicates() if "solver" in rows else []
    return " and ".join(_SOLVER_WORDS.get(n, tex_escape(n)) for n in names) or "an unnamed solver"


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
        interval = (
            f" (interval {number(100 * c.numbers['low'])} to {number(100 * c.numbers['high'])})"
            if "low" in c.numbers
            else ""
        )
        parts.append(
            f"on {_name(s.f.inputs, embedding)} the inputs the MLP uses score {100 * abs(gain):.2f} points "
            f"{'above' if gain >= 0 else 'below'} {tex_escape(c.numbers['inputs'])}{interval}"
        )
        used.append(c)
    return s.prose.say(" For logistic regression on test, " + "; ".join(parts) + ".", used) if parts else ""
