"""The study figures, drawn from the tidy tables only (never from the runs themselves).

In the style of :mod:`textmlp.results.figure_style`, and further:

- a configuration whose seeds split (some stuck at chance level, see
  :data:`textmlp.results.tables.CHANCE_MARGIN`, while others learned) is drawn
  seed by seed, since its mean is a curve no seed followed;
- y-limits come from the bulk of the data (:func:`textmlp.results.axis_limits.robust_limits`): a spike of
  one configuration is clipped, marked at the axis edge and named in a small
  note, instead of flattening every other curve;
- no suptitle: the report's caption says what the figure shows.

Each figure function returns a :class:`matplotlib.figure.Figure`, which
:func:`textmlp.results.figure_style.save` writes.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import matplotlib as mpl

mpl.use("Agg")
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from textmlp.results.axis_limits import CLIPPED, Drawn, clip_axes, limits_of, robust_limits
from textmlp.results.definitions import erratic, quarter_blocks
from textmlp.results.figure_style import LINESTYLES, MARKERS, Look, finish, looks, new_figure, style
from textmlp.results.tables import CHANCE_MARGIN

#: Panel y-labels of the study figure.
METRICS = {"loss": "dev loss (cross-entropy)", "accuracy": "dev accuracy"}
#: The same, short enough for a row of panels 1.35 in high (the caption says the loss is the cross-entropy).
PANEL_LABELS = {"loss": "dev loss", "accuracy": "dev accuracy (%)"}
#: How the loss grid draws the two splits (greyscale: solid vs dashed, circle vs square).
SPLITS = {
    "train": {"color": "#1f4e99", "linestyle": "-", "marker": "o"},
    "dev": {"color": "#d55e00", "linestyle": "--", "marker": "s"},
}


# -- colours, styles, labels -------------------------------------------------------


#: A study of more configurations than this draws their means only: overlapping seed bands hide the lines.
BANDS_UP_TO = 3


def _number(text: object) -> float | None:
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def varied_values(epochs: pd.DataFrame, members: pd.DataFrame) -> tuple[list, bool]:
    """The varied parameter's value of each member configuration and whether it
    is numeric (then ordinal): the tables' column when it is numeric, else the labels."""
    vary = members["vary"].iloc[0]
    if (
        vary in epochs.columns
        and pd.api.types.is_numeric_dtype(epochs[vary])
        and not pd.api.types.is_bool_dtype(epochs[vary])
    ):
        first = epochs.groupby("run", sort=False)[vary].first()
        values = [first.get(r) for r in members["run"]]
        if all(_number(v) is not None for v in values):
            return [float(v) for v in values], True
    numbers = [_number(label) for label in members["label"]]
    if numbers and all(n is not None for n in numbers):
        return numbers, True
    return list(members["label"]), False


def label_in_words(label: str, vary: str, inputs: Mapping[str, str] | None = None) -> str:
    """A configuration's label for a legend or panel title: '512-512 hidden' for
    '[512, 512]', 'ReLU' for 'relu' (the parameter's legend form,
    :func:`textmlp.parameters.legend`), an input by its name in ``inputs``
    (:func:`textmlp.features.names.embedding_name`), the label itself otherwise."""
    from textmlp.parameters import legend

    text = str(label)
    if vary == "embedding" and inputs:
        return inputs.get(text, text)
    return legend(text, vary)


# -- seeds at chance level ---------------------------------------------------------


def seeds_at_chance(epochs: pd.DataFrame, n_classes: int = 2) -> pd.Series:
    """(run, seed) -> whether the seed's best dev accuracy stayed within
    CHANCE_MARGIN of 1/K (the rule of the summary table's ``at_chance``)."""
    dev = epochs[epochs["split"] == "dev"]
    best = dev.groupby(["run", "seed"], sort=True)["accuracy"].max().fillna(0)
    return best < 1 / n_classes + CHANCE_MARGIN


def bimodal_runs(epochs: pd.DataFrame, n_classes: int = 2) -> set[str]:
    """Configurations whose seeds split: some stuck at chance level, others learned."""
    stuck = seeds_at_chance(epochs, n_classes).groupby(level="run")
    return {run for run, s in stuck if s.any() and not s.all()}


# -- drawing one configuration -----------------------------------------------------


def _per_seed(data: pd.DataFrame, metric: str) -> pd.DataFrame:
    """epoch x seed table of ``metric``; non-finite values (a diverged epoch) become NaN."""
    table = data.pivot_table(index="epoch", columns="seed", values=metric, aggfunc="first", dropna=False)
    return table.replace([np.inf, -np.inf], np.nan).sort_index()


def _markevery(n: int, offset: int) -> tuple[int, int] | None:
    step = max(1, round(n / 8))
    return (offset % step, step) if step > 1 else None


