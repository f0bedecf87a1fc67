"""TF-IDF word n-gram vectors: the sparse alternative to averaged embeddings.

A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` built on the
project tokenizer (:func:`textmlp.features.tokenize.tokenize`) is fitted on the training
texts only (optionally together with unlabeled texts, which carry no label
and so cannot leak one); dev and test are only transformed, so an n-gram
seen only in dev or test has no column and is ignored.

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

import contextlib
import logging
import warnings
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from textmlp.features.tokenize import tokenize
from textmlp.resources import LAYER_COPIES, layer_bytes

if TYPE_CHECKING:  # scikit-learn is imported where vectors are fitted, not by training jobs
    from sklearn.feature_extraction.text import TfidfVectorizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TfidfSettings:
    """How the n-gram vectors are built (the keyword arguments of :func:`fit_tfidf`).

    ``min_df``/``max_df`` drop n-grams found in fewer/more documents (a count
    when an int, a share when a float); ``max_features`` keeps the most
    frequent ones; ``sublinear_tf`` uses 1 + log(tf) instead of tf;
    ``binary`` sets every present n-gram's tf to 1; ``norm`` scales each
    row to unit length ("l2", "l1" or None).
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


def fit_tfidf(texts: Sequence[str], settings: TfidfSettings | None = None, **overrides) -> TfidfVectorizer:
    """A TF-IDF vectorizer fitted on ``texts`` with the project tokenizer.

    ``overrides`` replace fields of ``settings`` (or of the defaults), e.g.
    ``fit_tfidf(train_texts, min_df=3, ngram_range=(1, 3))``.
    """
    return fit_transform_tfidf(texts, settings, **overrides)[0]


def fit_transform_tfidf(
    texts: Sequence[str], settings: TfidfSettings | None = None, **overrides
) -> tuple[TfidfVectorizer, sp.csr_matrix]:
    """:func:`fit_tfidf` that also returns ``texts`` as a matrix (as :func:`transform`
    gives it), from the counts the fit makes anyway: one pass over the texts fewer."""
    settings = _settings(settings, overrides)
    if len(texts) == 0:
        raise ValueError("cannot fit a TF-IDF vocabulary on zero texts")
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        tokenizer=tokenize,
        lowercase=False,
        token_pattern=None,  # tokenize lower-cases itself
        ngram_range=tuple(settings.ngram_range),
        min_df=settings.min_df,
        max_df=settings.max_df,
        max_features=settings.max_features,
        sublinear_tf=settings.sublinear_tf,
        binary=settings.binary,
        use_idf=settings.use_idf,
        smooth_idf=settings.smooth_idf,
        norm=settings.norm,
        dtype=np.float32,
    )
    # n-grams frequent enough, before any max_features cap: tells whether a cap bound
    vectorizer.candidate_ngrams_ = prune_rare_ngrams(vectorizer, texts)
    with _quiet_analyzer():
        x = vectorizer.fit_transform(texts).tocsr().astype(np.float32, copy=False)
    x.sort_indices()
    log.info("TF-IDF fitted on %d texts: %d n-grams", len(texts), len(vectorizer.vocabulary_))
    return vectorizer, x


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


def prune_rare_ngrams(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> int | None:
    """Make ``vectorizer`` see only n-grams that can pass its ``min_df`` (a count).

    scikit-learn counts every distinct n-gram of the corpus before it drops
    the rare ones: for word trigrams of 20,000 reviews that is millions of
    strings, over a gigabyte at its peak, though most occur in one review.
    Here a first pass counts each n-gram's documents by its hash (an int64
    array, sorted once), and the vectorizer then gets an analyzer that passes
    on only n-grams whose hash reached ``min_df``. Its own ``min_df`` still
    applies to the exact counts, so the vocabulary and the matrices are the
    same as without this; only the peak memory drops.

    Returns how many n-grams passed (by hash: before ``max_df`` and
    ``max_features`` apply), or None when ``min_df`` prunes nothing.
    """
    min_df = vectorizer.min_df
    if not isinstance(min_df, (int, np.integer)) or min_df < 2:
        return None
    analyze = vectorizer.build_analyzer()
    per_text = [np.unique(np.fromiter(map(hash, analyze(text)), dtype=np.int64)) for text in texts]
    hashes, df = np.unique(np.concatenate(per_text) if per_text else np.empty(0, np.int64), return_counts=True)
    del per_text
    frequent = set(hashes[df >= min_df].tolist())
    log.info("n-grams in at least %d texts: %d of %d (by hash)", min_df, len(frequent), len(hashes))
    vectorizer.set_params(analyzer=lambda text: [g for g in analyze(text) if hash(g) in frequent])
    return len(frequent)


def _settings(settings: TfidfSettings | None, overrides: dict) -> TfidfSettings:
    base = asdict(settings or TfidfSettings())
    unknown = set(overrides) - set(base)
    if unknown:
        raise TypeError(f"unknown TF-IDF setting(s) {sorted(unknown)}; known: {sorted(base)}")
    base.update(overrides)
    return TfidfSettings(**base)


def transform(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> sp.csr_matrix:
    """``texts`` as a (texts x vocabulary) float32 CSR matrix, indices sorted."""
    with _quiet_analyzer():
        x = vectorizer.transform(texts).tocsr().astype(np.float32, copy=False)
    x.sort_indices()
    return x


@contextlib.contextmanager
def _quiet_analyzer():
    """scikit-learn warns that tokenizer and ngram_range go unused once
    :func:`prune_rare_ngrams` gave the vectorizer its own analyzer; they are
    used, inside that analyzer."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The parameter '.*' will not be used", category=UserWarning)
        yield


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
    fit_texts = list(texts["train"]) + list(extra_fit_texts)
    vectorizer, fitted = fit_transform_tfidf(fit_texts, settings)
    fitted = {"train": fitted[: len(texts["train"])]}  # the train rows come first
    arrays: dict = {}
    stats = {
        "settings": asdict(settings),
        "vocabulary": len(vectorizer.vocabulary_),
        "candidate_ngrams": getattr(vectorizer, "candidate_ngrams_", None),
        "fit_texts": len(fit_texts),
        "extra_fit_texts": len(extra_fit_texts),
        "splits": {},
    }
    for split, docs in texts.items():
        x = fitted.pop(split) if split in fitted else transform(vectorizer, docs)
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
    p = np.asarray(x[y == 1].sum(axis=0), dtype=np.float64).ravel() + alpha
    q = np.asarray(x[y == 0].sum(axis=0), dtype=np.float64).ravel() + alpha
    return (np.log(p / p.sum()) - np.log(q / q.sum())).astype(np.float32)


def scale_columns(x: sp.csr_matrix, weights: np.ndarray, copy: bool = True) -> sp.csr_matrix:
    """``x`` with column j multiplied by ``weights[j]``, as a CSR float32 matrix:
    a new one, or with ``copy=False`` ``x`` itself where it already is one."""
    weights = np.asarray(weights, dtype=np.float32)
    if weights.shape != (x.shape[1],):
        raise ValueError(f"need one weight per column ({x.shape[1]}), got shape {weights.shape}")
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
