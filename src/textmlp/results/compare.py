"""Is configuration A more accurate on test than configuration B? A paired bootstrap.

Each configuration is a boolean correctness matrix, (seeds, N): row ``s``
says which of the N test reviews seed ``s``'s kept model classified
correctly. Two configurations are compared on the same N reviews (their ids
must match, row for row). The difference in test accuracy has two sources of
noise, and each bootstrap replicate resamples both:

- the reviews: N drawn with replacement, the *same* draw for A and B (paired:
  a review that both get wrong, or both right, cancels out), as multinomial
  counts (``rng.multinomial(N, [1/N] * N)``);
- the seeds: each configuration's seeds drawn with replacement, independently
  for A and B (with one seed this changes nothing, so a deterministic
  baseline is a configuration with one seed).

The replicate's statistic is the mean over A's resampled seeds of their
accuracy on the resampled reviews, minus the same for B. The percentile
interval of the replicates at ``level``, their standard deviation (the
bootstrap standard error) and whether the interval excludes 0 (``resolved``)
come with the observed difference of plain means.

The replicates are computed in chunks, as matrix products of the 0/1
correctness with the review counts, so no Python loop runs over reviews; the
counts are integers, so the products are exact and the results the same on
every machine. Random numbers come from :class:`numpy.random.Generator`
streams spawned from one seed: the review counts from the first, A's and B's
seed draws from the second and third. :func:`compare_pairs` reuses each
configuration's resampled hit counts across all its pairs, and gives each pair
exactly what :func:`paired_bootstrap` gives it. The comparisons table built on
it is :mod:`textmlp.results.comparisons`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np

#: Replicates drawn at a time (bounds memory: CHUNK x N review counts).
CHUNK = 250


@dataclass(frozen=True)
class Comparison:
    """The test-accuracy difference A - B and its bootstrap distribution's summary."""

    diff: float
    low: float
    high: float
    se: float
    resolved: bool
    n_reviews: int
    seeds_a: int
    seeds_b: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Correctness:
    """Which reviews (``ids``, in order) each seed's model got right: (seeds, N) booleans."""

    ids: np.ndarray
    correct: np.ndarray

    def __post_init__(self):
        correct = np.asarray(self.correct)
        if correct.ndim != 2 or correct.dtype != bool:
            raise ValueError(
                f"correctness must be a 2-d boolean (seeds, reviews) matrix, "
                f"got {correct.dtype} of shape {correct.shape}"
            )
        if correct.shape[0] < 1:
            raise ValueError("a configuration needs at least one seed with predictions")
        if len(self.ids) != correct.shape[1]:
            raise ValueError(f"{len(self.ids)} ids for {correct.shape[1]} reviews")


def check_aligned(ids_a, ids_b, names: tuple[str, str] = ("A", "B")) -> None:
    """Raise ValueError, naming the problem, unless both id sequences are the
    same reviews in the same order, each once."""
    a, b = np.asarray(ids_a, dtype=object), np.asarray(ids_b, dtype=object)
    for ids, name in ((a, names[0]), (b, names[1])):
        values, counts = np.unique(ids.astype(str), return_counts=True)
        if (counts > 1).any():
            raise ValueError(
                f"{name}: review id {str(values[counts > 1][0])!r} appears "
                f"{counts[counts > 1][0]} times; each review must appear once"
            )
    if len(a) != len(b):
        raise ValueError(
            f"{names[0]} has predictions for {len(a)} reviews, {names[1]} for {len(b)}: "
            "they must be scored on the same test reviews"
        )
    differ = np.flatnonzero(a.astype(str) != b.astype(str))
    if len(differ):
        i = differ[0]
        same_set = set(a.astype(str)) == set(b.astype(str))
        raise ValueError(
            f"{names[0]} and {names[1]} have different review ids at {len(differ)} of {len(a)} rows "
            f"(first at row {i}: {str(a[i])!r} vs {str(b[i])!r}); "
            + ("the same reviews in another order" if same_set else "they are not the same reviews")
        )


