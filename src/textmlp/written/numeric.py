"""The float64 comparisons and the seeded, single-threaded torch every check of the written answers runs on."""

from __future__ import annotations

import contextlib
import functools
from typing import Callable, Iterator, ParamSpec, TypeVar

import torch
from torch import Tensor

DTYPE = torch.float64

#: Max |closed form - autograd| tolerated by :func:`agrees` (float64 round-off).
TOLERANCE = 1e-10

Result = dict[str, float | int | str | bool | list[float]]
Formula = Callable[[Tensor], Tensor]


def max_abs_error(closed_form: Tensor, reference: Tensor) -> float:
    """Largest entry-wise |closed_form - reference|; shapes must agree exactly."""
    if tuple(closed_form.shape) != tuple(reference.shape):
        raise ValueError(
            f"shape mismatch: closed form {tuple(closed_form.shape)} vs reference {tuple(reference.shape)}"
        )
    if closed_form.numel() == 0:
        return 0.0
    return float((closed_form - reference).abs().max())


def agrees(closed_form: Tensor, reference: Tensor, tol: float = TOLERANCE) -> bool:
    """True when shapes match and every entry agrees to within ``tol``."""
    try:
        return max_abs_error(closed_form, reference) <= tol
    except ValueError:
        return False


_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextlib.contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """Run torch on ``n`` intra-op threads inside the block, then restore."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def single_threaded(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: tiny training runs are many times faster without thread hand-offs."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _torch_threads(1):
            return fn(*args, **kwargs)

    return wrapper


def seeded(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape: int, gen: torch.Generator) -> Tensor:
    return torch.randn(*shape, generator=gen, dtype=DTYPE)
