"""The findings as claims: small records of what the tables show, each checkable.

The report writes sentences only from claims (:mod:`textmlp.report.writeup`), and
:mod:`textmlp.results.check` recomputes every claim from the tables before the report is
built, so a sentence cannot say what the data do not. A claim names its kind (one of
:data:`KINDS`, each defined once in :mod:`textmlp.results.definitions`), the study it
belongs to, its subjects (run names) and the numbers it rests on. ``scope="all"`` marks a
quantified claim ("every structure ..."): its subjects must be every configuration of
the study, which the checker verifies.

Inputs are the aggregated tables: ``summary`` (one row per configuration), ``studies``
(which run is in which study, in what order), ``epochs`` (long: run, seed, epoch, split,
loss, accuracy), ``comparisons`` (paired bootstrap of test accuracy) and, optionally,
``gradients`` (run, seed, epoch, layer, grad_rms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from textmlp.baseline_grid import BASELINE_VARIANTS, baseline_name, variant_of
from textmlp.results.definitions import (
    CLIMB,
    END,
    GAP,
    JUMP,
    LATE,
    LEVEL,
    MIN_RISE,
    RISING,
    block_rise,
    erratic,
    jump_of,
    largest_rise,
    quarter_blocks,
    standard_error,
    swing_of,
)

#: Every kind of claim, with what it asserts (the checker has one test per kind).
KINDS = {
    "best_dev": "the subject has the highest mean dev accuracy of its study (ties: the one listed first), 'lead' "
    "above the runner-up's; 'se' the standard error of a dev accuracy at its level",
    "best_test": "the subject has the highest mean test accuracy of its study",
    "resolved_set": "against the reference (first subject), exactly the runs in 'above' are resolved above it and "
    "exactly those in 'below' are resolved below it, among every other configuration of the study",
    "baseline": "the subject's test accuracy minus logistic regression on the same inputs, as in comparisons.csv",
    "erratic": "the mean dev loss jumps by more than JUMP (definitions.jump_of): too unstable to judge a trend",
    "overfits": "the mean dev loss climbs from its lowest epoch k, most seeds' dev loss climbs too, and the mean "
    "train loss ends below its value at k",
    "climbs": "the mean dev loss climbs from its lowest epoch k, most seeds' dev loss climbs too, and the train "
    "loss does not end below its value at k",
    "mixed": "the mean dev loss climbs, but at most half of the seeds' dev losses do ('seeds' of them)",
    "together": "the mean dev loss does not climb, and mean train and dev loss end within GAP",
    "above": "the mean dev loss does not climb, and ends more than GAP above the mean train loss",
    "below": "the mean dev loss does not climb, and ends more than GAP below the mean train loss",
    "unstable": "at least one seed's dev loss jumps by more than JUMP: rises that much between two epochs and later "
    "falls back by at least FALL_BACK of the rise ('seeds' of them; 'max_jump' the largest such jump, 'min_shaky' the "
    "smallest such seed's largest jump; 'max_rise' the largest rise of any seed, jump or not)",
    "stable": "no seed's dev loss jumps by more than JUMP ('max_jump' the largest rise of any seed between two epochs; "
    "one above JUMP is a step of a climb: the loss never falls back by FALL_BACK of it)",
    "improving": "the mean dev accuracy averaged over the last quarter of the epochs exceeds its average over every "
    "earlier quarter (the highest: 'acc_before') by more than RISING standard errors of that difference ('se', "
    "definitions.block_rise) and by at least MIN_RISE; judged only where the mean dev loss is not erratic",
    "settles": "the first epoch at which the mean dev accuracy comes within one standard error of its average over "
    "the last quarter of the epochs ('epoch'; 'target' = that average minus 'se')",
    "levelled": "on the numbers of 'improving': the last quarter's mean dev accuracy exceeds the highest earlier "
    "quarter's by at most LEVEL standard errors of that difference, or not at all",
    "best_epoch": "the kept (best-dev) epoch, averaged over seeds",
    "kept": "at each seed's kept epoch (runs.csv), its train loss ('train'), its dev loss minus that train loss "
    "('gap') and, where recorded, the kept model's test loss ('test'), averaged over seeds",
    "recipes": "the learning rate of each configuration ('lr'), where they differ within a study of another parameter",
    "late": "the kept epoch averages within LATE epochs of the budget's end: training had not finished",
    "baseline_acc": "logistic regression's test accuracy on the subject's input (the MLP's own inputs), baselines.csv",
    "variant_gain": "logistic regression's test accuracy on the subject's own inputs minus that on another variant "
    "of the same input ('inputs'), baselines.csv; with the paired bootstrap interval of that difference ('low', "
    "'high'), comparisons.csv, where the table has it",
    "chance": "'stuck' of the subject's seeds never left chance level",
    "untrained": "exactly the seeds in 'seeds' (of 'of') keep a train loss above 'chance' = ln(classes), an even "
    "guess's loss, at every epoch ('lowest': the smallest train loss any of them reaches; 'best_dev': each one's "
    "highest dev accuracy)",
    "diverged": "'seeds' of the subject's seeds diverged",
    "gradients": "the weight gradient's root mean square per layer, averaged over seeds and epochs",
    "dev_gap": "over the subjects (every configuration of every study): the mean of each one's mean dev accuracy "
    "minus its mean test accuracy ('mean'), the smallest and largest such gap ('low', 'high') and how many are "
    "negative ('below', of 'of')",
}

#: The ``study`` of a claim about the configurations of every study at once (the set-up's dev-test gap).
EVERY_STUDY = "*"

#: The ``inputs`` of the logistic regression that sees what the MLP sees (textmlp.train.baselines).
SAME_INPUTS = BASELINE_VARIANTS["model-inputs"]

#: The trend kinds of one configuration's loss curves: exactly one of them holds.
SHAPE_KINDS = ("erratic", "overfits", "climbs", "mixed", "together", "above", "below")


@dataclass(frozen=True)
class Claim:
    kind: str
    study: str
    subjects: tuple[str, ...]
    numbers: Mapping[str, Any] = field(default_factory=dict)
    scope: str = "some"  # "all": the subjects are every configuration of the study

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown claim kind {self.kind!r}")

    @property
    def subject(self) -> str:
        return self.subjects[0]


# --- curves of one configuration, from the long epochs table ---------------------------------


def _finite(epochs: pd.DataFrame, run: str) -> pd.DataFrame:
    rows = epochs[epochs["run"] == run]
    return rows[np.isfinite(rows["loss"].astype(float))]


def mean_curves(epochs: pd.DataFrame, run: str) -> pd.DataFrame:
    """Index epoch; columns train, dev (mean loss over seeds) and dev_acc (mean dev accuracy)."""
    rows = _finite(epochs, run)
    loss = rows.groupby(["epoch", "split"])["loss"].mean().unstack("split")
    acc = rows[rows["split"] == "dev"].groupby("epoch")["accuracy"].mean().rename("dev_acc")
    return loss.join(acc).sort_index().dropna()


def seed_jumps(epochs: pd.DataFrame, run: str) -> pd.DataFrame:
    """Per seed (index), the largest jump of its dev loss ('jump', definitions.jump_of) and its largest rise from one
    epoch to the next, jump or not ('rise'); 0 when none."""
    dev = _finite(epochs, run)
    dev = dev[dev["split"] == "dev"].sort_values("epoch")
    losses = {seed: g.to_numpy() for seed, g in dev.groupby("seed")["loss"]}
    return pd.DataFrame(
        {"jump": [jump_of(v) for v in losses.values()], "rise": [largest_rise(v) for v in losses.values()]},
        index=list(losses),
    )


def climb_of(dev: pd.Series) -> tuple[int, float]:
    """(epoch of the lowest value, mean of the last END values minus that lowest value); the climb counts
    only when the lowest value comes at least END epochs before the last (else 0)."""
    low = int(dev.idxmin())
    end = float(dev.iloc[-END:].mean())
    climb = end - float(dev.min()) if low <= int(dev.index.max()) - END else 0.0
    return low, climb


def seeds_climbing(epochs: pd.DataFrame, run: str) -> tuple[int, int, list[int]]:
    """(seeds whose own dev loss climbs, seeds, each seed's epoch of lowest dev loss in seed order)."""
    dev = _finite(epochs, run)
    dev = dev[dev["split"] == "dev"].sort_values("epoch")
    each = [climb_of(g.set_index("epoch")["loss"]) for _, g in dev.groupby("seed")]
    return sum(climb > CLIMB for _, climb in each), len(each), [low for low, _ in each]


def shape_claim(study: str, run: str, curves: pd.DataFrame, epochs: pd.DataFrame) -> Claim:
    """Which of SHAPE_KINDS the run's loss curves show."""
    dev, train = curves["dev"], curves["train"]
    low, climb = climb_of(dev)
    gap = float(dev.iloc[-1] - train.iloc[-1])
    up, seeds, lows = seeds_climbing(epochs, run)
    numbers = {"epochs": int(dev.index.max()), "low_epoch": low, "dev_low": float(dev.min()), "climb": climb}
    numbers |= {"train_low": float(train.loc[low]), "train_end": float(train.iloc[-1]), "gap": gap}
    numbers |= {"seeds": up, "of": seeds, "seed_lows": lows}
    numbers["swing"] = swing_of(dev)
    if erratic(dev):
        kind = "erratic"
    elif climb > CLIMB:
        kind = "mixed" if 2 * up <= seeds else "overfits" if train.iloc[-1] < train.loc[low] else "climbs"
    else:
        kind = "together" if abs(gap) <= GAP else "above" if gap > 0 else "below"
    return Claim(kind, study, (run,), numbers)


def improving_claim(study: str, run: str, curves: pd.DataFrame) -> Claim | None:
    """``improving`` when the mean dev accuracy's last quarter of epochs averages more than RISING standard errors of
    the difference above every earlier quarter (definitions.quarter_blocks, block_rise), ``levelled`` when at most
    LEVEL above; none in between, nor for quarters of one epoch (no scatter to measure: fewer than eight epochs)."""
    acc = curves["dev_acc"]
    q = quarter_blocks(len(acc))
    if len(acc) < 4 or q < 2:
        return None
    blocks = [acc.iloc[len(acc) - (k + 1) * q : len(acc) - k * q] for k in range(len(acc) // q)]
    last, best = blocks[0], max(blocks[1:], key=lambda b: float(b.mean()))
    rise, se = block_rise(last, best)
    kind = "improving" if rise > RISING * se and rise >= MIN_RISE else "levelled" if rise <= LEVEL * se else None
    if kind is None:
        return None
    epochs = {"from_epoch": int(best.index[0]), "to_epoch": int(best.index[-1])}
    epochs |= {"last_from": int(last.index[0]), "end_epoch": int(last.index[-1])}
    means = {"acc_before": float(best.mean()), "acc_last": float(last.mean()), "se": se}
    return Claim(kind, study, (run,), epochs | means)


def untrained_claim(study: str, run: str, epochs: pd.DataFrame, n_classes: int) -> Claim | None:
    """``untrained`` when any seed's train loss, averaged over each epoch, stays above ln(n_classes) (an even guess's
    loss) at every epoch; with each such seed's best dev accuracy, which can be high all the same: the loss is paid
    while the weights swing within an epoch, the accuracy is measured on the weights at its end."""
    rows = _finite(epochs, run)
    chance = math.log(n_classes)
    lowest = rows[rows["split"] == "train"].groupby("seed")["loss"].min()
    stuck = lowest[lowest > chance]
    if stuck.empty:
        return None
    best = rows[rows["split"] == "dev"].groupby("seed")["accuracy"].max()  # what its best epoch scores all the same
    numbers = {"seeds": [int(k) for k in stuck.index], "of": len(lowest), "lowest": float(stuck.min())}
    numbers |= {"best_dev": [float(best.get(k, float("nan"))) for k in stuck.index]}
    return Claim("untrained", study, (run,), numbers | {"chance": chance})


def kept_claim(study: str, run: str, epochs: pd.DataFrame, runs: pd.DataFrame) -> Claim | None:
    """``kept``: the train loss and the dev-train gap at each seed's kept epoch, averaged over seeds (what the model
    the report scores had fitted, not the last epoch's); none where a seed kept no epoch or lacks its losses there."""
    kept = runs[runs["run"] == run][["seed", "best_epoch"]].rename(columns={"best_epoch": "epoch"})
    if kept.empty or not np.isfinite(kept["epoch"].astype(float)).all():
        return None
    rows = epochs[epochs["run"] == run].merge(kept, on=["seed", "epoch"])
    loss = rows.pivot_table(index="seed", columns="split", values="loss")
    if len(loss) != len(kept) or not {"train", "dev"} <= set(loss) or not np.isfinite(loss.to_numpy()).all():
        return None
    numbers = {"train": float(loss["train"].mean()), "gap": float((loss["dev"] - loss["train"]).mean())}
    test = runs[runs["run"] == run]["test_loss"] if "test_loss" in runs else pd.Series(dtype=float)
    if len(test) == len(kept) and np.isfinite(test.astype(float)).all():  # the kept model's loss on test, alike
        numbers["test"] = float(test.astype(float).mean())
    return Claim("kept", study, (run,), numbers)


def configuration_claims(study: str, run: str, epochs: pd.DataFrame, n_dev: int, n_classes: int = 2) -> list[Claim]:
    """The trend claims of one configuration (none when it has no finite loss)."""
    curves = mean_curves(epochs, run)
    if len(curves) < 2 or not {"train", "dev"} <= set(curves):
        return []
    out = [shape_claim(study, run, curves, epochs)]
    untrained = untrained_claim(study, run, epochs, n_classes)
    if untrained is not None:
        out.append(untrained)
    each = seed_jumps(epochs, run)
    jumps, rises = each["jump"], each["rise"]
    shaky = jumps[jumps > JUMP]
    numbers = {"seeds": len(shaky), "of": len(jumps), "max_rise": float(rises.max())}
    numbers["mean_jump"] = jump_of(curves["dev"].to_numpy())
    if len(shaky):  # the smallest jump that counts: a seed only just over the threshold is said to be (review 15)
        numbers |= {"max_jump": float(shaky.max()), "min_shaky": float(shaky.min())}
    else:  # the largest rise, said beside 'no seed jumps'; above JUMP only as a step of a climb (review 105)
        numbers["max_jump"] = float(rises.max())
    out.append(Claim("unstable" if len(shaky) else "stable", study, (run,), numbers))
    acc = curves["dev_acc"]
    if len(acc) >= 4:  # how soon the dev accuracy reaches the level it ends at: a slow rate takes longer
        se = standard_error(float(acc.max()), n_dev)
        target = float(acc.iloc[-quarter_blocks(len(acc)) :].mean()) - se
        reached = acc[acc >= target]
        if not reached.empty:
            out.append(Claim("settles", study, (run,), {"epoch": int(reached.index[0]), "target": target, "se": se}))
    improving = improving_claim(study, run, curves)
    if improving is not None and out[0].kind != "erratic":  # an erratic curve's accuracy trend is noise
        out.append(improving)
    return out


# --- a study's ranking and comparisons ------------------------------------------------------


def members(studies: pd.DataFrame, study: str) -> pd.DataFrame:
    """The study's rows (run, label, order), in its order."""
    return studies[studies["study"] == study].sort_values("order")


def _row(comparisons: pd.DataFrame, study: str, a: str, b: str, kind: str = "configuration") -> dict | None:
    """The comparison of ``a`` minus ``b`` (flipped when stored the other way round)."""
    rows = comparisons[(comparisons["kind"] == kind) & (comparisons["study"] == study)]
    for sign, x, y in ((1, a, b), (-1, b, a)):
        hit = rows[(rows["run_a"] == x) & (rows["run_b"] == y)]
        if not hit.empty:
            r = hit.iloc[0]
            lo, hi = (float(r["low"]), float(r["high"])) if sign > 0 else (-float(r["high"]), -float(r["low"]))
            return {"diff": sign * float(r["diff"]), "low": lo, "high": hi}
    return None


def variant_pair(comparisons: pd.DataFrame | None, embedding: str, inputs: str) -> pd.Series | None:
    """The comparisons.csv row of logistic regression on ``embedding``'s model inputs against its ``inputs`` variant
    (baselines.csv's wording), when the table has it with an interval."""
    if comparisons is None or "run_a" not in comparisons:
        return None
    rows = comparisons[
        (comparisons["kind"] == "variant")
        & (comparisons["run_a"] == baseline_name(embedding, "model-inputs"))
        & (comparisons["run_b"] == baseline_name(embedding, variant_of(inputs)))
    ]
    if rows.empty or not np.isfinite(float(rows.iloc[0]["low"])):
        return None
    return rows.iloc[0]


def resolved_set(study: str, reference: str, runs: Sequence[str], comparisons: pd.DataFrame) -> Claim | None:
    """Which other configurations are resolved above and below ``reference`` on test."""
    above, below, diffs = [], [], {}
    for run in runs:
        if run == reference:
            continue
        d = _row(comparisons, study, run, reference)
        if d is None:
            return None
        diffs[run] = d
        if d["low"] > 0:
            above.append(run)
        elif d["high"] < 0:
            below.append(run)
    return Claim("resolved_set", study, (reference,), {"above": above, "below": below, "diffs": diffs})


def study_claims(
    study: str,
    summary: pd.DataFrame,
    studies: pd.DataFrame,
    epochs: pd.DataFrame,
    comparisons: pd.DataFrame | None,
    n_dev: int,
    gradients: pd.DataFrame | None = None,
    baselines: pd.DataFrame | None = None,
    n_classes: int = 2,
    runs_table: pd.DataFrame | None = None,
) -> list[Claim]:
    """Every claim about one study (``baselines``: baselines.csv, for logistic regression's accuracy;
    ``n_classes``: the data's, whose even guess sets the 'untrained' level)."""
    rows = members(studies, study)[["run", "order"]].merge(summary, on="run")
    runs = list(rows["run"])
    out: list[Claim] = []
    ranked = rows.sort_values(["best_dev_acc_mean", "order"], ascending=[False, True], kind="stable")
    best = str(ranked.iloc[0]["run"])
    second = ranked.iloc[1] if len(ranked) > 1 else None
    # the lead over the runner-up, where the runner-up kept an epoch (a run whose seeds all diverged has no dev mean)
    gap = None if second is None else float(ranked.iloc[0]["best_dev_acc_mean"] - second["best_dev_acc_mean"])
    lead = gap if gap is not None and math.isfinite(gap) else None
    out.append(
        Claim(
            "best_dev",
            study,
            (best,),
            {
                "dev": float(ranked.iloc[0]["best_dev_acc_mean"]),
                "test": float(ranked.iloc[0]["test_acc_mean"]),
                "runner_up": None if second is None else str(second["run"]),
                "tie": bool(second is not None and second["best_dev_acc_mean"] == ranked.iloc[0]["best_dev_acc_mean"]),
                # how far ahead on dev, against the standard error of a dev accuracy at the best's level
                "lead": lead,
                "se": standard_error(float(ranked.iloc[0]["best_dev_acc_mean"]), n_dev),
            },
        )
    )
    lrs = {str(r["run"]): float(r["lr"]) for _, r in rows.iterrows()}
    if len(set(lrs.values())) > 1 and str(studies[studies["study"] == study]["vary"].iloc[0]) != "lr":
        out.append(Claim("recipes", study, tuple(lrs), {"lr": lrs}, scope="all"))
    top_test = rows.sort_values(["test_acc_mean", "order"], ascending=[False, True], kind="stable").iloc[0]
    out.append(Claim("best_test", study, (str(top_test["run"]),), {"test": float(top_test["test_acc_mean"])}))
    if comparisons is not None and len(runs) > 1:
        for ref in runs:
            claim = resolved_set(study, ref, runs, comparisons)
            if claim is not None:
                out.append(claim)
        for run in runs:
            if "run_a" in comparisons:
                base = comparisons[(comparisons["kind"] == "baseline") & (comparisons["run_a"] == run)]
                if not base.empty and np.isfinite(float(base.iloc[0]["diff"])):  # a diverged run has no difference
                    r = base.iloc[0]
                    out.append(
                        Claim(
                            "baseline",
                            study,
                            (run,),
                            {"diff": float(r["diff"]), "low": float(r["low"]), "high": float(r["high"])},
                        )
                    )
    for _, r in rows.iterrows():
        run = str(r["run"])
        out += configuration_claims(study, run, epochs, n_dev, n_classes)
        if runs_table is not None and (k := kept_claim(study, run, epochs, runs_table)) is not None:
            out.append(k)
        kept = {"mean": float(r["best_epoch_mean"]), "epochs": int(r["epochs"])}
        if np.isfinite(kept["mean"]):  # no kept epoch when every seed diverged at once
            out.append(Claim("best_epoch", study, (run,), kept))
            if kept["mean"] >= kept["epochs"] - LATE:
                out.append(Claim("late", study, (run,), kept))
        if r["at_chance"] > 0:
            out.append(Claim("chance", study, (run,), {"stuck": int(r["at_chance"]), "seeds": int(r["seeds"])}))
        if r["diverged"] > 0:
            out.append(Claim("diverged", study, (run,), {"seeds": int(r["diverged"]), "of": int(r["seeds"])}))
        if baselines is not None and not baselines.empty:
            lr = baselines[(baselines["embedding"] == r["embedding"]) & (baselines["inputs"] == SAME_INPUTS)]
            if not lr.empty:
                out.append(Claim("baseline_acc", study, (run,), {"test": float(lr.iloc[0]["test_acc"])}))
                others = baselines[(baselines["embedding"] == r["embedding"]) & (baselines["inputs"] != SAME_INPUTS)]
                for _, other in others.iterrows():
                    gain = float(lr.iloc[0]["test_acc"] - other["test_acc"])
                    numbers = {"inputs": str(other["inputs"]), "gain": gain}
                    pair = variant_pair(comparisons, str(r["embedding"]), str(other["inputs"]))
                    if pair is not None:
                        numbers |= {"low": float(pair["low"]), "high": float(pair["high"])}
                    out.append(Claim("variant_gain", study, (run,), numbers))
        if gradients is not None and not gradients.empty:
            g = gradients[gradients["run"] == run]
            if g["layer"].nunique() > 1:
                per_layer = g.groupby("layer")["grad_rms"].mean().sort_index()
                out.append(Claim("gradients", study, (run,), {"rms": [float(v) for v in per_layer]}))
    return out + quantified(study, runs, out)


def quantified(study: str, runs: Sequence[str], claims: Sequence[Claim]) -> list[Claim]:
    """A claim over every configuration for each per-configuration kind that holds for all of them."""
    if len(runs) < 2:
        return []
    by_kind: dict[str, list[str]] = {}
    for c in claims:
        if c.scope == "some" and c.kind in (*SHAPE_KINDS, "stable"):
            by_kind.setdefault(c.kind, []).append(c.subject)
    return [
        Claim(k, study, tuple(runs), {}, scope="all") for k, subs in by_kind.items() if sorted(subs) == sorted(runs)
    ]


def dev_gap_claim(summary: pd.DataFrame, studies: pd.DataFrame) -> Claim | None:
    """How far dev accuracy sits from test accuracy, over every configuration with both (a run whose seeds all
    diverged has neither): scope "all" when that is every configuration of every study."""
    runs = list(studies["run"].drop_duplicates())
    rows = summary.set_index("run").loc[runs]
    gaps = (rows["best_dev_acc_mean"] - rows["test_acc_mean"]).astype(float)
    gaps = gaps[np.isfinite(gaps)]
    if gaps.empty:
        return None
    numbers = {
        "mean": float(gaps.mean()),
        "low": float(gaps.min()),
        "high": float(gaps.max()),
        "below": int((gaps < 0).sum()),
        "of": len(gaps),
    }
    scope = "all" if len(gaps) == len(runs) else "some"
    return Claim("dev_gap", EVERY_STUDY, tuple(gaps.index), numbers, scope=scope)


def all_claims(
    summary: pd.DataFrame,
    studies: pd.DataFrame,
    epochs: pd.DataFrame,
    comparisons: pd.DataFrame | None,
    n_dev: int,
    gradients: pd.DataFrame | None = None,
    baselines: pd.DataFrame | None = None,
    n_classes: int = 2,
    runs: pd.DataFrame | None = None,
) -> list[Claim]:
    """Every claim about every study (``runs``: runs.csv, for what each seed had fitted at its kept epoch)."""
    out = []
    for study in studies["study"].drop_duplicates():
        out += study_claims(
            study, summary, studies, epochs, comparisons, n_dev, gradients, baselines, n_classes, runs_table=runs
        )
    gap = dev_gap_claim(summary, studies)
    return out + ([gap] if gap is not None else [])


def find(claims: Sequence[Claim], kind: str, study: str, run: str | None = None, scope: str = "some") -> Claim | None:
    """The claim of ``kind`` about ``run`` in ``study`` (``run`` None: the study's only one), if made."""
    for c in claims:
        if c.kind == kind and c.study == study and c.scope == scope and (run is None or c.subject == run):
            return c
    return None
