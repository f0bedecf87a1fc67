"""Counting n-grams in bounded memory: by their 64-bit hashes, in numpy arrays.

A vocabulary of word 1-3-grams held as Python strings costs about 150 bytes
per n-gram, and a corpus of 30,000 reviews has millions of distinct ones, most
seen once. Here each n-gram is only its ``hash()`` (8 bytes) while the texts
are counted: :func:`count_hashes` walks the texts in chunks and merges each
chunk's sorted (hash, documents, occurrences) into running sorted arrays, so
memory grows with the distinct n-grams at 16 bytes each, never with a copy per
text. Only the n-grams finally kept get their strings back
(:func:`strings_of`), to order the columns alphabetically.

Python's ``hash`` of a string is SipHash, 64 bits, salted per process: the
hashes are valid only in the process that made them (they are never stored),
and two n-grams of one corpus share a hash with odds of about n^2 / 2^65
(1 in 10^5 at ten million distinct n-grams), when their counts merge.

Most distinct n-grams of a corpus occur in one document only (three in four
on the synthetic table of ``bench/scale.py``, where every text still shares a
passage with one other), and ``min_df`` 2 drops them all, so counting them
at 16 bytes each (and twice that while a merge copies the arrays) is memory
spent on what is thrown away. With ``min_docs`` >= 2, :func:`count_hashes`
first finds the n-grams that may occur in two documents or more
(:func:`seen_twice`): one pass over the texts sets, for each document's
distinct n-grams, a bit per hash in a bitmap "seen", and the bit in a second
bitmap "seen in two documents or more" when "seen" already had it (or when
two documents of the same chunk have it). The counting pass then counts only
the hashes whose bit is set in the second bitmap. A bit stands for all the
hashes that fall on it, so a collision can only let an n-gram of one document
through, never hold one of two or more back; and every hash that is counted
is counted in every document, so its counts are exact and ``min_df`` drops
the ones let through as before: the kept n-grams and their counts are those
of counting everything.

What this bounds: the running counts hold the n-grams of two or more
documents plus the share of the others whose bit another n-gram set, about
the bitmaps' fill (under one in eight: :data:`BITS_PER_NGRAM`), instead of
every distinct n-gram. The bitmaps are sized from the corpus
(:func:`bitmap_bits`, at most :data:`MAX_BITMAP_BITS`): one byte each per
n-gram occurrence, so both together hold two bytes per occurrence while the
first pass runs, and the "twice" one alone, one byte per occurrence, while
the counting pass runs: where most n-grams occur once, that is a sixteenth
to a thirty-second of the 16 to 32 bytes their counts would take. The cost:
every text is tokenised once more (the first pass). ``bench/tfidf_counting.py``
measured the fit's time on 35,000 IMDB reviews a quarter longer (its peak
memory 15% lower); on the synthetic table about as long as before, the
merges of smaller arrays saving what the pass costs (its peak halved).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

#: Texts counted between two merges into the running counts: big enough that
#: merges (a copy of the running arrays each) are few, small enough that a
#: chunk's own arrays stay a few MB.
CHUNK_TEXTS = 2000

#: Bits of each bitmap of :func:`seen_twice` per n-gram occurrence (estimated
#: by :func:`bitmap_bits`): at most one bit in eight is set, so at most about
#: one n-gram of one document in eight is counted all the same (1 - e^-1/8,
#: 12%, where every occurrence is a distinct n-gram; far fewer on real text,
#: whose n-grams repeat).
BITS_PER_NGRAM = 8
#: The smallest and largest bitmaps (bits; 8 KiB and 256 MiB each).
MIN_BITMAP_BITS = 2**16
MAX_BITMAP_BITS = 2**31


def hashes_of(grams: Sequence[str]) -> np.ndarray:
    """The 64-bit hash of each n-gram (int64), in order."""
    return np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams))


@dataclass
class HashCounts:
    """Distinct hashes (sorted, int64), the documents each occurs in (``df``)
    and its occurrences in all (``tf``), both uint32."""

    hashes: np.ndarray
    df: np.ndarray
    tf: np.ndarray

    @classmethod
    def empty(cls) -> HashCounts:
        return cls(np.empty(0, np.int64), np.empty(0, np.uint32), np.empty(0, np.uint32))

    def __len__(self) -> int:
        return len(self.hashes)


def chunk_counts(per_text: Iterable[np.ndarray]) -> HashCounts:
    """:class:`HashCounts` of some texts, each given as its n-grams' hashes."""
    distinct, counts = [], []
    for h in per_text:
        u, c = np.unique(h, return_counts=True)
        distinct.append(u)
        counts.append(c.astype(np.uint32))
    if not distinct:
        return HashCounts.empty()
    h = np.concatenate(distinct)
    c = np.concatenate(counts)
    order = np.argsort(h, kind="stable")
    h, c = h[order], c[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]]) if len(h) else np.empty(0, np.int64)
    df = np.diff(np.r_[starts, len(h)]).astype(np.uint32)
    tf = np.add.reduceat(c, starts).astype(np.uint32) if len(h) else np.empty(0, np.uint32)
    return HashCounts(h[starts], df, tf)


