"""Each study's own question in sentences (depth, activation, learning rate,
input representation), and the :class:`Context` the findings may cite beyond a
study's table. :mod:`textmlp.report.writeup` puts them between the verdict and
the training dynamics; like it, every sentence is chosen by a measured fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from textmlp.config import BASELINE_VARIANTS
from textmlp.report.numbers import percent
from textmlp.report.words import (
    above,
    capital,
    config_words,
    count_word,
    depth,
    hidden_words,
    interval,
    join,
    number,
    points,
)
from textmlp.results.findings import StudyFindings, baseline_difference

#: A linear model within this much test accuracy (1 point) of the best MLP "separates nearly all" the input holds.
LINEAR_CLOSE = 0.01


@dataclass
class Context:
    """What a study's findings may cite beyond its own table."""

    n_test: int = 0
    baselines: pd.DataFrame | None = None  # baselines.csv
    comparisons: pd.DataFrame | None = None  # comparisons.csv
    level: float = 0.95  # of the comparisons' intervals
    others: Mapping[str, StudyFindings] = field(default_factory=dict)  # vary -> another study's facts
    sections: Mapping[str, str] = field(default_factory=dict)  # vary -> LaTeX label of its section


#: The ``inputs`` of the baseline that takes the MLP's own inputs (textmlp.train.baselines).
SAME_INPUTS = BASELINE_VARIANTS["model-inputs"]


def _depth(f: StudyFindings, ctx: Context) -> list[str]:
    rows = f.ranked
    depths = rows["hidden"].map(depth)
    deepest = rows.loc[depths.idxmax()]
    out = []
    linear = rows[depths == 0]
    if depth(f.best["hidden"]) == 0:
        out.append("No hidden layer beats the linear model on dev, so depth does not help on these inputs.")
    elif not linear.empty and linear.iloc[0]["label"] in f.diffs:
        d = f.diffs[linear.iloc[0]["label"]]
        out.append(
            (
                "Hidden layers help, but little: "
                if d.resolved and d.diff > 0
                else "Hidden layers do not measurably help: "
            )
            + f"on test the structure dev chose is {above(d, 'the linear model')} ({interval(d)})."
        )
    rank = int(depths.idxmax()) + 1
    if depths.max() > 0 and rank > 1:
        text = (
            f"Deeper is not always better: the deepest model, with {hidden_words(deepest['hidden'])}, "
            f"ranks {rank} of {len(rows)} on dev"
        )
        d = f.diffs.get(deepest["label"])
        if d is not None and not d.resolved:
            text += " (a rank its test interval does not resolve)"
        budget = f.trends[deepest["label"]].epochs
        if f.plateaus and f.plateaus[deepest["label"]] > budget / 2:
            text += (
                f"; at learning rate {float(deepest['lr']):g} its dev accuracy levels off only at epoch "
                f"{f.plateaus[deepest['label']]} of {budget}, so its rank reflects the epoch budget as much as "
                "its depth"
            )
        out.append(text + ".")
    why = []
    base = baseline_difference(ctx.comparisons, f.best["run"], ctx.level) if ctx.comparisons is not None else None
    if base is not None:
        why.append(
            f"the best structure is {above(base, 'logistic regression on the same averaged vectors')} "
            f"on test ({interval(base)})"
        )
    span = 100 * (rows["test_acc_mean"].max() - rows["test_acc_mean"].min())
    rep = ctx.others.get("embedding")
    mine = str(f.fixed.get("embedding", ""))
    ours = rep.ranked[rep.ranked["embedding"] == mine] if rep is not None else pd.DataFrame()
    if rep is not None and not ours.empty and ours.iloc[0]["label"] in rep.diffs:
        gain = 100 * rep.diffs[ours.iloc[0]["label"]].diff
        if gain > span:
            where = f" (Section~\\ref{{{ctx.sections['embedding']}}})" if "embedding" in ctx.sections else ""
            text = (
                f"the best input{where} is {number(gain)} points above these averaged vectors on test, where "
                f"the {count_word(len(rows))} structures span {number(span)}"
            )
            lr_gain = logistic_gain(ctx.baselines, mine, str(rep.best["embedding"]))
            if lr_gain is not None:
                text += f" (logistic regression, whose recipe does not change, gains {number(100 * lr_gain)})"
            why.append(text)
            close = base is not None and abs(base.diff) < LINEAR_CLOSE
            out.append(
                "The reason lies in the input: " + "; and ".join(why) + ". The averaged word vector, "
                "not the classifier's depth, limits accuracy here: an average keeps which words a review "
                "uses and loses their order and context"
                + (", and a linear boundary already separates nearly all of what it keeps." if close else ".")
            )
            return out
    if why:
        out.append(capital(why[0]) + ".")
    return out


def logistic_gain(baselines: pd.DataFrame | None, low: str, high: str) -> float | None:
    """Test accuracy of logistic regression on input ``high`` minus on ``low`` (same inputs as the MLPs)."""
    if baselines is None or baselines.empty:
        return None
    same = baselines[baselines["inputs"] == SAME_INPUTS].set_index("embedding")
    if low not in same.index or high not in same.index:
        return None
    return float(same.loc[high, "test_acc"] - same.loc[low, "test_acc"])


