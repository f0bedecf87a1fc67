"""The order Snakemake starts jobs in: costlier training and baseline jobs first, so the run ends on short ones."""

from __future__ import annotations

import math
from typing import Any, Mapping

from textmlp.config import BASELINE_FITS, Configuration

#: Input width assumed, for scheduling only, where the config does not fix it:
#: a TF-IDF vocabulary (known after featurization) and a downloaded GloVe file.
NOMINAL_WIDTH = {"tfidf": 1_000_000, "glove": 100}


def _input_width(embedding_spec: Mapping[str, Any]) -> int:
    kind = embedding_spec.get("kind", "word2vec")
    return int(embedding_spec.get("dim") or embedding_spec.get("max_features") or NOMINAL_WIDTH.get(kind, 100))


def _cost_priority(width: int, hidden: tuple[int, ...], passes: int) -> int:
    sizes = [width, *hidden, 2]
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return int(10 * math.log2(1 + weights * passes))


def training_priority(configuration: Configuration, embedding_spec: Mapping[str, Any]) -> int:
    """Snakemake priority of a training job: larger for costlier jobs, so the
    long ones start first and the short ones fill the cores at the end.

    The cost is the weights of the network times its epochs, in tens of log2
    (an order, not a time). The input width is the embedding's ``dim``, a
    TF-IDF ``max_features``, else :data:`NOMINAL_WIDTH`: a TF-IDF model's
    n-gram table is its largest part, and its jobs are among the longest.
    """
    return _cost_priority(_input_width(embedding_spec), configuration.hidden, configuration.epochs)


def baseline_priority(embedding_spec: Mapping[str, Any]) -> int:
    """Priority of a baseline job on the same scale: a linear model on the
    input, fitted :data:`BASELINE_FITS` times."""
    return _cost_priority(_input_width(embedding_spec), (), BASELINE_FITS)
