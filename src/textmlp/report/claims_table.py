"""results/report/claims.csv and the appendix's count of the claims checked."""

from __future__ import annotations

import json
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


def claims_sentence(table: pd.DataFrame) -> str:
    """What Appendix B says of the check: how many facts were recomputed, that all hold, and how many the text
    states (reviews 56, 57: a table of them by kind was the pipeline's audit, not the homework's; claims.csv keeps
    every one, the issue's note counts them by kind)."""
    stated = table[table["sentence"] != ""]
    true = int((table["verdict"] == "true").sum())
    verdict = "all of them true" if true == len(table) else f"{true:,} of them true"  # the build stops before
    return (
        "Every statement about the results in Section~\\ref{sec:programming} and here rests on facts of the tables "
        "(a configuration overfits, a difference is resolved, ...), each recomputed from the run, epoch and "
        f"comparison tables with the definitions of Section~\\ref{{sec:setup}} before the report is built: "
        f"{len(table):,} such facts of {count_word(table['kind'].nunique())} kinds, {verdict}; {len(stated):,} "
        f"{'is' if len(stated) == 1 else 'are'} stated in the text. "
        "The check covers what is stated, not what is left out."
    )
