"""The generated parts of report/hw3.tex: results macros, study sections
(figures, booktabs tables, findings), and the reproducibility appendix.

Everything here is rendered from the aggregated tables, so the text can never
disagree with the numbers beside it. Paths in the LaTeX are relative to the
working directory of the workflow (where ``results/`` is): latexmk runs there.
"""
from __future__ import annotations

import inspect
import math
from pathlib import PurePosixPath
from typing import Mapping, Sequence

import pandas as pd

from textmlp.config import BASELINE_C_EXPONENTS
from textmlp.results.findings import OVERFIT_GAP, OVERFIT_RISE, SMOOTH, UNSTABLE_JUMP, StudyFindings, baseline_difference
from textmlp.latex import render_macros, tex_escape
from textmlp.results.tables import PARAMS
from textmlp.models.optim import Adam
from textmlp.report.writeup import (NOUNS, Context, above, capital, level_text, config_words, configs_words, count_word,
                                    embedding_words, findings_paragraph, interval, join, number, recipe_words)

FIGURES = "results/figures"
#: Adam's (beta1, beta2, eps), as the training loops use them.
ADAM_DEFAULTS = (*inspect.signature(Adam).parameters["betas"].default, inspect.signature(Adam).parameters["eps"].default)


def pct(x: float, digits: int = 2) -> str:
    """An accuracy in [0, 1] as a percentage, e.g. 0.81234 -> '81.23'."""
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.{digits}f}"


