"""The word2vec settings study: candidate names and specs, the dev-only choice
of a winner, the probe, and the `sample` / `workers` settings it varies."""

import logging
import random

import numpy as np
import pytest
import yaml
from snakemake.utils import validate

from tests.conftest import NEGATIVE, NEUTRAL, POSITIVE, REPO
from textmlp.features.tokenize import tokenize
from textmlp.features.word_vectors import train_word2vec
from textmlp.runtime import word2vec_reproducible as reproducible
from textmlp.train.word2vec_study import candidate_name, candidates, score_candidate, study_table, verdict

SCHEMA = str(REPO / "workflow/schemas/config.schema.yaml")
BASE = {
    "kind": "word2vec",
    "dim": 50,
    "window": 5,
    "min_count": 5,
    "epochs": 5,
    "sg": False,
    "negative": 5,
    "sample": 1e-3,
    "seed": 0,
    "workers": 1,
}


def study_config(*overrides, base="w2v"):
    return {
        "embeddings": {base: dict(BASE), "tf": {"kind": "tfidf"}},
        "word2vec_study": {"candidates": {base: list(overrides)}},
    }


def test_candidate_names_follow_the_settings_not_their_order():
    assert candidate_name("w2v", {"window": 10, "sample": 1e-4}) == "w2v~window10_sample0.0001"
    assert candidate_name("w2v", {"sample": 1e-4, "window": 10}) == "w2v~window10_sample0.0001"
    assert candidate_name("w2v", {"sg": True}) == "w2v~sg1"
    assert candidate_name("w2v", {}) == "w2v~as-configured"
    with pytest.raises(ValueError, match="unknown setting.*'alpha'"):
        candidate_name("w2v", {"alpha": 0.1})


def test_candidates_apply_their_overrides_to_the_embedding_they_vary():
    found = candidates(study_config({"sample": 1e-4}, {"window": 10, "sample": 1e-5}))
    assert list(found) == ["w2v~sample0.0001", "w2v~window10_sample1e-05"]
    spec = found["w2v~window10_sample1e-05"]["spec"]
    assert spec == {**BASE, "window": 10, "sample": 1e-5}
    assert found["w2v~sample0.0001"]["order"] == 0 and found["w2v~sample0.0001"]["base"] == "w2v"
    assert candidates({"embeddings": {}}) == {}


@pytest.mark.parametrize(
    "cfg, message",
    [
        (
            study_config({"sample": 1e-4}, base="w2v") | {"word2vec_study": {"candidates": {"nope": [{}]}}},
            r"word2vec_study.candidates.nope: not a declared word2vec embedding \(declared: w2v\)",
        ),
        (
            study_config({"sample": 1e-4}) | {"word2vec_study": {"candidates": {"tf": [{}]}}},
            "word2vec_study.candidates.tf: not a declared word2vec embedding",
        ),
        (
            study_config({"sample": 1e-4}, {"sample": 1e-4}),
            r"word2vec_study.candidates.w2v\[1\] repeats an earlier candidate",
        ),
    ],
)
def test_bad_candidates_are_named(cfg, message):
    with pytest.raises(ValueError, match=message):
        candidates(cfg)


def row(order, dev, sample, test=0.5, base="w2v", n_dev=1_000_000, window=5):
    """A candidate's scores; the default dev set is so large that its standard error is negligible."""
    spec = {**BASE, "sample": sample, "window": window}
    return {
        "candidate": f"{base}~{order}",
        "base": base,
        "order": order,
        "dev_acc": dev,
        "test_acc": test,
        "n_dev": n_dev,
        **{k: spec[k] for k in ("dim", "window", "negative", "sample", "min_count", "epochs", "sg")},
    }


def test_the_winner_is_chosen_on_dev_never_on_test():
    embeddings = {"w2v": {**BASE, "sample": 1e-4}}
    table = study_table(
        [row(0, 0.81, 1e-3, test=0.99), row(1, 0.84, 1e-4, test=0.80), row(2, 0.83, 1e-5, test=0.90)], embeddings
    )
    assert table["dev_rank"].tolist() == [3, 1, 2]
    assert table["winner"].tolist() == [False, True, False]
    assert table["configured"].tolist() == [False, True, False]
    assert verdict(table, "w2v")["configured_is_winner"]


def test_an_exact_tie_goes_to_the_candidate_listed_first_and_each_base_has_its_own_winner():
    embeddings = {"w2v": {**BASE, "sample": 1e-5}, "big": dict(BASE)}
    rows = [row(1, 0.84, 1e-5), row(0, 0.84, 1e-4), row(0, 0.70, 1e-3, base="big"), row(1, 0.72, 1e-4, base="big")]
    table = study_table(rows, embeddings)
    assert table.set_index("candidate")["winner"].to_dict() == {
        "w2v~0": True,
        "w2v~1": False,
        "big~0": False,
        "big~1": True,
    }
    found = verdict(table, "w2v")
    assert found["winner"]["sample"] == 1e-4 and found["configured"]["sample"] == 1e-5
    assert not found["configured_is_winner"]
    assert verdict(table, "big")["configured"]["sample"] == 1e-3  # the configured one lost there too


