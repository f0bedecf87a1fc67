"""The generated set-up section of report/hw3.tex and the macros that carry the results' numbers into it.

Rendered from the aggregated tables, so the text never disagrees with the
numbers beside it. The study sections are :mod:`textmlp.report.studies`, the
reproducibility appendix :mod:`textmlp.report.appendix`.
"""

from __future__ import annotations

import inspect
from typing import Mapping, Sequence

from textmlp.latex import render_macros, tex_escape
from textmlp.models.optim import Adam
from textmlp.report.word_vectors import power_of_ten
from textmlp.report.words import (
    capital,
    count_word,
    join,
    level_text,
    number,
)
from textmlp.report.writeup import Prose
from textmlp.results.claims import Claim
from textmlp.results.definitions import DEFINITIONS, words_used

#: Adam's (beta1, beta2, eps), as the training loops use them.
ADAM_DEFAULTS = (
    *inspect.signature(Adam).parameters["betas"].default,
    inspect.signature(Adam).parameters["eps"].default,
)


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
    return (
        f" The unlabelled texts include copies of {total:,} {which} texts ({100 * total / held_out:.1f}\\% "
        "of those splits, counted above): for those reviews the vectors have seen the words in context, though "
        "never the label."
    )


def grouping_sentence(split_stats: Mapping) -> str:
    """How the held-out splits were drawn, when the split knows each text's group
    (an IMDB review's movie, a table's ``data.group_column``); else ""."""
    name = split_stats.get("group_name")
    if not name:
        return ""
    name = tex_escape(name)
    many = name if name.endswith("s") else name + "s"
    grouped = list(split_stats.get("grouped_splits") or [])
    if not split_stats.get("group_by") or not grouped:
        return (
            f"The development texts were drawn one by one at random from the training texts, so dev and train "
            f"can share {many}. "
        )
    which = " and ".join({"dev": "development", "test": "test"}[s] for s in grouped)
    sets = "set is" if len(grouped) == 1 else "sets are"
    return (
        f"The {which} {sets} made of whole {many}, drawn at random (seeded) with the class shares kept, "
        f"so that no {name} has texts in both train and {' or '.join(grouped)}. "
    )


def dev_gap_sentence(claim: Claim | None, prose: Prose) -> str:
    """How far the dev accuracy that made every choice sits from test accuracy, in one checked sentence."""
    if claim is None:
        return ""
    n = claim.numbers
    which = (
        f"all {count_word(n['of'])} configurations"
        if claim.scope == "all"
        else f"the {count_word(n['of'])} configurations that kept an epoch"
    )
    below = "none" if n["below"] == 0 else ("every one" if n["below"] == n["of"] else count_word(n["below"]))

    def gap(x: float) -> str:  # a gap that rounds to 0.00 but is not 0 keeps its sign, with a third decimal
        return number(100 * x, 3 if round(100 * x, 2) == 0 and x != 0 else 2)

    text = (
        f"Across {which}, the mean dev accuracy minus the mean test accuracy averages {gap(n['mean'])} "
        f"points (from {gap(n['low'])} to {gap(n['high'])}; dev below test for {below} of them). "
    )
    return prose.say(text, [claim])


