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
    in_order = [lab for lab in f.ranked.sort_values("order")["label"] if lab in f.trends]
    overfit = [lab for lab in in_order if f.trends[lab].overfits]
    unstable = [lab for lab in in_order if f.trends[lab].unstable and lab not in overfit]
    gapped = [lab for lab in in_order if f.trends[lab].gap_only]
    calm = [lab for lab in in_order if not f.trends[lab].overfits and not f.trends[lab].gap_only]
    if calm:
        gap = max(abs(f.trends[lab].final_gap) for lab in calm)
        budgets = sorted({f.trends[lab].epochs for lab in calm})
        climb = max(f.trends[lab].climb for lab in calm)
        clauses.append(f"train and dev loss end within {gap:.3f} of each other"
                       + (" for every configuration" if len(calm) == len(f.trends) else " for " + _join(calm))
                       + (f" after {budgets[0]} epochs" if len(budgets) == 1 else "")
                       + (", each dev loss at its lowest at the end" if climb < 0.0005 else
                          f", each dev loss at most {climb:.3f} above its lowest"))
    if gapped:
        def where(lab: str) -> str:
            t = f.trends[lab]
            low = ("still falling at its last epoch" if t.low_epoch == t.epochs else
                   f"flat from epoch {t.low_epoch} of {t.epochs} on" if t.climb < 0.0005 else
                   f"lowest at epoch {t.low_epoch} of {t.epochs}, {t.climb:.3f} below its last value")
            return f"{t.final_gap:.3f} for {tex_escape(lab)} (dev loss {low})"

        parts = [where(lab) for lab in gapped]
        clauses.append("the dev loss ends above the train loss by " + (parts[0] if len(parts) == 1 else
                       ", ".join(parts[:-1]) + " and " + parts[-1])
                       + (": it fits" if len(parts) == 1 else ": these fit") + " the training reviews better than new ones")
    if overfit:
        parts = [f"{tex_escape(l)} (dev loss lowest at epoch {f.trends[l].low_epoch}, then up by "
                 f"{f.trends[l].climb:.3f} while train loss keeps falling)" for l in overfit]
        clauses.insert(0, "overfitting shows for " + "; ".join(parts))
    if unstable:
        clauses.append("the dev loss of " + _join(unstable) + " rises by up to "
                       + f"{max(f.trends[l].max_jump for l in unstable):.2f} from one epoch to the next (unstable steps)")
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


def study_section(f: StudyFindings, baselines: pd.DataFrame | None = None,
                  published: Mapping | None = None) -> str:
    """A study's figure, table and findings; for a study of inputs also its
    baselines and, given ``published`` (``n_test``, ``n_train``: IMDB only), the
    best MLP against published results."""
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
        published_comparison(f.best, **published) if published and f.vary == "embedding" else "",
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
                   findings: Sequence[StudyFindings], seeds: Sequence[int], embedding: str,
                   dataset: str = "IMDB Large Movie Review Dataset", word_vectors: str = "") -> str:
    """``dataset``: data.name (kept out of split.json, so that renaming it reruns only the report);
    ``word_vectors``: :func:`word_vectors_text`."""
    sizes = split_stats["sizes"]
    macros = {
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
    it (:func:`textmlp.word2vec_study.verdict`), else only where to find it."""
    kind = spec.get("kind")
    if kind == "glove":
        return (f"The word vectors (\\texttt{{{tex_escape(name)}}}) are pre-trained GloVe vectors, "
                "downloaded and checked against their published checksum.")
    if kind != "word2vec":
        return ""
    unlabeled = int(sizes.get("unlabeled", 0))
    corpus = f"the {int(sizes['train']):,} training reviews" + (
        f" and the {unlabeled:,} unlabelled ones" if unlabeled else "")
    text = (f"The word vectors (\\texttt{{{tex_escape(name)}}}) are trained here with gensim's word2vec "
            f"({'skip-gram' if spec.get('sg') else 'CBOW'}, {spec['dim']} dimensions, a window of "
            f"{spec['window']} words, {spec['negative']} negative samples, words seen at least "
            f"{spec['min_count']} times, frequent words subsampled above {_power_of_ten(spec['sample'])}, "
            f"{spec['epochs']} epochs) on {corpus}, never on dev or test. ")
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
        text += (" A comparison of these settings with others on the development set is not included in "
                 "this report.")
    return text


def word2vec_study_table(table: pd.DataFrame) -> str:
    """The word2vec study as a booktabs table: one row per candidate, its
    differing settings, the probe's dev and test accuracy."""
    from textmlp.word2vec_study import SETTINGS

    lines = ["\\begin{table}[H]", "\\centering", "\\small",
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
    ("NBSVM on word uni- and bigrams", 0.9122, "Wang and Manning, 2012"),
    ("NBSVM on word uni-, bi- and trigrams", 0.9187, "Mesnil et al., 2014"),
    ("an ensemble of three models", 0.9257, "Mesnil et al., 2014"),
)


def accuracy_interval(mean: float, std: float, n_seeds: int, n_test: int, z: float = 1.96) -> tuple[float, float]:
    """A 95% interval for a mean test accuracy over seeds: the test set's sampling
    (binomial, n_test reviews) and the seed-to-seed spread (std over n_seeds) added
    in variance (normal approximation)."""
    std = 0.0 if std is None or (isinstance(std, float) and math.isnan(std)) else float(std)
    half = z * math.sqrt(mean * (1 - mean) / n_test + std ** 2 / max(n_seeds, 1))
    return mean - half, mean + half


def published_comparison(best: Mapping, n_test: int, n_train: int) -> str:
    """One paragraph: the best MLP's test accuracy with its interval, beside
    :data:`PUBLISHED_IMDB` (said to be above, below or within the interval)."""
    low, high = accuracy_interval(best["test_acc_mean"], best["test_acc_std"], int(best["seeds"]), n_test)
    parts = []
    for method, acc, source in PUBLISHED_IMDB:
        where = "below" if acc < low else "above" if acc > high else "inside"
        parts.append(f"{method}, {pct(acc)}\\% ({source}; {where} the interval)")
    return (f"\\paragraph{{Against published results.}} The best MLP, {tex_escape(best['label'])}, reaches "
            f"{pm(best['test_acc_mean'], best['test_acc_std'])}\\% on test; a 95\\% interval for that mean, from "
            f"the {n_test:,} test reviews and the spread over {int(best['seeds'])} seeds, is "
            f"{pct(low)}--{pct(high)}\\%. Published results on IMDB without pretrained language models: "
            + "; ".join(parts) + f". Those train on all 25,000 training reviews and test on all 25,000 test "
            f"reviews; here training has {n_train:,} reviews (the rest is the development set) and the test "
            "set is a random part of theirs, so the comparison is close but not exact.\n")
