"""Each input representation's short name in words, from its config entry: what the report's
text, tables and figure legends call it instead of its configuration key."""

from __future__ import annotations

from typing import Mapping


def embedding_name(spec: Mapping[str, object]) -> str:
    """A short name for an input in running text: 'averaged 50-d word2vec', 'TF-IDF 1- to 3-grams'."""
    kind = spec.get("kind")
    if kind in ("word2vec", "glove"):
        dim = spec.get("dim")
        return f"averaged {dim}-d {'word2vec' if kind == 'word2vec' else 'GloVe'}" if dim else f"averaged {kind}"
    if kind == "tfidf":
        n = int(spec.get("ngram_max", 1))
        return "TF-IDF words" if n == 1 else f"TF-IDF 1- to {n}-grams"
    return str(kind)
