"""The figures: print size, font sizes, greyscale, colours, bimodal seeds, clipping, jumps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib import colors as mpl_colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from textmlp.results import axis_limits as L
from textmlp.results import figure_style as S
from textmlp.results import figures as F
from textmlp.results.tables import CHANCE_MARGIN
from textmlp.written import activation_figure as ap

# -- synthetic tables -----------------------------------------------------------------


def curve(epochs: int, start: float, end: float) -> np.ndarray:
    return start + (end - start) * (1 - np.exp(-np.arange(1, epochs + 1) / 3))


def epochs_table(configs: dict[str, dict], epochs: int = 8, seeds=(0, 1, 2)) -> pd.DataFrame:
    """configs: run -> {"lr": .., "activation": .., "at_chance": seeds stuck at chance,
    "spike": (seed, epoch, split, loss), "shift": loss offset}."""
    rows = []
    for run, spec in configs.items():
        for seed in seeds:
            stuck = seed in spec.get("at_chance", ())
            for split in ("train", "dev"):
                loss = curve(epochs, 0.6, 0.3 if split == "dev" else 0.2) + spec.get("shift", 0) + 0.005 * seed
                acc = curve(epochs, 0.7, 0.88) - 0.002 * seed
                if stuck:
                    loss, acc = np.full(epochs, 0.693), np.full(epochs, 0.5)
                for e in range(epochs):
                    value = loss[e]
                    spike = spec.get("spike")
                    if spike and spike[:3] == (seed, e + 1, split):
                        value = spike[3]
                    rows.append(
                        {
                            "run": run,
                            "lr": spec.get("lr", 0.01),
                            "activation": spec.get("activation", "relu"),
                            "hidden": spec.get("hidden", "[8]"),
                            "seed": seed,
                            "status": "ok",
                            "epoch": e + 1,
                            "split": split,
                            "loss": value,
                            "accuracy": acc[e],
                        }
                    )
    return pd.DataFrame(rows)


def studies_table(study: str, vary: str, labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "study": study,
            "order": range(len(labels)),
            "run": list(labels),
            "label": list(labels.values()),
            "vary": vary,
            "title": study,
        }
    )


LR = {"r_a": {"lr": 0.1}, "r_b": {"lr": 0.001}, "r_c": {"lr": 0.01}, "r_d": {"lr": 0.03}}
LR_LABELS = {"r_a": "0.1", "r_b": "0.001", "r_c": "0.01", "r_d": "0.03"}
ACT = {
    "s": {"activation": "sigmoid"},
    "t": {"activation": "tanh"},
    "r": {"activation": "relu"},
    "g": {"activation": "gelu"},
    "e": {"activation": "elu"},
}
ACT_LABELS = {k: v["activation"] for k, v in ACT.items()}


def lr_study(**extra):
    configs = {run: {**spec, **extra.get(run, {})} for run, spec in LR.items()}
    return epochs_table(configs), studies_table("lrs", "lr", LR_LABELS)


def configuration_lines(ax) -> list[Line2D]:
    """The lines drawn for configurations (those with a label), one per configuration."""
    return [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]


# -- every figure at print size, every text at least 7 pt --------------------------------


def all_figures():
    epochs, studies = lr_study(r_a={"spike": (1, 4, "dev", 6.0), "at_chance": (2,)})
    act_epochs = epochs_table(ACT)
    act_studies = studies_table("acts", "activation", ACT_LABELS)
    curves = ap.activation_curves(ap.plot_grid(201))
    main, more = ap.split_curves(curves)
    return {
        "study_curves": F.study_curves(epochs, studies, "lrs"),
        "study_curves (activations)": F.study_curves(act_epochs, act_studies, "acts"),
        "loss_grid": F.loss_grid(epochs, studies, "lrs"),
        "loss_grid (5 panels)": F.loss_grid(act_epochs, act_studies, "acts"),
        "activations": ap.plot_activations(main),
        "activations_more": ap.plot_activations(more),
    }


@pytest.fixture(scope="module")
def drawn_figures():
    figs = all_figures()
    for fig in figs.values():
        fig.draw_without_rendering()  # outside the style: the sizes must hold anyway
    return figs


@pytest.mark.parametrize(
    "name",
    [
        "study_curves",
        "study_curves (activations)",
        "loss_grid",
        "loss_grid (5 panels)",
        "activations",
        "activations_more",
    ],
)
def test_every_text_is_at_least_7pt_at_print_size(drawn_figures, name):
    fig = drawn_figures[name]
    width, height = fig.get_size_inches()
    assert width <= S.PRINT_WIDTH + 1e-9 and height < 9
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    ticks = [
        t
        for ax in fig.axes
        if ax.axison
        for t in ax.get_xticklabels() + ax.get_yticklabels()
        if t.get_text() and t.get_visible()
    ]
    assert ticks and {id(t) for t in ticks} <= {id(t) for t in texts}  # the walk reaches the tick labels
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < S.MIN_FONTSIZE]
    assert small == []
    assert fig._suptitle is None  # the caption says what it shows


def test_the_walk_reaches_legends_titles_and_clip_notes(drawn_figures):
    texts = {t.get_text() for t in drawn_figures["study_curves"].findobj(Text)}
    assert "learning rate 0.001" in texts  # legend
    assert any("\u25b2" in t and "max" in t for t in texts)  # the note of the spike


# -- greyscale and colours ---------------------------------------------------------


def test_configurations_differ_in_line_style_and_marker_not_only_colour():
    epochs, studies = lr_study()  # four rates overlaid in one panel per metric
    fig = F.study_curves(epochs, studies, "lrs")
    for ax in fig.axes:
        lines = configuration_lines(ax)
        assert len(lines) == len(LR)
        assert len({str(ln.get_linestyle()) for ln in lines}) >= 4
        assert len({(str(ln.get_linestyle()), ln.get_marker()) for ln in lines}) == len(LR)


def test_more_than_three_unordered_configurations_get_a_column_each_with_its_band():
    epochs, studies = epochs_table(ACT), studies_table("acts", "activation", ACT_LABELS)
    fig = F.study_curves(epochs, studies, "acts")
    used = [ax for ax in fig.axes if ax.has_data()]
    assert len(used) == 2 * len(ACT)  # dev loss and dev accuracy of each
    for ax in used:
        own = configuration_lines(ax)
        assert len(own) == 1  # its own mean, drawn with its seed band
        assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 1
        # review 14: the others' means, grey behind each panel, could not be told apart; each panel is its own
        assert len(ax.get_lines()) == 1
    own = [configuration_lines(ax)[0] for ax in used]
    assert len({round(S.luminance(mpl_colors.to_rgb(line.get_color())), 3) for line in own}) == 1
    assert {line.get_linestyle() for line in own} == {"-"}
    titles = [ax.get_title(loc="left") for ax in used if ax.get_title(loc="left")]
    assert titles == ["Sigmoid", "Tanh", "ReLU", "GELU", "ELU"]


def test_every_panel_of_a_row_shares_one_scale_and_a_configuration_at_another_level_is_not_cut():
    """Reviews 37, 38: tanh on its own y-scale hid the one effect the study resolves, and the caption promises panels
    that compare by height. Every panel of a row shares one scale; a configuration steadily at another level is a
    good share of the points and stays whole on it (review 25's squeeze is the price of comparing by height)."""
    configs = {**ACT, "t": {"activation": "tanh", "shift": 1.0}}  # tanh's dev loss runs 1.0 above the rest
    epochs, studies = epochs_table(configs), studies_table("acts", "activation", ACT_LABELS)
    fig = F.study_curves(epochs, studies, "acts")
    assert not any("own y-scale" in ax.get_title(loc="left") for ax in fig.axes)
    drawn = [ax for ax in fig.axes if ax.has_data()]
    loss = [ax for ax in drawn if ax.get_ylim()[1] < 10]  # accuracy is drawn in percent
    assert len(loss) == len(configs) and len({ax.get_ylim() for ax in loss}) == 1
    assert len({ax.get_ylim() for ax in drawn if ax not in loss}) == 1
    for ax in fig.axes:
        for line in configuration_lines(ax):
            y = np.asarray(line.get_ydata(), dtype=float)
            bottom, top = ax.get_ylim()
            assert bottom <= y.min() and y.max() <= top  # a mean is never cut


def test_an_erratic_configuration_far_from_the_rest_gets_its_own_scale_in_both_rows():
    """Reviews 112-117: the row's axis, set by tanh's jumps, flattened sigmoid, ReLU and GELU into one strip. A
    configuration whose mean dev loss jumps, and that would stretch the row's axis, is drawn on its own scale in both
    rows, said in its title and the caption; the others share a scale fitted to them."""
    epochs = epochs_table(ACT)
    tanh = (epochs["run"] == "t") & (epochs["split"] == "dev")
    swing = np.where(epochs.loc[tanh, "epoch"] % 2 == 0, 0.3, 0.0)  # its mean up and down by 0.3 every epoch
    epochs.loc[tanh, "loss"] += swing
    epochs.loc[tanh, "accuracy"] -= swing / 3
    fig = F.study_curves(epochs, studies_table("acts", "activation", ACT_LABELS), "acts")
    titled = [ax.get_title(loc="left") for ax in fig.axes if "own y-scale" in ax.get_title(loc="left")]
    assert titled == ["Tanh (own y-scale)"] and F.drawn_facts(fig)["own_scale"]
    drawn = [ax for ax in fig.axes if ax.has_data()]
    loss = [ax for ax in drawn if ax.get_ylim()[1] < 10]  # accuracy is drawn in percent
    for row in (loss, [ax for ax in drawn if ax not in loss]):  # one panel per configuration each
        own = [ax for ax in row if any(ln.get_label() == "Tanh" for ln in configuration_lines(ax))]
        rest = [ax for ax in row if ax not in own]
        assert len(own) == 1 and len({ax.get_ylim() for ax in rest}) == 1
        low, high = rest[0].get_ylim()
        assert own[0].get_ylim() != (low, high)
        y = np.concatenate([np.asarray(ln.get_ydata(), dtype=float) for ln in configuration_lines(own[0])])
        assert own[0].get_ylim()[0] <= y.min() and y.max() <= own[0].get_ylim()[1]  # nothing of it cut
    from textmlp.captions import drawn_only, study_caption_tex

    caption = drawn_only(study_caption_tex("panels", "activation"), True, True)
    assert "unless a panel's title says `own y-scale'" in caption


def test_a_spike_of_one_panel_is_clipped_and_marked_on_the_shared_scale():
    """One epoch of one configuration far off would stretch the shared scale: it is clipped at the edge, marked with
    a triangle, and named above the panel, as the loss figures do."""
    epochs = epochs_table(ACT)
    spike = (epochs["run"] == "t") & (epochs["split"] == "dev") & (epochs["epoch"] == 5)
    epochs.loc[spike, "loss"] += 3.0
    fig = F.study_curves(epochs, studies_table("acts", "activation", ACT_LABELS), "acts")
    clipped = [ax for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == L.CLIPPED]
    loss = [ax for ax in fig.axes if ax.has_data() and ax.get_ylim()[1] < 10]
    assert clipped and len(loss) == len(ACT) and all(ax.get_ylim()[1] < 2.0 for ax in loss)
    # the panel's title names the configuration: the note gives the value only (a narrow panel's full note ran past
    # the figure's edge)
    assert clipped[0].get_title(loc="right").strip() == "\u25b2 max 3.36"


def test_loss_grid_tells_train_from_dev_without_colour():
    epochs, studies = lr_study()
    fig = F.loss_grid(epochs, studies, "lrs")
    legend = fig.legends[0]
    train, dev = legend.legend_handles[:2]
    assert train.get_linestyle() != dev.get_linestyle() and train.get_marker() != dev.get_marker()
    for ax in fig.axes:
        styles = {ln.get_label(): (ln.get_linestyle(), ln.get_marker()) for ln in configuration_lines(ax)}
        assert set(styles) == {"train", "dev"} and styles["train"] != styles["dev"]


@pytest.mark.parametrize("panels, columns", [(1, 1), (2, 2), (3, 3), (4, 4), (5, 3), (6, 3), (7, 4), (8, 4), (9, 3)])
def test_the_loss_grid_leaves_as_few_panels_empty_as_two_or_three_across_allow(panels, columns):
    assert F.grid_columns(panels) == columns


def test_three_configurations_are_drawn_in_one_row():
    """Review 43: three structures drawn 2 x 2 left a quarter of the figure empty."""
    runs = {k: LR[k] for k in ("r_a", "r_b", "r_c")}
    fig = F.loss_grid(epochs_table(runs), studies_table("lrs", "lr", {k: LR_LABELS[k] for k in runs}), "lrs")
    fig.canvas.draw()
    drawn = [ax for ax in fig.axes if ax.get_visible() and configuration_lines(ax)]
    assert len(drawn) == 3 and len({round(ax.get_position().y0, 3) for ax in drawn}) == 1


def test_a_panel_title_fits_its_panel_four_across():
    """Review 43: 'learning rate 0.3 (means only)' ran past its panel, four panels across; the qualifier goes on a
    line of its own there, and a clip note stays above the whole title."""
    epochs, studies = lr_study(r_a={"spike": (1, 4, "dev", 6.0)})
    grid = F.loss_grid(epochs, studies, "lrs")
    renderer = FigureCanvasAgg(grid).get_renderer()
    grid.draw(renderer)
    for ax in grid.axes:
        title = ax._left_title  # matplotlib's left title: no public accessor for its extent
        if title.get_text():
            assert title.get_window_extent(renderer).width <= ax.get_window_extent(renderer).width * 1.02
    titles = [ax.get_title(loc="left") for ax in grid.axes]
    assert any(t.endswith("\n(means only)") for t in titles), titles
    noted = [ax for ax in grid.axes if ax.get_title(loc="right")]
    assert noted and all(
        ax.get_title(loc="right").endswith("\n" * (ax.get_title(loc="left").count("\n") + 1)) for ax in noted
    )


def test_an_own_scale_title_fits_its_panel_three_across():
    """Reviews 44, 45: 'TF-IDF 1- to 3-grams (own y-scale)' was cut off, three panels across."""
    runs = {"r_a": {**LR["r_a"], "shift": 1.0}, "r_b": LR["r_b"], "r_c": LR["r_c"]}
    labels = {"r_a": "a rather long label of an input", "r_b": "0.001", "r_c": "0.01"}
    grid = F.loss_grid(epochs_table(runs), studies_table("lrs", "lr", labels), "lrs")
    renderer = FigureCanvasAgg(grid).get_renderer()
    grid.draw(renderer)
    first = grid.axes[0]
    assert first.get_title(loc="left").endswith("\n(own y-scale)")
    assert first._left_title.get_window_extent(renderer).width <= first.get_window_extent(renderer).width * 1.02


def test_a_numeric_parameter_gets_a_sequential_colour_map_in_order_of_value():
    epochs, studies = lr_study()  # labels in the order 0.1, 0.001, 0.01, 0.03
    fig = F.study_curves(epochs, studies, "lrs")
    colour = {ln.get_label(): ln.get_color() for ln in configuration_lines(fig.axes[0])}
    by_value = [colour[f"learning rate {v}"] for v in ("0.001", "0.01", "0.03", "0.1")]
    light = [S.luminance(c) for c in by_value]
    assert all(a < b for a, b in zip(light, light[1:])), light  # dark to light with the value


def test_a_categorical_parameter_gets_a_qualitative_palette():
    values, numeric = F.varied_values(epochs_table(ACT), studies_table("acts", "activation", ACT_LABELS))
    assert not numeric and values == list(ACT_LABELS.values())
    hidden = studies_table("h", "hidden", {"a": "[]", "b": "[512, 512]"})
    assert F.varied_values(epochs_table({"a": {}, "b": {}}), hidden)[1] is False
    colours = S.palette(values, numeric)
    light = [S.luminance(c) for c in colours]
    assert len(set(colours)) == len(colours) and not all(a < b for a, b in zip(light, light[1:]))
    ordered = sorted(light)  # every two apart in greyscale, not only in colour
    assert min(b - a for a, b in zip(ordered, ordered[1:])) > 0.1, light
    assert F.label_in_words("[512, 512]", "hidden") == "512-512 hidden"
    assert F.label_in_words("[]", "hidden") == F.label_in_words("none (linear)", "hidden") == "none (linear)"
    assert F.label_in_words("relu", "activation") == "ReLU"


# -- a bimodal configuration ---------------------------------------------------------


def test_seeds_at_chance_follow_the_summary_rule():
    epochs = epochs_table({"split": {"at_chance": (0,)}, "all": {"at_chance": (0, 1, 2)}, "fine": {}})
    assert F.bimodal_runs(epochs) == {"split"}  # all stuck: the mean is what every seed did
    edge = epochs.copy()
    edge.loc[(edge["run"] == "fine") & (edge["seed"] == 1), "accuracy"] = 0.5 + CHANCE_MARGIN - 1e-6
    assert F.bimodal_runs(edge) == {"split", "fine"}
    assert F.bimodal_runs(edge, n_classes=4) == set()  # 0.52 is far above chance (0.25) of 4 classes


def test_a_bimodal_configuration_is_drawn_seed_by_seed():
    epochs, studies = lr_study(r_b={"at_chance": (0,)})
    fig = F.study_curves(epochs, studies, "lrs")
    for ax in fig.axes:
        colour = {ln.get_label(): ln.get_color() for ln in configuration_lines(ax)}
        bimodal = [
            ln
            for ln in ax.get_lines()
            if ln.get_color() == colour["learning rate 0.001 (per seed)"] and ln.get_gid() != L.CLIPPED
        ]
        assert len(bimodal) == 3  # one per seed, no mean line
        stuck = [ln for ln in bimodal if np.allclose(ln.get_ydata(), ln.get_ydata()[0])]
        assert len(stuck) == 1
        others = [ln for ln in ax.get_lines() if ln.get_color() == colour["learning rate 0.1"]]
        assert len(others) == 1  # the mean of the others
        assert not [c for c in ax.collections if isinstance(c, PolyCollection)]  # four: means only
    grid = F.loss_grid(epochs, studies, "lrs")
    panel = next(ax for ax in grid.axes if ax.get_title(loc="left").startswith("learning rate 0.001"))
    assert len(panel.get_lines()) == 6  # train and dev of three seeds
    assert "per seed" in panel.get_title(loc="left")


# -- one outlier does not flatten the rest ----------------------------------------------


def test_seed_bands_are_drawn_for_up_to_three_configurations_and_not_for_more():
    three = {k: LR[k] for k in ("r_a", "r_c", "r_d")}
    epochs = epochs_table(three)
    studies = studies_table("lrs", "lr", {k: LR_LABELS[k] for k in three})
    for ax in F.study_curves(epochs, studies, "lrs").axes:
        assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 3
    epochs, studies = lr_study()
    for ax in F.study_curves(epochs, studies, "lrs").axes:
        assert not [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(configuration_lines(ax)) == len(LR)


def test_an_outlier_ten_times_larger_is_clipped_and_marked():
    epochs, studies = lr_study(r_c={"spike": (1, 5, "dev", 5.0)})  # the rest lies within 0.3-0.6
    fig = F.study_curves(epochs, studies, "lrs")
    loss = fig.axes[0]
    bottom, top = loss.get_ylim()
    assert top < 0.7 and bottom > 0.2
    marks = [ln for ln in loss.get_lines() if ln.get_gid() == L.CLIPPED]
    assert {ln.get_marker() for ln in marks} == {"^"}
    # just inside the top edge, in axes coordinates, so that no triangle prints over the panel's title
    assert marks and all(np.allclose(ln.get_ydata(), L.CLIP_INSET[1]) for ln in marks)
    assert all(ln.get_transform() == loss.get_xaxis_transform() for ln in marks)
    assert [ln.get_xdata().tolist() for ln in marks] == [[5.0]]  # the mean line's point at epoch 5
    note = loss.get_title(loc="right")
    spiked = epochs[(epochs["run"] == "r_c") & (epochs["split"] == "dev") & (epochs["epoch"] == 5)]["loss"].mean()
    assert f"\u25b2 learning rate 0.01: max {spiked:.3g}" in note  # four configurations: the mean
    grid = F.loss_grid(epochs, studies, "lrs")
    assert all(ax.get_ylim()[1] < 0.7 for ax in grid.axes)  # the shared axis too
    assert [ax.get_title(loc="right") != "" for ax in grid.axes] == [False, False, True, False]


def test_a_clipped_extreme_is_said_to_be_a_seeds_where_only_the_band_reaches_it():
    """Reviews 113, 119: a band's maximum and a mean's were both printed as 'max' (the same run's 'min 77.2' in one
    figure, 'min 76.3' in another). Where the band reaches beyond every drawn line, the note says it is a seed's."""
    import matplotlib.pyplot as plt

    from textmlp.results.figure_style import Look

    rows = pd.DataFrame(
        [{"seed": k, "epoch": e, "loss": 0.9 if (k, e) == (1, 3) else 0.3} for k in (0, 1) for e in range(1, 6)]
    )
    notes = {}
    for band in (True, False):
        fig, ax = plt.subplots()
        drawn = F.draw_configuration(ax, rows, "loss", Look("k", "-", "o"), "x", False, label="x", band=band)
        notes[band] = L.clip_axes(ax, [drawn], (0.2, 0.5))
        plt.close(fig)
    assert notes == {True: "\u25b2 x: seed max 0.9", False: "\u25b2 x: max 0.6"}


def test_a_panel_at_another_level_gets_its_own_axis_and_the_others_keep_theirs():
    """A rate whose loss runs at 1.3 throughout would flatten every other panel of a shared axis."""
    epochs, studies = lr_study(r_a={"shift": 1.0})
    grid = F.loss_grid(epochs, studies, "lrs")
    titles = [ax.get_title(loc="left") for ax in grid.axes]
    assert [t.endswith("(own y-scale)") for t in titles] == [True, False, False, False]
    assert grid.axes[0].get_ylim()[1] > 1.5
    assert all(ax.get_ylim()[1] < 0.7 for ax in grid.axes[1:])
    assert len({ax.get_ylim() for ax in grid.axes[1:]}) == 1  # the rest still share one axis


def test_a_clip_note_sits_above_a_panels_title_not_on_its_line():
    epochs, studies = lr_study(r_c={"spike": (1, 5, "dev", 5.0)})
    grid = F.loss_grid(epochs, studies, "lrs")
    panel = grid.axes[2]
    assert panel.get_title(loc="left") and panel.get_title(loc="right").endswith("\n")


def test_without_outliers_nothing_is_clipped():
    epochs, studies = lr_study()
    fig = F.study_curves(epochs, studies, "lrs")
    for ax, metric in zip(fig.axes, ("loss", "accuracy")):
        dev = epochs[epochs["split"] == "dev"][metric] * (100 if metric == "accuracy" else 1)  # accuracy in %
        assert ax.get_ylim()[0] < dev.min() and ax.get_ylim()[1] > dev.max()
        assert ax.get_title(loc="right") == ""


def test_robust_limits_keep_a_whole_configuration_at_another_level():
    rng = np.random.default_rng(0)
    low = [0.3 + 0.01 * rng.standard_normal(20) for _ in range(3)]
    high = [np.full(20, 0.9)]  # a configuration that never learned: real, not an outlier
    assert L.robust_limits(low + high)[1] > 0.9
    spiky = [*low, np.r_[0.3 + 0.01 * rng.standard_normal(19), 3.0]]
    bottom, top = L.robust_limits(spiky)
    assert top < 0.4 and bottom > 0.2
    assert L.robust_limits([np.r_[0.3, 0.31]], extent=[5.0])[1] < 1  # a band end alone is no reason


# -- the activation figures ---------------------------------------------------------


def test_activation_figures_hold_the_homeworks_three_and_the_rest():
    main, more = ap.split_curves(ap.activation_curves(ap.plot_grid(101)))
    assert list(dict.fromkeys(main["activation"])) == ["Sigmoid", "Tanh", "ReLU"]
    assert set(more["activation"]) == {"GELU", "LeakyReLU", "ELU", "SiLU"}
    fig = ap.plot_activations(main)
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles == ["Sigmoid", "Tanh", "ReLU"]
    sigmoid_derivative = fig.axes[3]
    assert sigmoid_derivative.get_ylim()[1] < 0.3  # its own scale: the peak of 1/4 fills it


def test_relu_derivative_has_no_vertical_segment_and_circles_at_the_jump():
    fig = ap.plot_activations(ap.activation_curves(names=["relu"]))
    derivative = fig.axes[1]
    drawn = [
        ln
        for ln in derivative.get_lines()
        if ln.get_linestyle() not in ("None", "none", "") and len(ln.get_xdata()) > 2
    ]
    assert len(drawn) == 2  # two pieces
    for ln in drawn:
        y = np.asarray(ln.get_ydata(), float)
        assert np.abs(np.diff(y)).max() < 0.1, "a jump drawn as a line"
    circles = {
        (float(ln.get_xdata()[0]), float(ln.get_ydata()[0])): ln.get_markerfacecolor()
        for ln in derivative.get_lines()
        if ln.get_marker() == "o"
    }
    assert set(circles) == {(0.0, 0.0), (0.0, 1.0)}
    assert circles[(0.0, 1.0)] == "white" and circles[(0.0, 0.0)] != "white"  # autograd: relu'(0) = 0


def test_pieces_split_only_at_jumps():
    x = np.linspace(-1, 1, 21)
    parts, jumps = ap.pieces(x, np.where(x > 0, 1.0, 0.0))
    assert [(j.x, j.value, j.limit) for j in jumps] == [(0.0, 0.0, 1.0)]
    assert parts[0][0][-1] == 0.0 and parts[1][0][0] == 0.0 and parts[1][1][0] == 1.0
    smooth_parts, none = ap.pieces(x, np.tanh(x))
    assert none == [] and len(smooth_parts) == 1


# -- files ---------------------------------------------------------------------------


def test_saved_figures_are_byte_identical_and_at_print_size(tmp_path):
    from PIL import Image

    epochs, studies = lr_study(r_a={"spike": (1, 4, "dev", 6.0)})
    out = []
    for i in range(2):
        pdf, png = tmp_path / f"{i}.pdf", tmp_path / f"{i}.png"
        S.save(F.loss_grid(epochs, studies, "lrs"), pdf, png)
        out.append((pdf.read_bytes(), png.read_bytes()))
    assert out[0] == out[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.pdf", "0.png", "1.pdf", "1.png"]
    width, _ = Image.open(tmp_path / "0.png").size
    assert width == round(S.PRINT_WIDTH * S.DPI)  # no tight bounding box: the size is the print size


def _sweep_tables(far_loss: float | None = None):
    """Eight rates, best on dev at 0.02; ``far_loss``: the mean dev loss of 0.3 sits at that level instead."""
    rates = [0.0001, 0.001, 0.01, 0.02, 0.03, 0.05, 0.1, 0.3]

    def loss(i, lr, epoch):
        return far_loss + 0.1 * epoch if far_loss is not None and lr == 0.3 else 0.5 / epoch + 0.01 * i

    return _rate_tables(rates, 3, loss, best=3)


def _rate_tables(rates, n, loss, best, accuracy=None):
    """A study of ``rates`` over ``n`` epochs, two seeds alike, the rate at index ``best`` best on dev; ``loss(i, lr,
    epoch)``: the train and dev loss of the ``i``-th rate at that epoch; ``accuracy(i, lr, epoch)`` likewise (else
    each rate's best dev accuracy at every epoch)."""
    rows, runs = [], []
    for i, lr in enumerate(rates):
        for seed in (0, 1):
            acc = 0.85 - 0.01 * abs(i - best)
            runs.append({"run": f"r{i}", "seed": seed, "best_dev_acc": acc, "test_acc": acc - 0.01})
            for epoch in range(1, n + 1):
                for split in ("train", "dev"):
                    rows.append(
                        {
                            "run": f"r{i}",
                            "lr": lr,
                            "seed": seed,
                            "status": "ok",
                            "epoch": epoch,
                            "split": split,
                            "loss": loss(i, lr, epoch),
                            "accuracy": acc if accuracy is None else accuracy(i, lr, epoch),
                        }
                    )
    studies = pd.DataFrame(
        [
            {"study": "lrs", "order": i, "run": f"r{i}", "label": f"{lr:g}", "vary": "lr", "title": "LR"}
            for i, lr in enumerate(rates)
        ]
    )
    return pd.DataFrame(rows), studies, pd.DataFrame(runs)


def test_a_rate_far_above_the_others_gets_the_upper_part_of_a_broken_axis_not_clipped():
    epochs, studies, runs = _sweep_tables(far_loss=3.0)
    fig = F.study_curves(epochs, studies, "lrs", runs=runs)
    sweep, loss, accuracy, top = fig.axes
    assert top.get_gid() == 0.3
    on_top = [ln for ln in top.get_lines() if not ln.get_label().startswith("_")]
    below = [ln for ln in loss.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in on_top] == ["0.3"] and "0.3" not in [ln.get_label() for ln in below]
    assert top.get_ylim()[0] > 3.0 > loss.get_ylim()[1]  # each part its own range, the far one above
    assert not [ln for ln in top.get_lines() if ln.get_gid() == L.CLIPPED]  # the far rate: nothing cut
    # below, the axis holds the rates once settled (review 21: 0.01 and 0.05 merged under a small rate's first
    # epochs): only points of the first quarter of the epochs may be cut, and each is marked
    from textmlp.results.definitions import quarter_blocks

    first = quarter_blocks(int(epochs["epoch"].max()))
    cut = [x for ln in loss.get_lines() if ln.get_gid() == L.CLIPPED for x in ln.get_xdata()]
    assert all(x <= first for x in cut)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["0.0001", "0.02", "0.05", "0.3"]
    flat_epochs, flat_studies, flat_runs = _sweep_tables()
    flat = F.study_curves(flat_epochs, flat_studies, "lrs", runs=flat_runs)
    assert len(flat.axes) == 3  # no break without need
    # and the caption says a broken axis only where one is drawn (reviews 74, 75: said of one continuous axis)
    from types import SimpleNamespace

    from textmlp.report.studies import study_caption

    assert F.drawn_facts(fig)["broken"] and not F.drawn_facts(flat)["broken"]
    labels = [f"{lr:g}" for lr in (0.0001, 0.001, 0.01, 0.02, 0.03, 0.05, 0.1, 0.3)]
    f = SimpleNamespace(title="LR", vary="lr", ranked=pd.DataFrame({"label": labels}), bimodal=[])
    for drawn, said in ((fig, True), (flat, False)):
        f.drawn = {"study": F.drawn_facts(drawn)}
        assert ("broken axis" in study_caption(f)) == said, study_caption(f)


def test_the_broken_axis_is_judged_on_the_settled_epochs_not_a_small_rates_first_ones():
    """Review 83: the smallest rate's first epochs reached as high as the far rate's dev loss, so the axis stayed whole
    and the settled rates merged at its foot. Judged after the first quarter of the epochs, the far rate gets the upper
    part; the small rate's first epochs are cut below and marked."""
    rates = [0.0001, 0.001, 0.01, 0.02, 0.3]

    def loss(i, lr, epoch):
        if lr == 0.3:  # far above once settled, and no higher than the small rate's first epoch
            return 0.5 + 0.1 * (epoch % 2)
        if lr == 0.0001:  # starts high, settles among the rest
            return 0.32 + 0.3 * 0.5 ** (epoch - 1)
        return 0.30 + 0.01 * i + 0.001 * epoch

    epochs, studies, runs = _rate_tables(rates, 12, loss, best=2)
    assert epochs[epochs["run"] == "r0"]["loss"].max() >= epochs[epochs["run"] == "r4"]["loss"].max()
    fig = F.study_curves(epochs, studies, "lrs", runs=runs)
    sweep, loss, accuracy, top = fig.axes
    assert top.get_gid() == 0.3 and F.drawn_facts(fig)["broken"]
    assert loss.get_ylim()[1] < 0.5  # the settled rates have the lower part to themselves
    cut = [x for ln in loss.get_lines() if ln.get_gid() == L.CLIPPED for x in ln.get_xdata()]
    assert cut and all(x <= 3 for x in cut)  # only the small rate's first epochs, each marked


def test_a_rate_whose_accuracy_runs_far_below_the_others_gets_the_lower_part_of_a_broken_axis():
    """Reviews 112-115: 0.3's dev accuracy (down to 77%) stretched its axis until the good rates merged in its top 1.5
    points. The far rate gets the lower part of a broken axis, nothing of it cut; the rest keep the upper part, on
    their settled epochs; the caption says so, and only where it is drawn."""
    rates = [0.0001, 0.001, 0.01, 0.05, 0.3]

    def accuracy(i, lr, epoch):
        if lr == 0.3:  # far below, and swinging
            return 0.78 + 0.04 * (epoch % 2)
        if lr == 0.0001:  # starts low, settles among the rest
            return 0.865 - 0.2 * 0.25 ** (epoch - 1)
        return 0.86 + 0.003 * i + 0.0002 * epoch

    epochs, studies, runs = _rate_tables(rates, 12, lambda i, lr, e: 0.3 + 0.001 * i, best=2, accuracy=accuracy)
    fig = F.study_curves(epochs, studies, "lrs", runs=runs)
    facts = F.drawn_facts(fig)
    assert facts["broken_below"] and not facts["broken"]
    part = next(ax for ax in fig.axes if ax.get_label() == F.BROKEN_BELOW)
    upper = fig.axes[2]
    assert part.get_gid() == 0.3
    assert [ln.get_label() for ln in part.get_lines() if not ln.get_label().startswith("_")] == ["0.3"]
    assert "0.3" not in [ln.get_label() for ln in upper.get_lines()]
    assert part.get_ylim()[1] < upper.get_ylim()[0]  # the far part below the rest's
    assert upper.get_ylim()[1] - upper.get_ylim()[0] < 3  # the settled rates spread over the upper part (points)
    assert not [ln for ln in part.get_lines() if ln.get_gid() == L.CLIPPED]
    cut = [x for ln in upper.get_lines() if ln.get_gid() == L.CLIPPED for x in ln.get_xdata()]
    assert cut and all(x <= 3 for x in cut)  # only the small rate's first epochs, each marked
    assert part.get_xlabel() == "epoch" and upper.get_xlabel() == ""
    from types import SimpleNamespace

    from textmlp.report.studies import study_caption

    f = SimpleNamespace(
        title="LR", vary="lr", ranked=pd.DataFrame({"label": [f"{r:g}" for r in rates]}), bimodal=[], drawn={}
    )
    for drawn, said in ((facts, True), ({**facts, "broken_below": False}, False)):
        f.drawn = {"study": drawn}
        assert ("lower part of a broken axis" in study_caption(f)) == said


def test_a_long_learning_rate_study_is_drawn_as_a_sweep_beside_representative_curves():
    """Eight rates: accuracy against the rate on a log axis (seeds as bars), and the dev loss of
    at most four rates, each with its own line style and marker (apart in greyscale)."""
    rates = [0.0001, 0.001, 0.01, 0.02, 0.03, 0.05, 0.1, 0.3]
    assert F.representative(rates, best=0.02) == [0.0001, 0.02, 0.05, 0.3]
    # the best on test beside them where it is another rate (reviews 79, 83: the answer's best test rate undrawn)
    assert F.representative(rates, best=0.02, best_test=0.001) == [0.0001, 0.001, 0.02, 0.05, 0.3]
    assert F.representative(rates, best=0.02, best_test=0.02) == [0.0001, 0.02, 0.05, 0.3]
    epochs, studies, runs = _sweep_tables()
    fig = F.study_curves(epochs, studies, "lrs", runs=runs)
    sweep, curves, accuracy = fig.axes
    assert sweep.get_xscale() == "log"
    # the rates in plain decimals, as the text gives them (reviews 96, 97: a power of ten's exponent printed under 6 pt)
    ticks = sweep.xaxis.get_major_formatter()
    assert [ticks(v, 0) for v in (0.0001, 0.001, 0.01, 0.1, 1.0)] == ["0.0001", "0.001", "0.01", "0.1", "1"]
    assert sweep.xaxis.get_minor_formatter()(0.002, 0) == ""
    assert (curves.get_ylabel(), accuracy.get_ylabel()) == ("dev loss (cross-entropy)", "dev accuracy (%)")
    for ax in (curves, accuracy):
        drawn = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
        assert [ln.get_label() for ln in drawn] == ["0.0001", "0.02", "0.05", "0.3"]
        assert len({(ln.get_linestyle(), ln.get_marker()) for ln in drawn}) == len(drawn)
    assert fig.legends and fig.legends[0].get_title().get_text().startswith("learning rate")
    shown = [ln for ln in accuracy.get_lines() if ln.get_label() == "0.02"][0]
    assert 100 * 0.85 == pytest.approx(float(shown.get_ydata()[0]))  # in percent, as the axis says
    # best on test at 0.001: a fifth curve, apart from the others in colour, line style and marker
    runs = runs.assign(test_acc=np.where(runs["run"] == "r1", 0.99, runs["test_acc"]))
    curves = F.study_curves(epochs, studies, "lrs", runs=runs).axes[1]
    drawn = [ln for ln in curves.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in drawn] == ["0.0001", "0.001", "0.02", "0.05", "0.3"]
    looks = {(str(ln.get_linestyle()), ln.get_marker(), str(ln.get_color())) for ln in drawn}
    assert len(looks) == 5 and len({str(ln.get_color()) for ln in drawn}) == 5


def test_an_erratic_configuration_and_one_at_another_level_each_get_a_column_and_nothing_is_cut():
    """Tanh's jumps (its mean dev loss rising by more than JUMP) squeezed three activations into a fifth of the
    axis, and clipped to the others' axis it was a row of triangles (review 29): the study is drawn a column per
    activation. An input steadily at another level (TF-IDF beside averaged vectors) gets a column too, on the row's
    shared scale, uncut (reviews 30, 31: overlaid means tangle; reviews 37, 38: panels compare by height)."""
    three = {k: ACT[k] for k in ("s", "t", "r")}
    epochs = epochs_table(three)
    jumpy = (epochs["run"] == "t") & (epochs["split"] == "dev") & (epochs["epoch"] % 2 == 0)
    epochs.loc[jumpy, "loss"] += 0.3
    labels = {k: ACT_LABELS[k] for k in three}
    fig = F.study_curves(epochs, studies_table("acts", "activation", labels), "acts")
    assert F.drawn_facts(fig)["panels"] and len(fig.axes) == 6
    assert not [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == L.CLIPPED]  # nothing cut
    steady = epochs_table({"a": {}, "b": {}, "c": {"shift": 0.5}})
    fig = F.study_curves(steady, studies_table("in", "embedding", {"a": "a", "b": "b", "c": "c"}), "in")
    assert F.drawn_facts(fig)["panels"] and len(fig.axes) == 6
    assert not [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == L.CLIPPED]
    assert fig.axes[2].get_ylim() == fig.axes[0].get_ylim() and fig.axes[2].get_ylim()[1] > 1.0  # one scale, c whole


def test_the_gradient_figure_draws_the_runs_with_gradients_recorded_per_layer():
    """Runs on TF-IDF record no gradients: the figure has nothing to draw for them, and the report asks
    :func:`gradient_runs` whether to show it at all."""
    studies = studies_table("d", "hidden", {"w1": "[8]", "w2": "[8, 8]", "t1": "[8]"})
    rows = [
        {"run": r, "seed": 0, "epoch": e, "layer": layer, "grad_rms": 0.01 * layer}
        for r, layers in (("w1", 2), ("w2", 3))
        for e in (1, 2)
        for layer in range(1, layers + 1)
    ]
    gradients = pd.DataFrame(rows)
    assert F.gradient_runs(gradients, studies, "d") == ["w1", "w2"]
    fig = F.gradient_curves(gradients, studies, "d")
    assert sum(len(ax.get_lines()) for ax in fig.axes) == 5  # two layers and three layers drawn
    assert F.gradient_runs(gradients.iloc[:0], studies, "d") == []
