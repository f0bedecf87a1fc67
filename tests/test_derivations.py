"""Tests of textmlp.written: every checked answer of report/hw3.tex.

Each test backs one statement of the written part; the report cites the test
names. Tolerances are float64 round-off (``numeric.TOLERANCE``).
"""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest
import torch
from torch import nn

from textmlp.models import mlp as model
from textmlp.written import activations, derivations, graph, initialisation, jacobians, numeric, softmax, xor

TOL = numeric.TOLERANCE
CASES = {case.name: case for case in jacobians.jacobian_cases()}


@pytest.fixture(scope="module")
def results() -> dict:
    return derivations.run_all()


# -- comparison helper ---------------------------------------------------------
def test_max_abs_error_requires_equal_shapes() -> None:
    with pytest.raises(ValueError, match="shape mismatch"):
        numeric.max_abs_error(torch.zeros(1, 3), torch.zeros(3))
    assert not numeric.agrees(torch.zeros(1, 3), torch.zeros(3))
    assert numeric.max_abs_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5])) == 0.5


# -- Jacobians -------------------------------------------------------------------
@pytest.mark.parametrize("name", list(CASES))
def test_jacobian_closed_form_matches_autograd(name: str) -> None:
    case = CASES[name]
    assert jacobians.check_jacobian(case) <= TOL
    assert tuple(jacobians.autograd_jacobian(case.function, case.point).shape) == case.shape


def test_jacobian_shapes_are_output_times_input() -> None:
    n, dim, k = 5, 4, 3
    assert {name: c.shape for name, c in CASES.items()} == {
        "constant": (1, dim),
        "squared_norm": (1, dim),
        "dot_product": (1, dim),
        "matrix_vector": (n, dim),
        "identity": (dim, dim),
        "elementwise_square": (dim, dim),
        "matrix_product": (n, k, k, dim),
    }


def test_attempts_elementwise_square_jacobian_is_rejected() -> None:
    """The attempt wrote 2w off the diagonal and 1 on it; the answer is diag(2w)."""
    case = CASES["elementwise_square"]
    w = case.point
    attempt = 2 * w.expand(len(w), len(w)).clone()
    attempt.fill_diagonal_(1.0)
    assert not numeric.agrees(attempt, jacobians.autograd_jacobian(case.function, w))
    assert numeric.agrees(torch.diag(2 * w), jacobians.autograd_jacobian(case.function, w))


def test_wrong_jacobian_shape_is_rejected() -> None:
    case = CASES["matrix_vector"]
    transposed = jacobians.JacobianCase(
        case.name, case.function, lambda v: case.closed_form(v).T, case.point, case.shape
    )
    with pytest.raises(ValueError, match="shape"):
        jacobians.check_jacobian(transposed)


def test_extra_credit_entries_are_delta_bc_times_X_ad() -> None:
    inputs = jacobians.JacobianInputs.random()
    case = {c.name: c for c in jacobians.jacobian_cases(inputs)}["matrix_product"]
    J = jacobians.autograd_jacobian(case.function, case.point)
    n, k, _, dim = J.shape
    for a, b, c, e in itertools.product(range(n), range(k), range(k), range(dim)):
        assert abs(float(J[a, b, c, e]) - (b == c) * float(inputs.X[a, e])) <= TOL


# -- Activations -----------------------------------------------------------------
def test_every_registry_activation_has_written_formulas() -> None:
    assert set(activations.ACTIVATION_FORMULAS) == set(model.ACTIVATIONS)


@pytest.mark.parametrize("name", list(model.ACTIVATIONS))
def test_activation_formulas_match_registry_module(name: str) -> None:
    errors = activations.check_activation(name)
    assert errors["value_error"] <= TOL
    assert errors["derivative_error"] <= TOL


def test_wrong_relu_derivative_is_detected() -> None:
    """The attempt's ReLU'(x) = x (for x > 0) fails the same comparison."""
    wrong = activations.check_activation("relu", derivative=lambda x: torch.where(x > 0, x, 0 * x))
    assert wrong["derivative_error"] > 1.0
    assert activations.check_activation("relu", derivative=lambda x: x)["derivative_error"] > 1.0


