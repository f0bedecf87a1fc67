"""The claims' checker: every claim recomputed from the tables, kind by kind.

Deliberately separate from :mod:`textmlp.results.claims` (which decides what to claim):
each check below is a few lines a reader can set against the definition the set-up
section states (:mod:`textmlp.results.definitions`). Means over seeds are recomputed
from ``runs.csv`` and ``epochs.csv`` (not read from ``summary.csv``), intervals from
``comparisons.csv``. A claim whose check fails stops the report build.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from textmlp.results import definitions as rule
from textmlp.results.claims import EVERY_STUDY, SAME_INPUTS, SHAPE_KINDS, Claim, variant_pair
from textmlp.results.definitions import CLIMB, END, GAP, JUMP, LATE, standard_error, swing_of

#: Numbers in a claim and their recomputation agree to this (they are the same floats, rounded nowhere).
TOL = 1e-9


@dataclass(frozen=True)
class Tables:
    runs: pd.DataFrame  # runs.csv
    epochs: pd.DataFrame  # epochs.csv
    comparisons: pd.DataFrame  # comparisons.csv
    studies: pd.DataFrame  # studies.csv
    n_dev: int
    gradients: pd.DataFrame | None = None  # gradients.csv
    baselines: pd.DataFrame | None = None  # baselines.csv


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    ok: bool
    evidence: str

    def describe(self) -> str:
        c = self.claim
        return f"{c.kind} ({c.study}: {', '.join(c.subjects)}; {json.dumps(dict(c.numbers), default=str)})"


class ClaimError(ValueError):
    """At least one claim is false; the message names each with its evidence."""


def _close(a, b) -> bool:
    return abs(float(a) - float(b)) <= TOL


def _same(a, b) -> bool:
    """Close, or both missing (a comparison without an interval is copied as NaN)."""
    return (math.isnan(float(a)) and math.isnan(float(b))) or _close(a, b)


def _curve(t: Tables, run: str, split: str, what: str = "loss") -> pd.Series:
    """The mean over seeds per epoch of ``what`` on ``split`` (finite losses only)."""
    e = t.epochs
    e = e[(e["run"] == run) & (e["split"] == split) & np.isfinite(e["loss"].astype(float))]
    finite_epochs = t.epochs[(t.epochs["run"] == run) & np.isfinite(t.epochs["loss"].astype(float))]
    both = finite_epochs.groupby("epoch")["split"].nunique()
    e = e[e["epoch"].isin(both[both == 2].index)]
    return e.groupby("epoch")[what].mean().sort_index()


def _climb(dev: pd.Series) -> float:
    """Mean of the last END values minus the lowest, when the lowest is END or more epochs before the end."""
    if dev.idxmin() > dev.index.max() - END:
        return 0.0
    return dev.iloc[-END:].mean() - dev.min()


def _seed_devs(t: Tables, run: str) -> list[pd.Series]:
    """Each seed's dev loss by epoch (finite values), in seed order."""
    e = t.epochs
    seeds = e[(e["run"] == run) & (e["split"] == "dev") & np.isfinite(e["loss"].astype(float))]
    return [g.set_index("epoch")["loss"].sort_index() for _, g in seeds.groupby("seed")]


def _seeds_up(t: Tables, run: str) -> list[bool]:
    """For each seed, whether its own dev loss climbs."""
    return [_climb(dev) > CLIMB for dev in _seed_devs(t, run)]


def _shape(t: Tables, run: str) -> str:
    dev, train = _curve(t, run, "dev"), _curve(t, run, "train")
    if rule.jump_of(dev.to_numpy()) > JUMP:
        return "erratic"
    if _climb(dev) > CLIMB:
        up = _seeds_up(t, run)
        if 2 * sum(up) <= len(up):
            return "mixed"
        return "overfits" if train.iloc[-1] < train[dev.idxmin()] else "climbs"
    gap = dev.iloc[-1] - train.iloc[-1]
    return "together" if abs(gap) <= GAP else ("above" if gap > 0 else "below")


def _jumps(t: Tables, run: str) -> tuple[list[float], list[float]]:
    """Each seed's largest jump of its dev loss, and its largest rise between two epochs, jump or not."""
    devs = [dev.to_numpy() for dev in _seed_devs(t, run)]
    return [rule.jump_of(v) for v in devs], [rule.largest_rise(v) for v in devs]


