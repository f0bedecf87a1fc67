"""The two-layer XOR network, y = W2 f(W1 x + b1) + b2, and its gradient-descent
runs: what the XOR answers (:mod:`textmlp.written.xor`) and the initialisation
answers (:mod:`textmlp.written.initialisation`) train and measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import torch
from torch import Tensor

from textmlp.written.numeric import DTYPE, max_abs_error, single_threaded

#: The four XOR inputs (rows) and their targets.
XOR_INPUTS = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=DTYPE)
XOR_TARGETS = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=DTYPE)

#: Training runs of the symmetry checks: full-batch gradient descent.
XOR_STEPS, XOR_LR = 1000, 0.1
#: The "uniform constant" every weight and bias starts from in the constant-init runs.
CONSTANT_INIT = 0.5

XORParams = dict[str, Tensor]


def two_layer(params: Mapping[str, Tensor], x: Tensor, f: Callable[[Tensor], Tensor] = torch.relu) -> Tensor:
    """y = W2 f(W1 x + b1) + b2 for each row of ``x``."""
    return f(x @ params["W1"].T + params["b1"]) @ params["W2"] + params["b2"]


def constant_params(value: float, hidden: int = 2) -> XORParams:
    """Every weight and bias of the two-layer network equal to ``value``."""
    return {
        "W1": torch.full((hidden, 2), value, dtype=DTYPE),
        "b1": torch.full((hidden,), value, dtype=DTYPE),
        "W2": torch.full((hidden,), value, dtype=DTYPE),
        "b2": torch.full((), value, dtype=DTYPE),
    }


def row_spread(rows: Tensor) -> float:
    """Max |rows[i] - rows[j]| over all pairs of rows and all columns."""
    rows = rows.detach()
    return float((rows[:, None, :] - rows[None, :, :]).abs().max())


def hidden_unit_spread(params: Mapping[str, Tensor]) -> float:
    """Max difference between any two hidden units' (incoming, bias, outgoing) weights."""
    units = torch.cat([params["W1"], params["b1"][:, None], params["W2"][:, None]], dim=1)
    return row_spread(units)


@dataclass(frozen=True)
class XORRun:
    """What a training run on XOR leaves behind."""

    initial: XORParams
    final: XORParams
    predictions: Tensor
    max_spread: float
    losses: list[float]


def gradient_step(params: Iterable[Tensor], loss: Tensor, lr: float) -> None:
    """One step of plain gradient descent, p <- p - lr dloss/dp, in place."""
    params = list(params)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for p, g in zip(params, grads):
            p.sub_(lr * g)


@single_threaded
def train_xor(
    initial: Mapping[str, Tensor],
    f: Callable[[Tensor], Tensor] = torch.relu,
    steps: int = XOR_STEPS,
    lr: float = XOR_LR,
) -> XORRun:
    """Full-batch gradient descent on the MSE over the four XOR inputs.

    Records the spread between hidden units after every step.
    """
    params = {k: v.detach().clone().requires_grad_(True) for k, v in initial.items()}
    spread, losses = hidden_unit_spread(params), []
    for _ in range(steps):
        loss = torch.mean((two_layer(params, XOR_INPUTS, f) - XOR_TARGETS) ** 2)
        gradient_step(params.values(), loss, lr)
        losses.append(float(loss.detach()))
        spread = max(spread, hidden_unit_spread(params))
    final = {k: v.detach().clone() for k, v in params.items()}
    return XORRun(dict(initial), final, two_layer(final, XOR_INPUTS, f), spread, losses)


def max_change(run: XORRun, name: str) -> float:
    """Max |final - initial| of parameter ``name``."""
    return max_abs_error(run.final[name], run.initial[name])
