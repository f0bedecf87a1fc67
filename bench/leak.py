"""The leak of a dev split that shares movies with train: dev − test gap per configuration, under two splits.

    python bench/leak.py RANDOM GROUPED [--labels random grouped]

RANDOM and GROUPED are two runs of the same studies (a working directory, its
``results/`` or its ``results/tables/``), one with ``data.split.dev_grouping:
none`` and one with ``movie``. For each configuration the gap is the mean over
seeds of the best-dev accuracy minus the mean test accuracy, in points, taken
from ``results/tables/summary.csv`` (or, without it, from ``runs.csv``, ok
seeds only). Prints one Markdown table, a configuration a row, and the mean
gap of the configurations the two runs share. Nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def tables_dir(path: str | Path) -> Path:
    """The ``results/tables`` folder of a working directory, its results folder or itself."""
    path = Path(path)
    for candidate in (path / "results" / "tables", path / "tables", path):
        if (candidate / "summary.csv").is_file() or (candidate / "runs.csv").is_file():
            return candidate
    raise SystemExit(f"{path}: no results/tables/summary.csv or runs.csv under it")


def gaps(tables: Path) -> pd.DataFrame:
    """Per configuration (``run``): dev and test accuracy means over seeds, their gap (points) and the seeds."""
    summary = tables / "summary.csv"
    if summary.is_file():
        frame = pd.read_csv(summary)
        out = frame[["run", "best_dev_acc_mean", "test_acc_mean", "seeds"]].rename(
            columns={"best_dev_acc_mean": "dev", "test_acc_mean": "test"}
        )
    else:
        runs = pd.read_csv(tables / "runs.csv")
        runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
        out = (
            runs.groupby("run", sort=False)
            .agg(dev=("best_dev_acc", "mean"), test=("test_acc", "mean"), seeds=("seed", "nunique"))
            .reset_index()
        )
    out["gap"] = 100 * (out["dev"] - out["test"])
    return out.set_index("run")


def leak_table(first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str]) -> str:
    """The Markdown table of two :func:`gaps` results, side by side."""
    a, b = labels
    runs = list(first.index) + [r for r in second.index if r not in first.index]
    lines = [
        f"| configuration | dev {a} | test {a} | gap {a} | dev {b} | test {b} | gap {b} |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def cells(frame: pd.DataFrame, run: str) -> str:
        if run not in frame.index:
            return "– | – | –"
        row = frame.loc[run]
        return f"{100 * row['dev']:.2f} | {100 * row['test']:.2f} | {row['gap']:+.2f}"

    for run in runs:
        lines.append(f"| {run} | {cells(first, run)} | {cells(second, run)} |")
    both = first.index.intersection(second.index)
    if len(both):
        mean_a, mean_b = first.loc[both, "gap"].mean(), second.loc[both, "gap"].mean()
        lines.append(f"| mean of {len(both)} | | | {mean_a:+.2f} | | | {mean_b:+.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("random", help="the run with data.split.dev_grouping: none")
    parser.add_argument("grouped", help="the run with data.split.dev_grouping: movie")
    parser.add_argument("--labels", nargs=2, default=["random", "grouped"])
    args = parser.parse_args()
    print(leak_table(gaps(tables_dir(args.random)), gaps(tables_dir(args.grouped)), tuple(args.labels)), end="")


if __name__ == "__main__":
    main()
