"""Zero and constant initialisation of the sentiment MLP: its hidden units stay identical under training."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from textmlp.latex import tex_number, tex_sci
from textmlp.models.mlp import ACTIVATIONS, MLP
from textmlp.written.activations import label_list
from textmlp.written.numeric import DTYPE, Result, max_abs_error, randn, seeded, single_threaded
from textmlp.written.xor_net import CONSTANT_INIT, gradient_step, row_spread

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


@dataclass(frozen=True)
class InitialisationChecks:
    """The sentiment MLP trained from zero and from the constant with every
    activation, and from PyTorch's default (sigmoid): the set-up, the largest
    spread between first-layer hidden units and how far the first layer moved."""

    in_features: int
    hidden: int
    steps: int
    samples: int
    lr: float
    constant: float
    activations: tuple[str, ...]
    zero_max_spread: float
    zero_max_first_layer_change: float
    zero_frozen: tuple[str, ...]
    constant_max_spread: float
    constant_min_first_layer_change: float
    default_max_spread: float

    @property
    def zero_moving(self) -> tuple[str, ...]:
        """The activations whose first layer moves from zero."""
        return tuple(n for n in self.activations if n not in self.zero_frozen)

    def entries(self) -> Result:
        """Its entries of checks.json."""
        return {
            "mlp.in_features": self.in_features,
            "mlp.hidden": self.hidden,
            "mlp.steps": self.steps,
            "mlp.samples": self.samples,
            "mlp.lr": self.lr,
            "mlp.constant": self.constant,
            "mlp.activations": len(self.activations),
            "mlp.zero.max_spread": self.zero_max_spread,
            "mlp.zero.max_first_layer_change": self.zero_max_first_layer_change,
            "mlp.zero.frozen": list(self.zero_frozen),
            "mlp.constant.max_spread": self.constant_max_spread,
            "mlp.constant.min_first_layer_change": self.constant_min_first_layer_change,
            "mlp.default.max_spread": self.default_max_spread,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        return {
            "MLPin": str(self.in_features),
            "MLPhidden": str(self.hidden),
            "MLPsteps": str(self.steps),
            "MLPsamples": str(self.samples),
            "MLPlr": tex_number(self.lr, 1),
            "MLPconstValue": tex_number(self.constant, 1),
            "MLPactCount": str(len(self.activations)),
            "MLPzeroFrozen": label_list(self.zero_frozen),
            "MLPzeroMoving": label_list(self.zero_moving),
            "MLPzeroSpread": tex_sci(self.zero_max_spread),
            "MLPconstSpread": tex_sci(self.constant_max_spread),
            "MLPconstMove": tex_number(self.constant_min_first_layer_change, 3),
            "MLPdefaultSpread": tex_number(self.default_max_spread, 3),
        }


def check() -> InitialisationChecks:
    """The MLP from zero and from :data:`CONSTANT_INIT` with every registry activation, and from the default."""
    zero = {name: train_mlp_symmetry(0.0, name) for name in ACTIVATIONS}
    const = {name: train_mlp_symmetry(CONSTANT_INIT, name) for name in ACTIVATIONS}
    default = train_mlp_symmetry(None, "sigmoid")
    return InitialisationChecks(
        in_features=MLP_SHAPE[0],
        hidden=MLP_SHAPE[1],
        steps=MLP_STEPS,
        samples=MLP_SAMPLES,
        lr=MLP_LR,
        constant=CONSTANT_INIT,
        activations=tuple(ACTIVATIONS),
        zero_max_spread=max(r["max_spread"] for r in zero.values()),
        zero_max_first_layer_change=max(r["first_layer_change"] for r in zero.values()),
        zero_frozen=tuple(name for name, r in zero.items() if r["first_layer_change"] == 0.0),
        constant_max_spread=max(r["max_spread"] for r in const.values()),
        constant_min_first_layer_change=min(r["first_layer_change"] for r in const.values()),
        default_max_spread=default["max_spread"],
    )