def merge_counts(total: HashCounts, part: HashCounts) -> HashCounts:
    """``total`` with ``part`` added: counts summed where a hash is in both,
    new hashes inserted in order. Only ``part``-sized arrays are made besides
    the (N + new)-sized results, no sort of ``total``."""
    if len(total) == 0:
        return part
    pos = np.searchsorted(total.hashes, part.hashes)
    found = pos < len(total)
    found[found] = total.hashes[pos[found]] == part.hashes[found]
    df, tf = total.df, total.tf
    df[pos[found]] += part.df[found]  # pos[found] has no repeats: both hash lists are distinct
    tf[pos[found]] += part.tf[found]
    new = ~found
    at = pos[new]
    return HashCounts(
        np.insert(total.hashes, at, part.hashes[new]),
        np.insert(df, at, part.df[new]),
        np.insert(tf, at, part.tf[new]),
    )


def count_hashes(
    texts: Iterable[str],
    analyze: Callable[[str], list[str]],
    chunk: int = CHUNK_TEXTS,
    min_docs: int = 1,
    bits: int | None = None,
    twice: np.ndarray | None = None,
    part: tuple[int, int] = (0, 1),
) -> tuple[HashCounts, int]:
    """Document and occurrence counts of every n-gram ``analyze`` finds in
    ``texts``, by hash; and the number of texts.

    With ``min_docs`` >= 2 the n-grams of one document only are left out
    (most of them: those whose bit in :func:`seen_twice`'s bitmap of ``bits``
    bits, default :func:`bitmap_bits`, no other n-gram shares), at the cost of
    a first pass over ``texts``, which must then be a sequence. Every hash in
    the result has its exact counts either way, and every n-gram of two
    documents or more is there. The running counts only grow, so the
    result's length is the most hashes they held.

    ``twice``: :func:`seen_twice`'s bitmap of ``bits`` bits, made already (no
    first pass then). ``part`` = (k, parts): only the hashes of the k-th of
    ``parts`` shares (:func:`hash_part`), so that counting every share, one
    pass each, holds a ``parts``-th of the counts at a time.
    """
    k, parts = part
    if twice is not None:
        if bits is None:
            raise ValueError("a seen-twice bitmap needs its size in bits")
    elif min_docs >= 2:
        if iter(texts) is texts:
            raise TypeError("counting with min_docs >= 2 reads the texts twice: give a sequence, not an iterator")
        bits = bitmap_bits(texts) if bits is None else bits
        twice = seen_twice(texts, analyze, bits, chunk)
    total, pending, n = HashCounts.empty(), [], 0
    for text in texts:
        h = hashes_of(analyze(text))
        if twice is not None:
            h = h[has_bit(twice, bit_positions(h, bits))]
        if parts > 1:
            h = h[hash_part(h, parts) == k]
        pending.append(h)
        n += 1
        if len(pending) == chunk:
            total = merge_counts(total, chunk_counts(pending))
            pending = []
    if pending:
        total = merge_counts(total, chunk_counts(pending))
    return total, n


def hash_part(h: np.ndarray, parts: int) -> np.ndarray:
    """Which of ``parts`` shares each hash falls in (by its top byte; the bitmaps use its low bits)."""
    return (h.view(np.uint64) >> np.uint64(56)).astype(np.int64) % parts


#: Set bits in each byte value.
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