def _streams(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """Generators for the review counts, A's seeds and B's seeds."""
    reviews, a, b = np.random.SeedSequence(seed).spawn(3)
    return np.random.default_rng(reviews), np.random.default_rng(a), np.random.default_rng(b)


def _resampled_hits(corrects: Sequence[np.ndarray], n_boot: int, rng: np.random.Generator) -> list[np.ndarray]:
    """For each (seeds, N) matrix: (seeds, n_boot) correct counts on each
    replicate's resampled reviews (one review resample shared by all)."""
    n = corrects[0].shape[1]
    stacked = np.concatenate([c.astype(np.float64) for c in corrects])
    hits = np.empty((stacked.shape[0], n_boot))
    p = np.full(n, 1.0 / n)
    for start in range(0, n_boot, CHUNK):
        size = min(CHUNK, n_boot - start)
        counts = rng.multinomial(n, p, size=size)  # (size, N): how often each review is drawn
        hits[:, start : start + size] = stacked @ counts.T.astype(np.float64)  # exact: integers
    return np.split(hits, np.cumsum([c.shape[0] for c in corrects])[:-1])


def _seed_counts(k: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """(n_boot, k): how often each of k seeds is drawn in each replicate."""
    return rng.multinomial(k, np.full(k, 1.0 / k), size=n_boot)


def _summary(
    hits_a: np.ndarray,
    hits_b: np.ndarray,
    rng_a: np.random.Generator,
    rng_b: np.random.Generator,
    observed: float,
    n: int,
    n_boot: int,
    level: float,
) -> Comparison:
    ka, kb = hits_a.shape[0], hits_b.shape[0]
    # mean over resampled seeds of hits / N; sums of integer products, exact
    acc_a = np.einsum("bk,kb->b", _seed_counts(ka, n_boot, rng_a).astype(np.float64), hits_a) / (ka * n)
    acc_b = np.einsum("bk,kb->b", _seed_counts(kb, n_boot, rng_b).astype(np.float64), hits_b) / (kb * n)
    stats = acc_a - acc_b
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(stats, [tail, 1.0 - tail])
    return Comparison(
        diff=float(observed),
        low=float(low),
        high=float(high),
        se=float(np.std(stats, ddof=1)),
        resolved=bool(low > 0 or high < 0),
        n_reviews=n,
        seeds_a=ka,
        seeds_b=kb,
    )


def _check_parameters(n_boot: int, level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if n_boot < 2:
        raise ValueError(f"n_boot must be at least 2, not {n_boot}")


def _observed(correct: np.ndarray) -> float:
    """Mean over seeds of each seed's accuracy (every seed scores the same N reviews)."""
    return float(correct.sum()) / correct.size


def paired_bootstrap(
    correct_a, correct_b, *, ids_a=None, ids_b=None, n_boot: int = 4000, level: float = 0.95, seed: int = 0
) -> Comparison:
    """Paired bootstrap of the test-accuracy difference A - B (module docstring).

    ``correct_a``: (seeds_A, N) booleans, ``correct_b``: (seeds_B, N), the
    columns the same N reviews in the same order; ``ids_a``/``ids_b`` (the
    reviews' ids), when given, are checked to say so.
    """
    _check_parameters(n_boot, level)
    a = Correctness(
        np.arange(np.shape(correct_a)[-1]) if ids_a is None else np.asarray(ids_a, dtype=object),
        np.atleast_2d(np.asarray(correct_a)),
    )
    b = Correctness(
        np.arange(np.shape(correct_b)[-1]) if ids_b is None else np.asarray(ids_b, dtype=object),
        np.atleast_2d(np.asarray(correct_b)),
    )
    if ids_a is not None and ids_b is not None:
        check_aligned(a.ids, b.ids)
    elif a.correct.shape[1] != b.correct.shape[1]:
        raise ValueError(
            f"A has {a.correct.shape[1]} reviews, B {b.correct.shape[1]}: they must be scored on the same test reviews"
        )
    reviews, rng_a, rng_b = _streams(seed)
    hits_a, hits_b = _resampled_hits([a.correct, b.correct], n_boot, reviews)
    return _summary(
        hits_a, hits_b, rng_a, rng_b, _observed(a.correct) - _observed(b.correct), a.correct.shape[1], n_boot, level
    )


def compare_pairs(
    configurations: Mapping[str, Correctness],
    pairs: Iterable[tuple[str, str]],
    *,
    n_boot: int = 4000,
    level: float = 0.95,
    seed: int = 0,
) -> list[Comparison]:
    """:func:`paired_bootstrap` of each (a, b) in ``pairs`` (names in
    ``configurations``), with the same numbers, resampling the reviews once
    for all of them."""
    _check_parameters(n_boot, level)
    pairs = list(pairs)
    names = list(dict.fromkeys(name for pair in pairs for name in pair))
    if not names:
        return []
    missing = [n for n in names if n not in configurations]
    if missing:
        raise KeyError(f"no predictions for {missing}")
    first = names[0]
    for name in names[1:]:
        check_aligned(configurations[first].ids, configurations[name].ids, (first, name))
    reviews, _, _ = _streams(seed)
    hits = dict(zip(names, _resampled_hits([configurations[n].correct for n in names], n_boot, reviews)))
    out = []
    for a, b in pairs:
        _, rng_a, rng_b = _streams(seed)  # each pair draws its seeds as paired_bootstrap would
        ca, cb = configurations[a].correct, configurations[b].correct
        out.append(_summary(hits[a], hits[b], rng_a, rng_b, _observed(ca) - _observed(cb), ca.shape[1], n_boot, level))
    return out
