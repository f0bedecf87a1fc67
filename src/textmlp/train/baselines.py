"""Classical baselines: L2-regularised logistic regression with C chosen on dev.

One model is fitted on the training split for each candidate C (the inverse
regularisation strength), smallest first, each fit starting from the last
one's weights; the C with the best dev accuracy is kept (ties go to the
smaller C, the stronger regularisation) and only that model is scored on
test. Inputs may be dense arrays or scipy sparse matrices (TF-IDF); two or
more classes are handled (multinomial). The solver is lbfgs, which leaves the
intercept unpenalised and reads a sparse matrix where it lies: liblinear,
used for sparse inputs until 2026-12-06, copies it into 16 bytes per stored
entry at every fit, 410 MB of the 1.1 GB the baseline job peaked at on twice
IMDB's texts (docs/performance.md).
"""

from __future__ import annotations

import copy
import logging
import time
import warnings
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from textmlp.baseline_grid import BASELINE_CS, BASELINE_VARIANTS, baseline_variants  # noqa: F401 (baseline_variants re-exported)
from textmlp.data.splits import SPLITS
from textmlp.features.tfidf import scale_columns

log = logging.getLogger(__name__)

#: lbfgs stops once the gradient of the mean loss is below this. scikit-learn's
#: 1e-4 stops a TF-IDF fit before its weights move at the larger Cs (measured on
#: twice IMDB's texts: from the previous C's weights, no iteration at C >= 16).
TOL = 1e-6


@dataclass
class BaselineResult:
    """What :func:`logistic_regression` found; :meth:`as_dict` flattens it."""

    C: float
    dev_acc: float
    test_acc: float
    dev_acc_by_C: dict[float, float] = field(default_factory=dict)
    fit_seconds: float = 0.0  # all fits together
    best_fit_seconds: float = 0.0  # the fit of the chosen C
    n_features: int = 0
    n_classes: int = 2
    solver: str = ""
    converged: bool = True  # False if the chosen fit stopped at max_iter
    #: The chosen model on test: each review's predicted class and its probability.
    test_predicted: np.ndarray | None = field(default=None, repr=False, compare=False)
    test_probability: np.ndarray | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict:
        """A flat dict (per-C dev accuracies as ``dev_acc_C=<C>`` keys), JSON-ready
        (the test predictions left out)."""
        out = {k: v for k, v in asdict(self).items() if k not in ("test_predicted", "test_probability")}
        per_c = out.pop("dev_acc_by_C")
        out.update({f"dev_acc_C={c:g}": acc for c, acc in per_c.items()})
        return out


def _as_labels(y, name: str) -> np.ndarray:
    y = np.asarray(y.cpu() if hasattr(y, "cpu") else y).ravel()
    if y.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    return y


def _as_features(x, name: str):
    if sp.issparse(x):
        return x.tocsr()
    x = np.asarray(x.cpu() if hasattr(x, "cpu") else x)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-d (samples x features), got shape {x.shape}")
    return x


def logistic_regression(
    train_x,
    train_y,
    dev_x,
    dev_y,
    test_x,
    test_y,
    Cs: Sequence[float] = BASELINE_CS,
    *,
    solver: str = "lbfgs",
    max_iter: int = 1000,
    tol: float = TOL,
    seed: int = 0,
) -> BaselineResult:
    """Fit one logistic regression per C on train, keep the dev-best, score it on test.

    ``*_x`` are (samples x features) numpy arrays, torch tensors or scipy
    sparse matrices; ``*_y`` integer labels. ``dev_x`` and ``test_x`` may
    also be functions that give the matrix, called when it is scored (a scaled
    copy of it is then not held while the fits run); a callable ``dev_x`` is
    called once per C, each copy dropped after scoring. The matrices are
    fitted in the dtype they come in (scikit-learn's lbfgs computes in float32
    as in float64), so no converted copy of train is held. Each C's fit starts
    from the previous C's weights (``warm_start``): the same optimum within
    ``tol``, reached in fewer iterations than from zero.
    """
    if len(Cs) == 0:
        raise ValueError("Cs is empty: give at least one regularisation value C")
    if any(not c > 0 for c in Cs):
        raise ValueError(f"every C must be positive, got {list(Cs)}")
    tr_x = _as_features(train_x, "train_x")
    tr_y, dev_y_, te_y = (_as_labels(y, n) for y, n in ((train_y, "train_y"), (dev_y, "dev_y"), (test_y, "test_y")))
    n_features = int(tr_x.shape[1])

    def inputs(x, y: np.ndarray, name: str):
        """A split's features (made now if given as a function), checked against its labels and train."""
        x = _as_features(x() if callable(x) else x, name)
        if x.shape[0] != len(y):
            raise ValueError(f"{name.removesuffix('_x')}: {x.shape[0]} rows of features but {len(y)} labels")
        if x.shape[1] != n_features:
            raise ValueError(f"different feature counts: {name} has {x.shape[1]}, train_x {n_features}")
        return x

    inputs(tr_x, tr_y, "train_x")
    for x, y, name in ((dev_x, dev_y_, "dev_x"), (test_x, te_y, "test_x")):
        if not callable(x):
            inputs(x, y, name)
    n_classes = len(np.unique(tr_y))
    if n_classes < 2:
        raise ValueError("the training labels hold a single class; logistic regression needs two or more")

    best: tuple[float, float, LogisticRegression, float, bool] | None = None
    dev_by_c: dict[float, float] = {}
    started = time.perf_counter()
    model = LogisticRegression(solver=solver, max_iter=max_iter, tol=tol, random_state=seed, warm_start=True)
    for c in sorted(float(c) for c in Cs):
        model.set_params(C=c)
        t0 = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(tr_x, tr_y)
        seconds = time.perf_counter() - t0
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        acc = float((model.predict(inputs(dev_x, dev_y_, "dev_x")) == dev_y_).mean())
        dev_by_c[c] = acc
        log.info("C=%g: dev acc %.4f (%.1f s%s)", c, acc, seconds, "" if converged else ", not converged")
        if best is None or acc > best[1]:  # strict: a tie keeps the smaller C
            best = (c, acc, copy.deepcopy(model), seconds, converged)  # the next C refits ``model`` in place
    total = time.perf_counter() - started
    c, dev_acc, model, seconds, converged = best
    te_x = inputs(test_x, te_y, "test_x")
    predicted = model.predict(te_x)
    test_acc = float((predicted == te_y).mean())
    column = np.searchsorted(model.classes_, predicted)  # the predicted class's column of predict_proba
    probability = model.predict_proba(te_x)[np.arange(len(predicted)), column]
    return BaselineResult(
        C=c,
        dev_acc=dev_acc,
        test_acc=test_acc,
        dev_acc_by_C=dev_by_c,
        fit_seconds=total,
        best_fit_seconds=seconds,
        n_features=n_features,
        n_classes=n_classes,
        solver=solver,
        converged=converged,
        test_predicted=np.asarray(predicted, dtype=np.int64),
        test_probability=probability,
    )