def test_a_later_candidate_must_beat_an_earlier_one_by_more_than_a_standard_error():
    """One standard error of 0.88 on 5,000 dev reviews is 0.46 points: window 40 (listed
    before window 80) is chosen at 0.8778 against 0.8794; window 20 at 0.8708 is too far below."""
    rows = [
        row(0, 0.8708, 1e-4, window=20, n_dev=5000),
        row(1, 0.8778, 1e-4, window=40, n_dev=5000),
        row(2, 0.8794, 1e-4, window=80, n_dev=5000),
    ]
    table = study_table(rows, {"w2v": {**BASE, "sample": 1e-4, "window": 40}})
    assert table["dev_se"].iloc[0] == pytest.approx((0.8794 * 0.1206 / 5000) ** 0.5)
    assert table["within_se"].tolist() == [False, True, True]
    assert table["winner"].tolist() == [False, True, False] and table["dev_rank"].tolist() == [3, 2, 1]
    found = verdict(table, "w2v")
    assert found["configured_is_winner"] and found["best"]["window"] == 80
    text = word_vectors_text("w2v", {**BASE, "sample": 1e-4, "window": 40}, SIZES, {**found, "candidates": 3})
    assert "These settings are the choice of the 3 compared" in text
    assert "within one standard error (0.46 points) of the best, 87.94\\%" in text
    assert "these reach 87.78\\%; a costlier setting listed later has to beat them by more than that" in text


def test_a_configuration_no_candidate_has_is_reported_as_such():
    table = study_table([row(0, 0.8, 1e-3), row(1, 0.9, 1e-4)], {"w2v": {**BASE, "sample": 0.5}})
    found = verdict(table, "w2v")
    assert found["configured"] is None and not found["configured_is_winner"]


def labelled_texts(n, seed):
    rng = random.Random(seed)
    texts, labels = [], []
    for i in range(n):
        label = i % 2
        signal = POSITIVE if label else NEGATIVE
        words = [rng.choice(signal) if rng.random() < 0.3 else rng.choice(NEUTRAL) for _ in range(30)]
        texts.append(" ".join(words))
        labels.append(label)
    return texts, np.array(labels)


def test_the_probe_scores_a_candidate_reproducibly():
    splits = {s: labelled_texts(n, seed) for s, n, seed in (("train", 200, 0), ("dev", 80, 1), ("test", 80, 2))}
    texts = {s: t for s, (t, _) in splits.items()}
    labels = {s: y for s, (_, y) in splits.items()}
    spec = {**BASE, "dim": 8, "min_count": 1, "epochs": 3}
    first, timings = score_candidate(texts, labels, texts["train"], spec)
    again, _ = score_candidate(texts, labels, texts["train"], spec)
    assert first["dev_acc"] > 0.75  # the label words separate the classes
    assert first == again  # results only: the timings are apart
    assert set(timings) == {"word2vec_seconds", "word2vec_cpu_seconds"} and min(timings.values()) >= 0
    assert (
        first["sample"] == 1e-3 and first["workers"] == 1 and first["vocabulary"] == len(POSITIVE + NEGATIVE + NEUTRAL)
    )


def test_sample_changes_the_vectors_and_more_workers_are_flagged(caplog):
    sentences = [tokenize(t) for t in labelled_texts(200, 0)[0]]
    kw = dict(dim=8, window=2, min_count=1, epochs=2, sg=False, negative=3, seed=1)
    assert not np.array_equal(
        train_word2vec(sentences, sample=1e-3, **kw).vectors, train_word2vec(sentences, sample=1e-5, **kw).vectors
    )
    assert reproducible(1) and not reproducible(2)
    with caplog.at_level(logging.WARNING):
        train_word2vec(sentences, sample=1e-3, workers=2, **kw)
    assert "2 workers" in caplog.text and "differ from run to run" in caplog.text


def test_the_schema_gives_sample_and_workers_defaults_and_keeps_workers_out_of_candidates():
    cfg = yaml.safe_load((REPO / "config.yaml").read_text())
    cfg["embeddings"]["extra"] = {"kind": "word2vec"}
    validate(cfg, SCHEMA)
    assert cfg["embeddings"]["extra"]["sample"] == 1e-3 and cfg["embeddings"]["extra"]["workers"] == 1
    assert cfg["word2vec_study"]["in_report"] is False
    cfg["word2vec_study"]["candidates"]["word2vec-imdb"].append({"workers": 4})
    with pytest.raises(Exception, match="workers"):
        validate(cfg, SCHEMA)


