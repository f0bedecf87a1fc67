"""The activation figure: every registry activation and its derivative.

Values come from the registry modules themselves (the ones the MLP uses) and
derivatives from autograd of those modules, so the figure shows exactly what
the model computes.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import pandas as pd
import seaborn as sns
import torch
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from textmlp.derivations import ACTIVATION_GRID, DTYPE, elementwise_derivative
from textmlp.io import FIGURE_METADATA, atomic_path
from textmlp.model import ACTIVATION_LABELS, ACTIVATIONS, activation

#: Columns of :func:`activation_curves`: what each panel plots against ``x``.
PANELS = {"value": "$f(x)$", "derivative": "$f'(x)$"}


def plot_grid(points: int = 801) -> torch.Tensor:
    """Evenly spaced float64 points over the derivation checks' range (0 included)."""
    low, high, _ = ACTIVATION_GRID
    return torch.linspace(low, high, points, dtype=DTYPE)


def activation_curves(x: torch.Tensor | None = None) -> pd.DataFrame:
    """Long table (activation, x, value, derivative), one block per registry entry."""
    x = plot_grid() if x is None else x
    frames = []
    for name in ACTIVATIONS:
        module = activation(name)
        frames.append(pd.DataFrame({
            "activation": ACTIVATION_LABELS[name],
            "x": x.numpy(),
            "value": module(x).detach().numpy(),
            "derivative": elementwise_derivative(module, x).numpy(),
        }))
    return pd.concat(frames, ignore_index=True)


def _style() -> dict[str, object]:
    """Matplotlib settings of the figure (seaborn's whitegrid at paper scale).

    Applied while drawing *and* while saving: tick placement is decided at
    draw time from the current settings.
    """
    return {**sns.axes_style("whitegrid"), **sns.plotting_context("paper")}


def _padded(low: float, high: float, pad: float = 0.05) -> tuple[float, float]:
    margin = pad * (high - low)
    return low - margin, high + margin


def plot_activations(curves: pd.DataFrame, columns: int = 4) -> Figure:
    """One panel per activation with the function and its derivative, each
    panel's limits taken from its own data (so a small derivative such as
    sigmoid's, at most 1/4, stays readable) over one shared range of x wide
    enough to show saturation."""
    labels = list(dict.fromkeys(curves["activation"]))
    colors = dict(zip(PANELS, sns.color_palette("colorblind", len(PANELS))))
    rows = -(-len(labels) // columns)
    with mpl.rc_context(_style()):
        fig = Figure(figsize=(6.4, 1.75 * rows), layout="constrained")
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        for i, (ax, label) in enumerate(zip(axes, labels)):
            curve = curves[curves["activation"] == label]
            for column, name in PANELS.items():
                ax.plot(curve["x"], curve[column], color=colors[column], linewidth=1.4,
                        linestyle="-" if column == "value" else "--", label=name)
            ax.set_title(label, fontsize=9)
            ax.axhline(0, color="0.3", linewidth=0.6, zorder=0)
            ax.axvline(0, color="0.3", linewidth=0.6, zorder=0)
            ax.set_xlim(curves["x"].min(), curves["x"].max())
            ax.set_ylim(*_padded(min(curve[c].min() for c in PANELS), max(curve[c].max() for c in PANELS)))
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            if i + columns >= len(labels):  # nothing below this panel
                ax.set_xlabel("$x$")
            else:
                ax.tick_params(labelbottom=False)
        for ax in axes[len(labels):]:
            ax.axis("off")
        spare = axes[len(labels)] if len(labels) < len(axes) else None
        handles, names = axes[0].get_legend_handles_labels()
        names = [f"{n} (derivative by autograd)" if n == PANELS["derivative"] else n for n in names]
        if spare is not None:
            spare.legend(handles, names, loc="center", frameon=False)
        else:
            fig.legend(handles, names, loc="outside lower center", ncols=2, frameon=False)
    return fig


def save_figure(fig: Figure, pdf: str | Path, png: str | Path, dpi: int = 300) -> None:
    """Write ``fig`` as PDF and PNG, each atomically and without timestamps."""
    with mpl.rc_context(_style()):
        for path, fmt in ((pdf, "pdf"), (png, "png")):
            with atomic_path(path) as tmp:
                fig.savefig(tmp, format=fmt, dpi=dpi, metadata=FIGURE_METADATA[fmt])