def _means(t: Tables, study: str, column: str) -> pd.DataFrame:
    """Each member of ``study``: its order and the mean of ``column`` over its seeds (runs.csv)."""
    m = t.studies[t.studies["study"] == study][["run", "order"]]
    return m.merge(t.runs.groupby("run")[column].mean().rename("value").reset_index(), on="run")


def _pair(t: Tables, study: str, a: str, b: str, kind: str = "configuration") -> tuple[float, float, float] | None:
    c = t.comparisons
    c = c[(c["kind"] == kind) & ((c["study"] == study) if kind == "configuration" else True)]
    hit = c[(c["run_a"] == a) & (c["run_b"] == b)]
    if not hit.empty:
        r = hit.iloc[0]
        return float(r["diff"]), float(r["low"]), float(r["high"])
    hit = c[(c["run_a"] == b) & (c["run_b"] == a)]
    if not hit.empty:
        r = hit.iloc[0]
        return -float(r["diff"]), -float(r["high"]), -float(r["low"])
    return None


def _best(t: Tables, c: Claim, column: str) -> tuple[bool, str]:
    m = _means(t, c.study, column).sort_values(["value", "order"], ascending=[False, True], kind="stable")
    top = m.iloc[0]
    key = "dev" if column == "best_dev_acc" else "test"
    ok = top["run"] == c.subject and _close(top["value"], c.numbers[key])
    if c.numbers.get("lead") is not None:
        ok = ok and len(m) > 1 and _close(top["value"] - m.iloc[1]["value"], c.numbers["lead"])
    if "se" in c.numbers:
        ok = ok and _close(standard_error(float(top["value"]), t.n_dev), c.numbers["se"])
    return ok, f"highest mean {column} in runs.csv: {top['run']} at {top['value']:.6f}"


def _check_resolved_set(t: Tables, c: Claim) -> tuple[bool, str]:
    runs = list(t.studies[t.studies["study"] == c.study]["run"])
    above, below = [], []
    for run in runs:
        if run == c.subject:
            continue
        d = _pair(t, c.study, run, c.subject)
        if d is None:
            return False, f"no comparison of {run} with {c.subject} in comparisons.csv"
        if d[1] > 0:
            above.append(run)
        elif d[2] < 0:
            below.append(run)
        # the differences the text quotes from this claim (a gain, its interval) are the table's too
        said = c.numbers.get("diffs", {}).get(run)
        if said is not None and not all(_same(x, said[k]) for x, k in zip(d, ("diff", "low", "high"))):
            return False, f"{run} against {c.subject}: comparisons.csv has {d[0]:.6f} [{d[1]:.6f}, {d[2]:.6f}]"
    ok = sorted(above) == sorted(c.numbers["above"]) and sorted(below) == sorted(c.numbers["below"])
    return ok, f"resolved above {c.subject}: {above}; below: {below}"


def _check_baseline(t: Tables, c: Claim) -> tuple[bool, str]:
    c_rows = t.comparisons[(t.comparisons["kind"] == "baseline") & (t.comparisons["run_a"] == c.subject)]
    if c_rows.empty:
        return False, "no baseline comparison in comparisons.csv"
    r = c_rows.iloc[0]
    ok = all(_close(r[k], c.numbers[k]) for k in ("diff", "low", "high"))
    return ok, f"comparisons.csv: diff {r['diff']:.6f} [{r['low']:.6f}, {r['high']:.6f}]"


def _check_shape(t: Tables, c: Claim) -> tuple[bool, str]:
    found = _shape(t, c.subject)
    dev, train = _curve(t, c.subject, "dev"), _curve(t, c.subject, "train")
    n = c.numbers
    numbers_ok = (
        not n
        or int(dev.idxmin()) == n["low_epoch"]
        and _close(_climb(dev), n["climb"])
        and _close(dev.min(), n["dev_low"])
        and _close(train.iloc[-1], n["train_end"])
        and _close(dev.iloc[-1] - train.iloc[-1], n["gap"])
    )
    up = _seeds_up(t, c.subject)
    seeds_ok = not n or "seeds" not in n or (n["seeds"] == sum(up) and n["of"] == len(up))
    lows = [int(dev.idxmin()) for dev in _seed_devs(t, c.subject)]
    seeds_ok = seeds_ok and (not n or "seed_lows" not in n or list(n["seed_lows"]) == lows)
    seeds_ok = seeds_ok and (not n or "swing" not in n or _close(swing_of(dev), n["swing"]))
    return found == c.kind and numbers_ok and seeds_ok, (
        f"mean dev loss lowest {dev.min():.4f} at epoch {dev.idxmin()}, mean of the last {END} "
        f"{dev.iloc[-END:].mean():.4f}; train loss there {train[dev.idxmin()]:.4f}, last {train.iloc[-1]:.4f}: "
        f"{found}; {sum(up)} of {len(up)} seeds climb, lowest at epochs {lows}"
    )


