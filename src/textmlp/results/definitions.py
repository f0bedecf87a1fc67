"""One definition for each word the findings use about training curves and comparisons.

The claims (:mod:`textmlp.results.claims`) are derived with these thresholds, their checker
(:mod:`textmlp.results.check`) recomputes them with the same thresholds, and the report's set-up
section states them from :data:`DEFINITIONS`, so the reader, the text and the check agree on what
"climbs", "unstable" or "resolved" means. All losses are mean cross-entropies (nats); "the mean
curve" is the mean over seeds at each epoch.
"""

from __future__ import annotations

import numpy as np

#: The dev loss climbs when the mean of its last END values is more than CLIMB above its lowest, reached at
#: least END epochs before the last (so a last-epoch spike is not a climb).
CLIMB = 0.01
END = 3
#: Train and dev loss end together when their last values differ by at most GAP.
GAP = 0.03
#: A seed's dev loss is unstable when it jumps by more than JUMP: rises that much from one epoch to the next and later
#: falls back by at least FALL_BACK of that rise (a rise that stays is a step of a climb, not a jump).
JUMP = 0.08
FALL_BACK = 0.5
#: Still improving: the last quarter's mean dev accuracy is more than RISING standard errors of the difference above
#: every earlier quarter, and by at least MIN_RISE (an accuracy); levelled off: at most LEVEL standard errors above
#: (in between, neither is said). MIN_RISE keeps a drift of a review or two on a very smooth curve from being called
#: improvement (review 109: 0.025 points over epochs 76-100 at 0.0001, a plateau by eye).
RISING = 2.0
LEVEL = 1.0
MIN_RISE = 0.001
#: A model has not finished training when its kept (best-dev) epoch averages within LATE epochs of the budget.
LATE = 1
#: A value within this fraction of its threshold is reported as at the threshold ("just above 0.08").
EDGE = 0.05
#: Two quantities equal to this many decimals are reported as equal (ties, rounding in the tables).
DECIMALS = 9


def jump_of(loss) -> float:
    """The largest jump of a loss curve (values in epoch order): the largest rise from one epoch to the next that the
    curve later falls back from by at least FALL_BACK of it; 0 when none does (a steady climb never falls back, and a
    rise at the last epoch has nothing after it to judge by)."""
    v = np.asarray(loss, dtype=float)
    if len(v) < 3:
        return 0.0
    rise = np.diff(v)  # rise[t - 1]: from epoch t - 1 to t
    later_low = np.minimum.accumulate(v[::-1])[::-1]  # later_low[t]: the lowest value from epoch t on
    back = np.full(len(v), -np.inf)
    back[:-1] = v[:-1] - later_low[1:]  # how far the curve falls below epoch t's value afterwards
    counted = (rise > 0) & (back[1:] >= FALL_BACK * rise)
    return float(rise[counted].max()) if counted.any() else 0.0


def largest_rise(loss) -> float:
    """The largest rise of a loss curve from one epoch to the next, whether or not it falls back (0 when it never
    rises)."""
    v = np.asarray(loss, dtype=float)
    return max(float(np.diff(v).max()), 0.0) if len(v) > 1 else 0.0


def erratic(mean_dev_loss) -> bool:
    """Whether a mean dev loss curve (indexed by epoch) jumps by more than JUMP (jump_of)."""
    return jump_of(mean_dev_loss) > JUMP


def at_edge(x: float, threshold: float) -> bool:
    """Whether ``x`` lies within EDGE of ``threshold`` (either side): the text says "just" above or under it."""
    return abs(x - threshold) <= EDGE * threshold


def swing_of(dev) -> float:
    """The largest one-epoch change of a mean dev loss curve (indexed by epoch) from its lowest epoch on: the noise
    a climb from there is set against (over the whole curve, the first epochs' fall hid a steady climb)."""
    after = dev.loc[int(dev.idxmin()) :]
    return float(after.diff().abs().max()) if len(after) > 1 else 0.0


