"""The generated parts of report/hw3.tex: results macros, study sections
(figures, booktabs tables, findings), and the reproducibility appendix.

Everything here is rendered from the aggregated tables, so the text can never
disagree with the numbers beside it. Paths in the LaTeX are relative to the
working directory of the workflow (where ``results/`` is): latexmk runs there.
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

import pandas as pd

from textmlp.findings import StudyFindings
from textmlp.latex import render_macros, tex_escape

FIGURES = "results/figures"


def pct(x: float, digits: int = 2) -> str:
    """An accuracy in [0, 1] as a percentage, e.g. 0.81234 -> '81.23'."""
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}"


def pm(mean: float, std: float) -> str:
    """'81.23 $\\pm$ 0.40' (std over seeds; 0 when there is one seed)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else std
    return f"{pct(mean)} $\\pm$ {pct(std)}"


def _bold(text: str, on: bool) -> str:
    return f"\\textbf{{{text}}}" if on else text


def study_table(f: StudyFindings) -> str:
    """booktabs table: one row per configuration in the study's order, best in bold."""
    rows = f.ranked.sort_values("order")
    lines = [
        "\\begin{table}[H]", "\\centering", "\\small",
        f"\\caption{{{tex_escape(f.title)}: accuracy (\\%) over {int(rows['seeds'].max())} seeds, "
        "mean $\\pm$ standard deviation, with the range of the best dev accuracy. "
        "The best configuration by mean dev accuracy is in bold.}",
        f"\\label{{tab:{f.study}}}",
        "\\begin{tabular}{lcccc}", "\\toprule",
        f"{tex_escape(f.vary)} & best dev acc. & dev range & test acc. & best epoch \\\\", "\\midrule",
    ]
    for _, r in rows.iterrows():
        best = r["run"] == f.best["run"]
        # in braces: right after a row's "\\", a cell starting with "[" would be taken as its
        # optional argument
        label = "{" + tex_escape(r["label"]) + (" (diverged)" if r["diverged"] else "") + "}"
        cells = [label, pm(r["best_dev_acc_mean"], r["best_dev_acc_std"]),
                 f"{pct(r['best_dev_acc_min'])}--{pct(r['best_dev_acc_max'])}",
                 pm(r["test_acc_mean"], r["test_acc_std"]), f"{r['best_epoch_mean']:.1f}"]
        lines.append(" & ".join(_bold(c, best) for c in cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines) + "\n"


def _join(items: Sequence[str]) -> str:
    items = [tex_escape(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def findings_paragraph(f: StudyFindings) -> str:
    """Findings written from the numbers: best, margin against the seed spread,
    worst, chance-level and diverged configurations, dev-loss trend."""
    b = f.best
    name = tex_escape(b["label"])
    s = [f"Ranked by mean best dev accuracy, {tex_escape(f.vary)} = {name} is best "
         f"({pm(b['best_dev_acc_mean'], b['best_dev_acc_std'])}\\% on dev, "
         f"{pm(b['test_acc_mean'], b['test_acc_std'])}\\% on test)."]
    if f.runner_up is not None:
        r = f.runner_up
        margin = f"{100 * f.gap:.2f}"
        if f.separated:
            s.append(f"It leads the runner-up, {tex_escape(r['label'])}, by {margin} points, and every seed "
                     "of the best configuration beats every seed of the runner-up, so the lead exceeds "
                     "the seed-to-seed spread.")
        else:
            s.append(f"Its lead over the runner-up, {tex_escape(r['label'])}, is {margin} points, within the "
                     "seed-to-seed spread (their dev-accuracy ranges overlap), so these two are not "
                     "distinguishable with this many seeds.")
        worst = f.ranked.iloc[-1]
        if worst["run"] != r["run"]:
            s.append(f"The weakest is {tex_escape(worst['label'])} "
                     f"({pm(worst['best_dev_acc_mean'], worst['best_dev_acc_std'])}\\% on dev).")
        spread = 100 * (f.ranked["best_dev_acc_mean"].max() - f.ranked["best_dev_acc_mean"].min())
        s.append(f"Across the study the mean dev accuracies span {spread:.2f} points.")
    for label, stuck, seeds in f.chance:
        s.append(f"{stuck} of {seeds} seeds of {tex_escape(f.vary)} = {tex_escape(label)} never left chance "
                 "level (best dev accuracy within 2 points of a uniform guess): training did not get "
                 "off the ground, which is what drags its mean down and widens its spread.")
    if f.diverged:
        s.append(f"Runs of {_join(f.diverged)} diverged (the loss became non-finite or exploded) and "
                 "were stopped; they are kept in the table and figures.")
    else:
        s.append("No run diverged.")
    if f.overfit:
        parts = [f"{tex_escape(l)} (lowest at epoch {e}, then up by {rise:.3f})" for l, e, rise in f.overfit]
        s.append("The mean dev loss turns upward while the train loss keeps falling, a sign of "
                 "overfitting, for " + "; ".join(parts) + ".")
    else:
        s.append("No configuration's mean dev loss rose noticeably after its minimum.")
    return " ".join(s) + "\n"


def study_section(f: StudyFindings) -> str:
    fig = f"{FIGURES}/study_{f.study}.pdf"
    return "\n".join([
        f"\\subsection*{{Results: {tex_escape(f.title)}}}",
        "\\begin{figure}[H]", "\\centering",
        f"\\includegraphics[width=\\linewidth]{{{fig}}}",
        f"\\caption{{{tex_escape(f.title)}: dev loss and dev accuracy per epoch; line = mean over seeds, "
        f"band = min--max over seeds.}}",
        f"\\label{{fig:{f.study}}}", "\\end{figure}",
        study_table(f),
        f"\\paragraph{{Findings.}} {findings_paragraph(f)}",
    ]) + "\n"


def curves_section(runs: Iterable[tuple[str, str]]) -> str:
    """Every configuration's train/dev loss curves, two per row."""
    items = list(runs)
    lines = ["\\subsection*{Train and dev loss of every configuration}",
             "Each panel shows one configuration, one line per seed and split.", ""]
    for start in range(0, len(items), 6):
        lines += ["\\begin{figure}[H]", "\\centering"]
        for i, (run, label) in enumerate(items[start:start + 6]):
            lines.append(f"\\includegraphics[width=0.48\\linewidth]{{{FIGURES}/curves/{run}.pdf}}"
                         + ("\\\\" if i % 2 else "\\hfill"))
        lines += [f"\\caption{{Train and dev loss per epoch (configurations {start + 1}--"
                  f"{min(start + 6, len(items))} of {len(items)}).}}", "\\end{figure}", ""]
    return "\n".join(lines) + "\\clearpage\n"


def results_macros(split_stats: Mapping, feature_stats: Mapping, summary: pd.DataFrame,
                   findings: Sequence[StudyFindings], seeds: Sequence[int], embedding: str) -> str:
    sizes = split_stats["sizes"]
    macros = {
        "DatasetName": "IMDB Large Movie Review Dataset",
        "NTrain": f"{sizes['train']:,}",
        "NDev": f"{sizes['dev']:,}",
        "NTest": f"{sizes['test']:,}",
        "NUnlabeled": f"{sizes['unlabeled']:,}",
        "SplitSeed": str(split_stats["split"]["seed"]),
        "NSeeds": str(len(seeds)),
        "Seeds": ", ".join(map(str, seeds)),
        "EmbeddingName": tex_escape(embedding),
        "EmbeddingDim": str(feature_stats["dim"]),
        "EmbeddingVocab": f"{feature_stats['vocabulary']:,}",
        "NConfigurations": str(len(summary)),
        "NRuns": str(int(summary["seeds"].sum())),
        "NDiverged": str(int(summary["diverged"].sum())),
    }
    for f in findings:
        key = "".join(part.capitalize() for part in f.study.split("_"))
        macros[f"Best{key}"] = tex_escape(f.best["label"])
        macros[f"Best{key}DevAcc"] = pct(f.best["best_dev_acc_mean"])
        macros[f"Best{key}TestAcc"] = pct(f.best["test_acc_mean"])
    return render_macros(macros)


def repro_appendix(runs: pd.DataFrame, config_digest: str, command: str) -> str:
    first = runs.iloc[0]
    versions = {c.split(".", 1)[1]: first[c] for c in runs.columns if c.startswith("versions.")}
    devices = sorted(runs["device_name"].astype(str).unique())
    hosts = sorted(runs["host.hostname"].astype(str).unique()) if "host.hostname" in runs else []
    commits = sorted(runs["git_commit"].astype(str).unique())
    lines = [
        "\\begin{itemize}",
        f"\\item Built by: \\texttt{{{tex_escape(command)}}}",
        f"\\item Configuration hash (config.yaml after defaults): \\texttt{{{config_digest}}}",
        f"\\item Code version(s): \\texttt{{{tex_escape(', '.join(commits))}}}",
        f"\\item Runs: {len(runs)} ({runs['run'].nunique()} configurations $\\times$ "
        f"seeds {tex_escape(', '.join(map(str, sorted(runs['seed'].unique()))))})",
        f"\\item Device(s): {tex_escape(', '.join(devices))}; host(s): {tex_escape(', '.join(hosts))}; "
        f"torch threads per job: {tex_escape(', '.join(map(str, sorted(runs['threads'].unique()))))}",
        "\\item Software: " + tex_escape(", ".join(f"{k} {v}" for k, v in versions.items())),
        f"\\item Total training time: {runs['train_seconds'].sum():.0f}\\,s over all runs "
        f"(median {runs['train_seconds'].median():.1f}\\,s per run).",
        "\\item Each run's own record (parameters, seed, per-run configuration hash, versions, device) is "
        "in \\texttt{results/runs/<run>/seed<k>/metrics.json}; all of them in \\texttt{results/tables/runs.csv}.",
        "\\end{itemize}",
    ]
    return "\n".join(lines) + "\n"
