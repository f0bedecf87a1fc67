"""TF-IDF word n-gram vectors: the sparse alternative to averaged embeddings.

The vectors are scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`'s
on the project tokenizer (:func:`textmlp.features.tokenize.tokenize`), number
for number, but counted in bounded memory: scikit-learn keeps every distinct
n-gram of the corpus as a string before it drops the rare ones (millions for
word trigrams of 30,000 reviews, over a gigabyte), while :func:`fit_tfidf`
counts them by 64-bit hash in numpy arrays (:mod:`textmlp.features.ngram_hashes`;
with ``min_df`` above 1, only those a first pass found in two texts or more,
and few others) and looks up the strings of the kept n-grams only, to order
the columns as scikit-learn does (alphabetically). The vocabulary is fitted on the training
texts only (optionally with unlabeled texts, which carry no label and so
cannot leak one); dev and test are only transformed, so an n-gram seen only
in dev or test has no column and is ignored.

The vocabulary can be capped by a memory budget (:func:`vocabulary_cap`):
the TF-IDF MLP's n-gram layer holds one row per column, so its weights and
Adam state grow with the vocabulary, which grows with the data; the cap keeps
the most frequent n-grams so that layer fits ``model_budget_mb`` at any
data size.

Also here: the naive-Bayes log-count ratio of Wang & Manning (2012, NBSVM),
a per-feature scaling computed from the training labels. The per-split
matrices are saved and loaded by :mod:`textmlp.features.tfidf_file`.
"""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass
from numbers import Integral
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from textmlp.features.ngram_hashes import (
    CHUNK_TEXTS,
    HashCounts,
    bitmap_bits,
    bits_set,
    count_hashes,
    hashes_of,
    lookup,
    seen_twice,
    strings_of,
)
from textmlp.features.tokenize import tokenize
from textmlp.resources import LAYER_COPIES, layer_bytes
from textmlp.runtime import release_freed_memory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TfidfSettings:
    """How the n-gram vectors are built (the keyword arguments of :func:`fit_tfidf`).

    ``min_df``/``max_df`` drop n-grams found in fewer/more documents (a count
    when an int, a share when a float); ``max_features`` keeps the most
    frequent ones (by occurrences; ties broken alphabetically); ``sublinear_tf``
    uses 1 + log(tf) instead of tf; ``binary`` sets every present n-gram's tf
    to 1; ``norm`` scales each row to unit length ("l2", "l1" or None).
    """

    ngram_range: tuple[int, int] = (1, 2)
    min_df: int | float = 2
    max_df: int | float = 1.0
    max_features: int | None = None
    sublinear_tf: bool = True
    binary: bool = False
    use_idf: bool = True
    smooth_idf: bool = True
    norm: str | None = "l2"


@dataclass
class TfidfModel:
    """A fitted vocabulary and idf, as :func:`transform` needs them.

    ``hashes`` are the kept n-grams' hashes, sorted, and ``columns`` each
    one's column; the columns follow the n-grams' alphabetical order, as
    ``terms`` lists them (scikit-learn's ``get_feature_names_out``; None
    when the fit was told not to keep them, to save their memory). The
    hashes are Python's, salted per process: a model is valid only in the
    process that fitted it (it is never stored; the matrices are).
    """

    settings: TfidfSettings
    analyze: Callable[[str], list[str]]
    hashes: np.ndarray
    columns: np.ndarray
    idf: np.ndarray | None
    terms: list[str] | None
    #: n-grams within min_df and max_df, before ``max_features`` kept the most frequent
    candidate_ngrams: int
    #: distinct n-grams (hashes) the counting held: every one with min_df 1; with a
    #: higher min_df, those of two texts or more and the few others the bitmap let through
    counted_ngrams: int

    @property
    def vocabulary_(self) -> dict[str, int]:
        """n-gram -> column, like scikit-learn's ``vocabulary_``."""
        if self.terms is None:
            raise ValueError("this model was fitted with keep_terms=False: it has no n-gram strings")
        return {term: i for i, term in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.columns)


