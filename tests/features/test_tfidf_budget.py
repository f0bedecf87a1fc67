"""The TF-IDF memory budget (issue 27): the vocabulary cap that keeps the MLP's
n-gram layer, its Adam state and the best-epoch copies within
``model_budget_mb`` however many distinct n-grams the table holds."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch
import yaml

from tests.conftest import REPO
from textmlp.features.tfidf import (
    LAYER_COPIES,
    featurize,
    first_layer_width,
    layer_bytes,
    model_inputs,
    vocabulary_cap,
)

BUDGET_MB = 2.0  # holds 3,276 columns of 32 units
HIDDEN = [[32], [8, 8]]  # two configurations on the input: the widest first layer is 32


def vocabulary_heavy_table(rows: int = 240, words: int = 120, seed: int = 0):
    """Few texts, each of many rare words: the worst case for a TF-IDF
    vocabulary (every bigram and trigram seen twice becomes a column)."""
    rng = random.Random(seed)
    lexicon = [f"w{i:05d}" for i in range(6000)]
    signal = {0: "awful dull", 1: "great fine"}

    def text(label: int) -> str:
        body = [rng.choice(lexicon) for _ in range(words)]
        body[::10] = [signal[label]] * len(body[::10])
        # every text repeats half of another's words, so many rare n-grams reach min_df 2
        return " ".join(body)

    texts, labels = {}, {}
    for split, n in (("train", rows), ("dev", rows // 4), ("test", rows // 4)):
        y = np.arange(n) % 2
        docs = [text(int(label)) for label in y]
        texts[split] = [d if i % 2 else d + " " + docs[i - 1] for i, d in enumerate(docs)] if split == "train" else docs
        labels[split] = y
    return texts, labels


def spec(budget):
    return {
        "ngram_max": 3,
        "min_df": 2,
        "max_features": None,
        "sublinear_tf": True,
        "nb_scaling": True,
        "model_budget_mb": budget,
    }


def held_bytes(model, optimizers) -> int:
    """Bytes of the n-gram layer's weights and the Adam moments kept for them."""
    weight = model.first.weight
    state = optimizers[0].state[weight]
    return sum(t.numel() * t.element_size() for t in (weight, state["exp_avg"], state["exp_avg_sq"]))


def test_cap_arithmetic():
    assert first_layer_width([[512], [32, 8], []], n_classes=2) == 512
    assert first_layer_width([[]], n_classes=5) == 5  # a linear model: n-grams straight to the classes
    assert layer_bytes(1000, 32) == 1000 * 32 * 4 * LAYER_COPIES
    cap = vocabulary_cap(BUDGET_MB, 32)
    assert layer_bytes(cap, 32) <= BUDGET_MB * 2**20 < layer_bytes(cap + 1, 32)
    with pytest.raises(ValueError, match="positive"):
        vocabulary_cap(0, 32)
    with pytest.raises(ValueError, match="cannot hold even one"):
        vocabulary_cap(1e-6, 32)


def test_vocabulary_heavy_table_exceeds_the_budget_without_the_cap_and_fits_with_it():
    from textmlp.models.sparse import SparseSplit, build_sparse_model
    from textmlp.train.loop import optimizers, train_sparse

    texts, labels = vocabulary_heavy_table()
    budget = BUDGET_MB * 2**20
    _, free = featurize(texts, labels, spec(None), hidden=HIDDEN)
    assert free["budget"]["vocabulary_cap"] is None and not free["budget"]["capped"]
    assert layer_bytes(free["vocabulary"], 32) > 2 * budget  # the uncapped layer is over twice the budget

    arrays, capped = featurize(texts, labels, spec(BUDGET_MB), hidden=HIDDEN)
    cap = vocabulary_cap(BUDGET_MB, 32)
    assert capped["vocabulary"] == cap < free["vocabulary"]
    assert capped["budget"] == {
        "model_budget_mb": BUDGET_MB,
        "first_layer_width": 32,
        "vocabulary_cap": cap,
        "capped": True,
        "layer_mb": round(layer_bytes(cap, 32) / 2**20, 1),
    }
    assert all(arrays[f"{s}_x"].shape[1] == cap for s in ("train", "dev", "test"))

    # the layer a training job builds on these features, and the Adam state it keeps, fit the budget
    inputs = model_inputs(arrays)
    splits = {s: SparseSplit(inputs[f"{s}_x"], inputs[f"{s}_y"]) for s in ("train", "dev", "test")}
    model = build_sparse_model(cap, 2, [32], "relu", seed=0)
    result = train_sparse(
        model,
        splits["train"],
        splits["dev"],
        splits["test"],
        lr=0.001,
        batch_size=32,
        epochs=2,
        seed=0,
        device=torch.device("cpu"),
    )
    assert result.status == "ok"
    sparse_adam, _ = optimizers(model, 0.001)  # one step allocates its moments, as in training
    rows = splits["train"].on(torch.device("cpu"))
    torch.nn.functional.cross_entropy(model(rows.rows(0, 32)), splits["train"].y[:32]).backward()
    sparse_adam.step()
    held = held_bytes(model, (sparse_adam,))  # the best epoch's copy waits on disk, not in memory
    assert held == layer_bytes(cap, 32) <= budget


def test_the_cap_keeps_the_most_frequent_ngrams_and_is_idle_when_the_budget_is_ample():
    texts, labels = vocabulary_heavy_table(rows=80)
    arrays_free, free = featurize(texts, labels, spec(None), hidden=HIDDEN)
    arrays_big, big = featurize(texts, labels, spec(1000.0), hidden=HIDDEN)
    assert big["vocabulary"] == free["vocabulary"] and not big["budget"]["capped"]
    assert (arrays_big["train_x"] != arrays_free["train_x"]).nnz == 0  # the same matrices
    small = 20 * layer_bytes(1, 32) / 2**20  # room for 20 columns
    arrays, capped = featurize(texts, labels, spec(small), hidden=HIDDEN)
    assert capped["vocabulary"] == 20 and capped["budget"]["capped"]
    # the six signal n-grams (in every text or every second one) are among the 20 kept
    in_half = arrays["train_x"].getnnz(axis=0) >= arrays["train_x"].shape[0] // 2
    assert in_half.sum() == (arrays_free["train_x"].getnnz(axis=0) >= arrays["train_x"].shape[0] // 2).sum() == 6


def test_a_budget_needs_the_models_widths():
    texts, labels = vocabulary_heavy_table(rows=20)
    with pytest.raises(ValueError, match="embeddings.t.model_budget_mb"):
        featurize(texts, labels, spec(5.0), where="embeddings.t")


def test_the_default_budget_does_not_cap_imdb():
    """The default run's vocabulary (846,000 n-grams; 880,249 for 35,000 texts
    through the table path) fits the shipped budget at the recipe's 32 units."""
    shipped = yaml.safe_load((REPO / "config.yaml").read_text())["embeddings"]["tfidf-uni-bi-tri"]
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
    assert "model_budget_mb" in str(schema)
    assert vocabulary_cap(shipped["model_budget_mb"], 32) > 880_249
