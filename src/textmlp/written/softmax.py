"""The softmax Jacobian, entrywise and as a matrix, against autograd."""

from __future__ import annotations

import torch
from torch import Tensor

from textmlp.written.jacobians import autograd_jacobian
from textmlp.written.numeric import DTYPE, max_abs_error, randn, seeded


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


def check_softmax(K: int = 5, seed: int = 0) -> dict[str, float | int]:
    """Both written forms of the softmax Jacobian against autograd at random z."""
    z = randn(K, gen=seeded(seed))
    reference = autograd_jacobian(lambda v: torch.softmax(v, dim=0), z)
    return {
        "entrywise_error": max_abs_error(softmax_jacobian_entrywise(z), reference),
        "matrix_error": max_abs_error(softmax_jacobian_matrix(z), reference),
        "row_sum_max": float(reference.sum(dim=1).abs().max()),
        "K": K,
    }