def test_registry_change_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the model used another GELU, the written formula would no longer match."""
    monkeypatch.setitem(model.ACTIVATIONS, "gelu", lambda: nn.GELU(approximate="tanh"))
    assert activations.check_activation("gelu")["derivative_error"] > TOL


def test_relu_derivative_at_zero_is_zero_by_convention() -> None:
    assert activations.relu_derivative_at_zero() == {"written": 0.0, "autograd": 0.0}


def test_grid_avoids_the_kink() -> None:
    x = activations.activation_grid()
    assert x.abs().min() > activations.KINK_GAP and x.dtype == torch.float64
    assert float(x.min()) == activations.ACTIVATION_GRID[0] and float(x.max()) == activations.ACTIVATION_GRID[1]


def test_monotone_activations() -> None:
    monotone = activations.monotone_activations()
    assert {"sigmoid", "tanh", "relu"} <= set(monotone)
    assert not {"gelu", "silu"} & set(monotone)  # both dip below zero for x < 0


# -- Softmax ---------------------------------------------------------------------
def test_softmax_jacobian_matches_autograd() -> None:
    checks = softmax.check_softmax()
    assert checks["entrywise_error"] <= TOL and checks["matrix_error"] <= TOL
    assert checks["row_sum_max"] <= TOL  # softmax sums to 1, so each row of J sums to 0


def test_wrong_softmax_jacobian_is_detected() -> None:
    z = torch.tensor([0.3, -1.2, 2.0, 0.5], dtype=numeric.DTYPE)
    s = torch.softmax(z, dim=0)
    reference = jacobians.autograd_jacobian(lambda v: torch.softmax(v, dim=0), z)
    assert not numeric.agrees(torch.diag(s * (1 - s)), reference)  # off-diagonal terms missing
    assert numeric.agrees(softmax.softmax_jacobian_matrix(z), reference)


# -- Computation graph -----------------------------------------------------------
def test_graph_forward_values() -> None:
    e3 = math.exp(3)
    assert graph.graph_forward(1, 3, 2) == pytest.approx({"h1": 0, "h2": e3, "h3": 2 * e3, "f": 2 * e3}, abs=TOL)


def test_graph_local_partials_and_adjoints() -> None:
    e3 = math.exp(3)
    assert graph.graph_local_partials(1, 3, 2) == pytest.approx(
        {"dh1_dx": 1, "dh2_dy": e3, "dh3_dh2": 2, "dh3_dz": e3, "df_dh1": 1, "df_dh3": 1}, abs=TOL
    )
    adjoints = graph.graph_adjoints(1, 3, 2)
    assert adjoints == pytest.approx({"f": 1, "h1": 1, "h2": 2, "h3": 1, "x": 1, "y": 2 * e3, "z": e3}, abs=TOL)


def test_graph_matches_autograd() -> None:
    assert graph.check_graph()["max_error"] <= TOL
    values, adjoints = graph.graph_autograd(1, 3, 2)
    assert adjoints["h2"] == pytest.approx(2.0)  # not the local partial df/dh2 = 0


# -- XOR -------------------------------------------------------------------------
def test_two_layer_relu_solution_is_exact() -> None:
    params = xor.xor_relu_solution()
    assert torch.equal(xor.two_layer(params, xor.XOR_INPUTS), xor.XOR_TARGETS)


def test_single_relu_unit_cannot_fit_xor() -> None:
    assert xor.single_unit_exact_lp() == 2  # scipy/HiGHS: infeasible


def test_only_xor_and_xnor_are_not_linearly_separable() -> None:
    assert xor.non_separable_labelings() == [(0, 1, 1, 0), (1, 0, 0, 1)]


def test_monotone_single_unit_max_error_is_at_least_half() -> None:
    assert xor.monotone_max_error_bound() == 0.5
    # Sanity of the helper: a consistent order needs no error, XOR along a line does.
    assert xor.monotone_fit_error((0, 3, 1, 2), [0.0, 1.0, 1.0, 0.0]) == 0.0
    assert len(xor.affine_orderings()) == 8


def test_zero_init_leaves_hidden_layer_untouched() -> None:
    run = xor.train_xor(xor.constant_params(0.0), torch.relu, steps=300, lr=0.1)
    assert xor.max_change(run, "W1") == 0 and xor.max_change(run, "b1") == 0
    assert xor.max_change(run, "W2") == 0
    assert float(run.final["b2"]) == pytest.approx(0.5, abs=1e-6)  # only b2 learns
    assert float(run.predictions.max() - run.predictions.min()) == 0


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_constant_init_keeps_units_identical_and_fails(name: str) -> None:
    run = xor.train_xor(xor.constant_params(xor.CONSTANT_INIT), model.activation(name), steps=300)
    assert run.max_spread == 0
    assert xor.xor_error(run.final, model.activation(name)) >= 0.5 - TOL


def test_square_activation_counterexample() -> None:
    assert torch.equal(xor.two_layer(xor.xor_square_solution(), xor.XOR_INPUTS, xor.square), xor.XOR_TARGETS)
    run = xor.train_xor(xor.constant_params(xor.CONSTANT_INIT), xor.square, steps=xor.XOR_STEPS, lr=xor.XOR_LR)
    assert run.max_spread == 0 and xor.xor_error(run.final, xor.square) < 1e-6


# -- The sentiment MLP -----------------------------------------------------------
@pytest.mark.parametrize("init", [0.0, xor.CONSTANT_INIT])
def test_mlp_constant_init_keeps_hidden_units_identical(init: float) -> None:
    run = initialisation.train_mlp_symmetry(init, "sigmoid", steps=10)
    assert run["max_spread"] <= 1e-12
    assert run["first_layer_change"] > 1e-3  # the layer did move, all units alike


def test_mlp_default_init_has_distinct_units() -> None:
    assert initialisation.train_mlp_symmetry(None, "sigmoid", steps=2)["max_spread"] > 0.1


# -- Results and macros ----------------------------------------------------------
def test_run_all_is_flat_and_json_serialisable(results: dict) -> None:
    assert json.loads(json.dumps(results)) == results
    assert all(isinstance(v, (int, float, str, bool, list)) for v in results.values())
    assert results["xor.single_unit.lp_infeasible"] is True
    assert results["jacobian.max_error"] <= TOL


def test_report_macros(results: dict, tmp_path) -> None:
    macros = derivations.report_macros(results)
    assert all(re.fullmatch(r"[A-Za-z]+", name) for name in macros)
    assert macros["CGdfdy"] == r"\ensuremath{40.1711}"
    assert macros["CGadjHTwo"] == r"\ensuremath{2}"
    path = tmp_path / "derivations.tex"
    derivations.write_report_macros(path, results)
    assert path.read_text().count(r"\newcommand") == len(macros)


def test_number_formatting() -> None:
    assert derivations.tex_sci(0.0) == r"\ensuremath{0}"
    assert derivations.tex_sci(2.2e-16) == r"\ensuremath{2.2\times 10^{-16}}"
    assert derivations.tex_number(math.exp(3)) == r"\ensuremath{20.0855}"
    assert derivations.tex_number(-8.0) == r"\ensuremath{-8}"


# -- The activation figure ---------------------------------------------------------
def test_activation_figure_curves_and_files(tmp_path) -> None:
    from textmlp.written import activation_figure as activation_plot

    x = activations.activation_grid(points=201)
    curves = activation_plot.activation_curves(x)
    assert curves["activation"].nunique() == len(model.ACTIVATIONS)
    for name, label in model.ACTIVATION_LABELS.items():
        curve = curves[curves["activation"] == label]
        value, derivative = activations.ACTIVATION_FORMULAS[name]
        assert numeric.agrees(torch.tensor(curve["derivative"].to_numpy()), derivative(x))
        assert numeric.agrees(torch.tensor(curve["value"].to_numpy()), value(x))
    pdf, png = tmp_path / "a.pdf", tmp_path / "a.png"
    activation_plot.save_figure(activation_plot.plot_activations(curves), pdf, png)
    assert pdf.read_bytes()[:4] == b"%PDF" and png.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.png"]  # no temp files
