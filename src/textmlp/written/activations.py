"""Every registry activation's closed form and derivative, as the report writes them, against autograd on a grid."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import torch
from torch import Tensor

from textmlp.latex import tex_escape, tex_number, tex_sci, within_macros
from textmlp.models.mlp import ACTIVATIONS, activation
from textmlp.parameters import ACTIVATION_LABELS
from textmlp.written.numeric import DTYPE, Formula, Result, max_abs_error

#: PyTorch's defaults for the parametrised activations; the closed forms below
#: use them, so a registry entry built with other values fails its check.
LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0

#: Grid on which activation formulas are compared, and the half-width of the
#: gap cut out around the kink at 0.
ACTIVATION_GRID = (-8.0, 8.0, 1601)
KINK_GAP = 1e-3


def _normal_cdf(x: Tensor) -> Tensor:
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


def _normal_pdf(x: Tensor) -> Tensor:
    return torch.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def _sigmoid(x: Tensor) -> Tensor:
    return 1 / (1 + torch.exp(-x))


def _tanh(x: Tensor) -> Tensor:
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def _step(x: Tensor, below: Tensor | float, above: Tensor | float) -> Tensor:
    """``above`` where x > 0, ``below`` elsewhere (so the value at 0 is ``below``)."""
    return torch.where(x > 0, torch.as_tensor(above, dtype=x.dtype), torch.as_tensor(below, dtype=x.dtype))


#: Closed forms (f, f') of every registry activation, as written in the report.
ACTIVATION_FORMULAS: dict[str, tuple[Formula, Formula]] = {
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    "tanh": (_tanh, lambda x: 1 - _tanh(x) ** 2),
    "relu": (lambda x: torch.clamp(x, min=0), lambda x: _step(x, 0.0, 1.0)),
    "gelu": (lambda x: x * _normal_cdf(x), lambda x: _normal_cdf(x) + x * _normal_pdf(x)),
    "leaky_relu": (lambda x: _step(x, LEAKY_RELU_SLOPE * x, x), lambda x: _step(x, LEAKY_RELU_SLOPE, 1.0)),
    "elu": (lambda x: _step(x, ELU_ALPHA * torch.expm1(x), x), lambda x: _step(x, ELU_ALPHA * torch.exp(x), 1.0)),
    "silu": (lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
}


def activation_grid(
    low: float = ACTIVATION_GRID[0],
    high: float = ACTIVATION_GRID[1],
    points: int = ACTIVATION_GRID[2],
    gap: float = KINK_GAP,
) -> Tensor:
    """Evenly spaced float64 points in [low, high] without those within ``gap`` of 0."""
    x = torch.linspace(low, high, points, dtype=DTYPE)
    return x[x.abs() > gap]


def elementwise_derivative(function: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    """f'(x) of an element-wise ``function`` (e.g. a registry module) by autograd."""
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(function(x).sum(), x)
    return grad


def check_activation(name: str, derivative: Formula | None = None, x: Tensor | None = None) -> dict[str, float]:
    """Compare the closed forms of activation ``name`` with the registry module.

    ``derivative`` overrides the written f' (used to show that a wrong formula
    is caught). Returns the max errors of f and of f' over ``x``.
    """
    x = activation_grid() if x is None else x
    module = activation(name)
    value, written_derivative = ACTIVATION_FORMULAS[name]
    derivative = written_derivative if derivative is None else derivative
    return {
        "value_error": max_abs_error(value(x), module(x)),
        "derivative_error": max_abs_error(derivative(x), elementwise_derivative(module, x)),
    }


def is_monotone(name: str, x: Tensor | None = None) -> bool:
    """Whether registry activation ``name`` is non-decreasing on the grid (f' >= 0)."""
    x = activation_grid() if x is None else x
    return bool((elementwise_derivative(activation(name), x) >= 0).all())


def monotone_activations() -> list[str]:
    """Registry activations that are monotone (the premise of the XOR extra credit)."""
    return [name for name in ACTIVATIONS if is_monotone(name)]


def relu_derivative_at_zero() -> dict[str, float]:
    """ReLU'(0): the written convention (0) and what autograd of nn.ReLU uses."""
    zero = torch.zeros(1, dtype=DTYPE)
    return {
        "written": float(ACTIVATION_FORMULAS["relu"][1](zero)),
        "autograd": float(elementwise_derivative(activation("relu"), zero)),
    }


def label_list(names: Iterable[str]) -> str:
    """Registry activation names as their display labels, comma-separated LaTeX."""
    return ", ".join(tex_escape(ACTIVATION_LABELS[n]) for n in names)


@dataclass(frozen=True)
class ActivationChecks:
    """Each registry activation's max errors of f and f' on the grid, the wrong ReLU'
    that is caught, the grid itself, and ReLU'(0) written and by autograd."""

    value_errors: Mapping[str, float]
    derivative_errors: Mapping[str, float]
    wrong_relu_error: float
    grid_low: float
    grid_high: float
    grid_points: int
    relu_at_zero_written: float
    relu_at_zero_autograd: float

    @property
    def names(self) -> list[str]:
        return list(self.value_errors)

    @property
    def max_value_error(self) -> float:
        return max(self.value_errors.values())

    @property
    def max_derivative_error(self) -> float:
        return max(self.derivative_errors.values())

    def entries(self) -> Result:
        """Its entries of checks.json."""
        out: Result = {}
        for name in self.names:
            out[f"activation.{name}.value_error"] = self.value_errors[name]
            out[f"activation.{name}.derivative_error"] = self.derivative_errors[name]
        return out | {
            "activation.count": len(self.names),
            "activation.names": self.names,
            "activation.max_value_error": self.max_value_error,
            "activation.max_derivative_error": self.max_derivative_error,
            "activation.wrong_relu_error": self.wrong_relu_error,
            "activation.grid_low": self.grid_low,
            "activation.grid_high": self.grid_high,
            "activation.grid_points": self.grid_points,
            "activation.relu_at_zero.written": self.relu_at_zero_written,
            "activation.relu_at_zero.autograd": self.relu_at_zero_autograd,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        return {
            "ActCount": str(len(self.names)),
            "ActList": label_list(self.names),
            "ActMaxErr": tex_sci(self.max_derivative_error),
            "ActValueMaxErr": tex_sci(self.max_value_error),
            "ActWrongReluErr": tex_number(self.wrong_relu_error, 2),
            "ActGridLow": tex_number(self.grid_low, 0),
            "ActGridHigh": tex_number(self.grid_high, 0),
            "ActGridPoints": str(self.grid_points),
            "ReluGradZero": tex_number(self.relu_at_zero_autograd, 0),
            **within_macros({"ActValueMaxErr": self.max_value_error, "ActMaxErr": self.max_derivative_error}),
        }


def check() -> ActivationChecks:
    """Every registry activation's written f and f' against the module and autograd."""
    errors = {name: check_activation(name) for name in ACTIVATIONS}
    at_zero = relu_derivative_at_zero()
    return ActivationChecks(
        value_errors={name: e["value_error"] for name, e in errors.items()},
        derivative_errors={name: e["derivative_error"] for name, e in errors.items()},
        wrong_relu_error=check_activation("relu", derivative=lambda x: x)["derivative_error"],
        grid_low=ACTIVATION_GRID[0],
        grid_high=ACTIVATION_GRID[1],
        grid_points=len(activation_grid()),
        relu_at_zero_written=at_zero["written"],
        relu_at_zero_autograd=at_zero["autograd"],
    )