# --- what the report says about the word vectors and the best MLP ------------------------------

from textmlp.report.published import accuracy_interval, published_comparison  # noqa: E402
from textmlp.report.word_vectors import word2vec_study_table, word_vectors_text  # noqa: E402

SIZES = {"train": 20000, "dev": 5000, "test": 10000, "unlabeled": 50000}


def test_word_vectors_text_states_the_settings_and_reproducibility():
    text = word_vectors_text("w2v", {**BASE, "sample": 1e-4}, SIZES)
    assert "CBOW, 50 dimensions" in text and "subsampled above $10^{-4}$" in text
    assert "20,000 training reviews and the 50,000 unlabelled ones" in text
    assert "threads" not in text  # one thread: nothing to warn about
    several = word_vectors_text(
        "w2v", {**BASE, "workers": 4, "sg": True}, {**SIZES, "unlabeled": 0}, study_declared=True
    )
    assert "skip-gram" in several and "4 threads" in several and "differ" in several
    assert "unlabelled" not in several and "not rerun" not in several  # what a build did not do goes unsaid


def study_verdict(configured_sample):
    table = study_table([row(0, 0.81, 1e-3), row(1, 0.84, 1e-4)], {"w2v": {**BASE, "sample": configured_sample}})
    return table, {**verdict(table, "w2v"), "candidates": 2}


@pytest.mark.parametrize(
    "sample, says",
    [
        (1e-4, "These settings are the choice of the 2 compared"),
        (1e-3, "which reaches 84.00\\% on development data against 81.00\\% for these"),
        (0.5, "None of the 2 settings compared"),
    ],
)
def test_word_vectors_text_tells_whether_the_study_chose_these_settings(sample, says):
    table, found = study_verdict(sample)
    assert says in word_vectors_text("w2v", {**BASE, "sample": sample}, SIZES, found)
    tex = word2vec_study_table(table)
    assert "\\textbf{84.00}" in tex and "sample $10^{-3}$" in tex
    assert ("(used)" in tex) == (sample in (1e-3, 1e-4))


def test_accuracy_interval_adds_test_sampling_and_seed_spread():
    low, high = accuracy_interval(0.9, 0.0, 3, 10_000)
    assert high - low == pytest.approx(2 * 1.96 * 0.003)  # sqrt(0.9 * 0.1 / 10000) = 0.003
    wider = accuracy_interval(0.9, 0.01, 3, 10_000)
    assert wider[0] < low and wider[1] > high and sum(wider) / 2 == pytest.approx(0.9)


def test_published_comparison_places_each_figure_against_the_interval():
    best = {"label": "tfidf", "test_acc_mean": 0.92, "test_acc_std": 0.001, "seeds": 3}
    text = published_comparison(best, n_test=10_000, n_train=20_000)
    assert "92.00 $\\pm$ 0.10\\%" in text and "91.22\\% (Wang and Manning~\\cite{wang2012}; below the interval)" in text
    assert "91.87\\% (Mesnil et al.~\\cite{mesnil2014}; inside the interval)" in text
    assert "92.57\\% (Mesnil et al.~\\cite{mesnil2014}; above the interval)" in text
    assert "20,000 reviews" in text


def test_embeddings_trained_on_several_threads_are_named_in_the_provenance_and_the_appendix():
    import pandas as pd

    from textmlp.config import unreproducible
    from textmlp.provenance import inputs_record
    from textmlp.report.appendix import repro_appendix

    embeddings = {"one": dict(BASE), "four": {**BASE, "workers": 4}, "tf": {"kind": "tfidf"}}
    assert unreproducible(embeddings) == {"four": "word2vec trained on 4 threads"}
    assert unreproducible(embeddings, used={"one", "tf"}) == {}
    runs = pd.DataFrame({"run": ["r"], "seed": [0], "device_name": ["cpu"], "threads": [1], "versions.torch": ["2"]})
    data = {"kind": "imdb", "source": "a.tar.gz", "sha256": "0" * 64, "split": {"seed": 1}}
    for flagged in ({}, unreproducible(embeddings)):
        record = inputs_record(
            config_hash="h",
            data=data,
            split_stats={},
            git={"commit": "c", "dirty": False},
            package_code="p",
            versions={},
            unreproducible=flagged,
        )
        assert record["not_bit_reproducible"] == flagged
        text = repro_appendix(runs, record, "f" * 16, "snakemake", data)
        assert ("Not bit-reproducible: \\texttt{four} (word2vec trained on 4 threads)" in text) == bool(flagged)
