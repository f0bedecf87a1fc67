"""The activation figures: each activation and its derivative.

Values come from the registry modules themselves (the ones the MLP uses) and
derivatives from autograd of those modules, so the figures show exactly what
the model computes. :data:`HOMEWORK` (sigmoid, tanh, ReLU: the ones the
homework asks about) make the main figure, the rest of the registry a second
one in the same style (:mod:`textmlp.results.figure_style`: print size, one saver).

Each activation is a column: the function on top, its derivative below, each
on its own y-axis so that a small derivative (sigmoid's peaks at 1/4) shows its
shape. A derivative with a jump (ReLU's at 0) is drawn as separate pieces, the
value autograd returns at the jump as a filled circle and the other side's
limit as an open one, never as a vertical line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from textmlp.models.mlp import ACTIVATIONS, activation
from textmlp.parameters import ACTIVATION_LABELS
from textmlp.results import figure_style
from textmlp.written.activations import ACTIVATION_GRID, elementwise_derivative
from textmlp.written.numeric import DTYPE

#: Columns of :func:`activation_curves`: what each row of a figure plots against ``x``.
PANELS = {"value": "$f(x)$", "derivative": "$f'(x)$ (autograd)"}
#: The activations of the main figure, in its order.
HOMEWORK = ("sigmoid", "tanh", "relu")
#: How the two rows are drawn (greyscale: solid vs dashed as well as hue).
LOOKS = {"value": {"color": "#1f4e99", "linestyle": "-"}, "derivative": {"color": "#d55e00", "linestyle": "--"}}
#: A step between neighbouring grid points larger than this share of the
#: curve's range is a jump, not a steep stretch.
JUMP_SHARE = 0.25


def plot_grid(points: int = 801) -> torch.Tensor:
    """Evenly spaced float64 points over the derivation checks' range (0 exactly, for an odd count)."""
    low, high, _ = ACTIVATION_GRID
    x = torch.linspace(low, high, points, dtype=DTYPE)
    return torch.where(x.abs() < 1e-9, torch.zeros_like(x), x)  # 0 itself, not -1.7e-16


