"""The computation graph f(x, y, z) = ln x + exp(y) z: forward values, local partials and adjoints, against autograd."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import torch

from textmlp.latex import tex_number, tex_sci, within_macros
from textmlp.written.numeric import DTYPE, Result


def graph_forward(x: float, y: float, z: float) -> dict[str, float]:
    """Forward values h1 = ln x, h2 = e^y, h3 = h2 z, f = h1 + h3."""
    h1, h2 = math.log(x), math.exp(y)
    h3 = h2 * z
    return {"h1": h1, "h2": h2, "h3": h3, "f": h1 + h3}


def graph_local_partials(x: float, y: float, z: float) -> dict[str, float]:
    """Each node's partial derivative with respect to its own inputs only."""
    forward = graph_forward(x, y, z)
    return {"dh1_dx": 1 / x, "dh2_dy": math.exp(y), "dh3_dh2": z, "dh3_dz": forward["h2"], "df_dh1": 1.0, "df_dh3": 1.0}


def graph_adjoints(x: float, y: float, z: float) -> dict[str, float]:
    """Backward pass: adjoint df/dv of every node v, from f back to the inputs."""
    p = graph_local_partials(x, y, z)
    f = 1.0
    h1, h3 = f * p["df_dh1"], f * p["df_dh3"]
    h2 = h3 * p["dh3_dh2"]
    return {"f": f, "h1": h1, "h2": h2, "h3": h3, "x": h1 * p["dh1_dx"], "y": h2 * p["dh2_dy"], "z": h3 * p["dh3_dz"]}


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
    adjoints = {"h1": h1.grad, "h2": h2.grad, "h3": h3.grad, "x": tx.grad, "y": ty.grad, "z": tz.grad}
    return ({k: float(v.detach()) for k, v in values.items()}, {k: float(v.detach()) for k, v in adjoints.items()})


@dataclass(frozen=True)
class GraphChecks:
    """The hand forward and backward pass (node -> value, local partial, adjoint)
    and its max error against autograd."""

    values: Mapping[str, float]
    partials: Mapping[str, float]
    adjoints: Mapping[str, float]
    max_error: float

    def entries(self) -> Result:
        """Its entries of checks.json."""
        return {
            **{f"graph.value_{k}": v for k, v in self.values.items()},
            **{f"graph.local_{k}": v for k, v in self.partials.items()},
            **{f"graph.adjoint_{k}": v for k, v in self.adjoints.items()},
            "graph.max_error": self.max_error,
        }

    def macros(self) -> dict[str, str]:
        """The LaTeX macros report/hw3.tex prints."""
        values, adjoints = self.values, self.adjoints
        return {
            "CGhOne": tex_number(values["h1"]),
            "CGhTwo": tex_number(values["h2"]),
            "CGhThree": tex_number(values["h3"]),
            "CGf": tex_number(values["f"]),
            "CGadjHOne": tex_number(adjoints["h1"]),
            "CGadjHTwo": tex_number(adjoints["h2"]),
            "CGadjHThree": tex_number(adjoints["h3"]),
            "CGdfdx": tex_number(adjoints["x"]),
            "CGdfdy": tex_number(adjoints["y"]),
            "CGdfdz": tex_number(adjoints["z"]),
            "CGMaxErr": tex_sci(self.max_error),
            **within_macros({"CGMaxErr": self.max_error}),
        }


def check(x: float = 1.0, y: float = 3.0, z: float = 2.0) -> GraphChecks:
    """Hand forward/backward pass at (x, y, z) and its max error against autograd."""
    forward, adjoints = graph_forward(x, y, z), graph_adjoints(x, y, z)
    auto_values, auto_adjoints = graph_autograd(x, y, z)
    errors = [abs(forward[k] - v) for k, v in auto_values.items()]
    errors += [abs(adjoints[k] - v) for k, v in auto_adjoints.items()]
    return GraphChecks(forward, graph_local_partials(x, y, z), adjoints, max(errors))
