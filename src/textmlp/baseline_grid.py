"""The logistic-regression baselines' candidate C values and variants.

Light (the Snakefile reads them at parse time) and apart from
:mod:`textmlp.config`, so that the baseline job (:mod:`textmlp.train.baselines`,
which imports scikit-learn) reruns when the grid changes, not when the
experiment's checks do.
"""

from __future__ import annotations

from typing import Any, Mapping

#: The logistic-regression baselines' candidate C values, powers of two from
#: 1/64 to 256 (textmlp.train.baselines fits one model per value). Kept here, not in
#: textmlp.train.baselines (which imports scikit-learn), because the Snakefile reads it.
BASELINE_C_EXPONENTS = range(-6, 9)
BASELINE_CS: tuple[float, ...] = tuple(2.0**k for k in BASELINE_C_EXPONENTS)
#: Logistic-regression fits per baseline job: one per candidate C.
BASELINE_FITS = len(BASELINE_CS)
#: Baseline variants: the name of its predictions file -> the ``inputs`` of its
#: record (here too because the Snakefile names the files).
BASELINE_VARIANTS = {
    "model-inputs": "same inputs as the MLP",
    "plain-tfidf": "plain TF-IDF (no NB scaling)",
}


def baseline_variants(embedding_spec: Mapping[str, Any]) -> list[str]:
    """The baselines fitted on an input representation: its MLPs' own inputs,
    and for NB-scaled TF-IDF also the plain TF-IDF vectors."""
    nb = embedding_spec.get("kind") == "tfidf" and bool(embedding_spec.get("nb_scaling"))
    return ["model-inputs", "plain-tfidf"] if nb else ["model-inputs"]


def baseline_name(embedding: str, variant: str) -> str:
    """A baseline's name where results name it beside the runs (comparisons.csv): ``baseline/<embedding>/<variant>``."""
    return f"baseline/{embedding}/{variant}"


def variant_of(inputs: str) -> str:
    """The variant whose record says ``inputs`` (baselines.csv's column), e.g. 'plain-tfidf'."""
    return next(k for k, v in BASELINE_VARIANTS.items() if v == inputs)