def draw_configuration(
    ax: Axes,
    data: pd.DataFrame,
    metric: str,
    look: Look,
    name: str,
    per_seed: bool,
    label: str | None = None,
    offset: int = 0,
    band: bool = True,
) -> Drawn:
    """Draw ``metric`` per epoch of one configuration (rows of one run and split):
    the mean over seeds with a min–max band (without one when not ``band``), or,
    when ``per_seed``, one thin line per seed in the same colour and style."""
    table = _per_seed(data, metric)
    x = table.index.to_numpy(dtype=float)
    every = _markevery(len(x), offset)
    common = {
        "color": look.color,
        "linestyle": look.linestyle,
        "marker": look.marker,
        "markevery": every,
        "markersize": 3.0,
    }
    lines = []
    if per_seed:
        for i, seed in enumerate(table.columns):
            lines += ax.plot(
                x, table[seed].to_numpy(), linewidth=0.8, alpha=0.9, label=label if i == 0 else "_nolegend_", **common
            )
    else:
        low, high = table.min(axis=1).to_numpy(), table.max(axis=1).to_numpy()
        if table.shape[1] > 1 and band:
            ax.fill_between(x, low, high, color=look.color, alpha=0.15, linewidth=0)
        lines += ax.plot(x, table.mean(axis=1).to_numpy(), label=label or "_nolegend_", **common)
    values = table.to_numpy(dtype=float) if per_seed or band else table.mean(axis=1).to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    return Drawn(
        name,
        lines,
        float(finite.min()) if finite.size else math.nan,
        float(finite.max()) if finite.size else math.nan,
        look,
    )


def _integer_epochs(ax: Axes, epochs: pd.Series) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))
    if len(epochs):
        ax.set_xlim(epochs.min() - 0.3, epochs.max() + 0.3)


# -- the figures -------------------------------------------------------------------


def _erratic_runs(epochs: pd.DataFrame, runs) -> set[str]:
    """The runs whose mean dev loss jumps by more than JUMP (the findings' 'erratic')."""
    dev = epochs[(epochs["split"] == "dev") & epochs["run"].isin(list(runs))]
    means = dev.groupby(["run", "epoch"])["loss"].mean()
    return {run for run in means.index.get_level_values("run").unique() if erratic(means.loc[run])}


def _members(studies: pd.DataFrame, study: str) -> pd.DataFrame:
    members = studies[studies["study"] == study].sort_values("order", kind="stable")
    if members.empty:
        raise ValueError(f"study {study!r} has no configurations in the studies table")
    return members


def _diverged_seeds(epochs: pd.DataFrame) -> dict[str, list[str]]:
    rows = epochs.loc[epochs["status"] == "diverged", ["run", "seed"]].drop_duplicates()
    return {run: sorted(str(s) for s in part["seed"]) for run, part in rows.groupby("run")}


def study_curves(
    epochs: pd.DataFrame,
    studies: pd.DataFrame,
    study: str,
    n_classes: int = 2,
    runs: pd.DataFrame | None = None,
    inputs: Mapping[str, str] | None = None,
) -> Figure:
    """Dev loss and dev accuracy per epoch of each configuration of a study, side
    by side at full print width: the mean over seeds as a line with the min–max
    band over seeds (a bimodal configuration: one thin line per seed), one legend.
    A study of many learning rates, given ``runs``, is drawn by :func:`rate_sweep`."""
    members = _members(studies, study)
    vary = members["vary"].iloc[0]
    values, numeric = varied_values(epochs, members)
    if vary == "lr" and numeric and len(members) >= SWEEP_FROM and runs is not None:
        return rate_sweep(epochs, runs, studies, study)
    styles = looks(values, numeric)
    # an erratic configuration overlaid with the rest would be clipped to a row of triangles (review 29): a column
    # each, where it can have its own y-scale
    if in_panels(len(members), numeric) or (not numeric and _erratic_runs(epochs, members["run"])):
        return study_panels(epochs, members, n_classes, inputs)
    split = bimodal_runs(epochs, n_classes)
    diverged = _diverged_seeds(epochs)
    dev = epochs[epochs["split"] == "dev"]
    names = {}
    for run, label in zip(members["run"], members["label"]):
        name = label_in_words(label, vary, inputs)
        extra = [w for w, hit in (("per seed", run in split), ("diverged", run in diverged)) if hit]
        names[run] = name + (f" ({', '.join(extra)})" if extra else "")
    # configurations whose mean dev loss jumps by more than JUMP (the findings' "erratic") may be cut at the axis
    erratic_runs = _erratic_runs(epochs, members["run"])
    jumpy = {
        label_in_words(label, vary, inputs)
        for run, label in zip(members["run"], members["label"])
        if run in erratic_runs
    }
    legend_cols = min(len(members), 3 if len(members) > 4 else 4)
    legend_rows = -(-len(members) // legend_cols)
    with style():
        fig = new_figure(height=2.35 + 0.17 * legend_rows)
        axes = fig.subplots(1, 2)
        for ax, (metric, ylabel) in zip(axes, METRICS.items()):
            drawn = []
            for i, (run, look) in enumerate(zip(members["run"], styles)):
                data = dev[dev["run"] == run]
                if data.empty:
                    continue
                if metric == "accuracy":  # in percent, as the tables and the sweep give it
                    data = data.assign(accuracy=100 * data["accuracy"])
                drawn.append(
                    draw_configuration(
                        ax,
                        data,
                        metric,
                        look,
                        label_in_words(members.set_index("run").loc[run, "label"], vary, inputs),
                        run in split,
                        label=names[run],
                        offset=i,
                        band=len(members) <= BANDS_UP_TO,
                    )
                )
            _integer_epochs(ax, dev.loc[dev["run"].isin(members["run"]), "epoch"])
            far = _far_erratic(drawn, metric, jumpy)  # cut at the axis and marked; drawn whole in its own study
            clip_axes(ax, drawn, limits_of([d for d in drawn if d is not far]))
            ax.set_xlabel("epoch")
            ax.set_ylabel(ylabel + (" (%)" if metric == "accuracy" else ""))
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=legend_cols, frameon=False)
        finish(fig)
    return fig


