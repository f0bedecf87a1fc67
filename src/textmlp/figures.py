"""Figures drawn from the tidy tables only (never from the runs themselves).

Each function returns a matplotlib Figure; :func:`save` writes it as vector
PDF (for the report) and PNG (for a quick look). Axis limits are left to the
data; a diverged run is drawn up to its last epoch and marked in the legend.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from textmlp.config import describe  # noqa: E402
from textmlp.io import FIGURE_METADATA, atomic_path  # noqa: E402

METRICS = {"loss": "dev loss (cross-entropy)", "accuracy": "dev accuracy"}


def _style() -> None:
    sns.set_theme(context="paper", style="whitegrid", font_scale=1.25)


def save(fig: plt.Figure, pdf: str | Path, png: str | Path) -> None:
    """Write ``fig`` as PDF and PNG, each atomically and without timestamps."""
    for path, kwargs in ((pdf, {"metadata": FIGURE_METADATA["pdf"]}),
                         (png, {"dpi": 150, "metadata": FIGURE_METADATA["png"]})):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=Path(path).suffix[1:], bbox_inches="tight", **kwargs)
    plt.close(fig)


def run_curves(epochs: pd.DataFrame, run: str) -> plt.Figure:
    """Train and dev loss per epoch of one configuration, one line per seed and split."""
    _style()
    data = epochs[epochs["run"] == run].copy()
    first = data.iloc[0]
    title = describe(first[[c for c in ("embedding", "hidden", "activation", "lr", "batch_size", "dropout")
                            if c in data]])
    data["seed"] = data["seed"].astype(str)
    fig, ax = plt.subplots(figsize=(4.2, 2.8))
    sns.lineplot(data=data, x="epoch", y="loss", hue="split", style="seed", hue_order=["train", "dev"],
                 markers=False, ax=ax, estimator=None, units=None)
    diverged = sorted(data.loc[data["status"] == "diverged", "seed"].unique())
    if diverged:
        title += f"\n(diverged: seed {', '.join(diverged)})"
    ax.set_title(title, fontsize=9)
    ax.set_ylabel("cross-entropy loss")
    ax.legend(fontsize=7, ncols=2)
    return fig


def dataset_caption(split_stats: dict, name: str) -> str:
    """'IMDB Large Movie Review Dataset: train 20,000, dev 5,000, test 10,000' from
    data.name and split.json."""
    sizes = split_stats["sizes"]
    return (f"{name}: train {sizes['train']:,}, dev {sizes['dev']:,}, "
            f"test {sizes['test']:,}")


def study_curves(epochs: pd.DataFrame, studies: pd.DataFrame, study: str,
                 dataset: str | None = None) -> plt.Figure:
    """Dev loss and dev accuracy per epoch for each configuration of a study:
    the mean over seeds as a line, the min–max over seeds as a band;
    ``dataset`` (see :func:`dataset_caption`) titles the figure."""
    _style()
    members = studies[studies["study"] == study].sort_values("order")
    labels = dict(zip(members["run"], members["label"]))
    diverged = set(epochs.loc[epochs["status"] == "diverged", "run"])
    dev = epochs[(epochs["split"] == "dev") & epochs["run"].isin(labels)].copy()
    dev["configuration"] = dev["run"].map(lambda r: labels[r] + (" (diverged)" if r in diverged else ""))
    order = [labels[r] + (" (diverged)" if r in diverged else "") for r in members["run"]]
    vary = members["vary"].iloc[0]
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.4))
    palette = sns.color_palette("colorblind", n_colors=len(order))
    for ax, (metric, ylabel) in zip(axes, METRICS.items()):
        sns.lineplot(data=dev, x="epoch", y=metric, hue="configuration", hue_order=order,
                     errorbar=lambda v: (v.min(), v.max()), err_kws={"alpha": 0.12}, palette=palette,
                     ax=ax, legend=ax is axes[-1])
        ax.set_ylabel(ylabel)
    if dataset:
        fig.suptitle(dataset, fontsize=9)
    fig.tight_layout()
    sns.move_legend(axes[-1], "upper center", bbox_to_anchor=(-0.1, -0.2), title=vary,
                    ncols=min(len(order), 6), frameon=False)
    return fig