def analyzer(ngram_range: tuple[int, int]) -> Callable[[str], list[str]]:
    """scikit-learn's word n-gram analyzer on the project tokenizer: a text's
    n-grams, unigrams first, each its tokens joined by single spaces."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        tokenizer=tokenize, lowercase=False, token_pattern=None, ngram_range=tuple(ngram_range)
    ).build_analyzer()


def document_bounds(settings: TfidfSettings, n_docs: int) -> tuple[float, float]:
    """The fewest and most documents an n-gram may occur in (scikit-learn's
    reading of ``min_df``/``max_df``: a count when an int, a share when a float)."""
    low = settings.min_df if isinstance(settings.min_df, Integral) else settings.min_df * n_docs
    high = settings.max_df if isinstance(settings.max_df, Integral) else settings.max_df * n_docs
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    return low, high


def most_frequent(counts: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Which of ``counts`` the ``limit`` largest are: (surely kept: above the
    ``limit``-th largest count; tied at it; how many of the tied to keep)."""
    if limit >= len(counts):
        return np.ones(len(counts), dtype=bool), np.zeros(len(counts), dtype=bool), 0
    boundary = np.partition(counts, len(counts) - limit)[len(counts) - limit]
    sure = counts > boundary
    return sure, counts == boundary, limit - int(sure.sum())


def idf_weights(df: np.ndarray, n_docs: int, smooth: bool = True) -> np.ndarray:
    """log((1 + n) / (1 + df)) + 1 (or without the ones), float32, computed
    step by step as scikit-learn's TfidfTransformer does, so the same numbers."""
    df = df.astype(np.float32)
    df += float(smooth)
    idf = np.full_like(df, fill_value=n_docs + int(smooth), dtype=np.float32)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def fit_tfidf(
    texts: Sequence[str], settings: TfidfSettings | None = None, keep_terms: bool = True, **overrides
) -> TfidfModel:
    """The TF-IDF vocabulary and idf of ``texts`` (read two or three times:
    with ``min_df`` above 1 a first pass finds the n-grams of two texts or
    more, :func:`~textmlp.features.ngram_hashes.count_hashes` counts by hash,
    then the kept n-grams' strings are looked up; ``keep_terms=False`` drops
    the strings once they ordered the columns). Where the counts would
    outgrow :data:`COUNT_BUDGET_MB` (:func:`count_parts`) they are made a
    share of the hashes at a time, one more pass over the texts per share,
    each share keeping only what may make the vocabulary: the same result.

    ``overrides`` replace fields of ``settings`` (or of the defaults), e.g.
    ``fit_tfidf(train_texts, min_df=3, ngram_range=(1, 3))``.
    """
    settings = _settings(settings, overrides)
    analyze = analyzer(settings.ngram_range)
    n_docs = len(texts)
    if n_docs == 0:
        raise ValueError("cannot fit a TF-IDF vocabulary on zero texts")
    low, high = document_bounds(settings, n_docs)
    # with min_df above 1, the n-grams of one text only are (mostly) not counted at all
    lo, hi = settings.ngram_range
    bits = bitmap_bits(texts, hi - lo + 1) if low > 1 else None
    twice = seen_twice(texts, analyze, bits) if low > 1 else None
    parts = count_parts(twice)
    if parts > 1:
        log.info("n-grams counted in %d shares of their hashes, one pass over the texts each", parts)
    found, counted = [], 0
    for k in range(parts):
        share, _ = count_hashes(texts, analyze, bits=bits, twice=twice, part=(k, parts))
        counted += len(share)
        within = (share.df >= low) & (share.df <= high)
        if settings.max_features is not None and parts > 1:
            # of this share, only what may be among the max_features most frequent of all: at least its own
            # max_features-th count (the overall one is no lower)
            score = (share.df if settings.binary else share.tf)[within]
            sure, tied, _ = most_frequent(score, settings.max_features)
            within[np.flatnonzero(within)[~(sure | tied)]] = False
        found.append(HashCounts(share.hashes[within], share.df[within], share.tf[within]))
        del share, within
    del twice
    counts = _joined(found)  # every n-gram within min_df and max_df
    del found
    candidates = len(counts)
    log.info("n-grams in %s to %s of %d texts: %d of %d counted", low, high, n_docs, candidates, counted)
    if candidates == 0:
        raise ValueError("empty vocabulary: no n-gram is within min_df and max_df")
    hashes, df = counts.hashes, counts.df
    if settings.max_features is not None:
        # binary counts every present n-gram once: its occurrences are its documents
        sure, tied, room = most_frequent(counts.df if settings.binary else counts.tf, settings.max_features)
        hashes, df, tied = hashes[sure | tied], df[sure | tied], tied[sure | tied]
    del counts
    strings = strings_of(hashes, texts, analyze)
    if settings.max_features is not None and room < tied.sum():
        # the cap falls among n-grams of one count: the alphabetically first of them stay
        tied_at = np.flatnonzero(tied)
        log.info("max_features falls among %d n-grams of one count: the first %d by name kept", len(tied_at), room)
        dropped = sorted(tied_at.tolist(), key=strings.__getitem__)[room:]
        kept = np.ones(len(hashes), dtype=bool)
        kept[dropped] = False
        hashes, df = hashes[kept], df[kept]
        strings = [s for s, k in zip(strings, kept.tolist()) if k]
    order = np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    columns = np.empty(len(order), dtype=np.int32)
    columns[order] = np.arange(len(order), dtype=np.int32)
    terms = [strings[i] for i in order.tolist()] if keep_terms else None
    del strings
    idf = idf_weights(df[order], n_docs, settings.smooth_idf) if settings.use_idf else None
    log.info("TF-IDF fitted on %d texts: %d n-grams", n_docs, len(order))
    return TfidfModel(settings, analyze, hashes, columns, idf, terms, candidates, counted)


