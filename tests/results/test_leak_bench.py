"""bench/leak.py: the dev − test gap per configuration under two splits, from summary.csv or runs.csv."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]


def _leak():
    spec = importlib.util.spec_from_file_location("leak", REPO / "bench" / "leak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gap_from_summary_and_from_runs_side_by_side(tmp_path):
    leak = _leak()
    random = tmp_path / "random" / "results" / "tables"
    random.mkdir(parents=True)
    pd.DataFrame(
        {"run": ["a", "b"], "best_dev_acc_mean": [0.90, 0.80], "test_acc_mean": [0.88, 0.79], "seeds": [3, 3]}
    ).to_csv(random / "summary.csv", index=False)
    grouped = tmp_path / "grouped"
    grouped.mkdir()
    pd.DataFrame(
        {
            "run": ["a", "a", "a", "b"],
            "seed": [0, 1, 2, 0],
            "status": ["ok", "ok", "diverged", "ok"],
            "best_dev_acc": [0.87, 0.89, 0.10, 0.78],
            "test_acc": [0.88, 0.88, 0.50, 0.79],
        }
    ).to_csv(grouped / "runs.csv", index=False)
    first, second = leak.gaps(leak.tables_dir(tmp_path / "random")), leak.gaps(leak.tables_dir(grouped))
    assert abs(first.loc["a", "gap"] - 2.0) < 1e-9 and abs(second.loc["a", "gap"] - 0.0) < 1e-9
    assert second.loc["a", "seeds"] == 2  # the diverged seed left out
    table = leak.leak_table(first, second, ("random", "grouped"))
    assert "| a | 90.00 | 88.00 | +2.00 | 88.00 | 88.00 | +0.00 |" in table
    assert "| mean of 2 | | | +1.50 | | | -0.50 |" in table
