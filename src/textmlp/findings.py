"""What the results say, computed from the tables.

The report's findings paragraphs are rendered from these structures, so the
prose states exactly what the tables and figures show. Configurations are
ranked by mean best-dev accuracy (dev chooses; test only reports).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from textmlp.tables import PARAMS

#: Overfitting: at the end, the mean dev loss (smoothed over SMOOTH epochs, so a
#: single spike does not count) exceeds the smoothed train loss by more than
#: OVERFIT_GAP and has risen more than OVERFIT_RISE above its smoothed minimum,
#: and by more than its largest single jump (a steady climb, not one spike).
SMOOTH = 3
OVERFIT_GAP = 0.03
OVERFIT_RISE = 0.01
#: Instability: the mean dev loss rises by more than this from one epoch to the next
#: (a fall, however large, is progress, not instability).
UNSTABLE_JUMP = 0.08


@dataclass
class LossTrend:
    """Mean-over-seeds loss curves of one configuration, summarised."""

    final_gap: float  # dev minus train loss at the last epoch (as measured, not smoothed)
    min_epoch: int  # epoch of the lowest smoothed dev loss
    rise: float  # smoothed dev loss at the end minus its minimum
    max_jump: float  # largest rise of the dev loss from one epoch to the next (0 if it never rose)
    epochs: int = 0  # epochs the curve covers
    final_train: float = float("nan")  # train loss at the last epoch
    low_epoch: int = 0  # epoch of the lowest dev loss, as measured (what a reader sees in the curve)
    climb: float = 0.0  # dev loss at the last epoch minus its lowest, as measured

    @property
    def gap_only(self) -> bool:
        """Dev loss well above train loss at the end, without the sustained climb of overfitting."""
        return self.final_gap > OVERFIT_GAP and not self.overfits

    @property
    def overfits(self) -> bool:
        """A sustained climb: it also rises by more than its largest single jump."""
        return self.final_gap > OVERFIT_GAP and self.rise > OVERFIT_RISE and self.rise > self.max_jump

    @property
    def unstable(self) -> bool:
        return self.max_jump > UNSTABLE_JUMP


@dataclass
class StudyFindings:
    study: str
    title: str
    vary: str
    ranked: pd.DataFrame  # summary rows of the study, best first, with "label" and "order"
    best: pd.Series
    runner_up: pd.Series | None
    gap: float  # best minus runner-up mean dev accuracy
    separated: bool  # best's worst seed beats the runner-up's best seed (dev)
    fixed: dict[str, object]  # parameters shared by every configuration of the study
    trends: dict[str, LossTrend]  # label -> loss trend
    diverged: list[str] = field(default_factory=list)  # labels with a diverged seed
    chance: list[tuple[str, int, int]] = field(default_factory=list)  # (label, seeds at chance, seeds)


def loss_trend(epochs: pd.DataFrame, run: str) -> LossTrend:
    mean = (epochs[epochs["run"] == run].groupby(["split", "epoch"])["loss"].mean().unstack("split")
            .sort_index())
    smooth = mean.rolling(SMOOTH, min_periods=1).mean()
    dev = smooth["dev"]
    rises = mean["dev"].diff().max() if len(mean) > 1 else 0.0
    return LossTrend(final_gap=float(mean["dev"].iloc[-1] - mean["train"].iloc[-1]), min_epoch=int(dev.idxmin()),
                     rise=float(dev.iloc[-1] - dev.min()), max_jump=max(float(rises), 0.0),
                     epochs=int(mean.index.max()), final_train=float(mean["train"].iloc[-1]),
                     low_epoch=int(mean["dev"].idxmin()), climb=float(mean["dev"].iloc[-1] - mean["dev"].min()))


def study_findings(summary: pd.DataFrame, studies: pd.DataFrame, epochs: pd.DataFrame,
                   study: str) -> StudyFindings:
    members = studies[studies["study"] == study]
    rows = members[["run", "label", "order"]].merge(summary, on="run")
    ranked = rows.sort_values(["best_dev_acc_mean", "order"], ascending=[False, True]).reset_index(drop=True)
    best = ranked.iloc[0]
    runner = ranked.iloc[1] if len(ranked) > 1 else None
    gap = float(best["best_dev_acc_mean"] - runner["best_dev_acc_mean"]) if runner is not None else 0.0
    fixed = {p: rows[p].iloc[0] for p in PARAMS if rows[p].astype(str).nunique() == 1}
    return StudyFindings(
        study=study,
        title=str(members["title"].iloc[0]),
        vary=str(members["vary"].iloc[0]),
        ranked=ranked,
        best=best,
        runner_up=runner,
        gap=gap,
        separated=bool(runner is not None and best["best_dev_acc_min"] > runner["best_dev_acc_max"]),
        fixed=fixed,
        trends={r["label"]: loss_trend(epochs, r["run"]) for _, r in ranked.iterrows()},
        diverged=[r["label"] for _, r in ranked.iterrows() if r["diverged"] > 0],
        chance=[(r["label"], int(r["at_chance"]), int(r["seeds"])) for _, r in ranked.iterrows()
                if r["at_chance"] > 0],
    )
