"""Tests of textmlp.written: every checked answer of report/hw3.tex.

Each test backs one statement of the written part; the report cites the test
names. Tolerances are float64 round-off (``numeric.TOLERANCE``).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from pathlib import Path

import pytest
import torch
from torch import nn

from textmlp import latex, parameters
from textmlp.models import mlp as model
from textmlp.written import activations, derivations, graph, initialisation, jacobians, numeric, softmax, xor

TOL = numeric.TOLERANCE
#: Units that start equal compute the same sums in exact arithmetic, but a CPU
#: kernel may order one unit's float64 sum differently from another's (the
#: AVX-512 kernels do on the 50-input MLP: 8.7e-19 from zero, 4e-15 from a
#: constant), a few units in the last place of values of order 1. A real
#: symmetry break (PyTorch's default initialisation) spreads the units by
#: more than 0.1, so 1e-12 separates the two by ten orders of magnitude.
SPREAD_TOL = 1e-12
CASES = {case.name: case for case in jacobians.jacobian_cases()}
HW3 = Path(__file__).resolve().parents[2] / "report" / "hw3.tex"


@pytest.fixture(scope="module")
def checks() -> list:
    return derivations.run_all()


@pytest.fixture(scope="module")
def results(checks: list) -> dict:
    return derivations.checks_json(checks)


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
def test_activation_formulas_match_the_models_own_activations(name: str) -> None:
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
    measured = softmax.check()
    assert measured.entrywise_error <= TOL and measured.matrix_error <= TOL
    assert measured.row_sum_max <= TOL  # softmax sums to 1, so each row of J sums to 0
    assert measured.K == 5 and softmax.check(K=3).K == 3


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
    assert graph.check().max_error <= TOL
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
    assert run.max_spread <= SPREAD_TOL
    assert xor.xor_error(run.final, model.activation(name)) >= 0.5 - TOL


def test_square_activation_counterexample() -> None:
    assert torch.equal(xor.two_layer(xor.xor_square_solution(), xor.XOR_INPUTS, xor.square), xor.XOR_TARGETS)
    run = xor.train_xor(xor.constant_params(xor.CONSTANT_INIT), xor.square, steps=xor.XOR_STEPS, lr=xor.XOR_LR)
    assert run.max_spread <= SPREAD_TOL and xor.xor_error(run.final, xor.square) < 1e-6


# -- The sentiment MLP -----------------------------------------------------------
@pytest.mark.parametrize("init", [0.0, xor.CONSTANT_INIT])
def test_mlp_constant_init_keeps_hidden_units_identical(init: float) -> None:
    run = initialisation.train_mlp_symmetry(init, "sigmoid", steps=10)
    assert run["max_spread"] <= SPREAD_TOL
    assert run["first_layer_change"] > 1e-3  # the layer did move, all units alike


def test_mlp_default_init_has_distinct_units() -> None:
    assert initialisation.train_mlp_symmetry(None, "sigmoid", steps=2)["max_spread"] > 0.1


# -- Each topic's numbers and macros -----------------------------------------------
def test_jacobian_checks_render_their_macros() -> None:
    checks = jacobians.JacobianChecks({"constant": 0.0, "identity": 2.5e-16}, n=5, d=4, k=3)
    assert checks.macros() == {
        "JacCount": "2",
        "JacN": "5",
        "JacD": "4",
        "JacK": "3",
        "JacMaxErr": r"\ensuremath{2.5\times 10^{-16}}",
        "JacMaxErrWithin": r"to within \ensuremath{2.5\times 10^{-16}}",
    }
    assert checks.entries() == {
        "jacobian.constant.max_error": 0.0,
        "jacobian.identity.max_error": 2.5e-16,
        "jacobian.count": 2,
        "jacobian.max_error": 2.5e-16,
        "jacobian.n": 5,
        "jacobian.d": 4,
        "jacobian.k": 3,
    }
    exact = jacobians.JacobianChecks({"constant": 0.0}, n=5, d=4, k=3)
    assert exact.macros()["JacMaxErr"] == r"\ensuremath{0}" and exact.macros()["JacMaxErrWithin"] == "exactly"


def test_jacobian_check_covers_every_case() -> None:
    checks = jacobians.check()
    assert list(checks.errors) == list(CASES) and (checks.n, checks.d, checks.k) == (5, 4, 3)
    assert checks.max_error <= TOL


def test_activation_checks_render_their_macros() -> None:
    checks = activations.ActivationChecks(
        value_errors={"relu": 0.0, "leaky_relu": 1e-17},
        derivative_errors={"relu": 0.0, "leaky_relu": 0.0},
        wrong_relu_error=4.0,
        grid_low=-8.0,
        grid_high=8.0,
        grid_points=1599,
        relu_at_zero_written=0.0,
        relu_at_zero_autograd=1.0,
    )
    macros = checks.macros()
    assert macros["ActCount"] == "2" and macros["ActList"] == "ReLU, LeakyReLU"
    assert macros["ActMaxErr"] == r"\ensuremath{0}" and macros["ActMaxErrWithin"] == "exactly"
    assert macros["ActValueMaxErr"] == r"\ensuremath{1.0\times 10^{-17}}"
    assert macros["ActValueMaxErrWithin"] == r"to within \ensuremath{1.0\times 10^{-17}}"
    assert macros["ActWrongReluErr"] == r"\ensuremath{4}"  # an integer renders without decimals
    assert macros["ActGridLow"] == r"\ensuremath{-8}" and macros["ActGridPoints"] == "1599"
    assert macros["ReluGradZero"] == r"\ensuremath{1}"  # what autograd uses, not the written convention
    entries = checks.entries()
    assert entries["activation.names"] == ["relu", "leaky_relu"] and entries["activation.count"] == 2
    assert entries["activation.leaky_relu.value_error"] == entries["activation.max_value_error"] == 1e-17
    assert entries["activation.relu_at_zero.written"] == 0.0 and entries["activation.relu_at_zero.autograd"] == 1.0


def test_activation_labels_are_escaped_display_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert activations.label_list(["sigmoid", "gelu"]) == "Sigmoid, GELU"
    monkeypatch.setitem(parameters.ACTIVATION_LABELS, "relu", "Re_LU & co")
    assert activations.label_list(["relu"]) == r"Re\_LU \& co"


def test_softmax_checks_render_their_macros() -> None:
    checks = softmax.SoftmaxChecks(entrywise_error=1e-17, matrix_error=3e-17, row_sum_max=0.0, K=5)
    assert checks.macros() == {
        "SoftmaxMaxErr": r"\ensuremath{3.0\times 10^{-17}}",  # the larger of the two forms' errors
        "SoftmaxK": "5",
        "SoftmaxRowSum": r"\ensuremath{0}",
        "SoftmaxMaxErrWithin": r"to within \ensuremath{3.0\times 10^{-17}}",
        "SoftmaxRowSumWithin": "exactly",
    }
    assert checks.entries() == {
        "softmax.entrywise_error": 1e-17,
        "softmax.matrix_error": 3e-17,
        "softmax.row_sum_max": 0.0,
        "softmax.K": 5,
    }


def test_graph_checks_render_their_macros() -> None:
    checks = graph.check()
    macros = checks.macros()
    assert macros["CGhOne"] == r"\ensuremath{0}" and macros["CGhTwo"] == r"\ensuremath{20.0855}"
    assert macros["CGdfdy"] == r"\ensuremath{40.1711}"
    assert macros["CGadjHTwo"] == r"\ensuremath{2}"
    assert dataclasses.replace(checks, max_error=0.0).macros()["CGMaxErrWithin"] == "exactly"
    assert dataclasses.replace(checks, max_error=4e-16).macros()["CGMaxErrWithin"] == (
        r"to within \ensuremath{4.0\times 10^{-16}}"
    )
    entries = checks.entries()
    assert entries["graph.local_dh3_dh2"] == 2.0 and entries["graph.adjoint_f"] == 1.0
    assert entries["graph.max_error"] == checks.max_error


def _topic(checks: list, kind: type):
    (found,) = [c for c in checks if isinstance(c, kind)]
    return found


def test_xor_checks_render_their_macros(checks: list) -> None:
    real = _topic(checks, xor.XorChecks)
    assert real.macros()["XORLPResult"] == "infeasible" and real.separable_count == 14
    assert real.non_separable == ("0110", "1001")
    assert real.macros()["XORmonotoneActs"] == activations.label_list(activations.monotone_activations())
    changed = dataclasses.replace(
        real,
        lp_status=0,
        non_separable=("0110",),
        steps=7,
        lr=0.3,
        zero_change_W1=0.0,
        zero_change_b1=3e-9,
        zero_change_W2=0.0,
        constant_value=2.0,
        monotone=("relu",),
        non_monotone=("gelu", "silu"),
        square_trained_spread=0.0,
    )
    macros = changed.macros()
    assert macros["XORLPResult"] == "feasible" and macros["XORSeparableCount"] == "15"
    assert macros["XORSteps"] == "7" and macros["XORlr"] == r"\ensuremath{0.3}"
    assert macros["XORconstValue"] == r"\ensuremath{2}"
    assert macros["XORzeroMaxChange"] == r"\ensuremath{3.0\times 10^{-9}}"  # the largest of W1, b1, W2
    assert macros["XORzeroMaxChangeWithin"] == r"to within \ensuremath{3.0\times 10^{-9}}"
    assert macros["XORsquareTrainedSpreadWithin"] == "exactly"
    assert macros["XORmonotoneActs"] == "ReLU" and macros["XORnonMonotoneActs"] == "GELU, SiLU"
    entries = changed.entries()
    assert entries["xor.single_unit.lp_infeasible"] is False and entries["xor.non_separable"] == ["0110"]
    assert entries["xor.constant.activations"] == ["relu"] and entries["xor.zero.max_change_b1"] == 3e-9


def test_initialisation_checks_render_their_macros() -> None:
    checks = initialisation.InitialisationChecks(
        in_features=50,
        hidden=16,
        steps=25,
        samples=64,
        lr=0.5,
        constant=0.5,
        activations=("sigmoid", "tanh", "relu"),
        zero_max_spread=0.0,
        zero_max_first_layer_change=0.1,
        zero_frozen=("tanh", "relu"),
        constant_max_spread=0.0,
        constant_min_first_layer_change=0.01234,
        default_max_spread=1.0,
    )
    macros = checks.macros()
    assert macros["MLPin"] == "50" and macros["MLPactCount"] == "3" and macros["MLPlr"] == r"\ensuremath{0.5}"
    assert macros["MLPzeroFrozen"] == "Tanh, ReLU" and macros["MLPzeroMoving"] == "Sigmoid"
    assert macros["MLPconstMove"] == r"\ensuremath{0.012}" and macros["MLPdefaultSpread"] == r"\ensuremath{1}"
    assert macros["MLPzeroSpread"] == r"\ensuremath{0}"
    entries = checks.entries()
    assert entries["mlp.activations"] == 3 and entries["mlp.zero.frozen"] == ["tanh", "relu"]


def test_initialisation_check_from_zero_freezes_all_but_sigmoid(checks: list) -> None:
    """The report: only an activation with f(0) != 0 moves the first layer from zero."""
    real = _topic(checks, initialisation.InitialisationChecks)
    assert real.zero_moving == ("sigmoid",) and real.activations == tuple(model.ACTIVATIONS)
    assert real.zero_max_spread <= SPREAD_TOL and real.constant_max_spread <= SPREAD_TOL
    assert real.constant_min_first_layer_change > 1e-3


# -- Results and macros ----------------------------------------------------------
def test_every_topic_runs_once_and_is_frozen(checks: list) -> None:
    kinds = [
        jacobians.JacobianChecks,
        activations.ActivationChecks,
        softmax.SoftmaxChecks,
        graph.GraphChecks,
        xor.XorChecks,
        initialisation.InitialisationChecks,
    ]
    assert [type(c) for c in checks] == kinds
    for c in checks:
        field = dataclasses.fields(c)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(c, field, None)


def test_run_all_is_flat_and_json_serialisable(checks: list, results: dict) -> None:
    assert json.loads(json.dumps(results)) == results
    assert all(isinstance(v, (int, float, str, bool, list)) for v in results.values())
    assert results["xor.single_unit.lp_infeasible"] is True
    assert results["jacobian.max_error"] <= TOL
    assert len(results) == sum(len(c.entries()) for c in checks)  # no topic overwrites another's key
    prefixes = {"jacobian", "activation", "softmax", "graph", "xor", "mlp"}
    assert {key.split(".")[0] for key in results} == prefixes


def test_report_macros(checks: list, tmp_path) -> None:
    macros = derivations.report_macros(checks)
    assert all(re.fullmatch(r"[A-Za-z]+", name) for name in macros)
    assert len(macros) == sum(len(c.macros()) for c in checks)  # no topic overwrites another's macro
    assert macros["CGdfdy"] == r"\ensuremath{40.1711}"
    assert macros["CGadjHTwo"] == r"\ensuremath{2}"
    names = list(macros)
    first_within = next(i for i, name in enumerate(names) if name.endswith("Within"))
    assert all(name.endswith("Within") for name in names[first_within:])  # the phrasings after the numbers
    assert names[:2] == ["JacCount", "JacN"] and names[first_within] == "JacMaxErrWithin"
    path = tmp_path / "derivations.tex"
    derivations.write_report_macros(path, checks)
    text = path.read_text()
    assert text.startswith("% Numbers computed by textmlp.written.derivations.run_all\n")
    assert text.count(r"\newcommand") == len(macros)


def test_report_defines_every_number_hw3_uses(checks: list) -> None:
    """A topic that stopped rendering a macro the report prints would break the PDF."""
    used = set(re.findall(r"\\((?:Jac|Act|Relu|Softmax|CG|XOR|MLP)[A-Za-z]*)", HW3.read_text()))
    assert used and not used - set(derivations.report_macros(checks))


def test_write_checks(checks: list, results: dict, tmp_path) -> None:
    path = tmp_path / "checks.json"
    derivations.write_checks(path, checks)
    assert json.loads(path.read_text()) == results


def test_number_formatting() -> None:
    assert latex.tex_sci(0.0) == r"\ensuremath{0}"
    assert latex.tex_sci(2.2e-16) == r"\ensuremath{2.2\times 10^{-16}}"
    assert latex.tex_number(math.exp(3)) == r"\ensuremath{20.0855}"
    assert latex.tex_number(-8.0) == r"\ensuremath{-8}"
    assert latex.tex_number(7) == r"\ensuremath{7}" and latex.tex_number(0.5, 1) == r"\ensuremath{0.5}"
    assert latex.tex_within(0.0) == "exactly"
    assert latex.tex_within(1.25e-15) == r"to within \ensuremath{1.2\times 10^{-15}}"
    assert latex.within_macros({"A": 0.0, "B": 1e-3}) == {
        "AWithin": "exactly",
        "BWithin": r"to within \ensuremath{1.0\times 10^{-3}}",
    }


# -- The activation figure ---------------------------------------------------------
def test_activation_figure_curves_and_files(tmp_path) -> None:
    from textmlp.written import activation_figure as activation_plot

    x = activations.activation_grid(points=201)
    curves = activation_plot.activation_curves(x)
    assert curves["activation"].nunique() == len(model.ACTIVATIONS)
    for name, label in parameters.ACTIVATION_LABELS.items():
        curve = curves[curves["activation"] == label]
        value, derivative = activations.ACTIVATION_FORMULAS[name]
        assert numeric.agrees(torch.tensor(curve["derivative"].to_numpy()), derivative(x))
        assert numeric.agrees(torch.tensor(curve["value"].to_numpy()), value(x))
    pdf, png = tmp_path / "a.pdf", tmp_path / "a.png"
    activation_plot.save_figure(activation_plot.plot_activations(curves), pdf, png)
    assert pdf.read_bytes()[:4] == b"%PDF" and png.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.png"]  # no temp files


def test_activation_figure_ticks_mark_the_values_the_text_discusses():
    from textmlp.written.activation_figure import TICKS, ticks

    assert ticks(-1.1, 1.1, TICKS["value"]) == [-1.0, -0.5, 0.0, 0.5, 1.0]  # tanh: its bounds
    assert ticks(-0.02, 0.27, TICKS["derivative"]) == [0.0, 0.25]  # sigmoid's slope at most 1/4
    assert ticks(-0.6, 8.6, TICKS["value"]) == [0.0, 1.0, 4.0, 8.0]  # ReLU: 0 and 1, then every 4


def test_checks_json_rounds_every_float_so_kernels_agree(results: dict) -> None:
    """Issue 24.17: a value that differs between CPU kernels in its last digits
    is written the same; every float of checks.json has at most 10 decimals."""
    assert derivations.rounded(0.41396308803467746) == derivations.rounded(0.41396308803467751) == 0.413963088
    assert derivations.rounded([8.673617379884035e-19, -1e-17, 2.0]) == [0.0, 0.0, 2.0]
    assert str(derivations.rounded(-1e-17)) == "0.0"  # not -0.0
    floats = [v for value in results.values() for v in (value if isinstance(value, list) else [value])]
    floats = [v for v in floats if isinstance(v, float) and math.isfinite(v)]
    assert floats and all(v == round(v, derivations.CHECKS_DECIMALS) for v in floats)
    assert results["mlp.zero.max_spread"] == 0.0  # 8.7e-19 on AVX-512 kernels, 0 on others