def pm(mean: float, std: float) -> str:
    """'81.23 $\\pm$ 0.40' (std over seeds; 0 when there is one seed)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else std
    return f"{pct(mean)} $\\pm$ {pct(std)}"


def _bold(text: str, on: bool) -> str:
    return f"\\textbf{{{text}}}" if on else text


def _delta(d) -> str:
    """'0.09 [$-$0.21, 0.39]' (points), bold when the interval excludes zero."""
    text = f"{number(100 * d.diff)} [{number(100 * d.low)}, {number(100 * d.high)}]"
    return _bold(text, d.resolved)


def study_table(f: StudyFindings) -> str:
    """booktabs table: one row per configuration in the study's order; the best
    by mean dev accuracy starred, each other row with the best's test-accuracy
    lead over it and that lead's 95% interval."""
    rows = f.ranked.sort_values("order")
    seeds = int(rows["seeds"].max())
    with_diffs = bool(f.diffs)
    delta = (" $\\Delta$: the starred configuration's test accuracy minus the row's, in points, with its "
             f"{level_text(f.level)} interval; in bold where the interval excludes zero." if with_diffs else "")
    lines = [
        "\\begin{table}[!htbp]", "\\centering", "\\small",
        f"\\caption{{{tex_escape(f.title)} ({recipe_words(f.fixed)}): accuracy (\\%) over {count_word(seeds)} "
        f"seeds, mean $\\pm$ standard deviation. $\\star$: best mean dev accuracy.{delta}"
        + _recipes(f) + "}",
        f"\\label{{tab:{f.study}}}", "\\smallskip",
        "\\begin{tabular}{l" + "c" * (4 if with_diffs else 3) + "}", "\\toprule",
        f"{tex_escape(NOUNS.get(f.vary, f.vary))} & dev acc. & test acc. & "
        + (f"$\\Delta$ test [{level_text(f.level)} interval] & " if with_diffs else "") + "best epoch \\\\",
        "\\midrule",
    ]
    for _, r in rows.iterrows():
        best = r["run"] == f.best["run"]
        # in braces: right after a row's "\\", a cell starting with "[" would be taken as its
        # optional argument
        label = "{" + tex_escape(r["label"]) + (" (diverged)" if r["diverged"] else "") + (
            " $\\star$" if best else "") + "}"
        cells = [label, pm(r["best_dev_acc_mean"], r["best_dev_acc_std"]), pm(r["test_acc_mean"], r["test_acc_std"])]
        if with_diffs:
            cells.append("best" if best else _delta(f.diffs[r["label"]]) if r["label"] in f.diffs else "n/a")
        cells.append(f"{r['best_epoch_mean']:.1f}")
        lines.append(" & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines) + "\n"


def _other_varying(f: StudyFindings) -> list[str]:
    """Parameters besides the studied one that differ between the study's configurations."""
    return [p for p in PARAMS if p != f.vary and p not in f.fixed and p in f.ranked
            and f.ranked[p].astype(str).nunique() > 1]


def _recipes(f: StudyFindings) -> str:
    """Caption text naming each configuration's own recipe when more than the
    studied parameter changes between rows (empty otherwise)."""
    others = _other_varying(f)
    if not others:
        return ""
    rows = f.ranked.sort_values("order")
    parts = [f"{tex_escape(r['label'])}: {recipe_words({p: r[p] for p in others})}" for _, r in rows.iterrows()]
    return " Recipes differ beyond the studied parameter: " + "; ".join(parts) + "."


def _configurations(f: StudyFindings) -> str:
    """The study's configurations in words, in its order."""
    return join(config_words(f, lab) for lab in f.ranked.sort_values("order")["label"])


def _unlike_others(f: StudyFindings, others: Sequence[StudyFindings]) -> str:
    """A sentence when the study fixes a batch size or epoch budget that the other studies do not use."""
    notes = []
    for key, words in (("batch_size", "batch size"), ("epochs", "epoch budget")):
        if key not in f.fixed:
            continue
        theirs = {str(o.fixed[key]) for o in others if o.study != f.study and key in o.fixed}
        if theirs and str(f.fixed[key]) not in theirs:
            notes.append(f"{words} {f.fixed[key]} (the other studies use {join(sorted(theirs, key=float), 'or')})")
    if not notes:
        return ""
    return (" Unlike the other studies, its recipe uses " + join(notes) + ", so a row here is a different run "
            "from a row of another study that looks the same.")


def study_intro(f: StudyFindings, embedding_specs: Mapping[str, Mapping] | None = None,
                others: Sequence[StudyFindings] = ()) -> str:
    """What the study compares and with what held fixed, in words (counts from the tables)."""
    return _study_intro(f, embedding_specs) + _unlike_others(f, others)


def _study_intro(f: StudyFindings, embedding_specs: Mapping[str, Mapping] | None = None) -> str:
    n = len(f.ranked)
    fixed = recipe_words(f.fixed)
    if f.vary == "hidden":
        text = (f"The {count_word(n)} structures, {_configurations(f)}, are trained on the averaged word vectors"
                if "embedding" in f.fixed else f"The {count_word(n)} structures are {_configurations(f)}")
        lrs = f.ranked["lr"].astype(float)
        text += (", each with the homework's recipe for it (learning rates from "
                 f"{lrs.max():g} down to {lrs.min():g}, smaller for deeper models)" if lrs.nunique() > 1 else "")
        return text + f"; all use {fixed}. The question: are deeper models always better, and why?"
    if f.vary == "activation":
        return (f"The {count_word(n)} activations {_configurations(f)} are compared in the same network "
                f"({fixed}); Figures~\\ref{{fig:activation-functions}} and~\\ref{{fig:activation-functions-more}} draw them and their derivatives.")
    if f.vary == "lr":
        lrs = f.ranked["lr"].astype(float)
        return (f"{capital(count_word(n))} learning rates from {lrs.min():g} to {lrs.max():g} train the same "
                f"model ({fixed}): where is training too slow to converge within the budget, where does it work "
                "well, and where does it become unstable?")
    if f.vary == "embedding":
        specs = embedding_specs or {}
        names = list(f.ranked.sort_values("order")["embedding"])
        labels = list(f.ranked.sort_values("order")["label"])
        described = [f"{f.display.get(lab, tex_escape(e))} (\\texttt{{{tex_escape(e)}}}), {embedding_words(specs[e])}"
                     if e in specs else f"\\texttt{{{tex_escape(e)}}}" for lab, e in zip(labels, names)]
        text = ("If every configuration of the studies above lands at about the same accuracy, the input rather "
                "than the classifier may be what limits it. This study changes the input: "
                + "; ".join(described) + ".")
        if any(specs.get(e, {}).get("kind") == "tfidf" for e in names):
            text += (" A TF-IDF input has one column per n-gram kept from the training reviews and stays sparse: "
                     "the first layer reads each review as a weighted bag of its n-grams, and the MLP on it has "
                     "a recipe suited to that many inputs (see the table).")
        if _other_varying(f) and fixed:
            text += f" All use {fixed}."
        return text + (" Logistic regression, the baseline a practitioner would try first, is fitted on every "
                       "input with its regularisation chosen on the development set.")
    return f"The {count_word(n)} settings of {tex_escape(f.vary)}, {_configurations(f)}, are compared ({fixed})."


def baselines_block(f: StudyFindings, baselines: pd.DataFrame, ctx: Context) -> str:
    """For a study that compares inputs: logistic regression on each input
    (C chosen on dev) in a table, and one sentence setting each MLP against it."""
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
        "\\begin{table}[!htbp]", "\\centering", "\\small",
        f"\\caption{{Logistic regression (L2-regularised) on each input of Table~\\ref{{tab:{f.study}}}, the same "
        f"splits; its C chosen on dev from $2^{{{low}}}, \\ldots, 2^{{{high}}}$, the chosen model scored once "
        "on test.}",
        f"\\label{{tab:{f.study}-baselines}}", "\\smallskip",
        "\\begin{tabular}{llccc}", "\\toprule",
        "input & variant & C & dev acc. & test acc. \\\\", "\\midrule",
    ]
    for _, r in rows.iterrows():
        lines.append(" & ".join(["{" + tex_escape(r["embedding"]) + "}", tex_escape(r["inputs"]), f"{r['C']:g}",
                                 pct(r["dev_acc"]), pct(r["test_acc"])]) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    pairs = []
    for _, r in f.ranked.sort_values("order").iterrows():
        d = baseline_difference(ctx.comparisons, r["run"], ctx.level) if ctx.comparisons is not None else None
        if d is not None:
            pairs.append(f"on {config_words(f, r['label'])} the MLP is {above(d, 'it')} "
                         f"({interval(d)})")
    if not pairs:
        return "\n".join(lines) + "\n"
    resolved = sum(1 for _, r in f.ranked.iterrows()
                   if (d := baseline_difference(ctx.comparisons, r["run"], ctx.level)) is not None and d.resolved
                   and d.diff > 0)
    summary = ("The MLP beats logistic regression on every input" if resolved == len(pairs) else
               "The MLP beats logistic regression on none of the inputs" if resolved == 0 else
               f"The MLP beats logistic regression on {count_word(resolved)} of the {count_word(len(pairs))} inputs")
    sentence = (f"\\paragraph{{Against logistic regression.}} Test accuracy of the MLP minus that of logistic "
                f"regression on the same input (Table~\\ref{{tab:{f.study}-baselines}}): " + "; ".join(pairs)
                + f". {summary} by a margin its interval resolves"
                + ("; the hidden layers add little to what a linear model already finds in these inputs."
                   if resolved < len(pairs) else "."))
    return "\n".join(lines) + "\n" + sentence + "\n"


def figure(path: str, caption: str, label: str, width: str = "\\linewidth") -> str:
    return "\n".join(["\\begin{figure}[!htbp]", "\\centering", f"\\includegraphics[width={width}]{{{path}}}",
                      f"\\caption{{{caption}}}", f"\\label{{{label}}}", "\\end{figure}"])


#: The study whose train/dev loss curves the homework asks for beside its results
#: (the others' are in an appendix).
LOSSES_IN_SECTION = "hidden"


def _per_seed_note(f: StudyFindings) -> str:
    """A caption's note on configurations drawn seed by seed (only when the study has one)."""
    if not f.bimodal:
        return ""
    return (" " + capital(configs_words(f, f.bimodal)) + ", with seeds stuck at chance level beside seeds that "
            "learned, " + ("is" if len(f.bimodal) == 1 else "are") + " drawn seed by seed.")


def losses_figure(f: StudyFindings) -> str:
    noun = NOUNS.get(f.vary, "configuration")
    return figure(f"{FIGURES}/losses_{f.study}.pdf",
                  f"{tex_escape(f.title)}: train (solid) and dev (dashed) loss per epoch of each {noun}, the mean "
                  "over seeds as a line and their range as a band." + _per_seed_note(f),
                  f"fig:losses-{f.study}")


def study_section(f: StudyFindings, ctx: Context, baselines: pd.DataFrame | None = None,
                  published: Mapping | None = None, embedding_specs: Mapping | None = None) -> str:
    """A study as a numbered subsection: what it compares, its figures and table,
    and its findings; for a study of inputs also the baselines and, given
    ``published`` (``n_test``, ``n_train``: IMDB only), published results."""
    noun = NOUNS.get(f.vary, "configuration")
    parts = [
        "\\FloatBarrier",
        f"\\subsection{{{tex_escape(f.title)}}}\\label{{sec:study-{f.study}}}",
        study_intro(f, embedding_specs, list(ctx.others.values())),
        "",
        losses_figure(f) if f.vary == LOSSES_IN_SECTION else "",
        figure(f"{FIGURES}/study_{f.study}.pdf",
               f"{tex_escape(f.title)}: dev loss and dev accuracy per epoch for each {noun}, the mean over seeds "
               "as a line and their range as a band." + _per_seed_note(f),
               f"fig:study-{f.study}"),
        study_table(f),
        f"\\paragraph{{Findings.}} {findings_paragraph(f, ctx)}",
        baselines_block(f, baselines, ctx),
        published_comparison(f.best, **published, name=config_words(f, f.best["label"]))
        if published and f.vary == "embedding" else "",
    ]
    return "\n".join(p for p in parts) + "\n"


def losses_appendix(findings: Sequence[StudyFindings]) -> str:
    """The train/dev loss curves of every study not shown beside its results."""
    rest = [f for f in findings if f.vary != LOSSES_IN_SECTION]
    if not rest:
        return ""
    lines = ["\\section{Train and dev loss of the other studies}\\label{sec:losses}",
             "The train and dev loss of every configuration of the studies whose figures in "
             "Section~\\ref{sec:programming} show dev curves only, drawn as in "
             + (f"Figure~\\ref{{fig:losses-{next(f.study for f in findings if f.vary == LOSSES_IN_SECTION)}}}."
                if any(f.vary == LOSSES_IN_SECTION for f in findings) else "the study figures."), ""]
    lines += [losses_figure(f) for f in rest]
    return "\n".join(lines) + "\n\\FloatBarrier\n"


def unlabeled_overlap_note(audit: Mapping, embedding_specs: Mapping[str, Mapping]) -> str:
    """One sentence when word2vec, trained on the unlabelled texts, saw texts that are also in dev or test."""
    unlabeled = audit.get("unlabeled") or {}
    shared = unlabeled.get("shared", {})
    seen = {split: int(shared.get(split, {}).get("texts", 0)) for split in ("dev", "test")}
    if not any(spec.get("kind") == "word2vec" for spec in embedding_specs.values()) or not any(seen.values()):
        return ""
    total = sum(seen.values())
    held_out = sum(int(audit["splits"][split]["size"]) for split, n in seen.items() if n)
    which = join([split for split, n in seen.items() if n], "and")
    return (f" The unlabelled texts include copies of {total:,} {which} texts ({100 * total / held_out:.1f}\\% "
            "of those splits, counted above): for those reviews the vectors have seen the words in context, though "
            "never the label.")


def setup_section(split_stats: Mapping, dataset: str, seeds: Sequence[int], word_vectors: str,
                  statistics: Mapping, audit: str = "", extra: str = "") -> str:
    """The set-up a reader needs to interpret the results: data, model, training,
    selection, seeds, word vectors and the statistics."""
    sizes = split_stats["sizes"]
    k = int(split_stats.get("n_classes", 2))
    beta1, beta2, eps = ADAM_DEFAULTS
    level = level_text(statistics["level"])
    unlabeled = int(sizes.get("unlabeled", 0))
    lines = [
        "\\FloatBarrier",
        "\\subsection{Set-up}\\label{sec:setup}",
        f"\\paragraph{{Data.}} {tex_escape(dataset)}: {sizes['train']:,} training, {sizes['dev']:,} development "
        f"and {sizes['test']:,} test reviews" + (f", and {unlabeled:,} unlabelled ones used only to train word "
                                                 "vectors" if unlabeled else "") + ". " + audit,
        "",
        f"\\paragraph{{Model and training.}} Each model maps a review's input vector through its hidden layers "
        f"(each a linear map followed by the activation) to {count_word(k)} logits; with no hidden layer it is "
        "the single-layer classifier of the earlier homeworks. The loss is the cross-entropy of the softmax of the "
        "logits. Weights and biases start uniform in $\\pm 1/\\sqrt{\\text{fan-in}}$ (PyTorch's default). The "
        f"optimiser is Adam~\\cite{{kingma2015}} ($\\beta_1={beta1:g}$, $\\beta_2={beta2:g}$, $\\varepsilon={_power_of_ten(eps)[1:-1]}$, "
        "no weight decay) on mini-batches drawn from the training reviews in a new random order each epoch. "
        "The train loss of an epoch is the mean over its mini-batches, measured while the weights change. "
        "After every epoch the model is scored on the development set; the weights of the epoch with the best "
        "dev accuracy are kept and scored once on the test set (the dev loss can rise while the dev accuracy still "
        "improves: a few confident mistakes cost much loss without changing how many reviews are right). "
        f"Every configuration is trained with {count_word(len(seeds))} seeds "
        f"({', '.join(map(str, seeds))}), which set the initial weights, the order of the mini-batches and any "
        "dropout; tables give the mean and standard deviation over them.",
        "",
        f"\\paragraph{{Word vectors.}} {word_vectors}" if word_vectors else "",
        "",
        f"\\paragraph{{Statistics.}} A difference in test accuracy between two configurations comes with a {level} "
        f"interval from a paired bootstrap: {int(statistics['n_boot']):,} times, the test reviews are resampled "
        "with replacement (the same resample for both configurations) and so are the seeds of each configuration, "
        f"and the interval is the middle {level} of the resampled differences. A difference is called resolved when "
        "its interval excludes zero; otherwise the data cannot tell the two apart. In the findings, train and dev "
        f"loss end together when their last values differ by at most {OVERFIT_GAP:g}; a configuration overfits "
        "from the epoch of its lowest dev loss when the dev loss then climbs steadily (by more than "
        f"{OVERFIT_RISE:g}, smoothed over {SMOOTH} epochs) while the train loss falls; a dev loss is unstable when "
        f"it rises by more than {UNSTABLE_JUMP:g} from one epoch to the next.",
        extra,
    ]
    return "\n".join(lines) + "\n"


def results_macros(split_stats: Mapping, feature_stats: Mapping, summary: pd.DataFrame,
                   findings: Sequence[StudyFindings], seeds: Sequence[int], embedding: str,
                   dataset: str = "IMDB Large Movie Review Dataset", word_vectors: str = "",
                   header: Mapping[str, str] | None = None) -> str:
    """``dataset``: data.name (kept out of split.json, so that renaming it reruns only the report);
    ``word_vectors``: :func:`word_vectors_text`; ``header``: config's report.author,
    report.collaborators and report.sources, for the title page."""
    sizes = split_stats["sizes"]
    header = header or {}
    macros = {
        "ReportAuthor": tex_escape(header.get("author", "")),
        "ReportCollaborators": tex_escape(header.get("collaborators", "")),
        "ReportSources": tex_escape(header.get("sources", "")),
        "DatasetName": tex_escape(dataset),
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
        "WordVectors": word_vectors,
    }
    for f in findings:
        key = "".join(part.capitalize() for part in f.study.split("_"))
        macros[f"Best{key}"] = tex_escape(f.best["label"])
        macros[f"Best{key}DevAcc"] = pct(f.best["best_dev_acc_mean"])
        macros[f"Best{key}TestAcc"] = pct(f.best["test_acc_mean"])
    return render_macros(macros)


def source_name(source: str) -> str:
    """A data source as the report prints it: a URL whole (already without
    credentials), a local path by its file name only (never a path of the
    machine that built the report)."""
    text = str(source)
    if "://" in text and not text.startswith("file://"):
        return text
    return PurePosixPath(text.removeprefix("file://").replace("\\", "/")).name


def data_item(data: Mapping) -> str:
    """The appendix line naming the data: the archive (IMDB) or each file (a table dataset)."""
    if data.get("kind", "imdb") == "imdb":
        return (f"\\item Data: \\texttt{{{tex_escape(source_name(data['source']))}}}, sha256 "
                f"\\texttt{{{data['sha256'][:16]}\\ldots}}; split seed {data['split']['seed']}")
    files = "; ".join(f"{role} \\texttt{{{tex_escape(source_name(f['source']))}}}"
                      for role, f in data["files"].items())
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
        *[f"\\item Not bit-reproducible: \\texttt{{{tex_escape(name)}}} ({tex_escape(why)}); its vectors, and "
          "every result built on them, differ slightly from build to build."
          for name, why in inputs.get("not_bit_reproducible", {}).items()],
        f"\\item Results: \\texttt{{results/MANIFEST.sha256}} lists every artifact with its sha256; "
        f"its own sha256 begins \\texttt{{{manifest_fingerprint}}}, and "
        "\\texttt{sha256sum -c results/MANIFEST.sha256} checks the files against it.",
        "\\item Each run's own record (parameters, seed, per-run configuration hash, versions, device) is "
        "in \\texttt{results/runs/<run>/seed<k>/metrics.json}; all of them in \\texttt{results/tables/runs.csv}. "
        "Timings are kept apart from the results, in \\texttt{results/timings/}.",
        "\\end{itemize}",
    ]
    return "\n".join(lines) + "\n"


