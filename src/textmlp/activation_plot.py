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
from textmlp.io import atomic_path
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


#: Line patterns in registry order: the first three (the homework's sigmoid, tanh and
#: ReLU) solid, the rest dashed so curves that coincide for x > 0 stay visible.
_DASHES = [(), (), (), (4, 1.5), (1, 1.2), (6, 2, 1, 2), (2, 2), (8, 3), (3, 1, 1, 1, 1, 1),
           (1, 3), (5, 5), (2, 1, 2, 4)]


def _style() -> dict[str, object]:
    """Matplotlib settings of the figure (seaborn's whitegrid at paper scale).

    Applied while drawing *and* while saving: tick placement is decided at
    draw time from the current settings.
    """
    return {**sns.axes_style("whitegrid"), **sns.plotting_context("paper")}


def _padded(low: float, high: float, pad: float = 0.05) -> tuple[float, float]:
    margin = pad * (high - low)
    return low - margin, high + margin


def plot_activations(curves: pd.DataFrame) -> Figure:
    """Two panels (functions, derivatives) with axis limits taken from the data.

    Curves are drawn in reverse registry order, so the registry's first
    entries lie on top where curves coincide; the legend keeps registry order.
    """
    labels = list(dict.fromkeys(curves["activation"]))
    palette = dict(zip(labels, sns.color_palette("colorblind", len(labels))))
    dashes = {label: _DASHES[i % len(_DASHES)] for i, label in enumerate(labels)}
    with mpl.rc_context(_style()):
        fig = Figure(figsize=(6.4, 2.6), layout="constrained")
        axes = fig.subplots(1, len(PANELS), sharex=True)
        for ax, (column, ylabel) in zip(axes, PANELS.items()):
            for label in reversed(labels):
                curve = curves[curves["activation"] == label]
                ax.plot(curve["x"], curve[column], label=label, color=palette[label],
                        dashes=dashes[label], linewidth=1.3)
            ax.set_xlim(curves["x"].min(), curves["x"].max())
            ax.xaxis.set_major_locator(MaxNLocator(nbins=9, integer=True))
            ax.set_ylim(*_padded(curves[column].min(), curves[column].max()))
            ax.set(xlabel="$x$", ylabel=ylabel)
            ax.axhline(0, color="0.3", linewidth=0.6, zorder=0)
            ax.axvline(0, color="0.3", linewidth=0.6, zorder=0)
        axes[0].set_title("Activation functions")
        axes[1].set_title("Derivatives (autograd)")
        handles = dict(zip(*reversed(axes[-1].get_legend_handles_labels())))
        axes[-1].legend([handles[label] for label in labels], labels, loc="upper left",
                        bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


def save_figure(fig: Figure, pdf: str | Path, png: str | Path, dpi: int = 300) -> None:
    """Write ``fig`` as PDF and PNG, each atomically and without timestamps."""
    with mpl.rc_context(_style()):
        for path, fmt, metadata in ((pdf, "pdf", {"CreationDate": None}),
                                    (png, "png", {"Software": None})):
            with atomic_path(path) as tmp:
                fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
