"""The report's paragraphs on the word vectors and the word2vec study's table."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from textmlp.latex import tex_escape
from textmlp.report.numbers import bold, pct, power_of_ten
from textmlp.report.words import embedding_name, join


def word_vectors_text(
    name: str, spec: Mapping, sizes: Mapping, study: Mapping | None = None, study_declared: bool = False
) -> str:
    """How the averaged word vectors ``name`` were made, in words, and how their
    settings were chosen: from the word2vec study's verdict when this build ran
    it (:func:`textmlp.train.word2vec_study.verdict`), else only where to find it."""
    kind = spec.get("kind")
    if kind == "glove":
        return (
            "The word vectors are pre-trained GloVe vectors, downloaded and checked against their published checksum."
        )
    if kind != "word2vec":
        return ""
    unlabeled = int(sizes.get("unlabeled", 0))
    corpus = f"the {int(sizes['train']):,} training reviews" + (
        f" and the {unlabeled:,} unlabelled ones" if unlabeled else ""
    )
    text = (
        f"The word vectors ({embedding_name(spec)}) are trained here with gensim's "
        "word2vec~\\cite{mikolov2013} "
        f"({'skip-gram' if spec.get('sg') else 'CBOW'}, {spec['dim']} dimensions, a window of "
        f"{spec['window']} words, {spec['negative']} negative samples, words seen at least "
        f"{spec['min_count']} times, frequent words subsampled above {power_of_ten(spec['sample'])}, "
        f"{spec['epochs']} epochs) on {corpus}, not on the dev or test split. "
    )
    workers = int(spec.get("workers", 1))
    if workers > 1:
        text += (
            f"They were trained on {workers} threads, so they, and every result built on them, differ "
            "slightly each time they are trained."
        )
    if study is not None:
        n = study["candidates"]
        win, best, conf = study["winner"], study["best"], study["configured"]
        rule = (
            f"the first listed of those whose development accuracy is within one standard error "
            f"({100 * win['dev_se']:.2f} points) of the best, {pct(best['dev_acc'])}\\%"
        )
        if study["configured_is_winner"]:
            text += (
                f" These settings are the choice of the {n} compared in Table~\\ref{{tab:word2vec-study}}, "
                f"each scored by logistic regression on its averaged vectors: {rule}"
                + (
                    ""
                    if win["candidate"] == best["candidate"]
                    else f" (these reach {pct(win['dev_acc'])}\\%; a costlier setting listed later has to beat "
                    "them by more than that to be chosen)"
                )
                + ". Test accuracy played no part in the choice."
            )
        elif conf is None:
            text += (
                f" None of the {n} settings compared in Table~\\ref{{tab:word2vec-study}} is the one used "
                f"here; the one chosen there ({rule}) reaches {pct(win['dev_acc'])}\\% on development data."
            )
        else:
            text += (
                f" They are not the choice of the comparison in Table~\\ref{{tab:word2vec-study}} ({rule}), "
                f"which reaches {pct(win['dev_acc'])}\\% on development data against "
                f"{pct(conf['dev_acc'])}\\% for these."
            )
    return text.rstrip()


def other_word_vectors(name: str, specs: Mapping[str, Mapping]) -> str:
    """A sentence per other word2vec input: trained as ``name``'s, with the settings that differ."""
    base = specs.get(name, {})
    out = []
    for other, spec in specs.items():
        if other == name or spec.get("kind") != "word2vec" or base.get("kind") != "word2vec":
            continue
        differ = [
            f"{key} {spec[key]}" if key != "dim" else f"{spec[key]} dimensions"
            for key in ("dim", "window", "negative", "min_count", "sample", "epochs", "sg")
            if key in spec and spec.get(key) != base.get(key)
        ]
        out.append(
            f" The {embedding_name(spec)} vectors are trained the same way"
            + (f" but with {join(differ)}" if differ else "")
            + "."
        )
    return "".join(out)


def word2vec_study_table(table: pd.DataFrame) -> str:
    """The word2vec study as a booktabs table: one row per candidate, its
    differing settings, the probe's dev and test accuracy."""
    from textmlp.train.word2vec_study import SETTINGS

    lines = [
        "\\begin{table}[!htbp]",
        "\\centering",
        "\\small",
        "\\caption{word2vec settings compared on the development set: each row trains word2vec on the "
        "same texts and scores its averaged vectors by logistic regression (C chosen on dev). In bold, "
        "each embedding's choice: the first row whose dev accuracy is within one standard error of the "
        "best; test accuracy is shown, never used to choose. "
        "The time each candidate took is in \\texttt{results/timings/word2vec\\_study.csv}.}",
        "\\label{tab:word2vec-study}",
        "\\smallskip",
        "\\begin{tabular}{llcc}",
        "\\toprule",
        "embedding & settings changed & dev acc. & test acc. \\\\",
        "\\midrule",
    ]
    for base, rows in table.groupby("base", sort=False):
        varied = [k for k in SETTINGS if k in rows and rows[k].astype(str).nunique() > 1]
        for _, r in rows.iterrows():
            settings = ", ".join(f"{k} {power_of_ten(r[k]) if k == 'sample' else r[k]}" for k in varied)
            mark = " (used)" if r["configured"] else ""
            cells = [
                "{" + tex_escape(base) + "}",
                settings + mark,
                bold(pct(r["dev_acc"]), bool(r["winner"])),
                pct(r["test_acc"]),
            ]
            lines.append(" & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines) + "\n"
