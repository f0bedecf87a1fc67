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

from textmlp.config import BASELINE_C_EXPONENTS, describe
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
        f"\\caption{{{tex_escape(f.title)} ({describe_fixed(f.fixed)}): accuracy (\\%) over "
        f"{int(rows['seeds'].max())} seeds, "
        "mean $\\pm$ standard deviation, with the range of the best dev accuracy. "
        "The best configuration by mean dev accuracy is in bold." + _recipes(f) + "}",
        f"\\label{{tab:{f.study}}}", "\\smallskip",
        "\\begin{tabular}{lcccc}", "\\toprule",
        f"{tex_escape(f.vary)} & best dev acc. & dev range & test acc. & mean best epoch \\\\", "\\midrule",
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


def _other_varying(f: StudyFindings) -> list[str]:
    """Parameters besides the studied one that differ between the study's configurations."""
    from textmlp.tables import PARAMS

    return [p for p in PARAMS if p != f.vary and p not in f.fixed and p in f.ranked
            and f.ranked[p].astype(str).nunique() > 1]


def _recipes(f: StudyFindings) -> str:
    """Caption text naming each configuration's own recipe when more than the
    studied parameter changes between rows (empty otherwise)."""
    others = _other_varying(f)
    if not others:
        return ""
    rows = f.ranked.sort_values("order")
    parts = [f"{tex_escape(r['label'])}: {tex_escape(describe({p: r[p] for p in others}))}"
             for _, r in rows.iterrows()]
    return " Recipes differ beyond the studied parameter: " + "; ".join(parts) + "."


