"""The findings as structured facts, each on a small synthetic table built to
show one case, and the English written from them where the text is the point."""

import json

import pandas as pd
import pytest

from textmlp.report.questions import Context
from textmlp.report.words import config_words, hidden_words, number
from textmlp.report.writeup import findings_paragraph, verdict
from textmlp.results.findings import Difference, dev_test, loss_trend, plateau_epoch, study_findings
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


def test_dev_loss_rising_from_epoch_k_while_train_falls_is_overfitting_from_k():
    dev = [0.6, 0.5, 0.45, 0.5, 0.56, 0.62]  # lowest at epoch 3, then a steady climb
    epochs = _epochs("a", FALLING, dev)
    t = loss_trend(epochs, "a")
    assert t.overfits and t.overfit_from == 3 and t.climb == pytest.approx(0.17)


def test_a_climbing_dev_loss_with_a_climbing_train_loss_is_not_overfitting():
    dev = [0.6, 0.5, 0.45, 0.5, 0.56, 0.62]
    train = [0.5, 0.3, 0.2, 0.25, 0.3, 0.35]  # train loss rises too: the optimisation, not overfitting
    t = loss_trend(_epochs("a", train, dev), "a")
    assert not t.overfits and t.overfit_from is None


def test_a_decrease_never_counts_as_instability_and_a_rise_does():
    falling = loss_trend(_epochs("a", FALLING, [1.5, 0.5, 0.49, 0.48, 0.47, 0.46]), "a")
    assert falling.max_jump == 0.0 and not falling.unstable
    spiky = loss_trend(_epochs("a", FALLING, [0.5, 0.5, 0.7, 0.5, 0.5, 0.5]), "a")
    assert spiky.unstable and spiky.max_jump == pytest.approx(0.2) and spiky.jump_epoch == 3
    assert not spiky.overfits  # one spike is not a sustained climb


def test_an_exact_tie_is_broken_by_the_study_order_and_reported_as_a_tie():
    rows = [_summary_row("x", 0.85, 0.84, lr=0.03), _summary_row("y", 0.85, 0.845, lr=0.02)]
    f = study_findings(*_study(rows, {}), "s")
    assert f.tie and f.best["run"] == "x" and f.runner_up["run"] == "y"  # listed first wins
    assert "exactly tied with learning rate 0.02 on dev; the tie goes to the one listed first" in verdict(f, Context())
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
    text = findings_paragraph(f)
    assert "one of the three seeds of learning rate 0.1 never left chance level, so its mean describes no seed" in text
    assert "three of the three seeds of learning rate 1 never left chance level, so it learned nothing" in text


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
    assert f.resolved == ["0.01", "0.1"] and f.unresolved == []
    text = verdict(f, Context())
    assert "On test it beats every other learning rate" in text
    assert "the smallest lead, over learning rate 0.01, is 5.00 points (95\\% interval 3.00 to 7.00 points)" in text


def test_an_unresolved_lead_is_said_plainly_with_the_reviews_it_would_need():
    rows = [_summary_row("a", 0.85, 0.84), _summary_row("b", 0.84, 0.839, lr=0.02)]
    comps = _comparisons([("0.01", "0.02", 0.001, -0.003, 0.005)])
    f = study_findings(*_study(rows, {}), "s", comps)
    assert f.unresolved == ["0.02"] and not f.diffs["0.02"].resolved
    text = verdict(f, Context(n_test=10_000))
    assert "Its test accuracy is not distinguishable from learning rate 0.02: the difference is" in text
    assert "0.10 points (95\\% interval $-$0.30 to 0.50 points)" in text
    assert "test reviews to resolve" not in text  # the interval resamples seeds too: more reviews alone would not do


def test_a_dev_choice_that_trails_on_test_is_reported_as_such():
    rows = [_summary_row("a", 0.86, 0.80), _summary_row("b", 0.85, 0.85, lr=0.02)]
    comps = _comparisons([("0.01", "0.02", -0.05, -0.06, -0.04)])
    f = study_findings(*_study(rows, {}), "s", comps)
    assert f.diffs["0.02"].diff < 0 and f.diffs["0.02"].resolved
    text = verdict(f, Context())
    assert "behind learning rate 0.02" in text and "does not carry over to test" in text
    assert "beats" not in text


def test_dev_and_test_disagree_only_beyond_sampling():
    row = pd.Series(_summary_row("a", 0.926, 0.816))
    far = dev_test(row, n_dev=5000, n_test=10000)
    assert far.disagree and far.half_width < 0.02
    near = dev_test(pd.Series(_summary_row("a", 0.928, 0.921)), n_dev=5000, n_test=10000)
    assert not near.disagree


def test_the_plateau_is_the_first_epoch_within_one_standard_error_of_the_best():
    acc = [0.70, 0.80, 0.845, 0.85, 0.852, 0.851]
    epochs = _epochs("a", FALLING, SETTLED, dev_acc=acc)
    # one standard error of 0.852 on 5,000 reviews is 0.0050: epoch 3 (0.845) is not within it, epoch 4 is
    assert plateau_epoch(epochs, "a", 5000) == 4
    assert plateau_epoch(epochs, "a", 50) == 3  # fewer reviews, a wider standard error