def labels_numeric(labels: Sequence) -> bool:
    """Whether a study's labels are numbers (an ordered parameter: rates, sizes)."""
    return all(_number(label) is not None for label in labels)


def in_panels(n: int, numeric: bool) -> bool:
    """The configurations of an unordered parameter (structures, activations, inputs) are drawn one per panel, each
    row on a shared y-axis so the panels compare by height, with the seeds' range as a band: overlaid, four jagged
    means without their seeds tangled (reviews 29-31, after reviews 24-28 had asked for the overlay). An ordered one
    (rates) is overlaid: it reads as a progression."""
    return n > 1 and not numeric


def _line_extent(d: Drawn) -> tuple[float, float]:
    values = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in d.lines])
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else (math.nan, math.nan)


def _padded(low: float, high: float, margin: float = 0.06) -> tuple[float, float]:
    pad = margin * (high - low or abs(high) or 1.0)
    return low - pad, high + pad


#: How :func:`study_panels` draws each panel's configuration.
PANEL_LOOK = Look((0.12, 0.31, 0.6), "-", "o")

#: At most this many configurations side by side in :func:`study_panels`.
PANEL_COLUMNS = 4


def study_panels(
    epochs: pd.DataFrame,
    members: pd.DataFrame,
    n_classes: int = 2,
    inputs: Mapping[str, str] | None = None,
) -> Figure:
    """Dev loss (top) and dev accuracy (bottom) per epoch, one column per configuration: the mean over seeds
    with its min–max band (a bimodal configuration: per seed), dark and solid (:data:`PANEL_LOOK`). Each row
    shares one y-axis from the bulk of its lines (:func:`~textmlp.results.axis_limits.limits_of`): a far point is
    clipped and marked at the edge; a band may run past it. An erratic configuration far from the rest
    (:func:`own_scale_panels`, in either row) has an axis of its own in both, said in its title."""
    vary = members["vary"].iloc[0]
    split = bimodal_runs(epochs, n_classes)
    dev = epochs[(epochs["split"] == "dev") & epochs["run"].isin(members["run"])]
    dev = dev.assign(accuracy=100 * dev["accuracy"])  # in percent, as the tables give it
    runs = list(members["run"])
    names = [label_in_words(label, vary, inputs) for label in members["label"]]
    columns = min(len(runs), PANEL_COLUMNS)
    blocks = -(-len(runs) // columns)
    with style():
        fig = new_figure(height=0.45 + 1.35 * 2 * blocks)
        fig.set_label(PANELS)  # drawn_facts tells the caption which form this is
        axes = fig.subplots(2 * blocks, columns, squeeze=False)
        rows = []
        for row, metric in enumerate(METRICS):
            cells = []
            for i, (run, name) in enumerate(zip(runs, names)):
                ax = axes[2 * (i // columns) + row, i % columns]
                data = dev[dev["run"] == run]
                if data.empty:
                    continue
                # one configuration per panel, named by its title, on a y-axis shared along the row: the panels
                # compare by position (review 14: the others' grey means behind each could not be told apart)
                drawn = draw_configuration(ax, data, metric, PANEL_LOOK, name, run in split, label=name)
                title = name + (" (per seed)" if run in split else "")
                ax.set_title(title if row == 0 else "", loc="left")
                _integer_epochs(ax, dev["epoch"])
                ax.set_xlabel("epoch" if row == 1 else "")
                # short labels: the long ones of two stacked panels ran into each other (review 23)
                ax.set_ylabel(PANEL_LABELS[metric] if i % columns == 0 else "")
                cells.append((i, ax, Drawn(drawn.name, drawn.lines, *_line_extent(drawn))))
            rows.append(cells)
        # one y-scale per row from the bulk of its lines, a configuration's few far epochs clipped and marked (review
        # 25: drawn in full, tanh's first epochs squeezed the other three). An erratic configuration (its mean jumps)
        # whose lines would stretch a row's axis by more than OWN_SCALE gets its own in both rows, said in its title
        # (reviews 112-117: tanh's jumps flattened sigmoid, ReLU and GELU into one strip); one steadily at another
        # level keeps the shared scale, to compare by height (reviews 37, 38)
        jumpy = _erratic_runs(epochs, runs)
        own = set()
        for cells in rows:  # by position in the row; a panel's index among the configurations is cells[k][0]
            erratic = {k for k, (i, _, _) in enumerate(cells) if runs[i] in jumpy}
            own |= {cells[k][0] for k in own_scale_panels([[d] for _, _, d in cells], allowed=erratic)}
        for row, cells in enumerate(rows):
            shared = limits_of([d for i, _, d in cells if i not in own])
            for i, ax, drawn in cells:
                if i in own and row == 0:
                    ax.set_title(ax.get_title(loc="left") + " (own y-scale)", loc="left")
                clip_axes(ax, [drawn], limits_of([drawn]) if i in own else shared, named=False)
                ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=5))
        for ax in axes.ravel():
            if not ax.has_data():
                ax.axis("off")
        handles = [
            Line2D([], [], color=PANEL_LOOK.color, marker="o", markersize=3.0, label="mean over seeds"),
            Patch(color=PANEL_LOOK.color, alpha=0.15, linewidth=0, label="min–max over seeds"),
        ]
        fig.legend(handles=handles, loc="outside upper center", ncols=len(handles), frameon=False)
        finish(fig)
    return fig


def grid_columns(panels: int) -> int:
    """Up to four panels across, as the study figures have: the fewest empty panels, then
    the fewest rows (review 43: three configurations drawn 2 x 2 left a quarter of the
    figure empty, and eight drawn 4 x 2 filled a page on their own)."""
    if panels <= 4:
        return max(panels, 1)
    return min((2, 3, 4), key=lambda c: (-panels % c, -(-panels // c)))


def loss_grid(
    epochs: pd.DataFrame,
    studies: pd.DataFrame,
    study: str,
    n_classes: int = 2,
    columns: int | None = None,
    inputs: Mapping[str, str] | None = None,
) -> Figure:
    """Train and dev loss per epoch, one panel per configuration of a study
    (``columns`` across, default :func:`grid_columns`, in the study's order): mean over seeds with a min–max
    band (a bimodal configuration: per seed), a y-axis shared by the panels and
    cut to the bulk of the data, each panel's own epochs, one legend. A panel
    whose losses would stretch the shared axis by more than OWN_SCALE gets
    its own axis, said in its title, so the others are not flattened."""
    members = _members(studies, study)
    vary = members["vary"].iloc[0]
    split = bimodal_runs(epochs, n_classes)
    diverged = _diverged_seeds(epochs)
    jumpy = _erratic_runs(epochs, members["run"])  # their seed bands would hide the lines: means only
    columns = columns or grid_columns(len(members))
    rows = -(-len(members) // columns)
    with style():
        # a grid of two rows or more a little shorter per row: the learning rates' eight panels left the next
        # figure no room on their page, which printed 27% empty (reviews 116-119)
        fig = new_figure(height=0.35 + (1.55 if rows == 1 else 1.35) * rows)
        axes = fig.subplots(rows, columns, squeeze=False)
        drawn_by_axes = []
        for i, (ax, (run, label)) in enumerate(zip(axes.ravel(), zip(members["run"], members["label"]))):
            data = epochs[epochs["run"] == run]
            drawn = []
            for part, (name, look) in enumerate(SPLITS.items()):
                rows_of = data[data["split"] == name]
                if rows_of.empty:
                    continue
                drawn.append(
                    draw_configuration(
                        ax,
                        rows_of,
                        "loss",
                        Look(look["color"], look["linestyle"], look["marker"]),
                        name,
                        run in split,
                        label=name,
                        offset=part,
                        band=run not in jumpy,
                    )
                )
            title = label_in_words(label, vary, inputs)
            # a qualifier on a line of its own where three or four panels stand across (reviews 43-45: cut off)
            sep = "\n" if columns >= 3 else " "
            if run in diverged:
                title += f"{sep}(diverged: seed {', '.join(diverged[run])})"
            elif run in split:
                title += f"{sep}(per seed)"
            elif run in jumpy:
                title += f"{sep}(means only)"
            ax.set_title(title, loc="left")
            _integer_epochs(ax, data["epoch"])
            if i % columns == 0:
                ax.set_ylabel("cross-entropy loss")
            if i + columns >= len(members):
                ax.set_xlabel("epoch")
            drawn_by_axes.append((ax, drawn))
        own = own_scale_panels([drawn for _, drawn in drawn_by_axes])
        limits = limits_of([d for i, (_, drawn) in enumerate(drawn_by_axes) if i not in own for d in drawn])
        for i, (ax, drawn) in enumerate(drawn_by_axes):
            if i in own:
                ax.set_title(ax.get_title(loc="left") + ("\n" if columns >= 3 else " ") + "(own y-scale)", loc="left")
            clip_axes(ax, drawn, limits_of(drawn) if i in own else limits)
            # enough ticks to read a gap of a few hundredths off the shared axis
            ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        for ax in axes.ravel()[len(members) :]:
            ax.axis("off")
        handles = [
            Line2D(
                [],
                [],
                color=s["color"],
                linestyle=s["linestyle"],
                marker=s["marker"],
                markersize=3.0,
                label=f"{name} (mean over seeds)",
            )
            for name, s in SPLITS.items()
        ]
        # the bands in their splits' own colours, one swatch each, as drawn (review 16: a grey swatch for blue and
        # orange bands)
        handles.append(tuple(Patch(color=s["color"], alpha=0.25, linewidth=0) for s in SPLITS.values()))
        labels = [h.get_label() for h in handles[:-1]] + ["min–max over seeds"]
        if split & set(members["run"]):
            handles.append(Line2D([], [], color="0.3", linewidth=0.8, label="thin: one line per seed"))
            labels.append("thin: one line per seed")
        fig.legend(
            handles=handles,
            labels=labels,
            handler_map={tuple: HandlerTuple(ndivide=None, pad=0.2)},
            loc="outside upper center",
            ncols=len(handles),
            frameon=False,
        )
        finish(fig)
    return fig


#: A loss-grid panel that would stretch the shared y-axis by more than this factor gets its own.
OWN_SCALE = 1.5


def own_scale_panels(panels: Sequence[Sequence[Drawn]], allowed: set[int] | None = None) -> set[int]:
    """The panels (by index) drawn on their own y-axis: those whose lines, added to the rest,
    would stretch the shared axis to more than OWN_SCALE times the span of the rest (at most a third of them);
    only those in ``allowed``, where given."""
    own: set[int] = set()
    if len(panels) < 3:
        return own
    for i in range(len(panels)) if allowed is None else sorted(allowed):
        rest = [d for j, p in enumerate(panels) if j != i and j not in own for d in p]
        low, high = limits_of(rest)
        with_it = limits_of([*rest, *panels[i]])
        if with_it[1] - with_it[0] > OWN_SCALE * (high - low) and 3 * (len(own) + 1) <= len(panels):
            own.add(i)
    return own


#: The label of a figure drawn one configuration per column (:func:`study_panels`).
PANELS = "panels"
#: The label of the upper part of a broken axis (:func:`_broken_axis`), so a caption mentions one only where drawn.
BROKEN = "broken axis"
#: The label of the lower part of one (a rate's accuracy far below the others').
BROKEN_BELOW = "broken axis, lower part"


def drawn_facts(fig: Figure) -> dict[str, bool]:
    """What a figure draws that its caption must mention, and only then: a panel on its own y-scale (its title says
    so), a point clipped at an axis edge (a triangle, :data:`CLIPPED`), a broken axis (:data:`BROKEN`); and whether
    it is drawn one configuration per column ('panels'), so the caption describes the form drawn."""
    axes = fig.axes
    return {
        "own_scale": any("(own y-scale)" in ax.get_title(loc="left") for ax in axes),
        "clipped": any(line.get_gid() == CLIPPED for ax in axes for line in ax.lines),
        "panels": fig.get_label() == PANELS,
        "broken": any(ax.get_label() == BROKEN for ax in axes),
        "broken_below": any(ax.get_label() == BROKEN_BELOW for ax in axes),
    }


def figure_facts(
    epochs: pd.DataFrame,
    studies: pd.DataFrame,
    study: str,
    n_classes: int = 2,
    runs: pd.DataFrame | None = None,
    gradients: pd.DataFrame | None = None,
) -> dict[str, dict[str, bool]]:
    """:func:`drawn_facts` of the study's two figures, built as the figure rules build them (their words aside), and
    whether its gradient figure has anything to draw: {"losses": ..., "study": ..., "gradients": {"drawn": ...}}
    (the last only where ``gradients`` is given)."""
    facts = {
        "losses": drawn_facts(loss_grid(epochs, studies, study, n_classes=n_classes)),
        "study": drawn_facts(study_curves(epochs, studies, study, n_classes=n_classes, runs=runs)),
    }
    if gradients is not None:
        facts["gradients"] = {"drawn": bool(gradient_runs(gradients, studies, study))}
    return facts


def n_classes_of(runs: pd.DataFrame) -> int:
    """K of the runs table (the number of classes, for the chance level 1/K); 2 if unrecorded."""
    if "n_classes" in runs and runs["n_classes"].notna().any():
        return int(runs["n_classes"].max())
    return 2


#: A study of learning rates with more configurations than this is drawn as a sweep
#: (accuracy against the rate) beside a few representative curves.
SWEEP_FROM = 5


def representative(values: list[float], best: float, best_test: float | None = None) -> list[float]:
    """The smallest, the best (by mean dev accuracy), the largest and the one half-way
    (on a log scale) between the best and the largest, and the best by mean test accuracy where that is another
    (reviews 79, 83: the rate the answer names best on test was not drawn): at most five rates to draw as curves."""
    ordered = sorted(set(values))
    above = [v for v in ordered if v > best]
    middle = above[(len(above) - 1) // 2] if len(above) > 1 else None
    chosen = [ordered[0], best, middle, ordered[-1], best_test]
    return sorted({v for v in chosen if v is not None})


#: Five colours whose greys (Rec. 601 luma) stay apart for the first four, the curves that share an axis: black,
#: dark blue, vermilion, sky blue (0, 0.25, 0.49, 0.62); the fifth, reddish purple (0.38), is the far rate on its own
#: part of a broken axis (reviews 114, 115: blue and orange, light grey and orange, printed as one grey). Each curve
#: also has its own line style and marker.
GREY_APART = [(0.0, 0.0, 0.0), (0.0, 0.3, 0.65), (0.85, 0.4, 0.0), (0.34, 0.71, 0.91), (0.6, 0.25, 0.45)]


def rate_sweep(epochs: pd.DataFrame, runs: pd.DataFrame, studies: pd.DataFrame, study: str) -> Figure:
    """A learning-rate study at print size: at the top, best dev and test accuracy against the rate
    (log axis; mean over seeds, bars from the lowest to the highest seed); below, the
    dev loss and dev accuracy per epoch (mean over seeds) of a few representative rates
    (:func:`representative`), each in its own colour, line style and marker so that they stay apart
    in greyscale, with one legend below."""
    members = _members(studies, study)
    values, _ = varied_values(epochs, members)
    rate = dict(zip(members["run"], values))
    per_run = runs[runs["run"].isin(members["run"])].assign(lr=lambda r: r["run"].map(rate))
    stats = per_run.groupby("lr")[["best_dev_acc", "test_acc"]].agg(["mean", "min", "max"]).sort_index()
    best = float(stats[("best_dev_acc", "mean")].idxmax())
    shown = representative(list(stats.index), best, float(stats[("test_acc", "mean")].idxmax()))
    dev = epochs[(epochs["split"] == "dev") & epochs["run"].isin(members["run"])]
    with style():
        fig = new_figure(height=4.3)
        grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.2])  # the sweep across the top, the curves below
        left = fig.add_subplot(grid[0, :])
        right, accuracy = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
        for (metric, name), look, shift in zip(
            (("best_dev_acc", "dev (best epoch)"), ("test_acc", "test")),
            (Look((0.12, 0.31, 0.6), "-", "o"), Look((0.84, 0.37, 0.0), "--", "s")),
            (0.97, 1.03),
        ):
            x = stats.index.to_numpy(dtype=float) * shift  # side by side: bars do not hide each other
            mean = 100 * stats[(metric, "mean")].to_numpy()
            err = [mean - 100 * stats[(metric, "min")].to_numpy(), 100 * stats[(metric, "max")].to_numpy() - mean]
            left.errorbar(
                x,
                mean,
                yerr=err,
                color=look.color,
                linestyle=look.linestyle,
                marker=look.marker,
                markersize=3.5,
                capsize=2,
                linewidth=1.0,
                label=name,
            )
        left.set_xscale("log")
        left.set_xlabel("learning rate (log scale)")
        left.set_ylabel("accuracy (%)")
        left.legend(loc="lower left", frameon=False)
        styles = dict(zip(shown, (Look(c, ls, m) for c, ls, m in zip(GREY_APART, LINESTYLES, MARKERS))))
        run_of = {v: next(r for r, x in rate.items() if x == v) for v in shown}
        # a rate far from the rest once settled gets its own part of a broken axis, in each panel: above the loss,
        # below the accuracy
        dev = dev.assign(accuracy=100 * dev["accuracy"])  # in percent, as the tables give it
        panels = ((right, "loss"), (accuracy, "accuracy"))
        parts = {
            metric: _broken_axis(fig, ax, dev, run_of, metric) if len(shown) > 2 else None for ax, metric in panels
        }
        for ax, metric in panels:
            part, drawn = parts[metric], []
            for i, value in enumerate(shown):
                rows = dev[dev["run"] == run_of[value]]
                on = part if part is not None and value == part.get_gid() else ax
                drawn.append(  # no seed band: one far-off rate's band would grey the whole panel
                    draw_configuration(
                        on, rows, metric, styles[value], f"{value:g}", False, label=f"{value:g}", offset=i, band=False
                    )
                )
            _integer_epochs(ax, dev["epoch"])
            if part is not None:
                far = [d for d in drawn if d.name == f"{part.get_gid():g}"]
                clip_axes(part, far, limits_of(far))
                drawn = [d for d in drawn if d not in far]
                clip_axes(ax, drawn, _settled_limits(drawn))
            else:
                # a rate whose curve runs far from the others' is cut at the axis and marked, so the others stay apart
                rest = [d for d in drawn if math.isfinite(d.high)]
                far = max(rest, key=lambda d: d.high if metric == "loss" else -d.low) if len(rest) > 2 else None
                others = [d for d in rest if d is not far]
                if far is not None and _far_apart((far.low, far.high), [(d.low, d.high) for d in others]):
                    clip_axes(ax, drawn, limits_of(others))
            # enough labelled ticks to read a value off each part (review 116: two per axis)
            ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=5 if part is None else 4))
            if part is not None:
                part.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=3))
            bottom = ax if metric == "loss" or part is None else part  # the epochs under the lowest part
            bottom.set_xlabel("epoch")
            ax.set_ylabel(METRICS[metric] + (" (%)" if metric == "accuracy" else ""))
        top = parts["loss"]
        handles, labels = right.get_legend_handles_labels()
        if top is not None:  # the far rate's line is on the upper part: the legend keeps the rates' order
            handles, labels = _in_order([*zip(handles, labels), *zip(*top.get_legend_handles_labels())])
        fig.legend(
            handles,
            labels,
            title="learning rate (bottom):",
            loc="outside lower center",
            ncols=len(labels) + 1,
            frameon=False,
            alignment="left",
        )
        finish(fig)
    return fig


