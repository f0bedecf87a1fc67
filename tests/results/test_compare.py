"""The paired bootstrap of test-accuracy differences and the comparisons table."""

import numpy as np
import pandas as pd
import pytest

from textmlp.results.compare import Correctness, check_aligned, compare_pairs, paired_bootstrap
from textmlp.results.comparisons import COMPARISON_COLUMNS, comparison_pairs, comparisons_table, load_correctness
from textmlp.train.predictions import write_predictions

N = 2000


def correct_share(share: float, n: int = N, seed: int = 0) -> np.ndarray:
    """A row right on exactly ``share`` of n reviews, at random places."""
    row = np.zeros(n, bool)
    row[np.random.default_rng(seed).permutation(n)[: round(share * n)]] = True
    return row


def test_a_large_difference_is_resolved_and_its_interval_holds_the_true_value():
    a = np.stack([correct_share(0.9, seed=s) for s in range(3)])
    b = np.stack([correct_share(0.7, seed=10 + s) for s in range(3)])
    res = paired_bootstrap(a, b, n_boot=1000)
    assert res.diff == pytest.approx(0.2)
    assert res.resolved and 0 < res.low < 0.2 < res.high
    assert res.se > 0 and (res.n_reviews, res.seeds_a, res.seeds_b) == (N, 3, 3)
    swapped = paired_bootstrap(b, a, n_boot=1000)  # the other way round: negative, resolved
    assert swapped.diff == pytest.approx(-0.2) and swapped.resolved and swapped.high < 0


def test_identical_configurations_differ_by_zero():
    a = np.stack([correct_share(0.8, seed=s) for s in range(3)])
    res = paired_bootstrap(a, a.copy(), n_boot=1000)
    assert res.diff == 0 and res.low <= 0 <= res.high and not res.resolved
    one = paired_bootstrap(a[:1], a[:1], n_boot=200)  # one seed each: every replicate is exactly 0
    assert (one.diff, one.low, one.high, one.se, one.resolved) == (0, 0, 0, 0, False)


