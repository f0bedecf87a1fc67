"""Executable checks of the written derivations in ``report/hw3.tex``.

Every closed form the report states (Jacobians, activation derivatives, the
softmax Jacobian, the computation-graph partials, the XOR constructions and
the symmetry arguments about zero/constant initialisation) is written here
once as a small pure function and compared with PyTorch autograd, a linear
program or a real training run, in float64.  :func:`run_all` collects the
numbers in a flat JSON-serialisable dict and :func:`report_macros` turns them
into the LaTeX macros the report prints.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, ParamSpec, TypeVar

import torch
from scipy.optimize import linprog
from torch import Tensor, nn
from torch.autograd.functional import jacobian

from textmlp.latex import tex_escape, write_macros
from textmlp.models.mlp import ACTIVATION_LABELS, ACTIVATIONS, MLP, activation

DTYPE = torch.float64

#: Max |closed form - autograd| tolerated by :func:`agrees` (float64 round-off).
TOLERANCE = 1e-10

#: PyTorch's defaults for the parametrised activations; the closed forms below
#: use them, so a registry entry built with other values fails its check.
LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0

#: Grid on which activation formulas are compared, and the half-width of the
#: gap cut out around the kink at 0.
ACTIVATION_GRID = (-8.0, 8.0, 1601)
KINK_GAP = 1e-3

#: The four XOR inputs (rows) and their targets.
XOR_INPUTS = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=DTYPE)
XOR_TARGETS = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=DTYPE)

#: Training runs of the symmetry checks: full-batch gradient descent.
XOR_STEPS, XOR_LR = 1000, 0.1
#: The "uniform constant" every weight and bias starts from in the constant-init runs.
CONSTANT_INIT = 0.5
#: The sentiment MLP's check: (inputs, hidden units), random examples, steps, step size.
MLP_SHAPE, MLP_SAMPLES, MLP_STEPS, MLP_LR = (50, 16), 64, 25, 0.5

Result = dict[str, float | int | str | bool | list[float]]
Formula = Callable[[Tensor], Tensor]


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------
def max_abs_error(closed_form: Tensor, reference: Tensor) -> float:
    """Largest entry-wise |closed_form - reference|; shapes must agree exactly."""
    if tuple(closed_form.shape) != tuple(reference.shape):
        raise ValueError(
            f"shape mismatch: closed form {tuple(closed_form.shape)} "
            f"vs reference {tuple(reference.shape)}"
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


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _randn(*shape: int, gen: torch.Generator) -> Tensor:
    return torch.randn(*shape, generator=gen, dtype=DTYPE)


# --------------------------------------------------------------------------
# Jacobians (w in R^d, x_i in R^d, X in R^{n x d}, W in R^{k x d})
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class JacobianCase:
    """One homework item: ``function`` of ``point`` and the written Jacobian.

    Scalars are returned as shape ``(1,)`` so that a Jacobian's shape is
    always (shape of the output) x (shape of the input), as in the homework.
    """

    name: str
    function: Formula
    closed_form: Formula
    point: Tensor
    shape: tuple[int, ...]


@dataclass(frozen=True)
class JacobianInputs:
    """The homework's X (n x d, rows x_i), w (d) and W (k x d), drawn at random."""

    X: Tensor
    w: Tensor
    W: Tensor

    @classmethod
    def random(cls, n: int = 5, d: int = 4, k: int = 3, seed: int = 0) -> "JacobianInputs":
        """Standard-normal entries from a generator seeded with ``seed``."""
        gen = _generator(seed)
        return cls(X=_randn(n, d, gen=gen), w=_randn(d, gen=gen), W=_randn(k, d, gen=gen))