#: Keys of a baseline record that differ between two identical fits: kept apart from the results.
TIMING_KEYS = ("fit_seconds", "best_fit_seconds")


def split_timings(records: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """Baseline records -> (results without timings, timings keyed by embedding and inputs)."""
    results = [{k: v for k, v in rec.items() if k not in TIMING_KEYS} for rec in records]
    timings = [
        {"embedding": rec["embedding"], "inputs": rec["inputs"], **{k: rec[k] for k in TIMING_KEYS if k in rec}}
        for rec in records
    ]
    return results, timings


@dataclass
class Baseline:
    """One fitted baseline: its variant, its flat record and its test predictions."""

    variant: str
    record: dict
    predicted: np.ndarray
    probability: np.ndarray


def fit_baselines(name: str, arrays: dict, Cs: Sequence[float] = BASELINE_CS, pages=None) -> list[Baseline]:
    """Logistic regression on the inputs of feature set ``name`` (what its MLPs
    see); for TF-IDF with NB scaling also on the plain TF-IDF vectors.

    ``arrays`` are a features file's as stored (TF-IDF: the plain matrices
    beside ``nb_ratio``), perhaps read in place from the file
    (:func:`~textmlp.features.tfidf_file.map_tfidf`; ``pages``, that file, hands
    its pages back as each variant is fitted). The plain variant fits the
    matrices as they are; the NB-scaled one holds new float32 values for train
    (the MLP's inputs: the same products, :func:`~textmlp.features.tfidf.scale_columns`
    sharing the index arrays) and scales dev
    and test only when it scores them. The caller's arrays are left as they are.
    """
    ratio = arrays.get("nb_ratio")
    if ratio is None:
        variants = [("model-inputs", None)]
    else:
        variants = [("plain-tfidf", None), ("model-inputs", np.asarray(ratio, dtype=np.float32))]
    fitted = []
    for variant, weights in variants:
        if weights is None:
            a = {k: arrays[k] for k in (f"{s}_{k}" for s in SPLITS for k in "xy")}
        else:
            a = {f"{s}_y": arrays[f"{s}_y"] for s in SPLITS}
            scaled = partial(scale_columns, weights=weights, share_indices=True)
            a["train_x"] = scaled(arrays["train_x"])
            # scaled when scored: a scaled dev or test copy is held only while it is scored
            a["dev_x"] = partial(scaled, arrays["dev_x"])
            a["test_x"] = partial(scaled, arrays["test_x"])
            if pages is not None:  # the train values just read from the file were copied: their pages can go
                pages.release()
        result = logistic_regression(a["train_x"], a["train_y"], a["dev_x"], a["dev_y"], a["test_x"], a["test_y"], Cs)
        del a
        if pages is not None:
            pages.release()
        log.info(
            "%s, %s: C=%g, dev %.4f, test %.4f",
            name,
            BASELINE_VARIANTS[variant],
            result.C,
            result.dev_acc,
            result.test_acc,
        )
        record = {
            "embedding": name,
            "model": "logistic regression",
            "inputs": BASELINE_VARIANTS[variant],
            **result.as_dict(),
        }
        fitted.append(Baseline(variant, record, result.test_predicted, result.test_probability))
    return sorted(
        fitted, key=lambda b: list(BASELINE_VARIANTS).index(b.variant)
    )  # model inputs first, as the rule names them
