"""A study's table facts (ranking, ties, differences, seeds at chance), each on a small
synthetic table built to show one case; the sentences are tested from claims in test_claims.py."""

import pandas as pd
import pytest

from textmlp.report.words import hidden_words, number
from textmlp.results.findings import Difference, study_findings
from textmlp.results.tables import studies_table


def _summary_row(
    run, dev, test, *, hidden="[8]", lr=0.01, activation="relu", seeds=3, at_chance=0, diverged=0, dev_std=0.001
):
    return {
        "run": run,
        "embedding": "w2v",
        "hidden": hidden,
        "activation": activation,
        "lr": lr,
        "batch_size": 4,
        "epochs": 5,
        "dropout": 0.0,
        "seeds": seeds,
        "diverged": diverged,
        "at_chance": at_chance,
        "best_epoch_mean": 3.0,
        "best_dev_acc_mean": dev,
        "best_dev_acc_std": dev_std,
        "best_dev_acc_min": dev - dev_std,
        "best_dev_acc_max": dev + dev_std,
        "test_acc_mean": test,
        "test_acc_std": 0.001,
        "test_acc_min": test,
        "test_acc_max": test,
    }


def _epochs(run, train, dev, dev_acc=None, seeds=(0,)):
    rows = []
    for seed in seeds:
        for epoch, (t, d) in enumerate(zip(train, dev), start=1):
            acc = dev_acc[epoch - 1] if dev_acc else 0.8
            rows.append(
                {"run": run, "seed": seed, "status": "ok", "epoch": epoch, "split": "train", "loss": t, "accuracy": 0.8}
            )
            rows.append(
                {"run": run, "seed": seed, "status": "ok", "epoch": epoch, "split": "dev", "loss": d, "accuracy": acc}
            )
    return pd.DataFrame(rows)


FALLING = [0.7, 0.6, 0.5, 0.45, 0.44, 0.43]
SETTLED = [0.6, 0.55, 0.5, 0.5, 0.5, 0.5]


def _study(rows, curves, vary="lr", labels=None):
    summary = pd.DataFrame(rows)
    labels = labels or [str(r["lr"]) for r in rows]
    studies = studies_table(
        [{"study": "s", "order": i, "run": r["run"], "label": lab} for i, (r, lab) in enumerate(zip(rows, labels))],
        {"s": {"vary": vary, "title": "S"}},
    )
    epochs = pd.concat([_epochs(r["run"], *curves.get(r["run"], (FALLING, SETTLED))) for r in rows])
    return summary, studies, epochs


def _comparisons(pairs):
    """comparisons.csv rows for study 's': (label_a, label_b, diff, low, high)."""
    return pd.DataFrame(
        [
            {
                "study": "s",
                "kind": "configuration",
                "run_a": a,
                "label_a": a,
                "run_b": b,
                "label_b": b,
                "diff": d,
                "low": lo,
                "high": hi,
                "se": (hi - lo) / 3.92,
            }
            for a, b, d, lo, hi in pairs
        ]
    )


def test_an_exact_tie_is_broken_by_the_study_order_and_reported_as_a_tie():
    rows = [_summary_row("x", 0.85, 0.84, lr=0.03), _summary_row("y", 0.85, 0.845, lr=0.02)]
    f = study_findings(*_study(rows, {}), "s")
    assert f.tie and f.best["run"] == "x" and f.runner_up["run"] == "y"  # listed first wins
    rows[1]["best_dev_acc_mean"] = 0.8499
    assert not study_findings(*_study(rows, {}), "s").tie


def test_one_seed_at_chance_makes_a_configuration_bimodal():
    rows = [
        _summary_row("x", 0.85, 0.84, lr=0.01),
        _summary_row("y", 0.70, 0.70, lr=0.1, at_chance=1),
        _summary_row("z", 0.50, 0.50, lr=1.0, at_chance=3),
    ]
    f = study_findings(*_study(rows, {}), "s")
    assert f.bimodal == ["0.1"]  # all three at chance is not bimodal: it learned nothing
    assert f.chance == [("0.1", 1, 3), ("1.0", 3, 3)]


def test_differences_are_read_from_either_side_and_resolved_only_when_the_interval_excludes_zero():
    rows = [
        _summary_row("a", 0.80, 0.79),
        _summary_row("b", 0.85, 0.84, lr=0.02),
        _summary_row("c", 0.70, 0.70, lr=0.1),
    ]
    comps = _comparisons(
        [("0.01", "0.02", -0.05, -0.07, -0.03), ("0.01", "0.1", 0.09, 0.07, 0.11), ("0.02", "0.1", 0.14, 0.12, 0.16)]
    )
    f = study_findings(*_study(rows, {}), "s", comps)
    assert f.best["label"] == "0.02"
    assert f.diffs["0.01"] == Difference("0.02", "0.01", 0.05, 0.03, 0.07, pytest.approx(0.04 / 3.92))
    assert f.diffs["0.1"].resolved and f.diffs["0.1"].diff == pytest.approx(0.14)


def test_numbers_are_written_for_people():
    assert number(-0.351) == "$-$0.35" and number(0.351) == "0.35"
    assert number(-0.001) == "0.00"  # no minus sign on a number that rounds to zero
    assert hidden_words("[]") == "the linear model (no hidden layer)"
    assert hidden_words("[512, 512]") == "two hidden layers of 512 units"
    assert hidden_words([512, 256]) == "hidden layers of 512 and 256 units"


def test_the_word2vec_overlap_note_appears_only_when_word2vec_saw_dev_or_test_texts():
    from textmlp.report.sections import unlabeled_overlap_note

    audit = {
        "splits": {"dev": {"size": 5000}, "test": {"size": 10000}},
        "unlabeled": {"shared": {"dev": {"texts": 0}, "test": {"texts": 100}}},
    }
    note = unlabeled_overlap_note(audit, {"w": {"kind": "word2vec"}})
    assert "copies of 100 test texts (1.0\\% of those splits" in note and "dev" not in note
    assert unlabeled_overlap_note(audit, {"t": {"kind": "tfidf"}}) == ""  # no word2vec: nothing to say
    assert unlabeled_overlap_note({**audit, "unlabeled": None}, {"w": {"kind": "word2vec"}}) == ""
