"""Word vectors: trained here (word2vec on the training reviews) or loaded (GloVe).

Both end as an :class:`Embedding` (a word list and a float32 matrix) saved
as ``.npz``, so the featurizer does not care where the vectors came from.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from textmlp.io import atomic_path
from textmlp.runtime import word2vec_reproducible

log = logging.getLogger(__name__)


@dataclass
class Embedding:
    words: list[str]
    vectors: np.ndarray  # (len(words), dim) float32

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def save(self, path: str | Path) -> None:
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as f:
                np.savez(f, words=np.array(self.words, dtype=str), vectors=self.vectors)

    @classmethod
    def load(cls, path: str | Path) -> "Embedding":
        with np.load(path, allow_pickle=False) as z:
            return cls(words=z["words"].tolist(), vectors=z["vectors"].astype(np.float32))


def stable_hash(text: str) -> int:
    """A word hash that does not change between interpreter runs (CRC32).

    gensim seeds each word's initial vector with ``hashfxn(word + seed)``;
    its default is Python's ``hash``, which is salted per process unless
    PYTHONHASHSEED is fixed, so the vectors would differ run to run.
    """
    return zlib.crc32(text.encode("utf-8"))


class TokenizedCorpus:
    """Texts tokenized once, kept as token ids (4 bytes a token).

    gensim makes one pass over the corpus to build the vocabulary and one per
    epoch. Re-tokenizing on every pass cost about a quarter of the stage, in
    the producer thread that shares the GIL with the training thread; token
    lists of str for all of IMDB's train + unlabelled reviews would take over
    1 GB. Here every review is a run of ``uint32`` ids into one list of
    distinct tokens (about 75 MB for the 19 M tokens), and each pass rebuilds
    a review's token list with one numpy ``take``: the same tokens as
    :func:`textmlp.features.tokenize.tokenize` in the same order, so gensim trains exactly
    as on the re-tokenized texts (bit-identical vectors), and the very same
    string objects each time (its dictionary lookups hit on identity).
    """

    def __init__(self, texts: Iterable[str]) -> None:
        from textmlp.features.tokenize import tokenize

        ids: defaultdict[str, int] = defaultdict()
        ids.default_factory = ids.__len__  # a new token gets the next id
        flat, ends = array("I"), array("q")
        for text in texts:
            flat.extend(map(ids.__getitem__, tokenize(text)))
            ends.append(len(flat))
        self.words = np.array(list(ids), dtype=object)
        self.ids = np.frombuffer(flat, dtype=np.uintc)  # array "I" is a C unsigned int: uint32
        self.ends = np.frombuffer(ends, dtype=np.longlong)

    def __len__(self) -> int:
        return len(self.ends)

    def __iter__(self) -> Iterator[list[str]]:
        words, ids, start = self.words, self.ids, 0
        for end in self.ends.tolist():
            yield words.take(ids[start:end]).tolist()
            start = end


def train_word2vec(
    sentences: Iterable[Sequence[str]],
    *,
    dim: int,
    window: int,
    min_count: int,
    epochs: int,
    sg: bool,
    negative: int,
    seed: int,
    sample: float = 1e-3,
    workers: int = 1,
    where: str = "word2vec",
) -> Embedding:
    """Train gensim Word2Vec, reproducibly with one worker (and :func:`stable_hash`).

    With one worker the order of updates is fixed, so the same sentences and
    seed give bit-identical vectors. More workers train faster but update the
    vectors in an order that changes from run to run: the vectors differ
    every time (:func:`textmlp.runtime.word2vec_reproducible`). ``sample`` is the threshold above
    which frequent words are randomly left out of training windows.
    ``where`` is the config key of these settings (for messages): a
    ``min_count`` that leaves no word raises ValueError naming it.
    """
    from gensim.models import Word2Vec

    if not word2vec_reproducible(workers):
        log.warning(
            "word2vec with %d workers: the vectors (and every result that uses them) "
            "differ from run to run; workers: 1 makes them bit-reproducible",
            workers,
        )
    try:
        model = Word2Vec(
            sentences=sentences,
            vector_size=dim,
            window=window,
            min_count=min_count,
            epochs=epochs,
            sg=int(sg),
            negative=negative,
            sample=sample,
            seed=seed,
            workers=workers,
            hashfxn=stable_hash,
        )
    except RuntimeError as err:  # gensim's words name no key
        if "vocabulary" not in str(err):
            raise
        raise ValueError(
            f"{where}.min_count = {min_count}: no word occurs that often in the training texts, so "
            "word2vec has no vocabulary; lower it"
        ) from err
    kv = model.wv
    log.info(
        "word2vec: %d words, %d dimensions, %d epochs, sample %g, %d worker(s)",
        len(kv.index_to_key),
        dim,
        epochs,
        sample,
        workers,
    )
    return Embedding(words=list(kv.index_to_key), vectors=np.asarray(kv.vectors, dtype=np.float32))


def load_glove(path: str | Path) -> Embedding:
    """Load GloVe vectors with gensim: a text file, optionally gzipped, with or
    without the word2vec ``<count> <dim>`` header line."""
    from gensim.models import KeyedVectors

    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        first = f.readline().split()
    has_header = len(first) == 2 and all(p.isdigit() for p in first)
    try:
        kv = KeyedVectors.load_word2vec_format(path, binary=False, no_header=not has_header, unicode_errors="replace")
    except (ValueError, EOFError) as exc:
        raise ValueError(f"{path}: not a GloVe/word2vec text file: {exc}") from exc
    log.info("GloVe: %d words, %d dimensions from %s", len(kv.index_to_key), kv.vector_size, path)
    return Embedding(words=list(kv.index_to_key), vectors=np.asarray(kv.vectors, dtype=np.float32))