def activation_curves(x: torch.Tensor | None = None, names=None) -> pd.DataFrame:
    """Long table (activation, x, value, derivative), one block per registry
    entry (or per entry of ``names``, in that order)."""
    x = plot_grid() if x is None else x
    frames = []
    for name in ACTIVATIONS if names is None else names:
        module = activation(name)
        frames.append(
            pd.DataFrame(
                {
                    "activation": ACTIVATION_LABELS[name],
                    "x": x.numpy(),
                    "value": module(x).detach().numpy(),
                    "derivative": elementwise_derivative(module, x).numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def split_curves(curves: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the homework's activations, all the others) of an :func:`activation_curves` table."""
    main = curves["activation"].isin([ACTIVATION_LABELS[n] for n in HOMEWORK])
    return curves[main], curves[~main]


@dataclass
class Jump:
    """A jump of a curve at ``x``: the value it takes there and the other side's limit."""

    x: float
    value: float
    limit: float


def pieces(
    x: np.ndarray, y: np.ndarray, share: float = JUMP_SHARE
) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[Jump]]:
    """Split a sampled curve at its jumps (a step larger than ``share`` of its range).

    Of the two grid points around a jump, the one nearer 0 is taken as where
    it jumps (the kinks of the registry are at 0, a grid point of
    :func:`plot_grid`): the curve takes its own value there, and the piece on
    the other side is extended to it with that side's limit.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    span = float(np.nanmax(y) - np.nanmin(y)) if len(y) else 0.0
    steps = np.flatnonzero(np.abs(np.diff(y)) > share * span) if span > 0 else np.array([], dtype=int)
    result, jumps, start = [], [], 0
    carry = None  # a point to put in front of the next piece
    for k in steps:
        at_left = abs(x[k]) <= abs(x[k + 1])
        px, py = x[start : k + 1], y[start : k + 1]
        if carry is not None:
            px, py = np.r_[carry[0], px], np.r_[carry[1], py]
        if at_left:  # the jump is at x[k]: the right piece starts there from its limit
            jumps.append(Jump(float(x[k]), float(y[k]), float(y[k + 1])))
            carry = (x[k], y[k + 1])
        else:  # the jump is at x[k + 1]: the left piece runs on to it at its limit
            jumps.append(Jump(float(x[k + 1]), float(y[k + 1]), float(y[k])))
            px, py = np.r_[px, x[k + 1]], np.r_[py, y[k]]
            carry = None
        result.append((px, py))
        start = k + 1
    px, py = x[start:], y[start:]
    if carry is not None:
        px, py = np.r_[carry[0], px], np.r_[carry[1], py]
    result.append((px, py))
    return result, jumps


def _draw(ax: Axes, x: np.ndarray, y: np.ndarray, column: str) -> None:
    look = LOOKS[column]
    parts, jumps = pieces(x, y)
    for i, (px, py) in enumerate(parts):
        ax.plot(px, py, linewidth=1.3, label=PANELS[column] if i == 0 else "_nolegend_", **look)
    for jump in jumps:
        ax.plot([jump.x], [jump.value], linestyle="none", marker="o", markersize=4, color=look["color"], zorder=4)
        ax.plot(
            [jump.x],
            [jump.limit],
            linestyle="none",
            marker="o",
            markersize=4,
            markerfacecolor="white",
            markeredgecolor=look["color"],
            markeredgewidth=1.0,
            zorder=4,
        )


#: Tick values the report's text discusses: each function's bounds (0, ±1) and the largest slopes
#: (sigmoid's 1/4, tanh's and ReLU's 1); whole numbers beyond them where a panel reaches further.
TICKS = {"value": (-1.0, -0.5, 0.0, 0.5, 1.0), "derivative": (0.0, 0.25, 0.5, 1.0)}


def ticks(low: float, high: float, discussed: tuple[float, ...]) -> list[float]:
    """The discussed values inside [low, high] (only the whole ones on a panel reaching past 3),
    then multiples of the smallest of 1, 2, 4, 5, 10 that keeps the panel to five ticks."""
    inside = [t for t in discussed if low <= t <= high and (high <= 3 or float(t).is_integer())]
    top = max(inside, default=0.0)
    room = max(5 - len(inside), 1)
    for step in (1, 2, 4, 5, 10):
        beyond = [float(v) for v in np.arange(step, high + 1e-9, step) if v > top]
        if len(beyond) <= room:
            return inside + beyond
    return inside


def _padded(low: float, high: float, pad: float = 0.08) -> tuple[float, float]:
    margin = pad * (high - low) or 0.1
    return low - margin, high + margin


def plot_activations(curves: pd.DataFrame, columns: int = 4) -> Figure:
    """Each activation of ``curves`` as a column (``columns`` per block of two
    rows): the function above, its derivative below, each panel on its own
    y-scale over one shared range of x wide enough to show saturation."""
    labels = list(dict.fromkeys(curves["activation"]))
    columns = max(1, min(columns, len(labels)))
    blocks = -(-len(labels) // columns)
    with figure_style.style():
        fig = figure_style.new_figure(height=0.25 + 3.0 * blocks)
        axes = fig.subplots(2 * blocks, columns, squeeze=False, sharex=True)
        low, high = float(curves["x"].min()), float(curves["x"].max())
        for i, label in enumerate(labels):
            block, col = divmod(i, columns)
            curve = curves[curves["activation"] == label]
            for row, column in enumerate(PANELS):
                ax = axes[2 * block + row, col]
                y = curve[column].to_numpy(dtype=float)
                _draw(ax, curve["x"].to_numpy(dtype=float), y, column)
                ax.axhline(0, color="0.35", linewidth=0.6, zorder=0)
                ax.axvline(0, color="0.35", linewidth=0.6, zorder=0)
                ax.set_xlim(low, high)
                bottom, top = _padded(float(np.nanmin(y)), float(np.nanmax(y)))
                ax.set_ylim(bottom, top)
                chosen = ticks(bottom, top, TICKS.get(column, ()))
                if len(chosen) >= 2:
                    ax.set_yticks(chosen)
                else:
                    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
                ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
                if row == 0:
                    ax.set_title(label)
                if col == 0:
                    ax.set_ylabel(PANELS[column])
                if row == 1:
                    ax.set_xlabel("$x$")
                    ax.tick_params(labelbottom=True)
        for i in range(len(labels), blocks * columns):
            block, col = divmod(i, columns)
            for row in range(2):
                axes[2 * block + row, col].axis("off")
        figure_style.finish(fig)
    return fig


def save_figure(fig: Figure, pdf: str | Path, png: str | Path) -> None:
    """:func:`textmlp.results.figure_style.save`: the one saver of every figure."""
    figure_style.save(fig, pdf, png)
