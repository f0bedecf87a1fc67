"""textmlp.features.ngram_hashes: n-gram counts by hash in chunks, merged, in bounded memory."""

import random
import tracemalloc
from collections import Counter

import numpy as np

from textmlp.features.ngram_hashes import HashCounts, chunk_counts, count_hashes, hashes_of, merge_counts, strings_of
from textmlp.features.tfidf import analyzer

ANALYZE = analyzer((1, 3))


def random_texts(n: int, words: int, lexicon: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(f"w{rng.randrange(lexicon)}" for _ in range(words)) for _ in range(n)]


def test_counts_are_the_documents_and_occurrences_of_each_ngram():
    texts = random_texts(40, 15, 30)
    counts, n = count_hashes(texts, ANALYZE, chunk=7)  # several chunks merged
    df, tf = Counter(), Counter()
    for text in texts:
        grams = ANALYZE(text)
        tf.update(grams)
        df.update(set(grams))
    assert n == 40 and len(counts) == len(tf)
    assert np.all(np.diff(counts.hashes) > 0)  # sorted and distinct
    by_hash = {hash(g): (df[g], tf[g]) for g in tf}
    assert [by_hash[h] for h in counts.hashes.tolist()] == list(zip(counts.df.tolist(), counts.tf.tolist()))


def test_merging_chunks_equals_counting_at_once():
    texts = random_texts(30, 12, 25, seed=1)
    per_text = [hashes_of(ANALYZE(t)) for t in texts]
    whole = chunk_counts(per_text)
    merged = HashCounts.empty()
    for i in range(0, 30, 4):
        merged = merge_counts(merged, chunk_counts(per_text[i : i + 4]))
    for field in ("hashes", "df", "tf"):
        assert np.array_equal(getattr(merged, field), getattr(whole, field))
    assert len(chunk_counts([])) == 0


def test_strings_of_finds_each_wanted_ngram_and_none_for_absent_ones():
    texts = ["the good film", "a good plot"]
    wanted = np.sort(hashes_of(["good film", "a good plot", "not there"]))
    strings = strings_of(wanted, texts, ANALYZE)
    assert dict(zip(wanted.tolist(), strings)) == {
        hash("good film"): "good film",
        hash("a good plot"): "a good plot",
        hash("not there"): None,
    }


def test_counting_holds_bytes_per_distinct_ngram_not_strings():
    """A vocabulary-heavy table (300 texts of words seen about once: ~180,000
    distinct n-grams): the counts' peak stays under 48 bytes per distinct
    n-gram, less than any Python string of one (49 bytes and up)."""
    texts = random_texts(300, 200, 10**7, seed=2)
    tracemalloc.start()
    try:
        counts, _ = count_hashes(texts, ANALYZE, chunk=25)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(counts) > 150_000 and (counts.df == 1).mean() > 0.99
    assert peak < 48 * len(counts)