def setup_section(
    split_stats: Mapping,
    dataset: str,
    seeds: Sequence[int],
    word_vectors: str,
    statistics: Mapping,
    audit: str = "",
    extra: str = "",
    citation: str = "",
    dev_gap: str = "",
    used_kinds: Sequence[str] | None = None,
    detail: bool = True,
) -> str:
    """The set-up a reader needs to interpret the results: data, model, training,
    selection, seeds, word vectors and the statistics; the words the findings use, each
    defined (``used_kinds``: the kinds of claim the text states; None: every word); ``detail``: whether the report
    has the appendix of the numbers behind the answers."""
    sizes = split_stats["sizes"]
    k = int(split_stats.get("n_classes", 2))
    beta1, beta2, eps = ADAM_DEFAULTS
    level = level_text(statistics["level"])
    unlabeled = int(sizes.get("unlabeled", 0))
    lines = [
        "\\FloatBarrier",
        "\\subsection{Set-up}\\label{sec:setup}",
        f"\\paragraph{{Data.}} {tex_escape(dataset)}{citation}: {sizes['train']:,} training, "
        f"{sizes['dev']:,} development "
        f"and {sizes['test']:,} test reviews"
        + (f", and {unlabeled:,} unlabelled ones used only to train word vectors" if unlabeled else "")
        + ". "
        + grouping_sentence(split_stats)
        + dev_gap
        + audit,
        "",
        f"\\paragraph{{Model and training.}} Each model maps a review's input vector through its hidden layers "
        f"(each a linear map followed by the activation) to {count_word(k)} logits; with no hidden layer it is "
        "the single-layer classifier of the earlier homeworks. The loss is the cross-entropy of the softmax of the "
        "logits. Weights and biases start uniform in $\\pm 1/\\sqrt{\\text{fan-in}}$ (PyTorch's default). The "
        f"optimiser is Adam~\\cite{{kingma2015}} ($\\beta_1={beta1:g}$, $\\beta_2={beta2:g}$, "
        f"$\\varepsilon={power_of_ten(eps)[1:-1]}$, "
        "no weight decay) on mini-batches drawn from the training reviews in a new random order each epoch. "
        "The train loss of an epoch is the mean over its mini-batches, measured while the weights change. "
        "After every epoch the model is scored on the development set; the weights of the epoch with the best "
        "dev accuracy are kept and scored once on the test set (the dev loss can rise while the dev accuracy still "
        "improves: a few confident mistakes cost much loss without changing how many reviews are right). "
        f"Every configuration is trained with {count_word(len(seeds))} seed{'' if len(seeds) == 1 else 's'} "
        f"({', '.join(map(str, seeds))}), which set the initial weights, the order of the mini-batches and any "
        "dropout; tables give the mean and standard deviation over them.",
        "",
        f"\\paragraph{{Word vectors.}} {word_vectors}" if word_vectors else "",
        "",
        f"\\paragraph{{Statistics.}} A difference in test accuracy between two configurations comes with a {level} "
        f"interval from a paired bootstrap: {int(statistics['n_boot']):,} times, the test reviews are resampled "
        "with replacement (the same resample for both configurations) and so are the seeds of each configuration, "
        f"and the interval is the middle {level} of the resampled differences.",
        "",
        "\\paragraph{Words used in the findings.} Each is applied the same way to every configuration and seed"
        + (
            ", and Appendix~\\ref{app:detail} gives, study by study, the numbers behind every trend word the answers "
            "use:"
            if detail
            else ":"
        ),
        "\\begin{itemize}\\setlength{\\itemsep}{0pt}",
        *[
            f"\\item {capital(DEFINITIONS[w])}."
            for w in (DEFINITIONS if used_kinds is None else words_used(used_kinds))
        ],
        "\\end{itemize}",
        extra,
    ]
    return "\n".join(lines) + "\n"


def declarations(header: Mapping[str, str]) -> str:
    """The title page's lines on collaborators and sources, each only when set (no placeholder)."""
    lines = [
        f"\\noindent\\textbf{{{title}:}} {tex_escape(header[key])}\\par"
        for key, title in (("collaborators", "Collaborators"), ("sources", "Sources"))
        if header.get(key, "").strip()
    ]
    return "".join(lines) + ("\\medskip" if lines else "")


def results_macros(
    header: Mapping[str, str], figures: Mapping[str, str], tex_inputs: Mapping[str, str] | None = None
) -> str:
    """The macros report/hw3.tex takes from the configuration and the workflow: config's
    report.author, report.collaborators and report.sources, for the title page, and
    ``figures`` (macro name -> the path a rule writes the figure to), so that hw3.tex
    names no figure path itself (every number of the programming part is written into
    the generated sections themselves), and ``tex_inputs`` (macro name -> a generated
    LaTeX file hw3.tex inputs, :data:`textmlp.layout.TEX_INPUTS`)."""
    tex_inputs = tex_inputs or {}
    for name, path in [*figures.items(), *tex_inputs.items()]:
        kind = ".pdf" if name in figures else ".tex"
        if not path.endswith(kind) or any(c in path for c in "{}%#\\ "):
            raise ValueError(f"{name}: {path!r} is not a plain {kind} path LaTeX can include")
    return render_macros(
        {
            "ReportAuthor": tex_escape(header.get("author", "")),
            "ReportDeclarations": declarations(header),
            **figures,
            **tex_inputs,
        }
    )