def _power_of_ten(x: float) -> str:
    """1e-4 -> '$10^{-4}$'; other numbers as '%g'."""
    exponent = math.log10(x) if x > 0 else float("nan")
    return f"$10^{{{int(round(exponent))}}}$" if abs(exponent - round(exponent)) < 1e-9 else f"{x:g}"


def word_vectors_text(name: str, spec: Mapping, sizes: Mapping, study: Mapping | None = None,
                      study_declared: bool = False) -> str:
    """How the averaged word vectors ``name`` were made, in words, and how their
    settings were chosen: from the word2vec study's verdict when this build ran
    it (:func:`textmlp.train.word2vec_study.verdict`), else only where to find it."""
    kind = spec.get("kind")
    if kind == "glove":
        return (f"The word vectors (\\texttt{{{tex_escape(name)}}}) are pre-trained GloVe vectors, "
                "downloaded and checked against their published checksum.")
    if kind != "word2vec":
        return ""
    unlabeled = int(sizes.get("unlabeled", 0))
    corpus = f"the {int(sizes['train']):,} training reviews" + (
        f" and the {unlabeled:,} unlabelled ones" if unlabeled else "")
    text = (f"The word vectors (\\texttt{{{tex_escape(name)}}}) are trained here with gensim's word2vec~\\cite{{mikolov2013}} "
            f"({'skip-gram' if spec.get('sg') else 'CBOW'}, {spec['dim']} dimensions, a window of "
            f"{spec['window']} words, {spec['negative']} negative samples, words seen at least "
            f"{spec['min_count']} times, frequent words subsampled above {_power_of_ten(spec['sample'])}, "
            f"{spec['epochs']} epochs) on {corpus}, not on the dev or test split. ")
    workers = int(spec.get("workers", 1))
    text += ("Trained on one thread, they are reproducible bit for bit." if workers == 1 else
             f"They were trained on {workers} threads, so they, and every result built on them, differ "
             "slightly each time they are trained.")
    if study is not None:
        n = study["candidates"]
        win, best, conf = study["winner"], study["best"], study["configured"]
        rule = (f"the first listed of those whose development accuracy is within one standard error "
                f"({100 * win['dev_se']:.2f} points) of the best, {pct(best['dev_acc'])}\\%")
        if study["configured_is_winner"]:
            text += (f" These settings are the choice of the {n} compared in Table~\\ref{{tab:word2vec-study}}, "
                     f"each scored by logistic regression on its averaged vectors: {rule}"
                     + ("" if win["candidate"] == best["candidate"] else
                        f" (these reach {pct(win['dev_acc'])}\\%; a costlier setting listed later has to beat "
                        "them by more than that to be chosen)")
                     + ". Test accuracy played no part in the choice.")
        elif conf is None:
            text += (f" None of the {n} settings compared in Table~\\ref{{tab:word2vec-study}} is the one used "
                     f"here; the one chosen there ({rule}) reaches {pct(win['dev_acc'])}\\% on development data.")
        else:
            text += (f" They are not the choice of the comparison in Table~\\ref{{tab:word2vec-study}} ({rule}), "
                     f"which reaches {pct(win['dev_acc'])}\\% on development data against "
                     f"{pct(conf['dev_acc'])}\\% for these.")
    elif study_declared:
        text += (" The comparison of word2vec settings on the development set that chose them was not rerun "
                 "for this report.")
    return text