#: MiB the counts of one counting pass may take (:func:`count_parts`).
COUNT_BUDGET_MB = 256
#: Bytes a counted hash takes, by the bits set in the seen-twice bitmap: 16 (hash, two counts), twice that while
#: a merge copies the arrays, and half again for the n-grams of one text whose bit another set.
COUNT_BYTES_PER_BIT = 48


def count_parts(twice: np.ndarray | None, budget_mb: float | None = None) -> int:
    """In how many shares of their hashes to count the n-grams, one pass over the texts each, so that one share's
    counts fit ``budget_mb`` (default :data:`COUNT_BUDGET_MB`): estimated from the bits the seen-twice bitmap set
    (1 without a bitmap)."""
    if twice is None:
        return 1
    budget = COUNT_BUDGET_MB if budget_mb is None else budget_mb
    return max(1, math.ceil(bits_set(twice) * COUNT_BYTES_PER_BIT / (budget * 2**20)))


def _joined(shares: list[HashCounts]) -> HashCounts:
    """The counts of disjoint shares of the hashes as one, sorted by hash."""
    if len(shares) == 1:
        return shares[0]
    hashes = np.concatenate([c.hashes for c in shares])
    order = np.argsort(hashes, kind="stable")
    return HashCounts(
        hashes[order], np.concatenate([c.df for c in shares])[order], np.concatenate([c.tf for c in shares])[order]
    )


def fit_transform_tfidf(
    texts: Sequence[str], settings: TfidfSettings | None = None, **overrides
) -> tuple[TfidfModel, sp.csr_matrix]:
    """:func:`fit_tfidf`, and ``texts`` as a matrix (:func:`transform`)."""
    model = fit_tfidf(texts, settings, **overrides)
    return model, transform(model, texts)


def first_layer_width(hidden_layers: Iterable[Sequence[int]], n_classes: int) -> int:
    """The widest first layer among configurations with these ``hidden`` lists
    (a linear model, ``[]``, maps the n-grams straight to ``n_classes``)."""
    widths = [int(h[0]) if len(h) else int(n_classes) for h in hidden_layers]
    if not widths:
        raise ValueError("no configuration uses this input: there is no first layer to size")
    return max(widths)


def vocabulary_cap(budget_mb: float, width: int, copies: int = LAYER_COPIES) -> int:
    """The most n-gram columns whose layer (:func:`layer_bytes`) fits ``budget_mb`` MiB.

    Only the vocabulary-sized part of a training job is budgeted here; the
    rest (the feature matrices, the framework) grows with the rows, not the
    vocabulary. A batch's share is small beside it: its sparse gradient holds
    batch rows x n-grams per row x width floats (about 6 MB at batch 64 for
    IMDB's reviews and 32 units).
    """
    if budget_mb <= 0:
        raise ValueError(f"the memory budget must be positive, not {budget_mb} MB")
    if width < 1:
        raise ValueError(f"the first layer's width must be positive, not {width}")
    cap = int(budget_mb * 2**20) // layer_bytes(1, width, copies)
    if cap < 1:
        raise ValueError(f"{budget_mb} MB cannot hold even one n-gram row of {width} units")
    return cap


