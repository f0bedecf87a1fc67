"""textmlp.features.averaged: a review as the mean of its words' vectors."""

import pickle

import numpy as np
import pytest
import torch

from textmlp.features.averaged import average_embeddings, featurize_splits, load_features, save_features
from textmlp.features.word_vectors import Embedding


def test_average_embeddings_is_the_mean_of_known_words():
    emb = Embedding(["good", "bad", "film"], np.array([[1, 0], [0, 1], [2, 2]], np.float32))
    avg = average_embeddings([["good", "film", "unknownword"], ["bad", "bad"], ["zzz"], []], emb)
    np.testing.assert_allclose(avg.features, [[1.5, 1.0], [0, 1], [0, 0], [0, 0]])
    assert avg.known_tokens.tolist() == [2, 2, 0, 0]
    assert avg.total_tokens.tolist() == [3, 2, 1, 0]
    assert avg.empty_reviews == 2


def test_featurize_splits_counts_reviews_without_known_words_per_split():
    emb = Embedding(["good"], np.ones((1, 3), np.float32))
    arrays, stats = featurize_splits(
        {"train": ["good film", "nothing here"], "dev": ["GOOD"], "test": ["??"]},
        {"train": np.array([1, 0]), "dev": np.array([1]), "test": np.array([0])},
        emb,
    )
    assert arrays["train_x"].shape == (2, 3) and arrays["train_y"].dtype == np.int64
    assert [stats["splits"][s]["reviews_without_known_words"] for s in ("train", "dev", "test")] == [1, 0, 1]
    np.testing.assert_allclose(arrays["dev_x"], [[1, 1, 1]])


class _Payload:
    """An object a pickle-based load would build (and could run code to build)."""


def test_load_features_reads_tensors_and_refuses_pickled_objects(tmp_path):
    """torch.load is banned outside load_features (ruff TID251); this is what its weights_only=True buys."""
    save_features(tmp_path / "f.pt", {"train_x": np.ones((2, 3), dtype=np.float32)})
    assert torch.equal(load_features(tmp_path / "f.pt")["train_x"], torch.ones(2, 3))
    torch.save({"train_x": _Payload()}, tmp_path / "evil.pt")
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        load_features(tmp_path / "evil.pt")