def _activations(f: StudyFindings, ctx: Context) -> list[str]:
    out = []
    worst = f.ranked.iloc[-1]
    out.append(f"The weakest on dev is {config_words(f, worst['label'])} ({percent(worst['best_dev_acc_mean'])}).")
    best_trend = f.trends[f.best["label"]]
    for label in f.unstable:
        t = f.trends[label]
        text = f"The dev loss of {config_words(f, label)} jumps by up to {t.max_jump:.2f} from one epoch to the next"
        if t.final_train > best_trend.final_train + 0.01:
            text += (
                f", and its train loss ends higher than that of {config_words(f, f.best['label'])} "
                f"({t.final_train:.3f} against {best_trend.final_train:.3f}): the optimisation, not "
                "overfitting, is what goes wrong"
            )
        text += "."
        if str(f.ranked.loc[f.ranked["label"] == label, "activation"].iloc[0]) == "tanh":
            text += (
                " A likely reason: tanh's slope at zero is 1, four times sigmoid's, and Adam moves each "
                "weight by about the learning rate whatever the gradient's size, so the same step changes a "
                "tanh unit's output up to four times as much; the learning rate of this recipe acts as a "
                "larger one for tanh"
                + (
                    f" (compare the large learning rates in Section~\\ref{{{ctx.sections['lr']}}})"
                    if "lr" in ctx.sections
                    else ""
                )
                + "."
            )
        out.append(text)
    return out


def _learning_rates(f: StudyFindings, ctx: Context) -> list[str]:
    rows = f.ranked.assign(_lr=f.ranked["lr"].astype(float)).sort_values("_lr")
    out = []
    small, large = rows.iloc[0], rows.iloc[-1]
    bt = f.trends[f.best["label"]]
    if small["label"] != f.best["label"]:
        st = f.trends[small["label"]]
        budget = st.epochs
        slow = []
        if st.low_epoch >= budget - 1:
            slow.append(f"its dev loss is still falling at epoch {budget}")
        if small["best_epoch_mean"] >= 0.85 * budget:
            slow.append(f"its best epoch averages {small['best_epoch_mean']:.1f} of {budget}")
        if f.plateaus and f.plateaus[small["label"]] > budget / 2:
            slow.append(f"its dev accuracy levels off only at epoch {f.plateaus[small['label']]}")
        d = f.diffs.get(small["label"])
        if slow:
            text = f"Too small: at {float(small['lr']):g} " + join(slow) + ", so the budget ends before it converges"
            if d is not None and d.resolved and d.diff > 0:
                text += f", {points(d.diff)} below the best on test ({interval(d)})"
            out.append(text + ".")
        else:
            out.append(
                f"Even the smallest rate, {float(small['lr']):g}, converges within the budget (Adam scales "
                "each weight's step by its own gradient history, so a small rate is less slow than with "
                "plain gradient descent)."
            )
    if large["label"] != f.best["label"]:
        lt = f.trends[large["label"]]
        signs = []
        if lt.unstable:
            signs.append(f"the dev loss jumps by up to {lt.max_jump:.2f} from one epoch to the next")
        if lt.final_train > bt.final_train + 0.01:
            signs.append(
                f"the train loss stops falling at {lt.final_train:.3f} ({bt.final_train:.3f} at the best rate)"
            )
        if large["label"] in [lab for lab, *_ in f.chance]:
            signs.append("some seeds never leave chance level")
        if large["label"] in f.diverged:
            signs.append("some runs diverge")
        lead = f"Too large: at {float(large['lr']):g} "
        if signs:
            text = lead + join(signs)
            if not lt.unstable and large["label"] not in f.diverged:
                text += ", though no run becomes unstable within the range tried"
            out.append(text + ".")
        else:
            out.append(f"Even the largest rate, {float(large['lr']):g}, trains without instability within this budget.")
    return out


def _representations(f: StudyFindings, ctx: Context) -> list[str]:
    out = []
    rows = f.ranked
    worst = rows.iloc[-1]
    if f.best["label"] in f.diffs or worst["label"] in f.diffs:
        d = f.diffs.get(worst["label"])
        if d is not None:
            spans = [
                100 * (o.ranked["test_acc_mean"].max() - o.ranked["test_acc_mean"].min())
                for v, o in ctx.others.items()
                if v != "embedding"
            ]
            text = (
                f"On test the best input is {above(d, 'the weakest, ' + config_words(f, worst['label']))} "
                f"({interval(d)})"
            )
            if spans and d.resolved and 100 * d.diff > max(spans):
                text += (
                    f", more than the configurations of any other study differ from each other on test (at "
                    f"most {number(max(spans))} points)"
                )
            out.append(text + ".")
    return out


STUDY_QUESTIONS = {"hidden": _depth, "activation": _activations, "lr": _learning_rates, "embedding": _representations}