def _settings(settings: TfidfSettings | None, overrides: dict) -> TfidfSettings:
    base = asdict(settings or TfidfSettings())
    unknown = set(overrides) - set(base)
    if unknown:
        raise TypeError(f"unknown TF-IDF setting(s) {sorted(unknown)}; known: {sorted(base)}")
    base.update(overrides)
    return TfidfSettings(**base)


def transform(model: TfidfModel, texts: Iterable[str], chunk: int = CHUNK_TEXTS) -> sp.csr_matrix:
    """``texts`` as a (texts x vocabulary) float32 CSR matrix, indices sorted:
    each row's n-gram counts, weighted (:func:`weigh`) a chunk of rows at a time."""
    pieces, part = [], []
    for text in texts:
        where, _ = lookup(model.hashes, hashes_of(model.analyze(text)))
        part.append(np.unique(model.columns[where], return_counts=True))
        if len(part) == chunk:
            pieces.append(weigh(model, _counts_matrix(part, len(model))))
            part = []
    if part or not pieces:
        pieces.append(weigh(model, _counts_matrix(part, len(model))))
    return _stack_rows(pieces, len(model))


def _counts_matrix(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sp.csr_matrix:
    """Rows given as (sorted columns, counts) -> a float32 CSR matrix of counts."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(c) for c, _ in rows], out=indptr[1:])
    indices = np.concatenate([c for c, _ in rows]).astype(np.int32) if rows else np.empty(0, np.int32)
    data = np.concatenate([n for _, n in rows]).astype(np.float32) if rows else np.empty(0, np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def weigh(model: TfidfModel, counts: sp.csr_matrix) -> sp.csr_matrix:
    """TF-IDF of a float32 count matrix, in place: scikit-learn's TfidfTransformer's
    steps (binary, 1 + log tf, times idf, row norm) in its order, so its numbers."""
    from sklearn.preprocessing import normalize

    settings = model.settings
    if settings.binary:
        counts.data.fill(1)
    if settings.sublinear_tf:
        np.log(counts.data, counts.data)
        counts.data += 1.0
    if model.idf is not None:
        counts.data *= model.idf[counts.indices]
    if settings.norm is not None:
        counts = normalize(counts, norm=settings.norm, copy=False)
    return counts


def _stack_rows(pieces: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
    """Row blocks -> one CSR matrix (int32 indices where they fit, as scikit-learn's)."""
    nnz = sum(p.nnz for p in pieces)
    index = np.int32 if nnz <= np.iinfo(np.int32).max else np.int64
    indptr = np.zeros(sum(p.shape[0] for p in pieces) + 1, dtype=index)
    np.cumsum(np.concatenate([np.diff(p.indptr) for p in pieces]), out=indptr[1:])
    indices = np.concatenate([p.indices for p in pieces]).astype(index, copy=False)
    for p in pieces:  # free the blocks' indices once copied: at most half a second matrix at once
        p.indices = np.empty(0, dtype=np.int32)
    data = np.concatenate([p.data for p in pieces])
    pieces.clear()
    x = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, width))
    x.has_sorted_indices = True
    return x