def _check_unstable(t: Tables, c: Claim) -> tuple[bool, str]:
    jumps, rises = _jumps(t, c.subject)
    shaky = [j for j in jumps if j > JUMP]
    ok = bool(shaky) == (c.kind == "unstable")
    if ok and c.numbers:
        # an unstable claim quotes its largest jump; a stable one its largest rise, jump or not
        largest = max(shaky) if shaky else max(rises, default=0.0)
        ok = len(shaky) == c.numbers["seeds"] and _close(largest, c.numbers["max_jump"])
        ok = ok and ("max_rise" not in c.numbers or _close(max(rises, default=0.0), c.numbers["max_rise"]))
        ok = ok and ("min_shaky" not in c.numbers or _close(min(shaky), c.numbers["min_shaky"]))
    return ok, (
        f"largest jump of each seed's dev loss (rise later fallen back by half): {[round(j, 4) for j in jumps]}; "
        f"largest rise: {[round(r, 4) for r in rises]}"
    )


def _check_improving(t: Tables, c: Claim) -> tuple[bool, str]:
    acc = _curve(t, c.subject, "dev", "accuracy")
    q = max(len(acc) // 4, 1)
    n = len(acc)
    quarters = [acc.iloc[n - (k + 1) * q : n - k * q] for k in range(n // q)]
    last, earlier = quarters[0], quarters[1:]
    top = max(earlier, key=lambda b: b.mean()) if earlier else last
    rise, se = rule.block_rise(last, top)
    m = c.numbers
    ok = (
        len(acc) >= 4
        and q >= 2
        and (rise > rule.RISING * se and rise >= rule.MIN_RISE if c.kind == "improving" else rise <= rule.LEVEL * se)
        and _close(se, m["se"])
        and _shape(t, c.subject) != "erratic"
        and (top.index[0], top.index[-1], last.index[0], last.index[-1])
        == (m["from_epoch"], m["to_epoch"], m["last_from"], m["end_epoch"])
        and _close(top.mean(), m["acc_before"])
        and _close(last.mean(), m["acc_last"])
    )
    means = ", ".join(f"{b.index[0]}-{b.index[-1]}: {b.mean():.4f}" for b in quarters)
    return ok, f"mean dev accuracy by quarter (last first) {means}; rise {rise:.4f}, its standard error {se:.4f}"


def _check_settles(t: Tables, c: Claim) -> tuple[bool, str]:
    acc = _curve(t, c.subject, "dev", "accuracy")
    se = standard_error(acc.max(), t.n_dev)
    target = acc.iloc[-max(len(acc) // 4, 1) :].mean() - se
    first = int(acc[acc >= target].index[0])
    ok = first == c.numbers["epoch"] and _close(target, c.numbers["target"]) and _close(se, c.numbers["se"])
    return ok, f"mean dev accuracy first at or above {target:.4f} at epoch {first}"


def _check_kept(t: Tables, c: Claim) -> tuple[bool, str]:
    e = t.epochs[t.epochs["run"] == c.subject]
    train, gap = [], []
    for _, r in t.runs[t.runs["run"] == c.subject].iterrows():
        at = e[(e["seed"] == r["seed"]) & (e["epoch"] == r["best_epoch"])].set_index("split")["loss"]
        train.append(float(at["train"]))
        gap.append(float(at["dev"]) - float(at["train"]))
    ok = bool(train) and _close(np.mean(train), c.numbers["train"]) and _close(np.mean(gap), c.numbers["gap"])
    evidence = f"at each seed's best_epoch: train loss {np.round(train, 4).tolist()}, dev - train "
    evidence += str(np.round(gap, 4).tolist())
    if "test" in c.numbers:
        test = t.runs[t.runs["run"] == c.subject]["test_loss"].astype(float)
        ok = ok and _close(test.mean(), c.numbers["test"])
        evidence += f", test_loss {np.round(test.to_numpy(), 4).tolist()}"
    return ok, evidence


def _check_best_epoch(t: Tables, c: Claim) -> tuple[bool, str]:
    value = t.runs[t.runs["run"] == c.subject]["best_epoch"].mean()
    return _close(value, c.numbers["mean"]), f"mean best_epoch in runs.csv: {value:.4f}"


def _check_late(t: Tables, c: Claim) -> tuple[bool, str]:
    r = t.runs[t.runs["run"] == c.subject]
    value, budget = r["best_epoch"].mean(), r["epochs"].max()
    ok = value >= budget - LATE and _close(value, c.numbers["mean"])
    return ok, f"mean best_epoch {value:.2f} of {budget}"


def _check_baseline_acc(t: Tables, c: Claim) -> tuple[bool, str]:
    if t.baselines is None:
        return False, "no baselines table"
    embedding = t.runs[t.runs["run"] == c.subject]["embedding"].iloc[0]
    b = t.baselines[(t.baselines["embedding"] == embedding) & (t.baselines["inputs"] == SAME_INPUTS)]
    ok = len(b) == 1 and _close(b["test_acc"].iloc[0], c.numbers["test"])
    return ok, f"baselines.csv, {embedding}: {b['test_acc'].tolist()}"


#: comparisons.csv's columns and the variant_gain claim's numbers they must match.
PAIR_NUMBERS = (("diff", "gain"), ("low", "low"), ("high", "high"))


def _check_variant_gain(t: Tables, c: Claim) -> tuple[bool, str]:
    if t.baselines is None:
        return False, "no baselines table"
    embedding = t.runs[t.runs["run"] == c.subject]["embedding"].iloc[0]
    b = t.baselines[t.baselines["embedding"] == embedding].set_index("inputs")["test_acc"]
    other = c.numbers["inputs"]
    ok = SAME_INPUTS in b and other in b and _close(b[SAME_INPUTS] - b[other], c.numbers["gain"])
    evidence = f"baselines.csv, {embedding}: {b.to_dict()}"
    if "low" in c.numbers:
        pair = variant_pair(t.comparisons, embedding, other)
        ok = ok and pair is not None and all(_close(pair[k], c.numbers[n]) for k, n in PAIR_NUMBERS)
        evidence += (
            "" if pair is None else f"; comparisons.csv: {pair['diff']:.6f} [{pair['low']:.6f}, {pair['high']:.6f}]"
        )
    return ok, evidence


def _check_chance(t: Tables, c: Claim) -> tuple[bool, str]:
    from textmlp.results.tables import CHANCE_MARGIN

    r = t.runs[t.runs["run"] == c.subject]
    stuck = int((r["best_dev_acc"].fillna(0) < 1 / r["n_classes"] + CHANCE_MARGIN).sum())
    return stuck == c.numbers["stuck"] and len(r) == c.numbers["seeds"], f"{stuck} of {len(r)} seeds at chance"


def _check_untrained(t: Tables, c: Claim) -> tuple[bool, str]:
    e = t.epochs
    train = e[(e["run"] == c.subject) & (e["split"] == "train") & np.isfinite(e["loss"].astype(float))]
    chance = float(np.log(t.runs[t.runs["run"] == c.subject]["n_classes"].iloc[0]))
    lowest = train.groupby("seed")["loss"].min()
    stuck = lowest[lowest > chance]
    ok = [int(k) for k in stuck.index] == list(c.numbers["seeds"]) and len(lowest) == c.numbers["of"]
    ok = ok and not stuck.empty and _close(stuck.min(), c.numbers["lowest"]) and _close(chance, c.numbers["chance"])
    dev = e[(e["run"] == c.subject) & (e["split"] == "dev") & np.isfinite(e["loss"].astype(float))]
    best = dev.groupby("seed")["accuracy"].max()
    ok = ok and all(_close(best[k], b) for k, b in zip(stuck.index, c.numbers["best_dev"]))
    return ok, f"lowest train loss per seed {lowest.round(4).to_dict()} against ln(classes) = {chance:.4f}"


def _check_diverged(t: Tables, c: Claim) -> tuple[bool, str]:
    r = t.runs[t.runs["run"] == c.subject]
    n = int((r["status"] == "diverged").sum())
    return n == c.numbers["seeds"] and n > 0, f"{n} of {len(r)} seeds diverged"


def _check_gradients(t: Tables, c: Claim) -> tuple[bool, str]:
    if t.gradients is None:
        return False, "no gradients table"
    g = t.gradients[t.gradients["run"] == c.subject].groupby("layer")["grad_rms"].mean().sort_index()
    ok = len(g) == len(c.numbers["rms"]) and all(_close(a, b) for a, b in zip(g, c.numbers["rms"]))
    return ok, f"mean gradient RMS per layer: {[f'{v:.3g}' for v in g]}"


def _check_dev_gap(t: Tables, c: Claim) -> tuple[bool, str]:
    means = t.runs.groupby("run")[["best_dev_acc", "test_acc"]].mean().loc[list(c.subjects)]
    gaps = (means["best_dev_acc"] - means["test_acc"]).astype(float)
    got = {"mean": gaps.mean(), "low": gaps.min(), "high": gaps.max(), "below": int((gaps < 0).sum()), "of": len(gaps)}
    ok = bool(np.isfinite(gaps).all()) and all(_close(got[k], c.numbers[k]) for k in got)
    return ok, "dev minus test of the mean accuracies in runs.csv: " + ", ".join(
        f"{k} {v:.6f}" if isinstance(v, float) else f"{k} {v}" for k, v in got.items()
    )


CHECKS: Mapping[str, Callable[[Tables, Claim], tuple[bool, str]]] = {
    "best_dev": lambda t, c: _best(t, c, "best_dev_acc"),
    "best_test": lambda t, c: _best(t, c, "test_acc"),
    "resolved_set": _check_resolved_set,
    "baseline": _check_baseline,
    **{k: _check_shape for k in SHAPE_KINDS},
    "unstable": _check_unstable,
    "stable": _check_unstable,
    "late": _check_late,
    "baseline_acc": _check_baseline_acc,
    "variant_gain": _check_variant_gain,
    "improving": _check_improving,
    "levelled": _check_improving,
    "settles": _check_settles,
    "best_epoch": _check_best_epoch,
    "kept": _check_kept,
    "chance": _check_chance,
    "untrained": _check_untrained,
    "diverged": _check_diverged,
    "gradients": _check_gradients,
    "dev_gap": _check_dev_gap,
}


def _check_recipes(t: Tables, c: Claim) -> tuple[bool, str]:
    lrs = t.runs.groupby("run")["lr"].first()
    ok = all(_close(lrs[run], lr) for run, lr in c.numbers["lr"].items()) and lrs[list(c.subjects)].nunique() > 1
    return ok, f"learning rates in runs.csv: {lrs[list(c.subjects)].to_dict()}"


#: Claims about a study as a whole, checked as such (not configuration by configuration).
CHECKS_ALL = {"recipes": _check_recipes, "dev_gap": _check_dev_gap}


def check_claim(t: Tables, c: Claim) -> Verdict:
    in_study = t.studies if c.study == EVERY_STUDY else t.studies[t.studies["study"] == c.study]
    members = set(in_study["run"])
    if not set(c.subjects) <= members:
        return Verdict(c, False, f"subjects not all in study {c.study}")
    if c.scope == "all":
        if set(c.subjects) != members:
            return Verdict(c, False, f"claimed for every configuration, but the study has {sorted(members)}")
        if c.kind in CHECKS_ALL:
            ok, evidence = CHECKS_ALL[c.kind](t, c)
            return Verdict(c, bool(ok), evidence)
        parts = [check_claim(t, Claim(c.kind, c.study, (run,))) for run in c.subjects]
        bad = [p for p in parts if not p.ok]
        return Verdict(c, not bad, "; ".join(p.evidence for p in (bad or parts)))
    ok, evidence = CHECKS[c.kind](t, c)
    return Verdict(c, bool(ok), evidence)


def check_all(t: Tables, claims: Sequence[Claim]) -> list[Verdict]:
    return [check_claim(t, c) for c in claims]


def require_true(verdicts: Sequence[Verdict]) -> None:
    """Raise :class:`ClaimError` naming every false claim and its evidence."""
    false = [v for v in verdicts if not v.ok]
    if false:
        lines = "\n".join(f"  {v.describe()}: {v.evidence}" for v in false)
        raise ClaimError(f"{len(false)} of {len(verdicts)} claims are false against the tables:\n{lines}")