def _settled_limits(drawn: Sequence[Drawn]) -> tuple[float, float]:
    """y-limits from the lines' points after the first quarter of the epochs: where the rates differ once they have
    settled (review 21: a small rate's first epochs stretched the axis until 0.01 and 0.05 merged); the first
    epochs beyond them are clipped and marked."""
    late = [_settled(np.asarray(line.get_ydata(), dtype=float)) for d in drawn for line in d.lines]
    return robust_limits(late) if any(v.size for v in late) else limits_of(drawn)


def _settled(values: np.ndarray) -> np.ndarray:
    """A curve's values after the first quarter of its epochs: where the rates have settled."""
    return values[quarter_blocks(len(values)) :]


def _far_apart(far: tuple[float, float], others: Sequence[tuple[float, float]]) -> bool:
    """Whether the range ``far`` (low, high) would stretch the axis of ``others`` to more than twice its span."""
    low, high = min(lo for lo, _ in others), max(hi for _, hi in others)
    return max(far[1], high) - min(far[0], low) > 2 * (high - low)


def _far_erratic(drawn: Sequence[Drawn], metric: str, erratic: set[str]) -> Drawn | None:
    """The erratic configuration (its name in ``erratic``) that runs far from the rest, if any: it would stretch
    their axis to more than twice its span (a loss far above, an accuracy far below). A configuration steadily at
    another level is not erratic and is not singled out; of two configurations, neither is 'the rest'."""
    rest = [d for d in drawn if math.isfinite(d.high) and math.isfinite(d.low)]
    if len(rest) < 3 or not erratic:
        return None
    far = max(rest, key=lambda d: d.high if metric == "loss" else -d.low)
    others = [(d.low, d.high) for d in rest if d is not far]
    return far if far.name in erratic and _far_apart((far.low, far.high), others) else None