def bits_set(bitmap: np.ndarray, step: int = 1 << 24) -> int:
    """How many bits of ``bitmap`` (uint8) are set, counted a slice at a time."""
    return int(sum(_POPCOUNT[bitmap[i : i + step]].sum() for i in range(0, len(bitmap), step)))


def bitmap_bits(texts: Iterable[str], ngrams_per_word: int = 3) -> int:
    """The bits of each bitmap of :func:`seen_twice` for ``texts``:
    :data:`BITS_PER_NGRAM` per n-gram occurrence, estimated as
    ``ngrams_per_word`` (the n-gram orders counted) per word separated by
    spaces, within :data:`MIN_BITMAP_BITS` and :data:`MAX_BITMAP_BITS`, a
    multiple of 64."""
    words = sum(t.count(" ") + 1 for t in texts)
    bits = BITS_PER_NGRAM * ngrams_per_word * words
    return int(min(max(bits, MIN_BITMAP_BITS), MAX_BITMAP_BITS)) // 64 * 64


def bit_positions(h: np.ndarray, bits: int) -> np.ndarray:
    """The bit of each hash ``h`` in a bitmap of ``bits`` bits (int64)."""
    return (h.view(np.uint64) % np.uint64(bits)).astype(np.int64)


def has_bit(bitmap: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Whether each of ``positions`` is set in ``bitmap`` (uint8, bit ``p % 8`` of byte ``p // 8``)."""
    return (bitmap[positions >> 3] >> (positions & 7).astype(np.uint8)) & 1 == 1


def set_bits(bitmap: np.ndarray, positions: np.ndarray) -> None:
    """Set the bits at ``positions`` (sorted, distinct) in ``bitmap``: the bits
    of one byte OR-ed together first, so each byte is written once."""
    if len(positions) == 0:
        return
    byte = positions >> 3
    masks = np.left_shift(1, positions & 7).astype(np.uint8)
    starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]])
    bitmap[byte[starts]] |= np.bitwise_or.reduceat(masks, starts)


def seen_twice(
    texts: Iterable[str], analyze: Callable[[str], list[str]], bits: int, chunk: int = CHUNK_TEXTS
) -> np.ndarray:
    """A bitmap of ``bits`` bits (uint8) with the bit (:func:`bit_positions`)
    of every n-gram found in two of ``texts`` or more set, and few others.

    Each text's distinct bits are gathered a chunk of texts at a time; a bit
    is "twice" when two texts of the chunk have it or when the bitmap of bits
    seen in earlier chunks already had it, and then joins that bitmap.
    """
    seen = np.zeros(-(-bits // 8), dtype=np.uint8)
    twice = np.zeros_like(seen)

    def mark(part: list[np.ndarray]) -> None:
        positions, texts_with = np.unique(np.concatenate(part), return_counts=True)
        set_bits(twice, positions[(texts_with > 1) | has_bit(seen, positions)])
        set_bits(seen, positions)

    part = []
    for text in texts:
        part.append(np.unique(bit_positions(hashes_of(analyze(text)), bits)))
        if len(part) == chunk:
            mark(part)
            part = []
    if part:
        mark(part)
    return twice


def strings_of(wanted: np.ndarray, texts: Iterable[str], analyze: Callable[[str], list[str]]) -> list[str | None]:
    """The n-gram behind each of the sorted hashes ``wanted`` (None where no
    text has it), from a pass over ``texts``."""
    strings: list[str | None] = [None] * len(wanted)
    missing = len(wanted)
    found = np.zeros(len(wanted), dtype=bool)
    for text in texts:
        if not missing:
            break
        grams = analyze(text)
        where, hit = lookup(wanted, hashes_of(grams))
        new = ~found[where]
        for i, j in zip(np.flatnonzero(hit)[new].tolist(), where[new].tolist()):
            strings[j] = grams[i]
        found[where] = True
        missing -= len(np.unique(where[new]))
    return strings


def lookup(sorted_hashes: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``h`` is in ``sorted_hashes``: (positions of the hits, which of ``h`` hit)."""
    if len(sorted_hashes) == 0:
        return np.empty(0, np.int64), np.zeros(len(h), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_hashes, h), len(sorted_hashes) - 1)
    hit = sorted_hashes[pos] == h
    return pos[hit], hit
