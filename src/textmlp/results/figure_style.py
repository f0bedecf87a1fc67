"""One style and one saver for every figure of the project.

A figure is made at the size it is printed (:data:`PRINT_WIDTH` inches, the
report's text width, or a stated fraction of it), so font sizes are literal
and every text is at least :data:`MIN_FONTSIZE` points on paper.
Configurations differ in line style and marker as well as in colour, so the
figures survive greyscale printing; a numeric parameter (a learning rate, a
dropout) is ordinal and coloured by a sequential colour map in order of value,
anything else by a qualitative palette. :func:`save` writes a figure as vector
PDF (for the report) and PNG (for a quick look), with no creation date.
"""

from __future__ import annotations

import colorsys
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import matplotlib as mpl

mpl.use("Agg")
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from textmlp.io import FIGURE_METADATA, atomic_path

#: The report's text width in inches (A4, 2.4 cm margins: 16.2 cm = 6.38 in), rounded down.
PRINT_WIDTH = 6.3


#: No text of any figure is smaller than this at print size (points).
MIN_FONTSIZE = 7.5


#: Resolution of the PNG copies.
DPI = 300


FONTSIZE = 8.0


SMALL = 7.5


#: Matplotlib settings of every figure: seaborn's whitegrid, sized for print.
RC = {
    **sns.axes_style("whitegrid"),
    "font.size": FONTSIZE,
    "axes.titlesize": FONTSIZE,
    "axes.labelsize": FONTSIZE,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "legend.title_fontsize": FONTSIZE,
    "axes.linewidth": 0.6,
    "axes.titlepad": 3.0,
    "axes.labelpad": 2.0,
    "grid.linewidth": 0.4,
    "lines.linewidth": 1.2,
    "lines.markersize": 3.5,
    "xtick.major.pad": 2.0,
    "ytick.major.pad": 2.0,
    "legend.handlelength": 3.2,
    "legend.columnspacing": 1.2,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
}


#: Line styles and markers, cycled together: with the colour, each configuration
#: differs from the others in at least two ways that survive greyscale.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1.2, 1, 1.2, 1, 1.2)), (0, (8, 2))]


#: No triangles: '^' and 'v' mark a point clipped at an axis's edge (textmlp.results.axis_limits) (review 16).
MARKERS = ["o", "s", "D", "P", "X", "*", "h", "p"]


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The settings every figure is drawn *and* saved under (tick labels are
    made at draw time from the settings in force)."""
    with mpl.rc_context(RC):
        yield


def new_figure(height: float, fraction: float = 1.0) -> Figure:
    """An empty figure ``fraction`` of the print width wide (constrained layout:
    the saved file has exactly this size, so its font sizes are the printed ones)."""
    return Figure(figsize=(PRINT_WIDTH * fraction, height), layout="constrained")


def decimal_tick(x: float, _pos: object = None) -> str:
    """A log axis's tick as a plain decimal ('0.001'): a power of ten's exponent prints at
    seven tenths of the tick size, under 6 pt here (reviews 96, 97)."""
    return np.format_float_positional(x, trim="-") if x > 0 else ""


def finish(fig: Figure) -> Figure:
    """Fix the tick label sizes on the axes themselves, so that they hold
    whatever settings are in force when the figure is drawn; a log axis is labelled
    in plain decimals at its powers of ten."""
    for ax in fig.axes:
        ax.tick_params(labelsize=SMALL, length=2.5, width=0.6)
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(mpl.ticker.FuncFormatter(decimal_tick))
                axis.set_minor_formatter(mpl.ticker.NullFormatter())
    return fig


def save(fig: Figure, pdf: str | Path, png: str | Path, dpi: int = DPI) -> None:
    """Write ``fig`` as PDF and PNG at its own size, each atomically and without timestamps."""
    with style():
        for path, fmt in ((pdf, "pdf"), (png, "png")):
            with atomic_path(path) as tmp:
                fig.savefig(tmp, format=fmt, dpi=dpi, metadata=FIGURE_METADATA[fmt])


@dataclass(frozen=True)
class Look:
    """How one configuration is drawn."""

    color: tuple[float, float, float]
    linestyle: object
    marker: str


def palette(values: Sequence, numeric: bool) -> list[tuple[float, float, float]]:
    """One colour per value: a sequential map (viridis, dark to light) in order
    of value when ``numeric``, else a qualitative palette in the order given."""
    if not numeric:
        return grey_apart([tuple(c) for c in sns.color_palette("colorblind", len(values))])
    ranks = pd.Series([float(v) for v in values]).rank(method="dense").astype(int) - 1
    levels = int(ranks.max()) + 1 if len(ranks) else 0
    cmap = mpl.colormaps["viridis"]
    spots = np.linspace(0.0, 0.82, levels) if levels > 1 else np.array([0.35])
    return [tuple(cmap(spots[r])[:3]) for r in ranks]


def looks(values: Sequence, numeric: bool) -> list[Look]:
    """Colour, line style and marker of each configuration, in the order given."""
    return [
        Look(c, LINESTYLES[i % len(LINESTYLES)], MARKERS[i % len(MARKERS)])
        for i, c in enumerate(palette(values, numeric))
    ]


#: The darkest and lightest greys a qualitative palette is spread over (a line of luminance 0.5 stands out on white).
GREY_RANGE = (0.0, 0.5)


def grey_apart(colors: Sequence[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """The same hues at lightnesses whose greys are evenly apart, handed out out of order (darkest, middle, ...)
    so a categorical palette does not read as a ranking: two hues of equal grey (ReLU's green, GELU's red) stay
    apart in a greyscale print."""
    n = len(colors)
    if n < 2:
        return list(colors)
    greys = np.linspace(*GREY_RANGE, n)
    order = [*range(0, n, 2), *range(1, n, 2)]  # 0, 2, 4, 1, 3: interleaved, not monotone
    return [_with_luminance(c, greys[order[i]]) for i, c in enumerate(colors)]


def _with_luminance(color: tuple[float, float, float], target: float) -> tuple[float, float, float]:
    """``color``'s hue and saturation at the HLS lightness whose luminance is ``target`` (bisection)."""
    h, _, s = colorsys.rgb_to_hls(*color)
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if luminance(colorsys.hls_to_rgb(h, mid, s)) < target else (low, mid)
    return tuple(float(c) for c in colorsys.hls_to_rgb(h, (low + high) / 2, s))


def luminance(color: Sequence[float]) -> float:
    """Relative luminance (what a greyscale print keeps) of an sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(float(c)) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