def _in_order(pairs: Sequence[tuple]) -> tuple[list, list]:
    """Legend (handle, label) pairs of numeric labels, in the order of their values."""
    ordered = sorted(pairs, key=lambda hl: float(hl[1]))
    return [h for h, _ in ordered], [lab for _, lab in ordered]


def _broken_axis(
    fig: Figure, ax: Axes, dev: pd.DataFrame, run_of: Mapping[float, str], metric: str = "loss"
) -> Axes | None:
    """When one rate's mean dev ``metric`` runs far from the others' once they have settled (it would stretch their
    axis, after the first quarter of the epochs, to more than twice its span), split ``ax`` into a broken axis: a short
    part for that rate (returned, its gid the rate), above the rest for a loss (the far rate's is the highest), below
    them for an accuracy (the far rate's is the lowest), with break marks; else None. Nothing of the far rate is
    clipped away. Judged on the settled epochs, as the rest's limits are (:func:`_settled_limits`; review 83: a small
    rate's first epochs, as high as the far rate, kept the axis whole and the rest merged; reviews 112-115: 0.3's
    accuracy stretched its axis to 77-88% and the good rates merged in its top 1.5 points)."""
    means = {v: dev[dev["run"] == r].groupby("epoch")[metric].mean() for v, r in run_of.items()}
    settled = {v: _settled(m.to_numpy()) if len(m) > 1 else m.to_numpy() for v, m in means.items()}
    ranges = {
        v: (float(m[np.isfinite(m)].min()), float(m[np.isfinite(m)].max()))
        for v, m in settled.items()
        if np.isfinite(m).any()
    }
    if len(ranges) < 3:
        return None
    above = metric == "loss"
    far = max(ranges, key=lambda v: ranges[v][1]) if above else min(ranges, key=lambda v: ranges[v][0])
    if not _far_apart(ranges[far], [r for v, r in ranges.items() if v != far]):
        return None
    cell = ax.get_subplotspec().subgridspec(2, 1, height_ratios=[1, 2] if above else [2, 1], hspace=0.08)
    ax.set_subplotspec(cell[1] if above else cell[0])
    part = fig.add_subplot(cell[0] if above else cell[1], sharex=ax, label=BROKEN if above else BROKEN_BELOW)
    part.set_gid(far)
    upper, lower = (part, ax) if above else (ax, part)
    upper.spines["bottom"].set_visible(False)
    lower.spines["top"].set_visible(False)
    upper.tick_params(bottom=False, labelbottom=False)
    upper.set_xlabel("")
    marks = {
        "marker": [(-1, -0.5), (1, 0.5)],
        "markersize": 6,
        "linestyle": "none",
        "color": "k",
        "mew": 0.8,
        "clip_on": False,
    }
    upper.plot([0, 1], [0, 0], transform=upper.transAxes, **marks)
    lower.plot([0, 1], [1, 1], transform=lower.transAxes, **marks)
    return part


