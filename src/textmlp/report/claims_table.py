"""results/report/claims.csv and the appendix's count of the claims checked."""

from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

import pandas as pd

from textmlp.report.words import count_word
from textmlp.report.writeup import Prose
from textmlp.results.check import Verdict

CLAIM_COLUMNS = ["study", "kind", "scope", "subjects", "numbers", "sentence", "verdict", "evidence"]


def claims_table(verdicts: Sequence[Verdict], prose: Prose) -> pd.DataFrame:
    """One row per claim: what it says, the sentences of the report that rest on it
    (empty when the report does not state it), whether the tables bear it out and why."""
    used = prose.used()
    rows = [
        {
            "study": v.claim.study,
            "kind": v.claim.kind,
            "scope": v.claim.scope,
            "subjects": " ".join(v.claim.subjects),
            "numbers": json.dumps(dict(v.claim.numbers), sort_keys=True, default=str),
            "sentence": " | ".join(used.get(id(v.claim), [])),
            "verdict": "true" if v.ok else "FALSE",
            "evidence": v.evidence,
        }
        for v in verdicts
    ]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


#: Each kind of claim (textmlp.results.claims.KINDS) as the appendix's table names it, in the table's order.
KIND_WORDS = {
    "best_dev": "best on dev",
    "best_test": "best on test",
    "resolved_set": "resolved above or below",
    "baseline": "against logistic regression",
    "baseline_acc": "logistic regression's accuracy",
    "variant_gain": "gain over another input variant",
    "recipes": "recipes differ",
    "overfits": "dev loss climbs, train loss ends lower",
    "climbs": "dev loss climbs, train loss no lower",
    "mixed": "mean climbs, most seeds do not",
    "together": "end together",
    "above": "dev ends above train",
    "below": "train ends above dev",
    "erratic": "erratic",
    "unstable": "unstable",
    "stable": "stable",
    "improving": "still improving",
    "levelled": "levelled off",
    "settles": "epoch its final level is reached",
    "late": "kept epoch at the budget's end",
    "best_epoch": "kept epoch",
    "chance": "stuck at chance",
    "untrained": "train loss above chance level",
    "diverged": "diverged",
    "gradients": "gradient per layer",
    "dev_gap": "dev minus test accuracy",
}


def claims_appendix(table: pd.DataFrame) -> str:
    """An appendix section: how many claims were checked, by kind, and how many the text states."""
    stated = table[table["sentence"] != ""]
    true = int((table["verdict"] == "true").sum())
    verdict = "all of them true" if true == len(table) else f"{true:,} of them true"  # the build stops before
    kinds = Counter(table["kind"])
    rows = "\n".join(
        f"{KIND_WORDS[kind]} & {n} & {int((stated['kind'] == kind).sum())} \\\\"
        for kind, n in sorted(kinds.items(), key=lambda kv: list(KIND_WORDS).index(kv[0]))
    )
    return (
        "\\section{Findings checked against the tables}\\label{app:claims}\n"
        f"Each statement about the results in Section~\\ref{{sec:programming}} rests on facts of the tables (a "
        "configuration overfits, a difference is resolved, ...), each recomputed from the run, epoch and comparison "
        f"tables with the definitions of Section~\\ref{{sec:setup}}: {len(table):,} such facts, counted by "
        f"kind in Table~\\ref{{tab:claims}}, {verdict}; {len(stated):,} are stated in the text, in "
        f"{count_word(len(set(stated['sentence'])))} sentences. The check covers what is stated, not what is "
        "left out.\n"
        # a float, so the text goes on around it (set where it stood, it left the page before it a third empty)
        "\\begin{table}[!tbp]\\centering\\small\n"
        "\\caption{The facts behind the findings of Section~\\ref{sec:programming}, by kind: how many were checked "
        "against the tables and how many the text states.}\\label{tab:claims}\n\\smallskip\n"
        "\\begin{tabular}{lrr}\n\\toprule\n"
        "kind of claim & checked & stated in the text \\\\\n\\midrule\n"
        f"{rows}\n\\bottomrule\n\\end{{tabular}}\n\\end{{table}}\n"
    )
