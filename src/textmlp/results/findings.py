"""What the results say, as structured facts computed from the tables.

The report's findings are rendered from these facts (:mod:`textmlp.report.writeup`),
so the prose can only state what the tables and figures show, and the facts
are tested on small synthetic tables built to show each case. The rules:

- Ranking: configurations are ranked by mean best-dev accuracy over seeds (dev
  chooses, test only reports); an exact tie is broken by the study's order
  (the configuration listed first wins) and reported as a tie.
- Differences: best minus each other configuration in test accuracy, with a
  95% interval from a paired bootstrap over test reviews and seeds
  (:mod:`textmlp.results.compare`, table ``comparisons.csv``); *resolved* when the
  interval excludes zero.
- Overfitting from epoch k: the mean dev loss is lowest at k and then climbs
  (smoothed, more than OVERFIT_RISE and more than its largest single jump)
  while the train loss keeps falling.
- Instability: the mean dev loss rises by more than UNSTABLE_JUMP from one
  epoch to the next; a fall, however large, is progress.
- Plateau: the first epoch whose mean dev accuracy is within one standard
  error of the configuration's best mean dev accuracy.
- Bimodal: some seeds never left chance level while others learned.
- Dev/test disagreement: the best configuration's dev and test accuracy differ
  by more than a 95% interval of that difference (both splits' sampling).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from textmlp.config import PARAMETERS

#: Overfitting: the smoothed (SMOOTH epochs, so one spike does not count) mean
#: dev loss ends more than OVERFIT_RISE above its minimum, by more than its
#: largest single jump (a steady climb), and above the train loss by OVERFIT_GAP.
SMOOTH = 3
OVERFIT_GAP = 0.03
OVERFIT_RISE = 0.01
#: Instability: the mean dev loss rises by more than this from one epoch to the next.
UNSTABLE_JUMP = 0.08
#: Two mean accuracies closer than this are equal (they are means of counts over
#: a few thousand reviews, so equal counts can differ only by rounding).
TIE = 1e-9
Z95 = 1.959963984540054


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
    train_falls: bool = True  # train loss at the end below its value at the dev loss's lowest epoch
    jump_epoch: int = 0  # epoch at whose end the largest rise of the dev loss is seen

    @property
    def overfits(self) -> bool:
        """A sustained climb of the dev loss while the train loss keeps falling."""
        return (
            self.final_gap > OVERFIT_GAP and self.rise > OVERFIT_RISE and self.rise > self.max_jump and self.train_falls
        )

    @property
    def overfit_from(self) -> int | None:
        """The epoch after which the dev loss climbs (its lowest), when it overfits."""
        return self.low_epoch if self.overfits else None

    @property
    def gap_only(self) -> bool:
        """Dev loss well above train loss at the end, without the sustained climb of overfitting."""
        return self.final_gap > OVERFIT_GAP and not self.overfits

    @property
    def unstable(self) -> bool:
        return self.max_jump > UNSTABLE_JUMP


def loss_trend(epochs: pd.DataFrame, run: str) -> LossTrend:
    mean = epochs[epochs["run"] == run].groupby(["split", "epoch"])["loss"].mean().unstack("split").sort_index()
    if "dev" not in mean or not (mean["dev"].abs() < math.inf).any():
        # issue 24.8: no finite dev loss (every seed diverged at once): no trend to tell
        return LossTrend(final_gap=math.nan, min_epoch=0, rise=0.0, max_jump=0.0, epochs=len(mean))
    dev, train = mean["dev"], mean["train"]
    smooth = dev.rolling(SMOOTH, min_periods=1).mean()
    rises = dev.diff()
    max_jump = max(float(rises.max()), 0.0) if len(mean) > 1 else 0.0
    low = int(dev.idxmin())
    return LossTrend(
        final_gap=float(dev.iloc[-1] - train.iloc[-1]),
        min_epoch=int(smooth.idxmin()),
        rise=float(smooth.iloc[-1] - smooth.min()),
        max_jump=max_jump,
        epochs=int(mean.index.max()),
        final_train=float(train.iloc[-1]),
        low_epoch=low,
        climb=float(dev.iloc[-1] - dev.min()),
        train_falls=bool(train.iloc[-1] < train.loc[low]),
        jump_epoch=int(rises.idxmax()) if max_jump > 0 else 0,
    )


def plateau_epoch(epochs: pd.DataFrame, run: str, n_dev: int) -> int:
    """First epoch whose mean dev accuracy is within one standard error
    (binomial, ``n_dev`` reviews) of the best mean dev accuracy of ``run``."""
    acc = epochs[(epochs["run"] == run) & (epochs["split"] == "dev")].groupby("epoch")["accuracy"].mean()
    best = float(acc.max())
    se = math.sqrt(best * (1 - best) / max(n_dev, 1))
    return int(acc[acc >= best - se].index.min())


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


def baseline_difference(comparisons: pd.DataFrame, run: str, level: float = 0.95) -> Difference | None:
    """The MLP configuration ``run`` minus logistic regression on the same input, if compared."""
    if "run_a" not in comparisons:
        return None
    rows = comparisons[(comparisons["kind"] == "baseline") & (comparisons["run_a"] == run)]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Difference(
        str(r["label_a"]), str(r["label_b"]), float(r["diff"]), float(r["low"]), float(r["high"]), float(r["se"]), level
    )


@dataclass(frozen=True)
class DevTest:
    """The best configuration's mean dev accuracy minus its mean test accuracy,
    against the half-width of a 95% interval for that difference (binomial
    sampling of both splits; the spread over seeds added in variance)."""

    dev: float
    test: float
    half_width: float

    @property
    def disagree(self) -> bool:
        return abs(self.dev - self.test) > self.half_width


def dev_test(best: pd.Series, n_dev: int, n_test: int) -> DevTest:
    dev, test = float(best["best_dev_acc_mean"]), float(best["test_acc_mean"])
    seeds = max(int(best["seeds"]), 1)
    spread = sum(0.0 if pd.isna(best[c]) else float(best[c]) ** 2 for c in ("best_dev_acc_std", "test_acc_std"))
    var = dev * (1 - dev) / max(n_dev, 1) + test * (1 - test) / max(n_test, 1) + spread / seeds
    return DevTest(dev, test, Z95 * math.sqrt(var))


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
    trends: dict[str, LossTrend]  # label -> loss trend
    plateaus: dict[str, int] = field(default_factory=dict)  # label -> plateau epoch
    diffs: dict[str, Difference] = field(default_factory=dict)  # other label -> best minus it (test)
    diverged: list[str] = field(default_factory=list)  # labels with a diverged seed
    chance: list[tuple[str, int, int]] = field(default_factory=list)  # (label, seeds at chance, seeds)
    dev_test: DevTest | None = None
    level: float = 0.95  # of the intervals in ``diffs``
    display: dict[str, str] = field(default_factory=dict)  # label -> how the text names it, where not the label

    @property
    def bimodal(self) -> list[str]:
        """Configurations some of whose seeds stayed at chance level while others learned."""
        return [label for label, stuck, seeds in self.chance if 0 < stuck < seeds]

    @property
    def resolved(self) -> list[str]:
        """Other configurations whose test accuracy the best's exceeds (or trails) with an interval excluding 0."""
        return [label for label, d in self.diffs.items() if d.resolved]

    @property
    def unresolved(self) -> list[str]:
        return [label for label, d in self.diffs.items() if not d.resolved]

    @property
    def overfitting(self) -> list[str]:
        return [label for label, t in self.trends.items() if t.overfits]

    @property
    def unstable(self) -> list[str]:
        return [label for label, t in self.trends.items() if t.unstable]


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
    """The facts of one study; ``comparisons`` (comparisons.csv) gives the intervals,
    ``n_dev``/``n_test`` the split sizes for the plateau and dev/test facts."""
    members = studies[studies["study"] == study]
    ranked = rank(members[["run", "label", "order"]].merge(summary, on="run"))
    ranked["label"] = ranked["label"].astype(str)
    best = ranked.iloc[0]
    runner = ranked.iloc[1] if len(ranked) > 1 else None
    gap = float(best["best_dev_acc_mean"] - runner["best_dev_acc_mean"]) if runner is not None else 0.0
    fixed = {p: ranked[p].iloc[0] for p in PARAMETERS if ranked[p].astype(str).nunique() == 1}
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
        trends={r["label"]: loss_trend(epochs, r["run"]) for _, r in in_order.iterrows()},
        plateaus={r["label"]: plateau_epoch(epochs, r["run"], n_dev) for _, r in in_order.iterrows()} if n_dev else {},
        diffs=differences(comparisons, study, best["label"], level) if comparisons is not None else {},
        diverged=[r["label"] for _, r in in_order.iterrows() if r["diverged"] > 0],
        chance=[
            (r["label"], int(r["at_chance"]), int(r["seeds"])) for _, r in in_order.iterrows() if r["at_chance"] > 0
        ],
        dev_test=dev_test(best, n_dev, n_test) if n_dev and n_test else None,
        level=level,
    )