def quarter_blocks(n: int) -> int:
    """The number of epochs in each block (quarter) the "still improving" test compares: a quarter of ``n``."""
    return max(n // 4, 1)


def block_rise(last, best) -> tuple[float, float]:
    """(the last block's mean minus the best earlier block's, the standard error of that difference): the two blocks'
    scatter of epochs about their own means (standard deviation, pooled) times sqrt(2/q) for q epochs a block."""
    last, best = np.asarray(last, dtype=float), np.asarray(best, dtype=float)
    q = len(last)
    spread = ((last.var(ddof=1) + best.var(ddof=1)) / 2) ** 0.5 if q > 1 else float("nan")
    return float(last.mean() - best.mean()), float(spread * (2 / q) ** 0.5)


def standard_error(accuracy: float, n: int) -> float:
    """Binomial standard error of an accuracy measured on ``n`` reviews."""
    return (accuracy * (1 - accuracy) / max(n, 1)) ** 0.5


def share_word(k: float) -> str:
    """0.5 -> 'half', for 'falls back by at least half that rise'."""
    return {0.5: "half", 0.25: "a quarter"}.get(k, f"{k:g} times")


def _such(k: float) -> str:
    return "one such standard error" if k == 1 else f"{k:g} such standard errors"


def times_word(k: float) -> str:
    return {2.0: "twice", 3.0: "three times"}.get(k, f"{k:g} times")


#: word -> its definition, in the words the set-up section prints (LaTeX).
DEFINITIONS = {
    "climbs": (
        f"the dev loss \\emph{{climbs}} when the mean of its last {END} values is more than {CLIMB:g} above its lowest "
        f"value, reached at least {END} epochs before the end; a configuration \\emph{{overfits}} when its mean dev "
        "loss climbs, so does the dev loss of most of its seeds, and its train loss ends below its value at the "
        "lowest dev loss; when the mean and most seeds disagree (one climbs, the other does not), the text says so; a "
        "climb smaller than the mean dev loss's own largest change between two epochs from its lowest point on shows "
        "\\emph{no clear trend}"
    ),
    "together": (
        f"train and dev loss \\emph{{end together}} when the dev loss does not climb and their last values differ by "
        f"at most {GAP:g}"
    ),
    "unstable": (
        f"a dev loss \\emph{{jumps}} when it rises by more than {JUMP:g} from one epoch to the next and later falls "
        f"back by at least {share_word(FALL_BACK)} that rise (a rise it never falls "
        "back from is a step of a climb, not a jump); a configuration is \\emph{unstable} when the dev loss of any of "
        "its seeds jumps; when the mean over seeds jumps too, the curve is too \\emph{erratic} to say whether it "
        f"overfits; a value within {100 * EDGE:g}\\% of its threshold is said to be \\emph{{just}} above or under it"
    ),
    "improving": (
        "a model is \\emph{still improving} at the end of the budget when its mean dev accuracy averaged over the "
        "last quarter of the epochs exceeds its average over every earlier quarter by more than "
        f"{times_word(RISING)} the standard error of that difference, "
        "$s\\sqrt{2/q}$ for quarters of $q$ epochs, with $s$ the standard "
        "deviation of the epochs' values about their quarter's average, pooled over the two quarters compared, "
        f"and by at least {100 * MIN_RISE:g} points "
        "(block averages, so neither a dip nor a last-epoch blip decides it); its dev accuracy has "
        f"\\emph{{levelled off}} when the last quarter exceeds the best earlier one by at most {_such(LEVEL)}, or "
        "not at all; in between, neither is said, nor of a curve too erratic to judge"
    ),
    "slow": (
        "a learning rate is \\emph{slow} when its dev accuracy has levelled off, but comes within one standard "
        "error of its last-quarter mean at a later epoch than at the rate dev chooses, and it ends resolved below "
        "another rate on test"
    ),
    "untrained": (
        "a seed's train loss \\emph{stays above chance level} when, averaged over each epoch, it exceeds $\\ln K$ at "
        "every epoch, the loss of giving each of the $K$ classes the same probability"
    ),
    "late": (
        f"a model \\emph{{has not finished training}} when its kept (best dev accuracy) epoch averages within {LATE} "
        "epoch of the budget's end, unless its dev accuracy has levelled off (the late best is then a small rise on a "
        "level curve); a model whose every seed keeps the last epoch has not finished, levelled or not"
    ),
    "resolved": (
        "a difference in test accuracy is \\emph{resolved} when its interval (above) excludes zero; otherwise the "
        "data cannot tell the two apart"
    ),
}

#: word -> the kinds of claim whose sentences use it: the set-up defines a word only where the text uses it
#: ("resolved" is always defined: the tables' intervals use it).
USED_BY = {
    "climbs": ("erratic", "overfits", "climbs", "mixed", "together", "above", "below"),
    "together": ("together",),
    "unstable": ("unstable", "stable", "erratic"),
    "improving": ("improving", "levelled", "late"),  # "has not finished" refers to "levelled off"
    "slow": ("settles",),
    "untrained": ("untrained",),
    "late": ("late",),
    "resolved": None,
}


def words_used(kinds) -> list[str]:
    """The defined words, in DEFINITIONS' order, that sentences resting on claims of ``kinds`` use."""
    kinds = set(kinds)
    return [w for w in DEFINITIONS if USED_BY[w] is None or kinds & set(USED_BY[w])]
