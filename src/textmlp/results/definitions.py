"""One definition for each word the findings use about training curves and comparisons.

The claims (:mod:`textmlp.results.claims`) are derived with these thresholds, their checker
(:mod:`textmlp.results.check`) recomputes them with the same thresholds, and the report's set-up
section states them from :data:`DEFINITIONS`, so the reader, the text and the check agree on what
"climbs", "unstable" or "resolved" means. All losses are mean cross-entropies (nats); "the mean
curve" is the mean over seeds at each epoch.
"""

from __future__ import annotations

#: The dev loss climbs when its last value is more than CLIMB above its lowest, reached at an earlier epoch.
CLIMB = 0.01
#: Train and dev loss end together when their last values differ by at most GAP.
GAP = 0.03
#: A seed's dev loss is unstable when it rises by more than JUMP from one epoch to the next.
JUMP = 0.08
#: The train loss stalls from epoch k when, after k, it never falls more than STALL below its value at k,
#: and k lies in the first half of the budget.
STALL = 0.01
#: Two quantities equal to this many decimals are reported as equal (ties, rounding in the tables).
DECIMALS = 9


def standard_error(accuracy: float, n: int) -> float:
    """Binomial standard error of an accuracy measured on ``n`` reviews."""
    return (accuracy * (1 - accuracy) / max(n, 1)) ** 0.5


#: word -> its definition, in the words the set-up section prints (LaTeX).
DEFINITIONS = {
    "climbs": (
        f"the dev loss \\emph{{climbs}} when its last value is more than {CLIMB:g} above its lowest, reached at an "
        "earlier epoch; the model \\emph{overfits} from that epoch when, in addition, its train loss ends below its "
        "value there"
    ),
    "together": f"train and dev loss \\emph{{end together}} when their last values differ by at most {GAP:g}",
    "unstable": (
        f"a dev loss is \\emph{{unstable}} when it rises by more than {JUMP:g} from one epoch to the next, judged "
        "seed by seed: a configuration is unstable when any of its seeds is"
    ),
    "stalls": (
        f"the train loss \\emph{{stalls}} from epoch $k$ when after $k$ it never falls more than {STALL:g} below its "
        "value at $k$, with $k$ in the first half of the epoch budget"
    ),
    "improving": (
        "a model is \\emph{still improving} at the end of the budget when its mean dev accuracy is highest at one of "
        "the last two epochs and exceeds its value half-way through by more than one standard error"
    ),
    "resolved": (
        "a difference in test accuracy is \\emph{resolved} when its interval (above) excludes zero; otherwise the "
        "data cannot tell the two apart"
    ),
}
