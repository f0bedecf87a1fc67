"""y-limits from the bulk of the plotted data, and the clipping of what lies
beyond them: a spike of one configuration is cut, marked at the axis edge and
named in a small note, instead of flattening every other curve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from textmlp.results.figure_style import SMALL, Look

#: The bulk of the plotted points lies between these quantiles of them all ...
BULK_QUANTILE = 0.02
#: ... a value more than this many bulk spans beyond it is an outlier ...
TOLERANCE = 0.5
#: ... and the outliers of one side are cut off the axis when they would stretch it
#: by more than this fraction of the span of everything else.
STRETCH = 0.75


def robust_limits(
    series: Sequence[np.ndarray],
    extent: Sequence[float] = (),
    q: float = BULK_QUANTILE,
    tolerance: float = TOLERANCE,
    stretch: float = STRETCH,
    margin: float = 0.05,
) -> tuple[float, float]:
    """y-limits (bottom, top) from the bulk of the data.

    The bulk spans the ``q`` to ``1 - q`` quantiles of the points of all
    ``series`` (the drawn lines) together; a value (of the series or of
    ``extent``, such as the ends of min–max bands) more than ``tolerance`` bulk
    spans beyond it is an outlier. The outliers on one side are cut off the
    axis when showing them would stretch it by more than ``stretch`` times the
    span of everything else; then the axis ends just beyond the last value that
    is not an outlier. A whole configuration at another level is a good share
    of all points and stays; a spike of an epoch or two is cut.
    """
    finite = [v[np.isfinite(v)] for v in (np.asarray(s, dtype=float).ravel() for s in series)]
    finite = [v for v in finite if v.size]
    if not finite:
        return (0.0, 1.0)
    pooled = np.concatenate(finite)
    extra = np.asarray([e for e in extent if math.isfinite(e)], dtype=float)
    everything = np.concatenate([pooled, extra])
    bulk_low, bulk_high = (float(np.quantile(pooled, p)) for p in (q, 1 - q))
    span = bulk_high - bulk_low or max(abs(bulk_high), 1.0) * 0.1
    inside = everything[(everything >= bulk_low - tolerance * span) & (everything <= bulk_high + tolerance * span)]
    low, high = float(everything.min()), float(everything.max())
    inner_low, inner_high = float(inside.min()), float(inside.max())
    inner_span = inner_high - inner_low or span
    if inner_low - low > stretch * inner_span:
        low = inner_low
    if high - inner_high > stretch * inner_span:
        high = inner_high
    pad = margin * (high - low or span)
    return low - pad, high + pad


#: The gid of the triangles that mark clipped points.
CLIPPED = "clipped"


@dataclass
class Drawn:
    """What one configuration put on one axes: its lines and the extent of its band."""

    name: str
    lines: list[Line2D]
    low: float
    high: float
    look: Look | None = None


#: Where a clipped point's triangle sits, in axes coordinates (bottom, top): inside the axes, at its edge.
CLIP_INSET = (0.035, 0.965)


def clip_axes(ax: Axes, drawn: Sequence[Drawn], limits: tuple[float, float], named: bool = True) -> str:
    """Set the y-limits; mark every line point beyond them with a triangle just
    inside the edge (:data:`CLIP_INSET`, in the line's colour) and name what was cut, with its extreme value, in
    a note at the right above the axes (``named=False``: the value only, for a panel its title already names;
    a narrow panel's note ran past the figure's edge).
    Returns the note's text ('' when nothing was cut)."""
    bottom, top = limits
    ax.set_ylim(bottom, top)
    above, below = {}, {}
    for d in drawn:
        for line in d.lines:
            x, y = (np.asarray(a, dtype=float) for a in line.get_data())
            # just inside the edge (in axes coordinates): on the edge, half of each triangle printed over the
            # panel's title (reviews 15-17)
            for mask, edge, marker in ((y > top, CLIP_INSET[1], "^"), (y < bottom, CLIP_INSET[0], "v")):
                if mask.any():
                    ax.plot(
                        x[mask],
                        np.full(mask.sum(), edge),
                        transform=ax.get_xaxis_transform(),
                        linestyle="none",
                        marker=marker,
                        markersize=5,
                        color=line.get_color(),
                        markeredgecolor="black",
                        markeredgewidth=0.5,
                        clip_on=False,
                        zorder=5,
                        gid=CLIPPED,
                    )
        drawn_y = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in d.lines] or [np.array([])])
        drawn_y = drawn_y[np.isfinite(drawn_y)]
        # an extreme beyond every drawn line's is a seed's, at the edge of the band (reviews 113, 119: 'max 0.767' of
        # a band beside 'max 1.3' of a mean, and 'min 77.2' of a mean beside 'min 76.3' of a seed for the same run)
        if d.high > top:
            seed = not drawn_y.size or d.high > drawn_y.max()
            above[d.name] = max(above.get(d.name, (-math.inf, False)), (d.high, seed))
        if d.low < bottom:
            seed = not drawn_y.size or d.low < drawn_y.min()
            below[d.name] = min(below.get(d.name, (math.inf, False)), (d.low, seed))
    notes = []
    for cut, word in ((above, "above"), (below, "below")):
        if cut:
            arrow = "\u25b2" if word == "above" else "\u25bc"
            end = "max" if word == "above" else "min"
            far = max(cut.values()) if word == "above" else min(cut.values())
            # one short line per configuration: with 'a seed's' the longer form ran past a narrow panel's edge
            notes.append(
                "\n".join(f"{arrow} {n}: {_whose(seed)}{end} {v:.3g}" for n, (v, seed) in cut.items())
                if named
                else f"{arrow} {_whose(far[1])}{end} {far[0]:.3g}"
            )
    if notes:  # above the axes, right-aligned: no corner of a busy panel is free of lines ...
        # ... and a line above a left-hand title, so the two never overlap
        left = ax.get_title(loc="left")
        below_it = "\n" * (left.count("\n") + 1) if left else ""
        ax.set_title("\n".join(notes) + below_it, loc="right", fontsize=SMALL, color="0.25")
    return "; ".join(notes)


def _whose(seed: bool) -> str:
    """What a clipped extreme is of: a seed's ('seed max', the edge of a band) or a drawn line's (a mean, or a seed
    drawn alone: 'max')."""
    return "seed " if seed else ""


def limits_of(drawn: Sequence[Drawn]) -> tuple[float, float]:
    """robust_limits over the drawn lines, the bands' ends counting for the extent."""
    series = [np.asarray(line.get_ydata(), dtype=float) for d in drawn for line in d.lines]
    return robust_limits(series, extent=[v for d in drawn for v in (d.low, d.high)])
