"""Zero and constant initialisation of the sentiment MLP: its hidden units stay identical under training."""

from __future__ import annotations

import torch
from torch import nn

from textmlp.models.mlp import MLP
from textmlp.written.numeric import DTYPE, max_abs_error, randn, seeded, single_threaded
from textmlp.written.xor import gradient_step, row_spread

#: The sentiment MLP's check: (inputs, hidden units), random examples, steps, step size.
MLP_SHAPE, MLP_SAMPLES, MLP_STEPS, MLP_LR = (50, 16), 64, 25, 0.5


def _fill(model: nn.Module, value: float) -> nn.Module:
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(value)
    return model


def first_layer_spread(model: MLP) -> float:
    """Max difference between two hidden units of the first layer (weight rows, biases)."""
    first = model.layers[0]
    return row_spread(torch.cat([first.weight, first.bias[:, None]], dim=1))


@single_threaded
def train_mlp_symmetry(
    init: float | None,
    activation_name: str = "sigmoid",
    in_features: int = MLP_SHAPE[0],
    hidden: int = MLP_SHAPE[1],
    n: int = MLP_SAMPLES,
    steps: int = MLP_STEPS,
    lr: float = MLP_LR,
    seed: int = 0,
) -> dict[str, float]:
    """Train textmlp's MLP with all parameters set to ``init`` (None: PyTorch's default).

    Full-batch gradient descent on cross-entropy with random inputs and
    labels. Returns the max spread between first-layer hidden units over all
    steps and how far the first layer moved from its initial value.
    """
    with torch.random.fork_rng():  # seeded default init without touching global state
        torch.manual_seed(seed)
        model = MLP(in_features, [hidden], n_classes=2, activation_name=activation_name)
    model = model.to(DTYPE)
    if init is not None:
        _fill(model, init)
    gen = seeded(seed)
    x = randn(n, in_features, gen=gen)
    y = torch.randint(0, 2, (n,), generator=gen)
    start = model.layers[0].weight.detach().clone()
    spread = first_layer_spread(model)
    for _ in range(steps):
        gradient_step(model.parameters(), nn.functional.cross_entropy(model(x), y), lr)
        spread = max(spread, first_layer_spread(model))
    moved = max_abs_error(model.layers[0].weight.detach(), start)
    return {"max_spread": spread, "first_layer_change": moved}
