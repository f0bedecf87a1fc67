"""textmlp.features.ngram_hashes: n-gram counts by hash in chunks, merged, in bounded memory."""

import random
import tracemalloc
from collections import Counter

import numpy as np
import pytest

from textmlp.features.ngram_hashes import (
    HashCounts,
    bit_positions,
    chunk_counts,
    count_hashes,
    has_bit,
    hashes_of,
    merge_counts,
    seen_twice,
    set_bits,
    strings_of,
)
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


def passage_texts(n: int, seed: int = 0) -> list[str]:
    """A vocabulary-heavy table: texts of 60 words seen about once, each pair
    of texts sharing a passage of 10 words (so its n-grams occur twice), and a
    common word in every text."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n // 2):
        passage = [f"p{rng.randrange(10**7)}" for _ in range(10)]
        for _ in range(2):
            own = [f"w{rng.randrange(10**7)}" for _ in range(60)]
            texts.append(" ".join(own[:30] + passage + own[30:] + ["film"]))
    return texts


def test_bits_are_set_and_read_back():
    bitmap = np.zeros(4, dtype=np.uint8)
    set_bits(bitmap, np.array([0, 3, 7, 8, 31]))  # three in byte 0: one write
    set_bits(bitmap, np.array([], dtype=np.int64))
    assert bitmap.tolist() == [0b10001001, 1, 0, 0b10000000]
    assert has_bit(bitmap, np.arange(32)).nonzero()[0].tolist() == [0, 3, 7, 8, 31]
    positions = bit_positions(np.array([-1, 0, 2**62, -(2**63)], dtype=np.int64), 100)
    assert positions.dtype == np.int64 and positions.tolist() == [(2**64 - 1) % 100, 0, 2**62 % 100, 2**63 % 100]


@pytest.mark.parametrize("chunk", [1, 7, 2000])  # the second text in another chunk, in the same, all in one
def test_seen_twice_marks_every_ngram_of_two_texts(chunk):
    texts = ["a b c", "c d a b", "e", "a b"]
    twice = seen_twice(texts, ANALYZE, 2**20, chunk)
    for gram in ("a", "b", "c", "a b"):  # in two texts or more
        assert has_bit(twice, bit_positions(hashes_of([gram]), 2**20)).all(), gram
    assert not has_bit(twice, bit_positions(hashes_of(["e", "d", "b c", "c d a"]), 2**20)).any()
    assert not seen_twice(["x x x y"], ANALYZE, 2**20).any()  # repeats within one text are one text


@pytest.mark.parametrize("bits", [None, 64], ids=["sized", "tiny"])
@pytest.mark.parametrize("chunk", [7, 2000])
def test_counting_with_min_docs_keeps_the_exact_counts_of_every_ngram_of_two_texts(bits, chunk):
    """The n-grams of two texts or more and their counts are those of counting
    everything; whatever else a collision lets through has its exact counts too.
    With a 64-bit bitmap nearly every n-gram of one text collides and gets through."""
    texts = passage_texts(60) + random_texts(40, 15, 30, seed=3)  # rare and common n-grams
    full, n = count_hashes(texts, ANALYZE, chunk=chunk)
    some, m = count_hashes(texts, ANALYZE, chunk=chunk, min_docs=2, bits=bits)
    assert n == m == 100
    frequent = full.df >= 2
    where = np.searchsorted(full.hashes, some.hashes)
    assert np.array_equal(full.hashes[where], some.hashes)  # counted: a subset of every n-gram
    assert np.array_equal(full.df[where], some.df) and np.array_equal(full.tf[where], some.tf)  # with its counts
    assert np.isin(full.hashes[frequent], some.hashes).all()  # every n-gram of two texts or more
    let_through = len(some) - frequent.sum()
    if bits == 64:
        assert let_through > 0.9 * (~frequent).sum()
    else:
        assert let_through < 0.2 * (~frequent).sum()


def test_counting_with_min_docs_holds_the_ngrams_of_two_texts_not_the_rest():
    """Issue 27: on a vocabulary-heavy table (300 texts, ~59,000 distinct
    n-grams, nine in ten in one text) the counts with min_docs 2 hold the
    n-grams of two texts or more and at most the bitmaps' share (1 - e^-1/8,
    under 12%, where every n-gram is distinct) of the others; the peak memory
    of counting falls to under a third."""
    texts = passage_texts(300)

    def counted(**kw):
        tracemalloc.start()
        try:
            counts, _ = count_hashes(texts, ANALYZE, chunk=25, **kw)
            return counts, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    full, full_peak = counted()
    some, some_peak = counted(min_docs=2)
    frequent, single = int((full.df >= 2).sum()), int((full.df == 1).sum())
    assert single > 8 * frequent  # singletons vastly outnumber what min_df 2 keeps
    assert frequent <= len(some) <= frequent + 0.12 * single
    assert some_peak < full_peak / 3


def test_counting_twice_needs_a_sequence():
    with pytest.raises(TypeError, match="sequence"):
        count_hashes(iter(["a b", "a b"]), ANALYZE, min_docs=2)
