"""The :class:`Context` a study's section may cite beyond its own table (the
sentences themselves are written from claims by :mod:`textmlp.report.writeup`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from textmlp.config import BASELINE_VARIANTS
from textmlp.results.findings import StudyFindings


@dataclass
class Context:
    """What a study's findings may cite beyond its own table."""

    baselines: pd.DataFrame | None = None  # baselines.csv
    comparisons: pd.DataFrame | None = None  # comparisons.csv
    level: float = 0.95  # of the comparisons' intervals
    others: Mapping[str, StudyFindings] = field(default_factory=dict)  # study -> its facts (two may vary one thing)


#: The ``inputs`` of the baseline that takes the MLP's own inputs (textmlp.train.baselines).
SAME_INPUTS = BASELINE_VARIANTS["model-inputs"]
