"""Averaged word embeddings: each review becomes the mean of its known words' vectors.

Vectorized: all tokens of a split are looked up at once (a pandas hash index),
then one sparse (reviews x vocabulary) count matrix times the embedding
matrix gives every sum; no Python loop per review or per word.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from textmlp.features.word_vectors import Embedding

log = logging.getLogger(__name__)


@dataclass
class Averaged:
    features: np.ndarray  # (n_reviews, dim) float32
    known_tokens: np.ndarray  # (n_reviews,) number of tokens found in the vocabulary
    total_tokens: np.ndarray  # (n_reviews,)

    @property
    def empty_reviews(self) -> int:
        """Reviews with no known word: their feature vector is all zeros."""
        return int((self.known_tokens == 0).sum())


def average_embeddings(docs: Sequence[Sequence[str]], embedding: Embedding, index: pd.Index | None = None) -> Averaged:
    """Mean word vector of each tokenized review (zeros when no word is known).
    ``index`` (``pd.Index(embedding.words)``) may be passed to reuse its hash table."""
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = list(itertools.chain.from_iterable(docs))
    index = pd.Index(embedding.words) if index is None else index
    codes = index.get_indexer(flat) if flat else np.empty(0, np.int64)
    rows = np.repeat(np.arange(len(docs)), lengths)
    known = codes >= 0
    counts = sp.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.float32), (rows[known], codes[known])),
        shape=(len(docs), len(embedding.words)),
    )
    sums = np.asarray(counts @ embedding.vectors, dtype=np.float32)
    n_known = np.bincount(rows[known], minlength=len(docs))
    feats = sums / np.maximum(n_known, 1)[:, None].astype(np.float32)
    return Averaged(features=feats, known_tokens=n_known, total_tokens=lengths)


#: Reviews tokenized and averaged at a time (bounds the memory of token lists).
CHUNK = 2000


def featurize_splits(
    texts: dict[str, Sequence[str]], labels: dict[str, np.ndarray], embedding: Embedding
) -> tuple[dict, dict]:
    """Tokenize and average every split. Returns (arrays, stats): arrays maps
    ``{split}_x`` / ``{split}_y`` to numpy arrays; stats counts, per split, the
    reviews with no known word (kept, as zero vectors, in every split alike)."""
    from textmlp.features.tokenize import tokenize_all

    arrays, stats = {}, {"dim": embedding.dim, "vocabulary": len(embedding.words), "splits": {}}
    index = pd.Index(embedding.words)
    for split, docs in texts.items():
        # in chunks: the token lists of a whole split would cost far more memory than the texts
        parts = [
            average_embeddings(tokenize_all(docs[i : i + CHUNK]), embedding, index)
            for i in range(0, max(len(docs), 1), CHUNK)
        ]
        avg = Averaged(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in ("features", "known_tokens", "total_tokens"))
        )
        arrays[f"{split}_x"] = avg.features
        arrays[f"{split}_y"] = np.array(labels[split], dtype=np.int64)  # a writable copy
        total = int(avg.total_tokens.sum())
        stats["splits"][split] = {
            "reviews": len(docs),
            "reviews_without_known_words": avg.empty_reviews,
            "tokens": total,
            "known_token_share": float(avg.known_tokens.sum() / total) if total else 0.0,
        }
        log.info(
            "%s: %d reviews, %d without a known word (zero vectors), %.1f%% tokens known",
            split,
            len(docs),
            avg.empty_reviews,
            100 * stats["splits"][split]["known_token_share"],
        )
    return arrays, stats


def save_features(path, arrays: dict[str, np.ndarray]) -> None:
    import torch

    from textmlp.io import atomic_torch_save

    atomic_torch_save(path, {k: torch.from_numpy(v) for k, v in arrays.items()})


def load_features(path, map_location=None) -> dict:
    """The tensors saved by :func:`save_features` (loaded with weights_only=True;
    onto ``map_location`` when given, as torch.load); ``path`` may be an open
    binary file, read from where it stands."""
    import torch

    return torch.load(path, weights_only=True, map_location=map_location)  # noqa: TID251 - the one reader of tensor files