def jacobian_cases(inputs: JacobianInputs | None = None) -> list[JacobianCase]:
    """The seven functions of the homework with their written Jacobians."""
    inputs = JacobianInputs.random() if inputs is None else inputs
    X, w, W = inputs.X, inputs.w, inputs.W
    (n, d), k = X.shape, W.shape[0]
    x_i, c = X[0], 3.0
    return [
        JacobianCase("constant", lambda v: torch.full((1,), c, dtype=DTYPE),
                     lambda v: torch.zeros(1, d, dtype=DTYPE), w, (1, d)),
        JacobianCase("squared_norm", lambda v: (v @ v).reshape(1),
                     lambda v: (2 * v).reshape(1, d), w, (1, d)),
        JacobianCase("dot_product", lambda v: (v @ x_i).reshape(1),
                     lambda v: x_i.reshape(1, d), w, (1, d)),
        JacobianCase("matrix_vector", lambda v: X @ v, lambda v: X, w, (n, d)),
        JacobianCase("identity", lambda v: v.clone(),
                     lambda v: torch.eye(d, dtype=DTYPE), w, (d, d)),
        JacobianCase("elementwise_square", lambda v: v**2,
                     lambda v: torch.diag(2 * v), w, (d, d)),
        JacobianCase("matrix_product", lambda M: X @ M.T,
                     lambda M: torch.einsum("bc,ad->abcd", torch.eye(k, dtype=DTYPE), X),
                     W, (n, k, k, d)),
    ]


def autograd_jacobian(function: Formula, point: Tensor) -> Tensor:
    """The Jacobian of ``function`` at ``point`` computed by autograd."""
    return jacobian(function, point)


def check_jacobian(case: JacobianCase) -> float:
    """Max |closed form - autograd|; raises if the written shape is wrong."""
    closed = case.closed_form(case.point)
    if tuple(closed.shape) != case.shape:
        raise ValueError(f"{case.name}: closed form has shape {tuple(closed.shape)}, "
                         f"written shape is {case.shape}")
    return max_abs_error(closed, autograd_jacobian(case.function, case.point))


# --------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------
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
    return torch.where(x > 0, torch.as_tensor(above, dtype=x.dtype),
                       torch.as_tensor(below, dtype=x.dtype))