def _join(items: Sequence[str]) -> str:
    items = [tex_escape(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_fixed(fixed: Mapping[str, object]) -> str:
    """The parameters a study holds fixed, in words, escaped for LaTeX."""
    return tex_escape(describe(fixed))


def _verdict(f: StudyFindings) -> str:
    """Sentence 1: the best configuration and whether it stands out from the runner-up."""
    b = f.best
    text = (f"Chosen by mean best dev accuracy, {tex_escape(f.vary)} = {tex_escape(b['label'])} is best "
            f"({pm(b['best_dev_acc_mean'], b['best_dev_acc_std'])}\\% on dev, "
            f"{pm(b['test_acc_mean'], b['test_acc_std'])}\\% on test)")
    if f.runner_up is None:
        return text + "."
    r = f.runner_up
    margin = f"{100 * f.gap:.2f}"
    if f.separated:
        return text + (f", {margin} points ahead of {tex_escape(r['label'])}, and every seed of it beats "
                       "every seed of the runner-up, so the lead exceeds the seed-to-seed spread.")
    return text + (f", but its {margin}-point lead over {tex_escape(r['label'])} lies within the "
                   "seed-to-seed spread (their dev ranges overlap), so the two are not distinguishable "
                   "with this many seeds.")


def _comparison(f: StudyFindings) -> str:
    """Sentence 2: the answer to the study's question (depth, activation, learning rate)."""
    ranked = f.ranked
    worst = ranked.iloc[-1]
    span = 100 * (ranked["best_dev_acc_mean"].max() - ranked["best_dev_acc_mean"].min())
    if f.vary == "hidden":
        depth = ranked["hidden"].map(lambda h: str(h).count(",") + 1 if str(h) not in ("[]", "") else 0)
        deepest = ranked.loc[depth.idxmax()]
        rank = int(depth.idxmax()) + 1
        text = (f"Deeper is {'not always better' if rank > 1 else 'best here'}: the deepest model, "
                f"{tex_escape(deepest['label'])}, ranks {rank} of {len(ranked)}, and all "
                f"{len(ranked)} structures lie within {span:.2f} points")
        lrs = sorted(ranked["lr"].astype(float).unique())
        if len(lrs) > 1:
            text += (f"; note that the recipes also change the learning rate ({lrs[-1]:g} down to {lrs[0]:g}), "
                     "so depth is not the only difference")
        return text + "."
    others = _other_varying(f)
    caveat = (f"; the recipes also differ in {_join(others)} (see the table), so {tex_escape(f.vary)} is "
              "not the only difference") if others else ""
    return (f"The weakest is {tex_escape(f.vary)} = {tex_escape(worst['label'])} "
            f"({pm(worst['best_dev_acc_mean'], worst['best_dev_acc_std'])}\\% on dev), and the mean dev "
            f"accuracies of the study span {span:.2f} points{caveat}.")


def _dynamics(f: StudyFindings) -> str:
    """Sentence 3: how training went: train vs dev loss, instability, chance level, divergence."""
    clauses = []
    overfit = [lab for lab, t in f.trends.items() if t.overfits]
    unstable = [lab for lab, t in f.trends.items() if t.unstable and lab not in overfit]
    calm = [t for lab, t in f.trends.items() if not t.overfits]
    if calm:
        gap = max(abs(t.final_gap) for t in calm)
        clauses.append(f"train and dev loss end within {gap:.3f} of each other"
                       + (" for every configuration" if not overfit else " elsewhere")
                       + ", so there is no sign of overfitting" + (" there" if overfit else "")
                       + f" within {int(f.ranked['epochs'].max())} epochs")
    if overfit:
        parts = [f"{tex_escape(l)} (dev loss lowest at epoch {f.trends[l].min_epoch}, then up by "
                 f"{f.trends[l].rise:.3f} while train loss keeps falling)" for l in overfit]
        clauses.insert(0, "overfitting shows for " + "; ".join(parts))
    if unstable:
        clauses.append("the dev loss of " + _join(unstable) + " jumps by up to "
                       + f"{max(f.trends[l].max_jump for l in unstable):.2f} between epochs (unstable steps)")
    for label, stuck, seeds in f.chance:
        clauses.append(f"{stuck} of {seeds} seeds of {tex_escape(label)} never left chance level, which drags "
                       "its mean down and widens its spread")
    clauses.append("runs of " + _join(f.diverged) + " diverged and were stopped (kept in the table and figures)"
                   if f.diverged else "no run diverged")
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."


def findings_paragraph(f: StudyFindings) -> str:
    """Three sentences written from the numbers: the best configuration against
    the seed spread, the study's question answered, and how training behaved."""
    return " ".join([_verdict(f), _comparison(f), _dynamics(f)]) + "\n"


def baselines_block(f: StudyFindings, baselines: pd.DataFrame) -> str:
    """For a study that compares inputs: logistic regression on each input
    (C chosen on dev) in a table, and one sentence setting the MLPs against it."""
    if f.vary != "embedding" or baselines is None or baselines.empty:
        return ""
    names = list(f.ranked.sort_values("order")["embedding"])
    rows = baselines[baselines["embedding"].isin(names)].copy()
    if rows.empty:
        return ""
    rows["_order"] = rows["embedding"].map(names.index)
    rows = rows.sort_values(["_order", "inputs"], ascending=[True, False], kind="stable")
    low, high = BASELINE_C_EXPONENTS[0], BASELINE_C_EXPONENTS[-1]
    lines = [
        "\\begin{table}[H]", "\\centering", "\\small",
        f"\\caption{{Baselines for {tex_escape(f.title.lower())}: logistic regression (scikit-learn, L2) on "
        f"the same train / dev / test splits; C chosen on dev from $2^{{{low}}}, \\ldots, 2^{{{high}}}$, the chosen "
        "model scored once on test.}",
        f"\\label{{tab:{f.study}-baselines}}", "\\smallskip",
        "\\begin{tabular}{llccc}", "\\toprule",
        "inputs & variant & C & dev acc. & test acc. \\\\", "\\midrule",
    ]
    for _, r in rows.iterrows():
        lines.append(" & ".join(["{" + tex_escape(r["embedding"]) + "}", tex_escape(r["inputs"]), f"{r['C']:g}",
                                 pct(r["dev_acc"]), pct(r["test_acc"])]) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    same = rows[rows["inputs"] == "same inputs as the MLP"].set_index("embedding")
    pairs = []
    for _, r in f.ranked.sort_values("order").iterrows():
        if r["embedding"] in same.index:
            lr = same.loc[r["embedding"]]
            diff = 100 * (r["test_acc_mean"] - lr["test_acc"])
            pairs.append(f"{tex_escape(r['label'])}: MLP {pct(r['test_acc_mean'])}\\% against "
                         f"{pct(lr['test_acc'])}\\% ({diff:+.2f} points)")
    best_lr = rows.loc[rows["dev_acc"].idxmax()]
    sentence = (f"\\paragraph{{Against the baselines.}} Test accuracy of the mean MLP and of logistic "
                f"regression on the same inputs: {'; '.join(pairs)}. The strongest baseline by dev accuracy "
                f"is logistic regression on {tex_escape(best_lr['embedding'])} "
                f"({tex_escape(best_lr['inputs'])}), {pct(best_lr['test_acc'])}\\% on test; the best MLP, "
                f"{tex_escape(f.best['label'])}, reaches {pm(f.best['test_acc_mean'], f.best['test_acc_std'])}\\%.")
    return "\n".join(lines) + "\n" + sentence + "\n"


def study_section(f: StudyFindings, baselines: pd.DataFrame | None = None) -> str:
    fig = f"{FIGURES}/study_{f.study}.pdf"
    fixed = describe_fixed(f.fixed)
    return "\n".join([
        f"\\subsection*{{Results: {tex_escape(f.title)}}}",
        "\\begin{figure}[H]", "\\centering",
        f"\\includegraphics[width=\\linewidth]{{{fig}}}",
        f"\\caption{{{tex_escape(f.title)} ({fixed}): dev loss and dev accuracy per epoch; line = mean "
        f"over seeds, band = min--max over seeds.}}",
        f"\\label{{fig:study-{f.study}}}", "\\end{figure}",
        study_table(f),
        f"\\paragraph{{Findings.}} {findings_paragraph(f)}",
        baselines_block(f, baselines),
    ]) + "\n"


CURVES_PER_FIGURE = 8


def curves_section(runs: Iterable[tuple[str, str]]) -> str:
    """Every configuration's train/dev loss curves, two per row."""
    items = list(runs)
    lines = ["\\clearpage", "\\subsection*{Train and dev loss of every configuration}",
             "Each panel shows one configuration, one line per seed and split.", ""]
    for start in range(0, len(items), CURVES_PER_FIGURE):
        chunk = items[start:start + CURVES_PER_FIGURE]
        lines += ["\\begin{figure}[H]", "\\centering"]
        for i, (run, label) in enumerate(chunk):
            lines.append(f"\\includegraphics[width=0.48\\linewidth]{{{FIGURES}/curves/{run}.pdf}}"
                         + ("\\\\" if i % 2 else "\\hfill"))
        first, last = start + 1, start + len(chunk)
        which = f"configuration {first}" if first == last else f"configurations {first}--{last}"
        lines += [f"\\caption{{Train and dev loss per epoch ({which} of {len(items)}).}}",
                  "\\end{figure}", ""]
    return "\n".join(lines) + "\\clearpage\n"


def results_macros(split_stats: Mapping, feature_stats: Mapping, summary: pd.DataFrame,
                   findings: Sequence[StudyFindings], seeds: Sequence[int], embedding: str) -> str:
    sizes = split_stats["sizes"]
    macros = {
        "DatasetName": tex_escape(split_stats.get("name", "IMDB Large Movie Review Dataset")),
        "NClasses": str(split_stats.get("n_classes", 2)),
        "NTrain": f"{sizes['train']:,}",
        "NDev": f"{sizes['dev']:,}",
        "NTest": f"{sizes['test']:,}",
        "NUnlabeled": f"{sizes['unlabeled']:,}",
        "SplitSeed": str(split_stats["split"]["seed"] if "split" in split_stats
                         else split_stats.get("seed", 0)),
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
    # which studies this build has, for hw3.tex's \studytable (a study left out
    # of config.yaml then reads as absent instead of an undefined reference)
    present = "".join(f"\\expandafter\\def\\csname studypresent:{f.study}\\endcsname{{}}\n"
                      for f in findings)
    return render_macros(macros) + present


def data_item(data: Mapping) -> str:
    """The appendix line naming the data: the archive (IMDB) or each file (a table dataset)."""
    if data.get("kind", "imdb") == "imdb":
        return (f"\\item Data: \\texttt{{{tex_escape(data['source'])}}}, sha256 "
                f"\\texttt{{{data['sha256'][:16]}\\ldots}}; split seed {data['split']['seed']}")
    files = "; ".join(f"{role} \\texttt{{{tex_escape(f['source'])}}}" for role, f in data["files"].items())
    return f"\\item Data: {tex_escape(data.get('name', 'custom'))}: {files}"


def repro_appendix(runs: pd.DataFrame, inputs: Mapping, manifest_fingerprint: str, command: str,
                   data: Mapping) -> str:
    """The reproducibility appendix: how the results were built and the
    fingerprint of the manifest that lists them (``inputs`` is the manifest's
    record of inputs, results/inputs.json). Nothing here changes between two
    identical builds: no timings, no host, no path of the building machine."""
    first = runs.iloc[0]
    versions = {c.split(".", 1)[1]: first[c] for c in runs.columns if c.startswith("versions.")}
    devices = sorted(runs["device_name"].astype(str).unique())
    commit = str(inputs["git_commit"])[:12] + (" with uncommitted changes" if inputs.get("git_dirty") else "")
    lines = [
        "\\begin{itemize}",
        f"\\item Built by: \\texttt{{{tex_escape(command)}}}",
        f"\\item Configuration hash (config.yaml after defaults): \\texttt{{{inputs['config_hash']}}}",
        data_item(data),
        f"\\item Code: commit \\texttt{{{tex_escape(commit)}}}; package code sha256 "
        f"\\texttt{{{str(inputs['package_code_sha256'])[:16]}\\ldots}}",
        f"\\item Runs: {len(runs)} ({runs['run'].nunique()} configurations $\\times$ "
        f"seeds {tex_escape(', '.join(map(str, sorted(runs['seed'].unique()))))})",
        f"\\item Device(s): {tex_escape(', '.join(devices))}; "
        f"torch threads per job: {tex_escape(', '.join(map(str, sorted(runs['threads'].unique()))))}",
        "\\item Software: " + tex_escape(", ".join(f"{k} {v}" for k, v in versions.items())),
        f"\\item Results: \\texttt{{results/MANIFEST.sha256}} lists every artifact with its sha256; "
        f"its own sha256 begins \\texttt{{{manifest_fingerprint}}}, and "
        "\\texttt{sha256sum -c results/MANIFEST.sha256} checks the files against it.",
        "\\item Each run's own record (parameters, seed, per-run configuration hash, versions, device) is "
        "in \\texttt{results/runs/<run>/seed<k>/metrics.json}; all of them in \\texttt{results/tables/runs.csv}. "
        "Timings are kept apart from the results, in \\texttt{results/timings/}.",
        "\\end{itemize}",
    ]
    return "\n".join(lines) + "\n"
