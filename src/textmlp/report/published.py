"""The best configuration beside published IMDB results, with its interval over seeds and test reviews."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Mapping

from textmlp.latex import tex_escape
from textmlp.report.numbers import pct, pm

#: Published IMDB accuracies without pretrained language models (full 25,000 /
#: 25,000 split), for the report's comparison: (method, test accuracy, source).
PUBLISHED_IMDB = (
    ("NBSVM on word uni- and bigrams", 0.9122, "Wang and Manning~\\cite{wang2012}"),
    ("NBSVM on word uni-, bi- and trigrams", 0.9187, "Mesnil et al.~\\cite{mesnil2014}"),
    ("an ensemble of three models", 0.9257, "Mesnil et al.~\\cite{mesnil2014}"),
)


def z_value(level: float) -> float:
    """The normal quantile of a two-sided interval at ``level``, to two decimals
    as tables give it: 0.95 -> 1.96."""
    return round(NormalDist().inv_cdf((1 + level) / 2), 2)


def accuracy_interval(
    mean: float, std: float, n_seeds: int, n_test: int, z: float = z_value(0.95)
) -> tuple[float, float]:
    """An interval (``z``: :func:`z_value` of its level) for a mean test accuracy over
    seeds: the test set's sampling (binomial, n_test reviews) and the seed-to-seed
    spread (std over n_seeds) added in variance (normal approximation)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else float(std)
    half = z * math.sqrt(mean * (1 - mean) / n_test + std**2 / max(n_seeds, 1))
    return mean - half, mean + half


def published_comparison(best: Mapping, n_test: int, n_train: int, name: str | None = None, level: float = 0.95) -> str:
    """One paragraph: the best MLP's test accuracy with its interval at ``level``
    (config ``statistics.level``), beside :data:`PUBLISHED_IMDB` (said to be
    above, below or within the interval)."""
    low, high = accuracy_interval(
        best["test_acc_mean"], best["test_acc_std"], int(best["seeds"]), n_test, z_value(level)
    )
    parts = []
    for method, acc, source in PUBLISHED_IMDB:
        where = "below" if acc < low else "above" if acc > high else "inside"
        parts.append(f"{method}, {pct(acc)}\\% ({source}; {where} the interval)")
    name = name or f"\\texttt{{{tex_escape(best['label'])}}}"
    return (
        f"\\paragraph{{Against published results.}} The best MLP, on {name}, reaches "
        f"{pm(best['test_acc_mean'], best['test_acc_std'])}\\% on test; "
        f"a {100 * level:g}\\% interval for that mean, from "
        f"the {n_test:,} test reviews and the spread over {int(best['seeds'])} seeds, is "
        f"{pct(low)}--{pct(high)}\\%. Published results on IMDB without pretrained language models: "
        + "; ".join(parts)
        + f". Those train on all 25,000 training reviews and test on all 25,000 test "
        f"reviews; here training has {n_train:,} reviews (the rest is the development set) and the test "
        "set is a random part of theirs, so the comparison is close but not exact.\n"
    )