def word2vec_study_table(table: pd.DataFrame) -> str:
    """The word2vec study as a booktabs table: one row per candidate, its
    differing settings, the probe's dev and test accuracy."""
    from textmlp.train.word2vec_study import SETTINGS

    lines = ["\\begin{table}[!htbp]", "\\centering", "\\small",
             "\\caption{word2vec settings compared on the development set: each row trains word2vec on the "
             "same texts and scores its averaged vectors by logistic regression (C chosen on dev). In bold, "
             "each embedding's choice: the first row whose dev accuracy is within one standard error of the "
             "best; test accuracy is shown, never used to choose. "
             "The time each candidate took is in \\texttt{results/timings/word2vec\\_study.csv}.}",
             "\\label{tab:word2vec-study}", "\\smallskip",
             "\\begin{tabular}{llcc}", "\\toprule",
             "embedding & settings changed & dev acc. & test acc. \\\\", "\\midrule"]
    for base, rows in table.groupby("base", sort=False):
        varied = [k for k in SETTINGS if k in rows and rows[k].astype(str).nunique() > 1]
        for _, r in rows.iterrows():
            settings = ", ".join(f"{k} {_power_of_ten(r[k]) if k == 'sample' else r[k]}" for k in varied)
            mark = " (used)" if r["configured"] else ""
            cells = ["{" + tex_escape(base) + "}", settings + mark, _bold(pct(r["dev_acc"]), bool(r["winner"])),
                     pct(r["test_acc"])]
            lines.append(" & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines) + "\n"


#: Published IMDB accuracies without pretrained language models (full 25,000 /
#: 25,000 split), for the report's comparison: (method, test accuracy, source).
PUBLISHED_IMDB = (
    ("NBSVM on word uni- and bigrams", 0.9122, "Wang and Manning~\\cite{wang2012}"),
    ("NBSVM on word uni-, bi- and trigrams", 0.9187, "Mesnil et al.~\\cite{mesnil2014}"),
    ("an ensemble of three models", 0.9257, "Mesnil et al.~\\cite{mesnil2014}"),
)


def accuracy_interval(mean: float, std: float, n_seeds: int, n_test: int, z: float = 1.96) -> tuple[float, float]:
    """A 95% interval for a mean test accuracy over seeds: the test set's sampling
    (binomial, n_test reviews) and the seed-to-seed spread (std over n_seeds) added
    in variance (normal approximation)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else float(std)
    half = z * math.sqrt(mean * (1 - mean) / n_test + std ** 2 / max(n_seeds, 1))
    return mean - half, mean + half


def published_comparison(best: Mapping, n_test: int, n_train: int, name: str | None = None) -> str:
    """One paragraph: the best MLP's test accuracy with its interval, beside
    :data:`PUBLISHED_IMDB` (said to be above, below or within the interval)."""
    low, high = accuracy_interval(best["test_acc_mean"], best["test_acc_std"], int(best["seeds"]), n_test)
    parts = []
    for method, acc, source in PUBLISHED_IMDB:
        where = "below" if acc < low else "above" if acc > high else "inside"
        parts.append(f"{method}, {pct(acc)}\\% ({source}; {where} the interval)")
    name = name or f"\\texttt{{{tex_escape(best['label'])}}}"
    return (f"\\paragraph{{Against published results.}} The best MLP, on {name}, reaches "
            f"{pm(best['test_acc_mean'], best['test_acc_std'])}\\% on test; a 95\\% interval for that mean, from "
            f"the {n_test:,} test reviews and the spread over {int(best['seeds'])} seeds, is "
            f"{pct(low)}--{pct(high)}\\%. Published results on IMDB without pretrained language models: "
            + "; ".join(parts) + f". Those train on all 25,000 training reviews and test on all 25,000 test "
            f"reviews; here training has {n_train:,} reviews (the rest is the development set) and the test "
            "set is a random part of theirs, so the comparison is close but not exact.\n")
