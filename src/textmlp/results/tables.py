"""Run records -> tidy tables that a sweep aggregates with one ``groupby``.

- ``epochs``: one row per run x epoch x split (train/dev) with loss and accuracy;
- ``runs``: one row per run (flat metrics.json, nested provenance flattened);
- ``summary``: one row per configuration: mean, standard deviation, min and
  max over seeds of the best dev accuracy and the test accuracy;
- ``studies``: which configuration appears in which study, in what order, under what label;
- ``baselines``: logistic regression per feature set (C chosen on dev).
A diverged run keeps its row everywhere, marked by ``status``. Timings are
not results: :func:`timings_table` gathers them into a table of their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from textmlp.parameters import PARAMETERS, table_columns

#: A run whose best dev accuracy is within this of 1/K (K classes) never left chance level.
CHANCE_MARGIN = 0.02


def _flatten(rec: Mapping) -> dict:
    flat = {}
    for key, value in rec.items():
        if key == "determinants":
            continue
        if isinstance(value, Mapping):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        elif key == "hidden":
            flat[key] = json.dumps(list(value))
        else:
            flat[key] = value
    return flat


def runs_table(metrics_paths: Iterable[str | Path], dataset: str | None = None) -> pd.DataFrame:
    """One row per run; ``dataset`` (data.name) fills a ``dataset`` column: a
    display name, kept out of the run records so that renaming it retrains nothing."""
    rows = [_flatten(json.loads(Path(p).read_text())) for p in metrics_paths]
    if dataset is not None:
        rows = [{"run": row.get("run"), "dataset": dataset, **row} for row in rows]
    columns = table_columns({k for row in rows for k in row})
    for row in rows:  # a parameter a record leaves out has its default
        for key in columns:
            if not PARAMETERS[key].required:
                row.setdefault(key, PARAMETERS[key].default)
    return pd.DataFrame(rows)


def epochs_table(runs: pd.DataFrame, epoch_paths: Sequence[str | Path]) -> pd.DataFrame:
    """Long format: (run, seed, epoch, split) -> loss, accuracy, with the run's parameters."""
    frames = []
    params = table_columns(runs.columns)
    for (_, run), path in zip(runs.iterrows(), epoch_paths):
        wide = pd.read_csv(path)
        for split in ("train", "dev"):
            part = wide[["epoch", f"{split}_loss", f"{split}_acc"]].rename(
                columns={f"{split}_loss": "loss", f"{split}_acc": "accuracy"}
            )
            part.insert(1, "split", split)
            for col in ["run", *params, "seed", "status"][::-1]:
                part.insert(0, col, run[col])
            frames.append(part)
    cols = ["run", *params, "seed", "status", "epoch", "split", "loss", "accuracy"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


GRADIENT_COLUMNS = ["run", "seed", "epoch", "layer", "grad_rms"]


def gradients_table(runs: pd.DataFrame, epoch_paths: Sequence[str | Path]) -> pd.DataFrame:
    """Long format: (run, seed, epoch, layer) -> the epoch's mean weight-gradient root mean square
    of that layer (first layer 1), from the runs' ``grad_rms_<layer>`` columns (runs that record none
    add no rows)."""
    frames = []
    for (_, run), path in zip(runs.iterrows(), epoch_paths):
        wide = pd.read_csv(path)
        cols = [c for c in wide.columns if c.startswith("grad_rms_")]
        if not cols:
            continue
        long = wide.melt(id_vars="epoch", value_vars=cols, var_name="layer", value_name="grad_rms")
        long["layer"] = long["layer"].str.removeprefix("grad_rms_").astype(int)
        long.insert(0, "seed", run["seed"])
        long.insert(0, "run", run["run"])
        frames.append(long.sort_values(["epoch", "layer"]))
    if not frames:
        return pd.DataFrame(columns=GRADIENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[GRADIENT_COLUMNS]


def summary_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per configuration, over seeds: mean/std/min/max of best dev and test accuracy."""
    metrics = ["best_dev_acc", "test_acc"]
    runs = runs.assign(at_chance=runs["best_dev_acc"].fillna(0) < 1 / runs["n_classes"] + CHANCE_MARGIN)
    grouped = runs.groupby("run", sort=False)
    stats = grouped[metrics].agg(["mean", "std", "min", "max"])
    stats.columns = [f"{m}_{s}" for m, s in stats.columns]
    first = grouped[table_columns(runs.columns)].first()
    extra = grouped.agg(
        seeds=("seed", "count"),
        diverged=("status", lambda s: int((s == "diverged").sum())),
        at_chance=("at_chance", "sum"),
        best_epoch_mean=("best_epoch", "mean"),
    )
    return first.join(extra).join(stats).reset_index()


def studies_table(entries: Sequence[Mapping], specs: Mapping[str, Mapping]) -> pd.DataFrame:
    frame = pd.DataFrame(list(entries), columns=["study", "order", "run", "label"])
    frame["vary"] = frame["study"].map(lambda s: specs[s]["vary"])
    frame["title"] = frame["study"].map(lambda s: specs[s].get("title", s))
    return frame


BASELINE_COLUMNS = [
    "embedding",
    "model",
    "inputs",
    "C",
    "dev_acc",
    "test_acc",
    "n_features",
    "n_classes",
    "solver",
    "converged",
]


def baselines_table(paths: Iterable[str | Path]) -> pd.DataFrame:
    """One row per baseline (written by the baseline rule), in a fixed column order."""
    rows = [rec for p in paths for rec in json.loads(Path(p).read_text())["baselines"]]
    return pd.DataFrame(rows, columns=BASELINE_COLUMNS)


def timings_table(paths: Iterable[str | Path]) -> pd.DataFrame:
    """One row per timing record (a JSON object, or a list of them, per file), nested keys flattened."""
    rows = []
    for p in paths:
        data = json.loads(Path(p).read_text())
        rows.extend(_flatten(rec) for rec in (data if isinstance(data, list) else [data]))
    return pd.DataFrame(rows)


#: Columns that must stay text when a table is read back (labels such as "0.02" or "[]").
TEXT_COLUMNS = {"label": str, "hidden": str, "run": str, "study": str, "embedding": str, "inputs": str}


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by the aggregate rule with the right column types."""
    header = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: t for c, t in TEXT_COLUMNS.items() if c in header})
