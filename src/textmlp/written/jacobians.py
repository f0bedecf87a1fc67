"""Jacobians of the linear and quadratic maps the homework asks for (w, x_i in
R^d, X in R^{n x d}, W in R^{k x d}), against autograd.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import torch
from torch import Tensor
from torch.autograd.functional import jacobian

from textmlp.latex import tex_sci, within_macros
from textmlp.written.numeric import DTYPE, Formula, Result, max_abs_error, randn, seeded


@dataclass(frozen=True)
class JacobianCase:
    """One homework item: ``function`` of ``point`` and the written Jacobian.

    Scalars are returned as shape ``(1,)`` so that a Jacobian's shape is
    always (shape of the output) x (shape of the input), as in the homework.
    """

    name: str
    function: Formula
    closed_form: Formula
    point: Tensor
    shape: tuple[int, ...]


@dataclass(frozen=True)
class JacobianInputs:
    """The homework's X (n x d, rows x_i), w (d) and W (k x d), drawn at random."""

    X: Tensor
    w: Tensor
    W: Tensor

    @classmethod
    def random(cls, n: int = 5, d: int = 4, k: int = 3, seed: int = 0) -> "JacobianInputs":
        """Standard-normal entries from a generator seeded with ``seed``."""
        gen = seeded(seed)
        return cls(X=randn(n, d, gen=gen), w=randn(d, gen=gen), W=randn(k, d, gen=gen))


def jacobian_cases(inputs: JacobianInputs | None = None) -> list[JacobianCase]:
    """The seven functions of the homework with their written Jacobians."""
    inputs = JacobianInputs.random() if inputs is None else inputs
    X, w, W = inputs.X, inputs.w, inputs.W
    (n, d), k = X.shape, W.shape[0]
    x_i, c = X[0], 3.0
    return [
        JacobianCase(
            "constant", lambda v: torch.full((1,), c, dtype=DTYPE), lambda v: torch.zeros(1, d, dtype=DTYPE), w, (1, d)
        ),
        JacobianCase("squared_norm", lambda v: (v @ v).reshape(1), lambda v: (2 * v).reshape(1, d), w, (1, d)),
        JacobianCase("dot_product", lambda v: (v @ x_i).reshape(1), lambda v: x_i.reshape(1, d), w, (1, d)),
        JacobianCase("matrix_vector", lambda v: X @ v, lambda v: X, w, (n, d)),
        JacobianCase("identity", lambda v: v.clone(), lambda v: torch.eye(d, dtype=DTYPE), w, (d, d)),
        JacobianCase("elementwise_square", lambda v: v**2, lambda v: torch.diag(2 * v), w, (d, d)),
        JacobianCase(
            "matrix_product",
            lambda M: X @ M.T,
            lambda M: torch.einsum("bc,ad->abcd", torch.eye(k, dtype=DTYPE), X),
            W,
            (n, k, k, d),
        ),
    ]


def autograd_jacobian(function: Formula, point: Tensor) -> Tensor:
    """The Jacobian of ``function`` at ``point`` computed by autograd."""
    return jacobian(function, point)


def check_jacobian(case: JacobianCase) -> float:
    """Max |closed form - autograd|; raises if the written shape is wrong."""
    closed = case.closed_form(case.point)
    if tuple(closed.shape) != case.shape:
        raise ValueError(f"{case.name}: closed form has shape {tuple(closed.shape)}, written shape is {case.shape}")
    return max_abs_error(closed, autograd_jacobian(case.function, case.point))


@dataclass(frozen=True)
class JacobianChecks:
    """The Jacobian checks: each case's max |closed form - autograd|, at inputs of sizes n, d, k."""

    errors: Mapping[str, float]
    n: int
    d: int
    k: int

    @property
    def max_error(self) -> float:
        return max(self.errors.values())

    def entries(self) -> Result:
        """Its entries of checks.json."""
        return {
            **{f"jacobian.{name}.max_error": err for name, err in self.errors.items()},
            "jacobian.count": len(self.errors),
            "jacobian.max_error": self.max_error,
            "jacobian.n": self.n,
            "jacobian.d": self.d,
            "jacobian.k": self.k,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        return {
            "JacCount": str(len(self.errors)),
            "JacN": str(self.n),
            "JacD": str(self.d),
            "JacK": str(self.k),
            "JacMaxErr": tex_sci(self.max_error),
            **within_macros({"JacMaxErr": self.max_error}),
        }


def check(inputs: JacobianInputs | None = None) -> JacobianChecks:
    """Every homework Jacobian against autograd, at ``inputs`` (default: :meth:`JacobianInputs.random`)."""
    inputs = JacobianInputs.random() if inputs is None else inputs
    (n, d), k = inputs.X.shape, inputs.W.shape[0]
    return JacobianChecks({case.name: check_jacobian(case) for case in jacobian_cases(inputs)}, n, d, k)
