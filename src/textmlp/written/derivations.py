"""The checks of the written answers in ``report/hw3.tex``: checks.json and the macros that print their numbers.

Each closed form the report states is checked in its own module (jacobians,
activations, softmax, graph, xor, initialisation) against PyTorch autograd,
a linear program or a real training run, in float64. Each module's ``check()``
returns a small dataclass of the numbers it measured, which gives its own
entries of checks.json and renders its own macros; here they are run in
turn and written out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Protocol

from textmlp.io import atomic_write_json
from textmlp.latex import write_macros
from textmlp.written import activations, graph, initialisation, jacobians, softmax, xor
from textmlp.written.numeric import Result


class Checks(Protocol):
    """What a topic's ``check()`` returns."""

    def entries(self) -> Result: ...

    def macros(self) -> dict[str, str]: ...


#: The topics, in the order of checks.json's entries and of the macros.
TOPICS: tuple[Callable[[], Checks], ...] = (
    jacobians.check,
    activations.check,
    softmax.check,
    graph.check,
    xor.check,
    initialisation.check,
)


def run_all() -> list[Checks]:
    """Every topic's checks."""
    return [check() for check in TOPICS]


#: Decimal places of every float in checks.json. The checks run in float64,
#: where another CPU kernel (AVX-512, AVX2, the portable one) sums in another
#: order and moves a value by a few units in the last place (around 1e-16 for
#: values of order 1); rounded to 1e-10 the file is the same bytes on every
#: kernel (unless a value lies within 1e-16 of a rounding boundary), and the
#: checks' own tolerances (1e-6 and wider) are far above it.
CHECKS_DECIMALS = 10
#: Entries rounded coarser: the spread of the MLP trained from PyTorch's
#: default initialisation starts from float32 weights, whose generation rounds
#: differently on the portable and the AVX2 kernels (a few units in float32's
#: last place; the spread then differs by about 1e-8). The report prints it
#: with three digits.
COARSE_DECIMALS = {"mlp.default.max_spread": 4}


def rounded(value, decimals: int = CHECKS_DECIMALS):
    """``value`` with every float in it (also in lists) rounded to ``decimals``
    places; -0.0 becomes 0.0, other values stay as they are."""
    if isinstance(value, float):
        return round(value, decimals) + 0.0
    if isinstance(value, (list, tuple)):
        return [rounded(v, decimals) for v in value]
    return value


def checks_json(checks: Iterable[Checks]) -> Result:
    """The topics' entries in one flat, JSON-serialisable dict (keys
    ``topic.name``), floats rounded to :data:`CHECKS_DECIMALS` places
    (:data:`COARSE_DECIMALS` where a float32 start makes kernels disagree sooner)."""
    return {
        key: rounded(value, COARSE_DECIMALS.get(key, CHECKS_DECIMALS))
        for c in checks
        for key, value in c.entries().items()
    }


def report_macros(checks: Iterable[Checks]) -> dict[str, str]:
    """The topics' macros, with every ``...Within`` phrasing after all the numbers."""
    macros = {name: value for c in checks for name, value in c.macros().items()}
    return dict(sorted(macros.items(), key=lambda item: item[0].endswith("Within")))


def write_checks(path: str | Path, checks: Iterable[Checks]) -> None:
    """Write :func:`checks_json` to ``path`` (atomically)."""
    atomic_write_json(path, checks_json(checks))


def write_report_macros(path: str | Path, checks: Iterable[Checks]) -> None:
    """Write :func:`report_macros` to ``path`` (atomically)."""
    write_macros(path, report_macros(checks), header=f"Numbers computed by {__name__}.run_all")
