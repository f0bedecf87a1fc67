"""A study's table facts: its configurations ranked, the best one, and each other's
test-accuracy difference from it (for the report's tables and captions).

- Ranking: configurations are ranked by mean best-dev accuracy over seeds (dev
  chooses, test only reports); an exact tie is broken by the study's order
  (the configuration listed first wins).
- Differences: best minus each other configuration in test accuracy, with an
  interval from a paired bootstrap over test reviews and seeds
  (:mod:`textmlp.results.compare`, table ``comparisons.csv``); *resolved* when the
  interval excludes zero.

What the text says about the results comes from claims (:mod:`textmlp.results.claims`),
checked against the tables (:mod:`textmlp.results.check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from textmlp.parameters import PARAMETERS

#: Two mean accuracies closer than this are equal (they are means of counts over
#: a few thousand reviews, so equal counts can differ only by rounding).
TIE = 1e-9


@dataclass(frozen=True)
class Difference:
    """Test accuracy of ``a`` minus that of ``b``, with its 95% interval."""

    a: str
    b: str
    diff: float
    low: float
    high: float
    se: float
    level: float = 0.95  # of the interval

    @property
    def resolved(self) -> bool:
        return self.low > 0 or self.high < 0

    def flipped(self) -> "Difference":
        return Difference(self.b, self.a, -self.diff, -self.high, -self.low, self.se, self.level)


def differences(comparisons: pd.DataFrame, study: str, best: str, level: float = 0.95) -> dict[str, Difference]:
    """``best`` minus every other configuration of ``study`` (labels), from comparisons.csv rows."""
    rows = comparisons[(comparisons["study"] == study) & (comparisons["kind"] == "configuration")]
    out = {}
    for _, r in rows.iterrows():
        d = Difference(
            str(r["label_a"]),
            str(r["label_b"]),
            float(r["diff"]),
            float(r["low"]),
            float(r["high"]),
            float(r["se"]),
            level,
        )
        if d.a == best:
            out[d.b] = d
        elif d.b == best:
            out[d.a] = d.flipped()
    return out


def resolved_below(comparisons: pd.DataFrame, study: str) -> dict[str, dict[str, float]]:
    """label -> {label of ``study`` resolved above it on test: by how much (a fraction)}, from every pair of
    comparisons.csv, not only those against the best, so the study's table shows each resolved pair its text relies
    on."""
    mine = (comparisons["study"] == study) & (comparisons["kind"] == "configuration")
    rows = comparisons[mine & ((comparisons["low"] > 0) | (comparisons["high"] < 0))]  # as Difference.resolved
    out: dict[str, dict[str, float]] = {}
    for _, r in rows.iterrows():
        low, high = (r["label_a"], r["label_b"]) if r["diff"] < 0 else (r["label_b"], r["label_a"])
        out.setdefault(str(low), {})[str(high)] = abs(float(r["diff"]))
    return out


@dataclass
class StudyFindings:
    study: str
    title: str
    vary: str
    ranked: pd.DataFrame  # summary rows of the study, best first, with "label" and "order"
    best: pd.Series
    runner_up: pd.Series | None
    gap: float  # best minus runner-up mean dev accuracy
    tie: bool  # the runner-up's mean dev accuracy equals the best's (the study's order decided)
    fixed: dict[str, object]  # parameters shared by every configuration of the study
    diffs: dict[str, Difference] = field(default_factory=dict)  # other label -> best minus it (test)
    below: dict[str, dict[str, float]] = field(default_factory=dict)  # label -> {label resolved above it: by}
    diverged: list[str] = field(default_factory=list)  # labels with a diverged seed
    chance: list[tuple[str, int, int]] = field(default_factory=list)  # (label, seeds at chance, seeds)
    level: float = 0.95  # of the intervals in ``diffs``
    display: dict[str, str] = field(default_factory=dict)  # label -> how the text names it, where not the label
    inputs: dict[str, str] = field(default_factory=dict)  # embedding -> its name in words
    # figure ("losses", "study") -> what it draws that its caption mentions only then (figures.drawn_facts)
    drawn: dict[str, dict[str, bool]] = field(default_factory=dict)

    @property
    def bimodal(self) -> list[str]:
        """Configurations some of whose seeds stayed at chance level while others learned."""
        return [label for label, stuck, seeds in self.chance if 0 < stuck < seeds]


def rank(rows: pd.DataFrame) -> pd.DataFrame:
    """Best mean dev accuracy first; equal means in the study's order."""
    return rows.sort_values(["best_dev_acc_mean", "order"], ascending=[False, True]).reset_index(drop=True)


def study_findings(
    summary: pd.DataFrame,
    studies: pd.DataFrame,
    epochs: pd.DataFrame,
    study: str,
    comparisons: pd.DataFrame | None = None,
    n_dev: int = 0,
    n_test: int = 0,
    level: float = 0.95,
) -> StudyFindings:
    """The table facts of one study; ``comparisons`` (comparisons.csv) gives the intervals.
    (``epochs``, ``n_dev`` and ``n_test`` are accepted for the callers' convenience and unused.)"""
    members = studies[studies["study"] == study]
    ranked = rank(members[["run", "label", "order"]].merge(summary, on="run"))
    ranked["label"] = ranked["label"].astype(str)
    best = ranked.iloc[0]
    runner = ranked.iloc[1] if len(ranked) > 1 else None
    gap = float(best["best_dev_acc_mean"] - runner["best_dev_acc_mean"]) if runner is not None else 0.0
    fixed = {p: ranked[p].iloc[0] for p in PARAMETERS if p in ranked and ranked[p].astype(str).nunique() == 1}
    in_order = ranked.sort_values("order")
    return StudyFindings(
        study=study,
        title=str(members["title"].iloc[0]),
        vary=str(members["vary"].iloc[0]),
        ranked=ranked,
        best=best,
        runner_up=runner,
        gap=gap,
        tie=runner is not None and abs(gap) < TIE,
        fixed=fixed,
        diffs=differences(comparisons, study, best["label"], level) if comparisons is not None else {},
        below=resolved_below(comparisons, study) if comparisons is not None else {},
        diverged=[r["label"] for _, r in in_order.iterrows() if r["diverged"] > 0],
        chance=[
            (r["label"], int(r["at_chance"]), int(r["seeds"])) for _, r in in_order.iterrows() if r["at_chance"] > 0
        ],
        level=level,
    )
