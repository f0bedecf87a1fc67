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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

#: Texts counted between two merges into the running counts: big enough that
#: merges (a copy of the running arrays each) are few, small enough that a
#: chunk's own arrays stay a few MB.
CHUNK_TEXTS = 2000


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
    texts: Iterable[str], analyze: Callable[[str], list[str]], chunk: int = CHUNK_TEXTS
) -> tuple[HashCounts, int]:
    """Document and occurrence counts of every n-gram ``analyze`` finds in
    ``texts``, by hash; and the number of texts."""
    total, part, n = HashCounts.empty(), [], 0
    for text in texts:
        part.append(hashes_of(analyze(text)))
        n += 1
        if len(part) == chunk:
            total = merge_counts(total, chunk_counts(part))
            part = []
    if part:
        total = merge_counts(total, chunk_counts(part))
    return total, n


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