def test_the_depth_answer_names_the_input_as_the_limit_only_when_the_data_show_it():
    rows = [
        _summary_row("lin", 0.875, 0.873, hidden="[]"),
        _summary_row("one", 0.881, 0.877, hidden="[8]"),
        _summary_row("two", 0.879, 0.876, hidden="[8, 8]"),
    ]
    labels = ["none (linear)", "[8]", "[8, 8]"]
    comps = pd.DataFrame(
        [
            {
                "study": "s",
                "kind": "configuration",
                "run_a": "lin",
                "label_a": "none (linear)",
                "run_b": "one",
                "label_b": "[8]",
                "diff": -0.004,
                "low": -0.008,
                "high": 0.0001,
                "se": 0.002,
            },
            {
                "study": "s",
                "kind": "configuration",
                "run_a": "lin",
                "label_a": "none (linear)",
                "run_b": "two",
                "label_b": "[8, 8]",
                "diff": -0.003,
                "low": -0.007,
                "high": 0.001,
                "se": 0.002,
            },
            {
                "study": "s",
                "kind": "configuration",
                "run_a": "one",
                "label_a": "[8]",
                "run_b": "two",
                "label_b": "[8, 8]",
                "diff": 0.001,
                "low": -0.003,
                "high": 0.005,
                "se": 0.002,
            },
            {
                "study": "",
                "kind": "baseline",
                "run_a": "one",
                "label_a": "[8]",
                "run_b": "lr",
                "label_b": "logistic regression",
                "diff": 0.002,
                "low": -0.002,
                "high": 0.006,
                "se": 0.002,
            },
        ]
    )
    f = study_findings(*_study(rows, {}, vary="hidden", labels=labels), "s", comps)
    rep_rows = [_summary_row("w", 0.88, 0.877), {**_summary_row("t", 0.92, 0.92), "embedding": "tfidf"}]
    rep_comps = pd.DataFrame(
        [
            {
                "study": "s",
                "kind": "configuration",
                "run_a": "w",
                "label_a": "w2v",
                "run_b": "t",
                "label_b": "tfidf",
                "diff": -0.043,
                "low": -0.05,
                "high": -0.036,
                "se": 0.003,
            }
        ]
    )
    rep = study_findings(*_study(rep_rows, {}, vary="embedding", labels=["w2v", "tfidf"]), "s", rep_comps)
    with_rep = findings_paragraph(f, Context(comparisons=comps, others={"embedding": rep}))
    assert "Hidden layers do not measurably help" in with_rep
    assert "Deeper is not always better: the deepest model, with two hidden layers of 8 units, ranks 2 of 3" in with_rep
    assert "not the classifier's depth, limits accuracy" in with_rep
    assert "the best input is 4.30 points above these averaged vectors on test" in with_rep
    assert "a linear boundary already separates nearly all" in with_rep  # the baseline is 0.2 points away
    alone = findings_paragraph(f, Context(comparisons=comps))
    assert "limits accuracy" not in alone  # without a richer input measured, the claim is not made


def test_numbers_are_written_for_people():
    assert number(-0.351) == "$-$0.35" and number(0.351) == "0.35"
    assert number(-0.001) == "0.00"  # no minus sign on a number that rounds to zero
    assert hidden_words("[]") == "the linear model (no hidden layer)"
    assert hidden_words("[512, 512]") == "two hidden layers of 512 units"
    assert hidden_words([512, 256]) == "hidden layers of 512 and 256 units"


def test_the_findings_never_use_key_equals_value_or_code_names():
    rows = [_summary_row("a", 0.85, 0.84, activation="relu"), _summary_row("b", 0.84, 0.83, activation="tanh")]
    f = study_findings(
        *_study(rows, {"b": (FALLING, [0.5, 0.7, 0.5, 0.7, 0.5, 0.7])}, vary="activation", labels=["relu", "tanh"]), "s"
    )
    text = findings_paragraph(f)
    assert "=" not in text and "registry" not in text and "activation =" not in text
    assert config_words(f, "relu") == "ReLU"
    assert "The dev loss of tanh jumps by up to 0.20" in text and "tanh's slope at zero is 1" in text
    assert json.dumps(text)  # plain text


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


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_configuration_with_no_finite_loss_has_no_trend_and_the_findings_still_render(bad):
    """Issue 24.8: a run whose every loss is NaN or infinite (lr 1e38) does not stop the report."""
    assert loss_trend(_epochs("a", [bad] * 4, [bad] * 4), "a").epochs == 4
    rows = [_summary_row("x", 0.85, 0.84, lr=0.01), _summary_row("y", 0.50, 0.50, lr=1e5, at_chance=1)]
    f = study_findings(*_study(rows, {"y": ([bad] * 6, [bad] * 6)}), "s")
    trend = f.trends[str(1e5)]
    assert not trend.overfits and not trend.unstable and not trend.gap_only
    assert findings_paragraph(f)