def test_pairing_uses_the_shared_reviews():
    """B is A with 1% of the reviews flipped to wrong: the reviews both get
    right or wrong cancel, so a 1-point difference is resolved (unpaired, the
    spread of each accuracy alone, ~0.9 points, would hide it)."""
    a = correct_share(0.8, seed=1)[None]
    b = a.copy()
    b[0, np.flatnonzero(a[0])[: N // 100]] = False
    res = paired_bootstrap(a, b, n_boot=1000)
    assert res.diff == pytest.approx(0.01) and res.resolved
    assert res.se < 0.003


def test_seeds_that_disagree_widen_the_interval():
    baseline = correct_share(0.75, seed=99)[None]
    agree = np.stack([correct_share(0.85, seed=1)] * 3)
    disagree = np.stack([correct_share(s, seed=1 + i) for i, s in enumerate((0.80, 0.85, 0.90))])
    tight = paired_bootstrap(agree, baseline, n_boot=1000)
    wide = paired_bootstrap(disagree, baseline, n_boot=1000)
    assert tight.diff == pytest.approx(wide.diff)  # the same mean accuracy
    assert wide.high - wide.low > 1.5 * (tight.high - tight.low)
    assert wide.se > tight.se


def test_a_single_seed_baseline_against_several_seeds():
    mlp = np.stack([correct_share(0.86, seed=s) for s in range(3)])
    baseline = correct_share(0.85, seed=7)[None]
    res = paired_bootstrap(mlp, baseline, n_boot=500)
    assert (res.seeds_a, res.seeds_b) == (3, 1)
    assert res.diff == pytest.approx(0.01) and res.low < res.diff < res.high


def test_fixed_seed_fixed_result_and_the_seed_matters():
    a = np.stack([correct_share(0.8, seed=s) for s in range(2)])
    b = np.stack([correct_share(0.78, seed=5 + s) for s in range(3)])
    assert paired_bootstrap(a, b, n_boot=300, seed=3) == paired_bootstrap(a, b, n_boot=300, seed=3)
    assert paired_bootstrap(a, b, n_boot=300, seed=3) != paired_bootstrap(a, b, n_boot=300, seed=4)


def test_a_narrower_level_gives_a_narrower_interval():
    a = np.stack([correct_share(0.8, seed=s) for s in range(3)])
    b = np.stack([correct_share(0.79, seed=5 + s) for s in range(3)])
    wide, narrow = (paired_bootstrap(a, b, n_boot=500, level=lv) for lv in (0.95, 0.5))
    assert narrow.low > wide.low and narrow.high < wide.high


def test_misaligned_reviews_are_refused_naming_the_problem():
    ids = np.array([f"r{i}" for i in range(N)], dtype=object)
    a = correct_share(0.8)[None]
    with pytest.raises(ValueError, match=r"different review ids at 2 of 2000 rows \(first at row 0.*another order"):
        paired_bootstrap(a, a, ids_a=ids, ids_b=np.r_[ids[1::-1], ids[2:]])
    with pytest.raises(ValueError, match="not the same reviews"):
        paired_bootstrap(a, a, ids_a=ids, ids_b=np.r_[ids[:-1], ["other"]])
    with pytest.raises(ValueError, match="2000 reviews, B for 1999"):
        paired_bootstrap(a, a[:, 1:], ids_a=ids, ids_b=ids[1:])
    with pytest.raises(ValueError, match="'r0' appears 2 times"):
        check_aligned(np.r_[["r0"], ids[:-1]], ids)
    with pytest.raises(ValueError, match="2000 reviews, B 1999"):
        paired_bootstrap(a, a[:, 1:])  # no ids: the counts still have to agree


def test_compare_pairs_gives_each_pair_what_paired_bootstrap_gives_it():
    ids = np.arange(N)
    configs = {
        name: Correctness(ids, np.stack([correct_share(s, seed=i + j) for j in range(k)]))
        for i, (name, s, k) in enumerate((("x", 0.8, 3), ("y", 0.82, 3), ("z", 0.79, 1)))
    }
    pairs = [("x", "y"), ("x", "z"), ("y", "z")]
    together = compare_pairs(configs, pairs, n_boot=300, seed=2)
    alone = [paired_bootstrap(configs[a].correct, configs[b].correct, n_boot=300, seed=2) for a, b in pairs]
    assert together == alone


# ------------------------------------------------------------------ the table

STUDIES = pd.DataFrame(
    {
        "study": ["lr", "lr", "lr", "act", "act"],
        "order": [0, 1, 2, 0, 1],
        "run": ["w_lr1", "w_lr2", "w_lr3", "w_lr2", "t_relu"],
        "label": ["0.01", "0.02", "0.03", "sigmoid", "relu"],
    }
)
EMBEDDING = {"w_lr1": "w2v", "w_lr2": "w2v", "w_lr3": "w2v", "t_relu": "tfidf"}
BASELINES = {
    "w2v": [("baseline/w2v/model-inputs", "logistic regression (same inputs as the MLP)")],
    "tfidf": [("baseline/tfidf/model-inputs", "lr (nb)"), ("baseline/tfidf/plain-tfidf", "lr (plain)")],
}


def test_pairs_cover_each_study_in_order_and_each_configuration_against_its_baselines():
    rows = pd.DataFrame(comparison_pairs(STUDIES, EMBEDDING, BASELINES))
    configs = rows[rows["kind"] == "configuration"]
    assert list(zip(configs["study"], configs["run_a"], configs["run_b"])) == [
        ("lr", "w_lr1", "w_lr2"),
        ("lr", "w_lr1", "w_lr3"),
        ("lr", "w_lr2", "w_lr3"),
        ("act", "w_lr2", "t_relu"),
    ]
    base = rows[rows["kind"] == "baseline"]
    assert list(zip(base["run_a"], base["run_b"])) == [
        ("w_lr1", "baseline/w2v/model-inputs"),
        ("w_lr2", "baseline/w2v/model-inputs"),
        ("w_lr3", "baseline/w2v/model-inputs"),
        ("t_relu", "baseline/tfidf/model-inputs"),
        ("t_relu", "baseline/tfidf/plain-tfidf"),
    ]
    variants = rows[rows["kind"] == "variant"]  # logistic regression on the MLP's inputs against the other variant
    assert list(zip(variants["study"], variants["run_a"], variants["run_b"])) == [
        ("", "baseline/tfidf/model-inputs", "baseline/tfidf/plain-tfidf")
    ]
    shared = base[base["run_a"] == "w_lr2"].iloc[0]  # in two studies: both named, with its label in each
    assert (shared["study"], shared["label_a"]) == ("lr;act", "0.02;sigmoid")


def test_the_table_from_predictions_files(tmp_path):
    ids = [f"test/{i}" for i in range(N)]
    labels = np.random.default_rng(0).integers(0, 2, N)
    share = {"w_lr1": 0.70, "w_lr2": 0.80, "w_lr3": 0.81, "t_relu": 0.9}
    configs = {}
    for run, s in share.items():
        paths = []
        for seed in range(3):
            right = correct_share(s, seed=seed)
            paths.append(tmp_path / f"{run}{seed}.csv")
            write_predictions(paths[-1], ids, labels, np.where(right, labels, 1 - labels), np.full(N, 0.9))
        configs[run] = load_correctness(paths)
    for name in (n for group in BASELINES.values() for n, _ in group):
        path = tmp_path / (name.replace("/", "_") + ".csv")
        write_predictions(path, ids, labels, np.where(correct_share(0.75, seed=9), labels, 1 - labels), np.full(N, 0.6))
        configs[name] = load_correctness([path])
    table = comparisons_table(comparison_pairs(STUDIES, EMBEDDING, BASELINES), configs, n_boot=300)
    assert list(table.columns) == COMPARISON_COLUMNS
    row = table.set_index(["run_a", "run_b"]).loc[("w_lr1", "w_lr2")]
    assert row["diff"] == pytest.approx(-0.10) and row["resolved"] and row["high"] < 0
    close = table.set_index(["run_a", "run_b"]).loc[("w_lr2", "w_lr3")]
    assert close["diff"] == pytest.approx(-0.01)
    base = table[table["kind"] == "baseline"].set_index("run_a")
    assert base.loc["w_lr1", "seeds_b"] == 1 and base.loc["w_lr1", "seeds_a"] == 3
    assert base.loc["w_lr1", "diff"] == pytest.approx(-0.05)
    variant = table[table["kind"] == "variant"].iloc[0]  # both at 0.75 from one draw: identical, a zero interval
    assert (variant["diff"], variant["low"], variant["high"]) == (0, 0, 0) and not variant["resolved"]


def test_a_configuration_without_predictions_leaves_its_pairs_empty(tmp_path):
    ids, labels = ["a", "b", "c"], [0, 1, 1]
    write_predictions(tmp_path / "diverged.csv", ids, labels)  # no kept model
    write_predictions(tmp_path / "ok.csv", ids, labels, [0, 1, 0], [0.9, 0.8, 0.7])
    assert load_correctness([tmp_path / "diverged.csv"]) is None
    partly = load_correctness([tmp_path / "diverged.csv", tmp_path / "ok.csv"])
    assert partly.correct.tolist() == [[True, True, False]]  # the seed with predictions only
    pairs = [{"study": "s", "run_a": "x", "label_a": "x", "run_b": "y", "label_b": "y", "kind": "configuration"}]
    table = comparisons_table(pairs, {"x": None, "y": partly}, n_boot=10)
    assert table["diff"].isna().all() and not table["resolved"].any()


def test_seeds_listing_different_reviews_are_refused(tmp_path):
    write_predictions(tmp_path / "s0.csv", ["a", "b"], [0, 1], [0, 1], [0.9, 0.8])
    write_predictions(tmp_path / "s1.csv", ["b", "a"], [1, 0], [0, 1], [0.9, 0.8])
    with pytest.raises(ValueError, match="s0.csv and .*s1.csv have different review ids"):
        load_correctness([tmp_path / "s0.csv", tmp_path / "s1.csv"])