#: Closed forms (f, f') of every registry activation, as written in the report.
ACTIVATION_FORMULAS: dict[str, tuple[Formula, Formula]] = {
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    "tanh": (_tanh, lambda x: 1 - _tanh(x) ** 2),
    "relu": (lambda x: torch.clamp(x, min=0), lambda x: _step(x, 0.0, 1.0)),
    "gelu": (lambda x: x * _normal_cdf(x), lambda x: _normal_cdf(x) + x * _normal_pdf(x)),
    "leaky_relu": (lambda x: _step(x, LEAKY_RELU_SLOPE * x, x),
                   lambda x: _step(x, LEAKY_RELU_SLOPE, 1.0)),
    "elu": (lambda x: _step(x, ELU_ALPHA * torch.expm1(x), x),
            lambda x: _step(x, ELU_ALPHA * torch.exp(x), 1.0)),
    "silu": (lambda x: x * _sigmoid(x),
             lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
}


def activation_grid(low: float = ACTIVATION_GRID[0], high: float = ACTIVATION_GRID[1],
                    points: int = ACTIVATION_GRID[2], gap: float = KINK_GAP) -> Tensor:
    """Evenly spaced float64 points in [low, high] without those within ``gap`` of 0."""
    x = torch.linspace(low, high, points, dtype=DTYPE)
    return x[x.abs() > gap]


def elementwise_derivative(function: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    """f'(x) of an element-wise ``function`` (e.g. a registry module) by autograd."""
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(function(x).sum(), x)
    return grad


def check_activation(name: str, derivative: Formula | None = None,
                     x: Tensor | None = None) -> dict[str, float]:
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


# --------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------
def softmax_jacobian_entrywise(z: Tensor) -> Tensor:
    """J_ij = sigma_i (delta_ij - sigma_j), entry by entry."""
    s = torch.softmax(z, dim=0).tolist()
    return torch.tensor([[s[i] * (_kronecker(i, j) - s[j]) for j in range(len(s))]
                         for i in range(len(s))], dtype=DTYPE)


def _kronecker(i: int, j: int) -> float:
    """delta_ij."""
    return 1.0 if i == j else 0.0


def softmax_jacobian_matrix(z: Tensor) -> Tensor:
    """J = diag(sigma) - sigma sigma^T."""
    s = torch.softmax(z, dim=0)
    return torch.diag(s) - torch.outer(s, s)


def check_softmax(K: int = 5, seed: int = 0) -> dict[str, float | int]:
    """Both written forms of the softmax Jacobian against autograd at random z."""
    z = _randn(K, gen=_generator(seed))
    reference = autograd_jacobian(lambda v: torch.softmax(v, dim=0), z)
    return {
        "entrywise_error": max_abs_error(softmax_jacobian_entrywise(z), reference),
        "matrix_error": max_abs_error(softmax_jacobian_matrix(z), reference),
        "row_sum_max": float(reference.sum(dim=1).abs().max()),
        "K": K,
    }


# --------------------------------------------------------------------------
# Computation graph f(x, y, z) = ln x + exp(y) z
# --------------------------------------------------------------------------
def graph_forward(x: float, y: float, z: float) -> dict[str, float]:
    """Forward values h1 = ln x, h2 = e^y, h3 = h2 z, f = h1 + h3."""
    h1, h2 = math.log(x), math.exp(y)
    h3 = h2 * z
    return {"h1": h1, "h2": h2, "h3": h3, "f": h1 + h3}


def graph_local_partials(x: float, y: float, z: float) -> dict[str, float]:
    """Each node's partial derivative with respect to its own inputs only."""
    forward = graph_forward(x, y, z)
    return {"dh1_dx": 1 / x, "dh2_dy": math.exp(y), "dh3_dh2": z,
            "dh3_dz": forward["h2"], "df_dh1": 1.0, "df_dh3": 1.0}


def graph_adjoints(x: float, y: float, z: float) -> dict[str, float]:
    """Backward pass: adjoint df/dv of every node v, from f back to the inputs."""
    p = graph_local_partials(x, y, z)
    f = 1.0
    h1, h3 = f * p["df_dh1"], f * p["df_dh3"]
    h2 = h3 * p["dh3_dh2"]
    return {"f": f, "h1": h1, "h2": h2, "h3": h3,
            "x": h1 * p["dh1_dx"], "y": h2 * p["dh2_dy"], "z": h3 * p["dh3_dz"]}


def graph_autograd(x: float, y: float, z: float) -> tuple[dict[str, float], dict[str, float]]:
    """Forward values and adjoints of the same graph, computed by autograd."""
    tx, ty, tz = (torch.tensor(v, dtype=DTYPE, requires_grad=True) for v in (x, y, z))
    h1, h2 = torch.log(tx), torch.exp(ty)
    h3 = h2 * tz
    f = h1 + h3
    for node in (h1, h2, h3):
        node.retain_grad()
    f.backward()
    values = {"h1": h1, "h2": h2, "h3": h3, "f": f}
    adjoints = {"h1": h1.grad, "h2": h2.grad, "h3": h3.grad,
                "x": tx.grad, "y": ty.grad, "z": tz.grad}
    return ({k: float(v.detach()) for k, v in values.items()},
            {k: float(v.detach()) for k, v in adjoints.items()})


def check_graph(x: float = 1.0, y: float = 3.0, z: float = 2.0) -> Result:
    """Hand forward/backward pass at (x, y, z) and its max error against autograd."""
    forward, partials = graph_forward(x, y, z), graph_local_partials(x, y, z)
    adjoints = graph_adjoints(x, y, z)
    auto_values, auto_adjoints = graph_autograd(x, y, z)
    errors = [abs(forward[k] - v) for k, v in auto_values.items()]
    errors += [abs(adjoints[k] - v) for k, v in auto_adjoints.items()]
    return {**{f"value_{k}": v for k, v in forward.items()},
            **{f"local_{k}": v for k, v in partials.items()},
            **{f"adjoint_{k}": v for k, v in adjoints.items()},
            "max_error": max(errors)}


# --------------------------------------------------------------------------
# XOR
# --------------------------------------------------------------------------
XORParams = dict[str, Tensor]


def two_layer(params: Mapping[str, Tensor], x: Tensor,
              f: Callable[[Tensor], Tensor] = torch.relu) -> Tensor:
    """y = W2 f(W1 x + b1) + b2 for each row of ``x``."""
    return f(x @ params["W1"].T + params["b1"]) @ params["W2"] + params["b2"]


def xor_relu_solution() -> XORParams:
    """The written two-layer ReLU weights: h = (ReLU(x1-x2), ReLU(x2-x1)), y = h1 + h2."""
    return {"W1": torch.tensor([[1.0, -1.0], [-1.0, 1.0]], dtype=DTYPE),
            "b1": torch.zeros(2, dtype=DTYPE),
            "W2": torch.ones(2, dtype=DTYPE),
            "b2": torch.zeros((), dtype=DTYPE)}


def xor_square_solution() -> XORParams:
    """One hidden unit with f(z) = z^2: h = (x1 - x2)^2, y = h."""
    return {"W1": torch.tensor([[1.0, -1.0]], dtype=DTYPE),
            "b1": torch.zeros(1, dtype=DTYPE),
            "W2": torch.ones(1, dtype=DTYPE),
            "b2": torch.zeros((), dtype=DTYPE)}


def square(z: Tensor) -> Tensor:
    """The non-monotone activation f(z) = z^2."""
    return z**2


def xor_error(params: Mapping[str, Tensor], f: Callable[[Tensor], Tensor] = torch.relu) -> float:
    """Max |y_hat - XOR| over the four inputs."""
    return max_abs_error(two_layer(params, XOR_INPUTS, f), XOR_TARGETS)


def _lp_status(A_ub: list[list[float]], b_ub: list[float],
               A_eq: list[list[float]] | None = None, b_eq: list[float] | None = None) -> int:
    """scipy/HiGHS status of the feasibility LP over free (w1, w2, b): 0 feasible, 2 infeasible."""
    return int(linprog(c=[0, 0, 0], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                       bounds=[(None, None)] * 3, method="highs").status)


def single_unit_exact_lp() -> int:
    """scipy status of the LP for ReLU(w.x + b) = XOR on all four inputs.

    Variables (w1, w2, b): w2 + b = 1, w1 + b = 1 (outputs 1), b <= 0 and
    w1 + w2 + b <= 0 (outputs 0). Status 2 means infeasible.
    """
    return _lp_status(A_ub=[[0, 0, 1], [1, 1, 1]], b_ub=[0, 0],
                      A_eq=[[0, 1, 1], [1, 0, 1]], b_eq=[1, 1])


def linearly_separable(labels: tuple[int, ...]) -> bool:
    """Whether some (w, b) has w.x + b >= 1 on label-1 and <= -1 on label-0 inputs."""
    signs = [1 if label else -1 for label in labels]
    A_ub = [[-s * x1, -s * x2, -s] for s, (x1, x2) in zip(signs, XOR_INPUTS.tolist())]
    return _lp_status(A_ub, [-1] * 4) == 0


def non_separable_labelings() -> list[tuple[int, ...]]:
    """All labelings of the four XOR inputs that no half-plane separates."""
    return [labels for labels in itertools.product((0, 1), repeat=4)
            if not linearly_separable(labels)]


def constant_params(value: float, hidden: int = 2) -> XORParams:
    """Every weight and bias of the two-layer network equal to ``value``."""
    return {"W1": torch.full((hidden, 2), value, dtype=DTYPE),
            "b1": torch.full((hidden,), value, dtype=DTYPE),
            "W2": torch.full((hidden,), value, dtype=DTYPE),
            "b2": torch.full((), value, dtype=DTYPE)}


def _row_spread(rows: Tensor) -> float:
    """Max |rows[i] - rows[j]| over all pairs of rows and all columns."""
    rows = rows.detach()
    return float((rows[:, None, :] - rows[None, :, :]).abs().max())


def hidden_unit_spread(params: Mapping[str, Tensor]) -> float:
    """Max difference between any two hidden units' (incoming, bias, outgoing) weights."""
    units = torch.cat([params["W1"], params["b1"][:, None], params["W2"][:, None]], dim=1)
    return _row_spread(units)


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
def train_xor(initial: Mapping[str, Tensor], f: Callable[[Tensor], Tensor] = torch.relu,
              steps: int = XOR_STEPS, lr: float = XOR_LR) -> XORRun:
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


# --------------------------------------------------------------------------
# Zero / constant initialisation of the sentiment MLP
# --------------------------------------------------------------------------
def _fill(model: nn.Module, value: float) -> nn.Module:
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(value)
    return model


def first_layer_spread(model: MLP) -> float:
    """Max difference between two hidden units of the first layer (weight rows, biases)."""
    first = model.layers[0]
    return _row_spread(torch.cat([first.weight, first.bias[:, None]], dim=1))


@single_threaded
def train_mlp_symmetry(init: float | None, activation_name: str = "sigmoid",
                       in_features: int = MLP_SHAPE[0], hidden: int = MLP_SHAPE[1],
                       n: int = MLP_SAMPLES, steps: int = MLP_STEPS, lr: float = MLP_LR,
                       seed: int = 0) -> dict[str, float]:
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
    gen = _generator(seed)
    x = _randn(n, in_features, gen=gen)
    y = torch.randint(0, 2, (n,), generator=gen)
    start = model.layers[0].weight.detach().clone()
    spread = first_layer_spread(model)
    for _ in range(steps):
        gradient_step(model.parameters(), nn.functional.cross_entropy(model(x), y), lr)
        spread = max(spread, first_layer_spread(model))
    moved = max_abs_error(model.layers[0].weight.detach(), start)
    return {"max_spread": spread, "first_layer_change": moved}


# --------------------------------------------------------------------------
# Everything, and the report macros
# --------------------------------------------------------------------------


def _jacobian_results() -> Result:
    inputs = JacobianInputs.random()
    errors = {case.name: check_jacobian(case) for case in jacobian_cases(inputs)}
    (n, d), k = inputs.X.shape, inputs.W.shape[0]
    return {**{f"jacobian.{name}.max_error": err for name, err in errors.items()},
            "jacobian.count": len(errors), "jacobian.max_error": max(errors.values()),
            "jacobian.n": n, "jacobian.d": d, "jacobian.k": k}


def _activation_results() -> Result:
    checks = {name: check_activation(name) for name in ACTIVATIONS}
    out: Result = {f"activation.{n}.{k}": v for n, c in checks.items() for k, v in c.items()}
    out["activation.count"] = len(checks)
    out["activation.names"] = list(checks)
    out["activation.max_value_error"] = max(c["value_error"] for c in checks.values())
    out["activation.max_derivative_error"] = max(c["derivative_error"] for c in checks.values())
    out["activation.wrong_relu_error"] = check_activation("relu", derivative=lambda x: x)[
        "derivative_error"]
    out["activation.grid_low"], out["activation.grid_high"] = ACTIVATION_GRID[:2]
    out["activation.grid_points"] = len(activation_grid())
    out |= {f"activation.relu_at_zero.{k}": v for k, v in relu_derivative_at_zero().items()}
    return out


def _xor_results() -> Result:
    zero = train_xor(constant_params(0.0), torch.relu)
    monotone = monotone_activations()
    constant = {name: train_xor(constant_params(CONSTANT_INIT), activation(name))
                for name in monotone}
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
        "xor.constant.min_max_error": min(xor_error(r.final, activation(n))
                                          for n, r in constant.items()),
        **{f"xor.constant.{n}.predictions": r.predictions.tolist() for n, r in constant.items()},
        "xor.monotone_bound": monotone_max_error_bound(),
        "xor.affine_orderings": len(affine_orderings()),
        "xor.square_trained.max_spread": square_trained.max_spread,
        "xor.square_trained.max_error": xor_error(square_trained.final, square),
    }


def _mlp_results() -> Result:
    in_features, hidden = MLP_SHAPE
    runs = {(init, name): train_mlp_symmetry(init, name)
            for init in (0.0, CONSTANT_INIT) for name in ACTIVATIONS}
    default = train_mlp_symmetry(None, "sigmoid")
    const = [r for (init, _), r in runs.items() if init != 0.0]
    zero = [r for (init, _), r in runs.items() if init == 0.0]
    return {
        "mlp.in_features": in_features, "mlp.hidden": hidden, "mlp.steps": MLP_STEPS,
        "mlp.samples": MLP_SAMPLES, "mlp.lr": MLP_LR, "mlp.constant": CONSTANT_INIT,
        "mlp.activations": len(ACTIVATIONS),
        "mlp.zero.max_spread": max(r["max_spread"] for r in zero),
        "mlp.zero.max_first_layer_change": max(r["first_layer_change"] for r in zero),
        "mlp.zero.frozen": [name for (init, name), r in runs.items()
                            if init == 0.0 and r["first_layer_change"] == 0.0],
        "mlp.constant.max_spread": max(r["max_spread"] for r in const),
        "mlp.constant.min_first_layer_change": min(r["first_layer_change"] for r in const),
        "mlp.default.max_spread": default["max_spread"],
    }


def run_all() -> Result:
    """Every check; a flat, JSON-serialisable dict of the numbers they produce."""
    graph = {f"graph.{k}": v for k, v in check_graph().items()}
    softmax = {f"softmax.{k}": v for k, v in check_softmax().items()}
    return {**_jacobian_results(), **_activation_results(), **softmax, **graph,
            **_xor_results(), **_mlp_results()}


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
        "XORLPStatus": i("xor.single_unit.lp_status"),
        "XORLPResult": "infeasible" if r["xor.single_unit.lp_infeasible"] else "feasible",
        "XORSeparableCount": i("xor.separable_count"),
        "XORSteps": i("xor.steps"),
        "XORlr": tex_number(g("xor.lr"), 1),
        "XORzeroMaxChange": tex_sci(max(g("xor.zero.max_change_W1"), g("xor.zero.max_change_b1"),
                                        g("xor.zero.max_change_W2"))),
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
        **{f"{name}Within": tex_within(value) for name, value in (
            ("JacMaxErr", g("jacobian.max_error")),
            ("ActValueMaxErr", g("activation.max_value_error")),
            ("ActMaxErr", g("activation.max_derivative_error")),
            ("SoftmaxMaxErr", max(g("softmax.entrywise_error"), g("softmax.matrix_error"))),
            ("SoftmaxRowSum", g("softmax.row_sum_max")),
            ("CGMaxErr", g("graph.max_error")),
            ("XORTwoLayerErr", g("xor.two_layer.max_error")),
            ("XORSquareErr", g("xor.square.max_error")),
            ("XORzeroMaxChange", max(g("xor.zero.max_change_W1"), g("xor.zero.max_change_b1"),
                                     g("xor.zero.max_change_W2"))),
            ("XORzeroPredSpread", g("xor.zero.prediction_spread")),
            ("XORconstSpread", g("xor.constant.max_spread")),
            ("XORsquareTrainedSpread", g("xor.square_trained.max_spread")),
            ("XORsquareTrainedErr", g("xor.square_trained.max_error")),
        )},
    }


def write_report_macros(path: str | Path, results: Mapping[str, object]) -> None:
    """Write :func:`report_macros` of ``results`` to ``path`` (atomically)."""
    write_macros(path, report_macros(results),
                 header="Numbers computed by textmlp.derivations.run_all")
