"""The softmax Jacobian, entrywise and as a matrix, against autograd."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from textmlp.latex import tex_sci, within_macros
from textmlp.written.jacobians import autograd_jacobian
from textmlp.written.numeric import DTYPE, Result, max_abs_error, randn, seeded


def softmax_jacobian_entrywise(z: Tensor) -> Tensor:
    """J_ij = sigma_i (delta_ij - sigma_j), entry by entry."""
    s = torch.softmax(z, dim=0).tolist()
    return torch.tensor([[s[i] * (_kronecker(i, j) - s[j]) for j in range(len(s))] for i in range(len(s))], dtype=DTYPE)


def _kronecker(i: int, j: int) -> float:
    """delta_ij."""
    return 1.0 if i == j else 0.0


def softmax_jacobian_matrix(z: Tensor) -> Tensor:
    """J = diag(sigma) - sigma sigma^T."""
    s = torch.softmax(z, dim=0)
    return torch.diag(s) - torch.outer(s, s)


@dataclass(frozen=True)
class SoftmaxChecks:
    """Both written forms of the softmax Jacobian against autograd at a random z in R^K,
    and the largest |row sum| of the autograd Jacobian (0: softmax sums to 1)."""

    entrywise_error: float
    matrix_error: float
    row_sum_max: float
    K: int

    @property
    def max_error(self) -> float:
        return max(self.entrywise_error, self.matrix_error)

    def entries(self) -> Result:
        """Its entries of checks.json."""
        return {
            "softmax.entrywise_error": self.entrywise_error,
            "softmax.matrix_error": self.matrix_error,
            "softmax.row_sum_max": self.row_sum_max,
            "softmax.K": self.K,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        return {
            "SoftmaxMaxErr": tex_sci(self.max_error),
            "SoftmaxK": str(self.K),
            "SoftmaxRowSum": tex_sci(self.row_sum_max),
            **within_macros({"SoftmaxMaxErr": self.max_error, "SoftmaxRowSum": self.row_sum_max}),
        }


def check(K: int = 5, seed: int = 0) -> SoftmaxChecks:
    """Both written forms of the softmax Jacobian against autograd at random z."""
    z = randn(K, gen=seeded(seed))
    reference = autograd_jacobian(lambda v: torch.softmax(v, dim=0), z)
    return SoftmaxChecks(
        entrywise_error=max_abs_error(softmax_jacobian_entrywise(z), reference),
        matrix_error=max_abs_error(softmax_jacobian_matrix(z), reference),
        row_sum_max=float(reference.sum(dim=1).abs().max()),
        K=K,
    )
