"""All the checks of the written answers in ``report/hw3.tex``, and the LaTeX macros that print their numbers.

Each closed form the report states is checked in its own module (jacobians,
activations, softmax, graph, xor, initialisation) against PyTorch autograd,
a linear program or a real training run, in float64. :func:`run_all`
collects the numbers in a flat JSON-serialisable dict and
:func:`report_macros` turns them into the macros the report prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import torch

from textmlp.latex import tex_escape, write_macros
from textmlp.models.mlp import ACTIVATION_LABELS, ACTIVATIONS, activation
from textmlp.written.activations import (
    ACTIVATION_GRID,
    activation_grid,
    check_activation,
    monotone_activations,
    relu_derivative_at_zero,
)
from textmlp.written.graph import check_graph
from textmlp.written.initialisation import MLP_LR, MLP_SAMPLES, MLP_SHAPE, MLP_STEPS, train_mlp_symmetry
from textmlp.written.jacobians import JacobianInputs, check_jacobian, jacobian_cases
from textmlp.written.numeric import Result
from textmlp.written.softmax import check_softmax
from textmlp.written.xor import (
    CONSTANT_INIT,
    XOR_LR,
    XOR_STEPS,
    affine_orderings,
    constant_params,
    max_change,
    monotone_max_error_bound,
    non_separable_labelings,
    single_unit_exact_lp,
    square,
    train_xor,
    xor_error,
    xor_relu_solution,
    xor_square_solution,
)


def _jacobian_results() -> Result:
    inputs = JacobianInputs.random()
    errors = {case.name: check_jacobian(case) for case in jacobian_cases(inputs)}
    (n, d), k = inputs.X.shape, inputs.W.shape[0]
    return {
        **{f"jacobian.{name}.max_error": err for name, err in errors.items()},
        "jacobian.count": len(errors),
        "jacobian.max_error": max(errors.values()),
        "jacobian.n": n,
        "jacobian.d": d,
        "jacobian.k": k,
    }


def _activation_results() -> Result:
    checks = {name: check_activation(name) for name in ACTIVATIONS}
    out: Result = {f"activation.{n}.{k}": v for n, c in checks.items() for k, v in c.items()}
    out["activation.count"] = len(checks)
    out["activation.names"] = list(checks)
    out["activation.max_value_error"] = max(c["value_error"] for c in checks.values())
    out["activation.max_derivative_error"] = max(c["derivative_error"] for c in checks.values())
    out["activation.wrong_relu_error"] = check_activation("relu", derivative=lambda x: x)["derivative_error"]
    out["activation.grid_low"], out["activation.grid_high"] = ACTIVATION_GRID[:2]
    out["activation.grid_points"] = len(activation_grid())
    out |= {f"activation.relu_at_zero.{k}": v for k, v in relu_derivative_at_zero().items()}
    return out


def _xor_results() -> Result:
    zero = train_xor(constant_params(0.0), torch.relu)
    monotone = monotone_activations()
    constant = {name: train_xor(constant_params(CONSTANT_INIT), activation(name)) for name in monotone}
    square_trained = train_xor(constant_params(CONSTANT_INIT), square)
    nonsep, lp_status = non_separable_labelings(), single_unit_exact_lp()
    return {
        "xor.two_layer.max_error": xor_error(xor_relu_solution()),
        "xor.square.max_error": xor_error(xor_square_solution(), square),
        "xor.single_unit.lp_status": lp_status,
        "xor.single_unit.lp_infeasible": lp_status == 2,
        "xor.separable_count": 16 - len(nonsep),
        "xor.non_separable": ["".join(map(str, labels)) for labels in nonsep],
        "xor.steps": XOR_STEPS,
        "xor.lr": XOR_LR,
        "xor.zero.max_change_W1": max_change(zero, "W1"),
        "xor.zero.max_change_b1": max_change(zero, "b1"),
        "xor.zero.max_change_W2": max_change(zero, "W2"),
        "xor.zero.final_b2": float(zero.final["b2"]),
        "xor.zero.predictions": zero.predictions.tolist(),
        "xor.zero.prediction_spread": float(zero.predictions.max() - zero.predictions.min()),
        "xor.constant.value": CONSTANT_INIT,
        "xor.constant.activations": monotone,
        "xor.non_monotone": [n for n in ACTIVATIONS if n not in monotone],
        "xor.constant.max_spread": max(r.max_spread for r in constant.values()),
        "xor.constant.min_max_error": min(xor_error(r.final, activation(n)) for n, r in constant.items()),
        **{f"xor.constant.{n}.predictions": r.predictions.tolist() for n, r in constant.items()},
        "xor.monotone_bound": monotone_max_error_bound(),
        "xor.affine_orderings": len(affine_orderings()),
        "xor.square_trained.max_spread": square_trained.max_spread,
        "xor.square_trained.max_error": xor_error(square_trained.final, square),
    }


def _mlp_results() -> Result:
    in_features, hidden = MLP_SHAPE
    runs = {(init, name): train_mlp_symmetry(init, name) for init in (0.0, CONSTANT_INIT) for name in ACTIVATIONS}
    default = train_mlp_symmetry(None, "sigmoid")
    const = [r for (init, _), r in runs.items() if init != 0.0]
    zero = [r for (init, _), r in runs.items() if init == 0.0]
    return {
        "mlp.in_features": in_features,
        "mlp.hidden": hidden,
        "mlp.steps": MLP_STEPS,
        "mlp.samples": MLP_SAMPLES,
        "mlp.lr": MLP_LR,
        "mlp.constant": CONSTANT_INIT,
        "mlp.activations": len(ACTIVATIONS),
        "mlp.zero.max_spread": max(r["max_spread"] for r in zero),
        "mlp.zero.max_first_layer_change": max(r["first_layer_change"] for r in zero),
        "mlp.zero.frozen": [name for (init, name), r in runs.items() if init == 0.0 and r["first_layer_change"] == 0.0],
        "mlp.constant.max_spread": max(r["max_spread"] for r in const),
        "mlp.constant.min_first_layer_change": min(r["first_layer_change"] for r in const),
        "mlp.default.max_spread": default["max_spread"],
    }


def run_all() -> Result:
    """Every check; a flat, JSON-serialisable dict of the numbers they produce."""
    graph = {f"graph.{k}": v for k, v in check_graph().items()}
    softmax = {f"softmax.{k}": v for k, v in check_softmax().items()}
    return {**_jacobian_results(), **_activation_results(), **softmax, **graph, **_xor_results(), **_mlp_results()}


def tex_number(value: float, digits: int = 4) -> str:
    """A float as LaTeX: an exact integer as such (2), else ``digits`` decimals (20.0855)."""
    text = str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}"
    return f"\\ensuremath{{{text}}}"


def tex_sci(value: float, digits: int = 1) -> str:
    r"""A small error as LaTeX: 0 stays 0, else m\times10^{e}."""
    if value == 0:
        return r"\ensuremath{0}"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"\\ensuremath{{{mantissa}\\times 10^{{{int(exponent)}}}}}"


def tex_within(value: float, digits: int = 1) -> str:
    r"""How closely two computations agree, as words: 'exactly' for 0, else
    'to within m\times10^{e}' (never 'to within 0')."""
    return "exactly" if value == 0 else f"to within {tex_sci(value, digits)}"


def _label_list(names: list[str]) -> str:
    """Registry names as their display labels, comma-separated."""
    return ", ".join(tex_escape(ACTIVATION_LABELS[n]) for n in names)


def report_macros(r: Mapping[str, object]) -> dict[str, str]:
    """The LaTeX macros (letters-only names) that report/hw3.tex prints."""

    def g(key: str) -> float:
        return float(r[key])  # type: ignore[arg-type]

    def i(key: str) -> str:
        return str(int(r[key]))  # type: ignore[call-overload]

    return {
        "JacCount": i("jacobian.count"),
        "JacN": i("jacobian.n"),
        "JacD": i("jacobian.d"),
        "JacK": i("jacobian.k"),
        "JacMaxErr": tex_sci(g("jacobian.max_error")),
        "ActCount": i("activation.count"),
        "ActList": _label_list(r["activation.names"]),
        "ActMaxErr": tex_sci(g("activation.max_derivative_error")),
        "ActValueMaxErr": tex_sci(g("activation.max_value_error")),
        "ActWrongReluErr": tex_number(g("activation.wrong_relu_error"), 2),
        "ActGridLow": tex_number(g("activation.grid_low"), 0),
        "ActGridHigh": tex_number(g("activation.grid_high"), 0),
        "ActGridPoints": i("activation.grid_points"),
        "ReluGradZero": tex_number(g("activation.relu_at_zero.autograd"), 0),
        "SoftmaxMaxErr": tex_sci(max(g("softmax.entrywise_error"), g("softmax.matrix_error"))),
        "SoftmaxK": i("softmax.K"),
        "SoftmaxRowSum": tex_sci(g("softmax.row_sum_max")),
        "CGhOne": tex_number(g("graph.value_h1")),
        "CGhTwo": tex_number(g("graph.value_h2")),
        "CGhThree": tex_number(g("graph.value_h3")),
        "CGf": tex_number(g("graph.value_f")),
        "CGadjHOne": tex_number(g("graph.adjoint_h1")),
        "CGadjHTwo": tex_number(g("graph.adjoint_h2")),
        "CGadjHThree": tex_number(g("graph.adjoint_h3")),
        "CGdfdx": tex_number(g("graph.adjoint_x")),
        "CGdfdy": tex_number(g("graph.adjoint_y")),
        "CGdfdz": tex_number(g("graph.adjoint_z")),
        "CGMaxErr": tex_sci(g("graph.max_error")),
        "XORTwoLayerErr": tex_sci(g("xor.two_layer.max_error")),
        "XORSquareErr": tex_sci(g("xor.square.max_error")),
        "XORmonotoneActs": _label_list(r["xor.constant.activations"]),
        "XORnonMonotoneActs": _label_list(r["xor.non_monotone"]),
        "XORLPResult": "infeasible" if r["xor.single_unit.lp_infeasible"] else "feasible",
        "XORSeparableCount": i("xor.separable_count"),
        "XORSteps": i("xor.steps"),
        "XORlr": tex_number(g("xor.lr"), 1),
        "XORzeroMaxChange": tex_sci(
            max(g("xor.zero.max_change_W1"), g("xor.zero.max_change_b1"), g("xor.zero.max_change_W2"))
        ),
        "XORzeroBtwo": tex_number(g("xor.zero.final_b2")),
        "XORzeroPredSpread": tex_sci(g("xor.zero.prediction_spread")),
        "XORconstValue": tex_number(g("xor.constant.value"), 1),
        "XORconstSpread": tex_sci(g("xor.constant.max_spread")),
        "XORconstMinErr": tex_number(g("xor.constant.min_max_error")),
        "XORmonotoneBound": tex_number(g("xor.monotone_bound"), 1),
        "XORorderings": i("xor.affine_orderings"),
        "XORsquareTrainedSpread": tex_sci(g("xor.square_trained.max_spread")),
        "XORsquareTrainedErr": tex_sci(g("xor.square_trained.max_error")),
        "MLPin": i("mlp.in_features"),
        "MLPhidden": i("mlp.hidden"),
        "MLPsteps": i("mlp.steps"),
        "MLPsamples": i("mlp.samples"),
        "MLPlr": tex_number(g("mlp.lr"), 1),
        "MLPconstValue": tex_number(g("mlp.constant"), 1),
        "MLPactCount": i("mlp.activations"),
        "MLPzeroFrozen": _label_list(r["mlp.zero.frozen"]),
        "MLPzeroMoving": _label_list([n for n in ACTIVATIONS if n not in r["mlp.zero.frozen"]]),
        "MLPzeroSpread": tex_sci(g("mlp.zero.max_spread")),
        "MLPconstSpread": tex_sci(g("mlp.constant.max_spread")),
        "MLPconstMove": tex_number(g("mlp.constant.min_first_layer_change"), 3),
        "MLPdefaultSpread": tex_number(g("mlp.default.max_spread"), 3),
        # the errors and spreads as 'exactly' or 'to within ...', for sentences
        **{
            f"{name}Within": tex_within(value)
            for name, value in (
                ("JacMaxErr", g("jacobian.max_error")),
                ("ActValueMaxErr", g("activation.max_value_error")),
                ("ActMaxErr", g("activation.max_derivative_error")),
                ("SoftmaxMaxErr", max(g("softmax.entrywise_error"), g("softmax.matrix_error"))),
                ("SoftmaxRowSum", g("softmax.row_sum_max")),
                ("CGMaxErr", g("graph.max_error")),
                ("XORTwoLayerErr", g("xor.two_layer.max_error")),
                ("XORSquareErr", g("xor.square.max_error")),
                (
                    "XORzeroMaxChange",
                    max(g("xor.zero.max_change_W1"), g("xor.zero.max_change_b1"), g("xor.zero.max_change_W2")),
                ),
                ("XORzeroPredSpread", g("xor.zero.prediction_spread")),
                ("XORconstSpread", g("xor.constant.max_spread")),
                ("XORsquareTrainedSpread", g("xor.square_trained.max_spread")),
                ("XORsquareTrainedErr", g("xor.square_trained.max_error")),
            )
        },
    }


def write_report_macros(path: str | Path, results: Mapping[str, object]) -> None:
    """Write :func:`report_macros` of ``results`` to ``path`` (atomically)."""
    write_macros(path, report_macros(results), header="Numbers computed by textmlp.derivations.run_all")
