"""XOR: the ReLU and square constructions, the linear programs that rule out one
unit, and constant initialisation's symmetry (the network and its training
runs are in :mod:`textmlp.written.xor_net`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, Mapping

import torch
from scipy.optimize import linprog
from torch import Tensor

from textmlp.latex import tex_number, tex_sci, within_macros
from textmlp.models.mlp import ACTIVATIONS, activation
from textmlp.written.activations import label_list, monotone_activations
from textmlp.written.numeric import DTYPE, Result, max_abs_error
from textmlp.written.xor_net import (
    CONSTANT_INIT,
    XOR_INPUTS,
    XOR_LR,
    XOR_STEPS,
    XOR_TARGETS,
    XORParams,
    constant_params,
    max_change,
    train_xor,
    two_layer,
)


def xor_relu_solution() -> XORParams:
    """The written two-layer ReLU weights: h = (ReLU(x1-x2), ReLU(x2-x1)), y = h1 + h2."""
    return {
        "W1": torch.tensor([[1.0, -1.0], [-1.0, 1.0]], dtype=DTYPE),
        "b1": torch.zeros(2, dtype=DTYPE),
        "W2": torch.ones(2, dtype=DTYPE),
        "b2": torch.zeros((), dtype=DTYPE),
    }


def xor_square_solution() -> XORParams:
    """One hidden unit with f(z) = z^2: h = (x1 - x2)^2, y = h."""
    return {
        "W1": torch.tensor([[1.0, -1.0]], dtype=DTYPE),
        "b1": torch.zeros(1, dtype=DTYPE),
        "W2": torch.ones(1, dtype=DTYPE),
        "b2": torch.zeros((), dtype=DTYPE),
    }


def square(z: Tensor) -> Tensor:
    """The non-monotone activation f(z) = z^2."""
    return z**2


def xor_error(params: Mapping[str, Tensor], f: Callable[[Tensor], Tensor] = torch.relu) -> float:
    """Max |y_hat - XOR| over the four inputs."""
    return max_abs_error(two_layer(params, XOR_INPUTS, f), XOR_TARGETS)


def _lp_status(
    A_ub: list[list[float]], b_ub: list[float], A_eq: list[list[float]] | None = None, b_eq: list[float] | None = None
) -> int:
    """scipy/HiGHS status of the feasibility LP over free (w1, w2, b): 0 feasible, 2 infeasible."""
    return int(
        linprog(
            c=[0, 0, 0], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=[(None, None)] * 3, method="highs"
        ).status
    )


def single_unit_exact_lp() -> int:
    """scipy status of the LP for ReLU(w.x + b) = XOR on all four inputs.

    Variables (w1, w2, b): w2 + b = 1, w1 + b = 1 (outputs 1), b <= 0 and
    w1 + w2 + b <= 0 (outputs 0). Status 2 means infeasible.
    """
    return _lp_status(A_ub=[[0, 0, 1], [1, 1, 1]], b_ub=[0, 0], A_eq=[[0, 1, 1], [1, 0, 1]], b_eq=[1, 1])


def linearly_separable(labels: tuple[int, ...]) -> bool:
    """Whether some (w, b) has w.x + b >= 1 on label-1 and <= -1 on label-0 inputs."""
    signs = [1 if label else -1 for label in labels]
    A_ub = [[-s * x1, -s * x2, -s] for s, (x1, x2) in zip(signs, XOR_INPUTS.tolist())]
    return _lp_status(A_ub, [-1] * 4) == 0


def non_separable_labelings() -> list[tuple[int, ...]]:
    """All labelings of the four XOR inputs that no half-plane separates."""
    return [labels for labels in itertools.product((0, 1), repeat=4) if not linearly_separable(labels)]


def affine_orderings() -> list[tuple[int, ...]]:
    """Strict orderings of the four XOR inputs that some w.x + b produces.

    An ordering (indices into :data:`XOR_INPUTS`, lowest first) is kept when
    the LP a(x_first) + 1 <= a(x_second) + ... is feasible (the margin 1 is no
    loss of generality: scale w and b).
    """
    rows = [[x1, x2, 1.0] for x1, x2 in XOR_INPUTS.tolist()]
    feasible = []
    for order in itertools.permutations(range(4)):
        A_ub = [[lo - hi for lo, hi in zip(rows[a], rows[b])] for a, b in zip(order, order[1:])]
        if _lp_status(A_ub, [-1] * 3) == 0:
            feasible.append(order)
    return feasible


def monotone_fit_error(order: tuple[int, ...], targets: list[float]) -> float:
    """Least max error of a non-decreasing g over points ranked by ``order``.

    Minimax isotonic regression: half the largest drop y_i - y_j with i ranked
    below j (0 when the targets already increase along the order).
    """
    ranked = [targets[i] for i in order]
    drops = [ranked[i] - ranked[j] for i in range(len(ranked)) for j in range(i + 1, len(ranked))]
    return max(0.0, *drops) / 2


def monotone_max_error_bound() -> float:
    """The least max error on XOR of any y = g(w.x + b) with g monotone.

    Exhaustive over the orderings an affine map can produce; a non-increasing
    g is the reversed ordering of a non-decreasing one, which is also listed.
    """
    targets = XOR_TARGETS.tolist()
    return min(monotone_fit_error(order, targets) for order in affine_orderings())


@dataclass(frozen=True)
class XorChecks:
    """The XOR answers, measured: the two constructions' errors, the LPs, and the
    training runs from zero (ReLU) and from the constant (each monotone
    activation, and f(z) = z^2)."""

    two_layer_error: float
    square_error: float
    lp_status: int
    non_separable: tuple[str, ...]
    steps: int
    lr: float
    zero_change_W1: float
    zero_change_b1: float
    zero_change_W2: float
    zero_final_b2: float
    zero_predictions: tuple[float, ...]
    zero_prediction_spread: float
    constant_value: float
    monotone: tuple[str, ...]
    non_monotone: tuple[str, ...]
    constant_max_spread: float
    constant_min_max_error: float
    constant_predictions: Mapping[str, tuple[float, ...]]
    monotone_bound: float
    affine_orderings: int
    square_trained_spread: float
    square_trained_error: float

    @property
    def lp_infeasible(self) -> bool:
        return self.lp_status == 2

    @property
    def separable_count(self) -> int:
        """Labellings of the four inputs that a half-plane separates (of 2^4)."""
        return 16 - len(self.non_separable)

    @property
    def zero_max_change(self) -> float:
        return max(self.zero_change_W1, self.zero_change_b1, self.zero_change_W2)

    def entries(self) -> Result:
        """Its entries of checks.json."""
        return {
            "xor.two_layer.max_error": self.two_layer_error,
            "xor.square.max_error": self.square_error,
            "xor.single_unit.lp_status": self.lp_status,
            "xor.single_unit.lp_infeasible": self.lp_infeasible,
            "xor.separable_count": self.separable_count,
            "xor.non_separable": list(self.non_separable),
            "xor.steps": self.steps,
            "xor.lr": self.lr,
            "xor.zero.max_change_W1": self.zero_change_W1,
            "xor.zero.max_change_b1": self.zero_change_b1,
            "xor.zero.max_change_W2": self.zero_change_W2,
            "xor.zero.final_b2": self.zero_final_b2,
            "xor.zero.predictions": list(self.zero_predictions),
            "xor.zero.prediction_spread": self.zero_prediction_spread,
            "xor.constant.value": self.constant_value,
            "xor.constant.activations": list(self.monotone),
            "xor.non_monotone": list(self.non_monotone),
            "xor.constant.max_spread": self.constant_max_spread,
            "xor.constant.min_max_error": self.constant_min_max_error,
            **{f"xor.constant.{n}.predictions": list(p) for n, p in self.constant_predictions.items()},
            "xor.monotone_bound": self.monotone_bound,
            "xor.affine_orderings": self.affine_orderings,
            "xor.square_trained.max_spread": self.square_trained_spread,
            "xor.square_trained.max_error": self.square_trained_error,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        return {
            "XORTwoLayerErr": tex_sci(self.two_layer_error),
            "XORSquareErr": tex_sci(self.square_error),
            "XORmonotoneActs": label_list(self.monotone),
            "XORnonMonotoneActs": label_list(self.non_monotone),
            "XORLPResult": "infeasible" if self.lp_infeasible else "feasible",
            "XORSeparableCount": str(self.separable_count),
            "XORSteps": str(self.steps),
            "XORlr": tex_number(self.lr, 1),
            "XORzeroMaxChange": tex_sci(self.zero_max_change),
            "XORzeroBtwo": tex_number(self.zero_final_b2),
            "XORzeroPredSpread": tex_sci(self.zero_prediction_spread),
            "XORconstValue": tex_number(self.constant_value, 1),
            "XORconstSpread": tex_sci(self.constant_max_spread),
            "XORconstMinErr": tex_number(self.constant_min_max_error),
            "XORmonotoneBound": tex_number(self.monotone_bound, 1),
            "XORorderings": str(self.affine_orderings),
            "XORsquareTrainedSpread": tex_sci(self.square_trained_spread),
            "XORsquareTrainedErr": tex_sci(self.square_trained_error),
            **within_macros(
                {
                    "XORTwoLayerErr": self.two_layer_error,
                    "XORSquareErr": self.square_error,
                    "XORzeroMaxChange": self.zero_max_change,
                    "XORzeroPredSpread": self.zero_prediction_spread,
                    "XORconstSpread": self.constant_max_spread,
                    "XORsquareTrainedSpread": self.square_trained_spread,
                    "XORsquareTrainedErr": self.square_trained_error,
                }
            ),
        }


def check() -> XorChecks:
    """The constructions, the LPs, and the training runs from zero and from :data:`CONSTANT_INIT`."""
    zero = train_xor(constant_params(0.0), torch.relu)
    monotone = monotone_activations()
    constant = {name: train_xor(constant_params(CONSTANT_INIT), activation(name)) for name in monotone}
    square_trained = train_xor(constant_params(CONSTANT_INIT), square)
    return XorChecks(
        two_layer_error=xor_error(xor_relu_solution()),
        square_error=xor_error(xor_square_solution(), square),
        lp_status=single_unit_exact_lp(),
        non_separable=tuple("".join(map(str, labels)) for labels in non_separable_labelings()),
        steps=XOR_STEPS,
        lr=XOR_LR,
        zero_change_W1=max_change(zero, "W1"),
        zero_change_b1=max_change(zero, "b1"),
        zero_change_W2=max_change(zero, "W2"),
        zero_final_b2=float(zero.final["b2"]),
        zero_predictions=tuple(zero.predictions.tolist()),
        zero_prediction_spread=float(zero.predictions.max() - zero.predictions.min()),
        constant_value=CONSTANT_INIT,
        monotone=tuple(monotone),
        non_monotone=tuple(n for n in ACTIVATIONS if n not in monotone),
        constant_max_spread=max(r.max_spread for r in constant.values()),
        constant_min_max_error=min(xor_error(r.final, activation(n)) for n, r in constant.items()),
        constant_predictions={n: tuple(r.predictions.tolist()) for n, r in constant.items()},
        monotone_bound=monotone_max_error_bound(),
        affine_orderings=len(affine_orderings()),
        square_trained_spread=square_trained.max_spread,
        square_trained_error=xor_error(square_trained.final, square),
    )