def tfidf_splits(
    texts: dict[str, Sequence[str]],
    labels: dict[str, np.ndarray],
    settings: TfidfSettings | None = None,
    extra_fit_texts: Sequence[str] = (),
    **overrides,
) -> tuple[dict[str, np.ndarray | sp.csr_matrix], dict]:
    """Fit on ``texts["train"]`` (plus ``extra_fit_texts``, e.g. unlabeled
    reviews) and transform every split.

    Returns ``(arrays, stats)``: arrays maps ``{split}_x`` to a CSR matrix and
    ``{split}_y`` to int64 labels; stats gives the settings, the vocabulary
    size and per split the rows, stored entries (nnz) and empty rows.
    """
    if "train" not in texts:
        raise ValueError(f"tfidf_splits needs a 'train' split to fit on; got {sorted(texts)}")
    missing = set(texts) ^ set(labels)
    if missing:
        raise ValueError(f"texts and labels must name the same splits; unmatched: {sorted(missing)}")
    settings = _settings(settings, overrides)
    # train's texts as given (a file read again on each pass, SplitTexts, stays on disk); with extra ones, a list
    fit_texts = [*texts["train"], *extra_fit_texts] if len(extra_fit_texts) else texts["train"]
    model = fit_tfidf(fit_texts, settings, keep_terms=False)  # the matrices need no n-gram strings
    del fit_texts
    release_freed_memory()  # the counting's freed strings and arrays: not under the matrices
    arrays: dict = {}
    stats = {
        "settings": asdict(settings),
        "vocabulary": len(model),
        "candidate_ngrams": model.candidate_ngrams,
        "counted_ngrams": model.counted_ngrams,
        "fit_texts": len(texts["train"]) + len(extra_fit_texts),
        "extra_fit_texts": len(extra_fit_texts),
        "splits": {},
    }
    for split, docs in texts.items():
        x = transform(model, docs)
        release_freed_memory()  # the rows' temporary pieces
        y = np.array(labels[split], dtype=np.int64)
        if x.shape[0] != len(y):
            raise ValueError(f"{split}: {x.shape[0]} texts but {len(y)} labels")
        arrays[f"{split}_x"], arrays[f"{split}_y"] = x, y
        stats["splits"][split] = matrix_stats(x)
        log.info(
            "%s: %d rows, %d stored entries (%.0f per row), %d empty rows",
            split,
            x.shape[0],
            x.nnz,
            x.nnz / max(x.shape[0], 1),
            stats["splits"][split]["empty_rows"],
        )
    return arrays, stats


def matrix_stats(x: sp.csr_matrix) -> dict:
    """Rows, columns, stored entries and rows without any entry of ``x``."""
    return {
        "rows": int(x.shape[0]),
        "columns": int(x.shape[1]),
        "nnz": int(x.nnz),
        "empty_rows": int((np.diff(x.indptr) == 0).sum()),
    }