def gradient_runs(gradients: pd.DataFrame, studies: pd.DataFrame, study: str) -> list[str]:
    """The study's runs with gradients recorded for more than one layer: those :func:`gradient_curves` draws (none
    where training records no gradients, as on sparse TF-IDF inputs)."""
    return [r for r in _members(studies, study)["run"] if gradients[gradients["run"] == r]["layer"].nunique() > 1]


def gradient_curves(gradients: pd.DataFrame, studies: pd.DataFrame, study: str) -> Figure:
    """Per configuration of a study with hidden layers, each layer's weight-gradient root mean
    square per epoch (mean over seeds; log scale), first layer to output layer in one panel
    per configuration; a layer is drawn alike in every panel (the output layer always black),
    one legend below."""
    members = _members(studies, study)
    runs = gradient_runs(gradients, studies, study)
    deepest = max((gradients[gradients["run"] == r]["layer"].nunique() for r in runs), default=2)
    hidden_looks = [Look(c, ls, m) for c, ls, m in zip(GREY_APART[1:], LINESTYLES[1:], MARKERS[1:])]
    output_look = Look(GREY_APART[0], LINESTYLES[0], MARKERS[0])
    with style():
        fig = new_figure(height=3.2)  # four lines a decade or more apart on a log axis; it shares a float page
        axes = fig.subplots(1, max(len(runs), 1), sharey=True, squeeze=False)[0]
        for ax, run in zip(axes, runs):
            g = gradients[gradients["run"] == run].groupby(["layer", "epoch"])["grad_rms"].mean()
            layers = sorted(g.index.get_level_values("layer").unique())
            for layer in layers:
                last = layer == layers[-1]
                look = output_look if last else hidden_looks[(layer - 1) % len(hidden_looks)]
                series = g.loc[layer]
                ax.plot(
                    series.index,
                    series.to_numpy(),
                    color=look.color,
                    linestyle=look.linestyle,
                    marker=look.marker,
                    markevery=_markevery(len(series), layer),
                    markersize=3.0,
                    label="output layer" if last else f"hidden layer {layer}",
                )
            ax.set_yscale("log")
            ax.set_title(label_in_words(members.set_index("run").loc[run, "label"], "hidden"), loc="left")
            ax.set_xlabel("epoch")
        axes[0].set_ylabel("gradient RMS (log scale)")
        handles = [
            Line2D(
                [],
                [],
                color=look.color,
                linestyle=look.linestyle,
                marker=look.marker,
                markersize=3.0,
                label=f"hidden layer {i + 1}",
            )
            for i, look in zip(range(deepest - 1), hidden_looks)
        ]
        handles.append(
            Line2D(
                [],
                [],
                color=output_look.color,
                linestyle=output_look.linestyle,
                marker=output_look.marker,
                markersize=3.0,
                label="output layer",
            )
        )
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
        finish(fig)
    return fig
