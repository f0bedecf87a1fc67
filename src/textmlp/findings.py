"""What the results say, computed from the summary tables.

The report's findings paragraphs are rendered from these structures, so the
prose states exactly what the tables and figures show. Configurations are
ranked by mean best-dev accuracy (dev chooses; test only reports).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Dev loss that rises by more than this above its minimum by the last epoch
#: counts as overfitting in the findings.
OVERFIT_RISE = 0.02


@dataclass
class StudyFindings:
    study: str
    title: str
    vary: str
    ranked: pd.DataFrame  # summary rows of the study, best first, with "label"
    best: pd.Series
    runner_up: pd.Series | None
    gap: float  # best minus runner-up mean dev accuracy
    separated: bool  # best's worst seed beats the runner-up's best seed (dev)
    diverged: list[str]  # labels of configurations with a diverged seed
    chance: list[tuple[str, int, int]]  # (label, seeds at chance level, seeds) where any seed was
    overfit: list[tuple[str, int, float]]  # (label, epoch of min dev loss, rise by the end)


def dev_loss_trend(epochs: pd.DataFrame, run: str) -> tuple[int, float]:
    """(epoch of the lowest mean dev loss, rise of the mean dev loss from there to the end)."""
    dev = epochs[(epochs["run"] == run) & (epochs["split"] == "dev")]
    mean = dev.groupby("epoch")["loss"].mean()
    if mean.empty:
        return 0, 0.0
    return int(mean.idxmin()), float(mean.iloc[-1] - mean.min())


def study_findings(summary: pd.DataFrame, studies: pd.DataFrame, epochs: pd.DataFrame,
                   study: str) -> StudyFindings:
    members = studies[studies["study"] == study]
    rows = members[["run", "label", "order"]].merge(summary, on="run")
    ranked = rows.sort_values(["best_dev_acc_mean", "order"], ascending=[False, True]).reset_index(drop=True)
    best = ranked.iloc[0]
    runner = ranked.iloc[1] if len(ranked) > 1 else None
    gap = float(best["best_dev_acc_mean"] - runner["best_dev_acc_mean"]) if runner is not None else 0.0
    separated = bool(runner is not None and best["best_dev_acc_min"] > runner["best_dev_acc_max"])
    overfit = []
    for _, row in ranked.iterrows():
        epoch, rise = dev_loss_trend(epochs, row["run"])
        if rise > OVERFIT_RISE:
            overfit.append((row["label"], epoch, rise))
    return StudyFindings(
        study=study,
        title=str(members["title"].iloc[0]),
        vary=str(members["vary"].iloc[0]),
        ranked=ranked,
        best=best,
        runner_up=runner,
        gap=gap,
        separated=separated,
        diverged=[r["label"] for _, r in ranked.iterrows() if r["diverged"] > 0],
        chance=[(r["label"], int(r["at_chance"]), int(r["seeds"])) for _, r in ranked.iterrows()
                if r["at_chance"] > 0],
        overfit=overfit,
    )