def nb_log_count_ratio(x: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NBSVM's per-feature weight r = log((p/|p|_1) / (q/|q|_1)) for two classes.

    p (q) sums the rows of class 1 (0) of ``x`` plus ``alpha``; computed from
    the training split only, then multiplied into every split's columns by
    :func:`scale_columns`. Returns a float32 vector of length ``x.shape[1]``.
    """
    y = np.asarray(y)
    classes = np.unique(y)
    if not np.array_equal(classes, [0, 1]):
        raise ValueError(f"the NB log-count ratio needs labels 0 and 1; got classes {classes.tolist()}")
    if alpha <= 0:
        raise ValueError(f"alpha must be positive (it keeps the logarithm finite), not {alpha}")
    # a 0/1 row weight, not x[y == 1]: no copy of the rows, and the same float32
    # sums (scikit-learn's column sums are this product; a 0 row adds exactly 0)
    p = np.asarray((y == 1).astype(x.dtype) @ x, dtype=np.float64).ravel() + alpha
    q = np.asarray((y == 0).astype(x.dtype) @ x, dtype=np.float64).ravel() + alpha
    return (np.log(p / p.sum()) - np.log(q / q.sum())).astype(np.float32)


def scale_columns(
    x: sp.csr_matrix, weights: np.ndarray, copy: bool = True, share_indices: bool = False
) -> sp.csr_matrix:
    """``x`` with column j multiplied by ``weights[j]``, as a CSR float32 matrix:
    a new one, or with ``copy=False`` ``x`` itself where it already is one. With
    ``share_indices`` only the values are new, the index arrays are ``x``'s
    (which may be read in place from a file, read-only): the same numbers."""
    weights = np.asarray(weights, dtype=np.float32)
    if weights.shape != (x.shape[1],):
        raise ValueError(f"need one weight per column ({x.shape[1]}), got shape {weights.shape}")
    if share_indices:
        x = x.tocsr()
        values = x.data.astype(np.float32, copy=False) * weights[x.indices]
        return sp.csr_matrix((values, x.indices, x.indptr), shape=x.shape, copy=False)
    out = x.tocsr().astype(np.float32, copy=copy)
    out.data *= weights[out.indices]
    return out


def featurize(
    texts: dict[str, Sequence[str]],
    labels: dict[str, np.ndarray],
    spec: dict,
    where: str = "embeddings",
    hidden: Sequence[Sequence[int]] | None = None,
) -> tuple[dict, dict]:
    """TF-IDF vectors of every split as a config entry of kind ``tfidf`` asks.

    ``spec`` holds ``ngram_max``, ``min_df``, ``max_features``, ``sublinear_tf``
    and ``nb_scaling``, and may hold ``model_budget_mb``: then ``hidden``, the
    hidden layers of every configuration trained on these vectors, sizes the
    widest first layer, and the vocabulary is capped (:func:`vocabulary_cap`)
    so that layer's weights and Adam state fit the budget (with
    ``max_features`` too, the smaller cap wins). With ``nb_scaling`` the NB
    log-count ratio of the train split is stored beside the matrices as
    ``nb_ratio`` (the matrices stay plain TF-IDF, so a baseline can use
    either; :func:`model_inputs` applies it).
    """
    budget = spec.get("model_budget_mb")
    cap = width = None
    if budget is not None:
        if hidden is None:
            raise ValueError(f"{where}.model_budget_mb is set: the widths of the models that use it are needed")
        n_classes = int(max(np.max(labels[s]) for s in labels if len(labels[s]))) + 1
        width = first_layer_width(hidden, n_classes)
        cap = vocabulary_cap(float(budget), width)
    max_features = spec.get("max_features")
    if cap is not None and (max_features is None or cap < int(max_features)):
        max_features = cap
    try:
        arrays, stats = tfidf_splits(
            texts,
            labels,
            ngram_range=(1, int(spec["ngram_max"])),
            min_df=int(spec["min_df"]),
            max_features=max_features,
            sublinear_tf=bool(spec["sublinear_tf"]),
        )
    except ValueError as err:  # scikit-learn's words name no key
        if "empty vocabulary" not in str(err) and "max_df corresponds to" not in str(err):
            raise
        raise ValueError(
            f"{where}.min_df = {int(spec['min_df'])}: no n-gram occurs in that many of the "
            f"{len(texts['train'])} train texts, so the TF-IDF vocabulary is empty; lower it"
        ) from err
    candidates = stats["candidate_ngrams"]
    stats["budget"] = {
        "model_budget_mb": budget,
        "first_layer_width": width,
        "vocabulary_cap": cap,
        # the cap bound when more n-grams were frequent enough than it kept
        "capped": bool(cap == stats["vocabulary"] and (candidates is None or candidates > cap)),
        "layer_mb": round(layer_bytes(stats["vocabulary"], width) / 2**20, 1) if width else None,
    }
    if stats["budget"]["capped"]:
        log.info(
            "%s: vocabulary capped at %d n-grams (of about %d) so the %d-unit first layer fits %s MB",
            where,
            cap,
            candidates,
            width,
            budget,
        )
    if spec.get("nb_scaling"):
        classes = np.unique(arrays["train_y"])
        if len(classes) != 2:
            raise ValueError(
                f"{where}.nb_scaling is true, but the naive-Bayes ratio needs two classes "
                f"and the train split has {len(classes)}; set nb_scaling: false"
            )
        arrays["nb_ratio"] = nb_log_count_ratio(arrays["train_x"], arrays["train_y"])
    stats["nb_scaling"] = bool(spec.get("nb_scaling"))
    stats["dim"] = stats["vocabulary"]
    return arrays, stats


def model_inputs(arrays: dict, copy: bool = True) -> dict:
    """The matrices a model sees: scaled by ``nb_ratio`` when the file has one.
    ``copy=False`` scales the given matrices in place (no second copy in memory)."""
    ratio = arrays.get("nb_ratio")
    if ratio is None:
        return dict(arrays)
    return {
        k: scale_columns(v, ratio, copy=copy) if k.endswith("_x") else v for k, v in arrays.items() if k != "nb_ratio"
    }
