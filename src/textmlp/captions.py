"""What each figure and table of the report shows, in words: the one source of
the captions that both the PDF (LaTeX) and Snakemake's HTML report
(reStructuredText) print.

A caption is plain text in which ``$...$`` marks inline mathematics (LaTeX
syntax) and ``{field}`` a word the caller fills in (e.g. ``{noun}``, the thing
a study varies). :func:`caption_tex` renders it for report/hw3.tex (text
escaped, mathematics kept); :func:`caption_rst` for a caption file of the
HTML report (text escaped, mathematics as the ``:math:`` role). The HTML
report's caption files under workflow/report/captions/ hold no words: each
prints the caption its rule passes in ``params.captions`` (workflow/rules/
html_report.smk), which comes from here.

What depends on a study's results (e.g. which configurations are drawn seed
by seed) is not a caption's: the PDF adds it after the caption's words.
"""

from __future__ import annotations

import re
import string

from textmlp.latex import tex_escape

#: The study figure, drawn one of two ways (:func:`textmlp.results.figures.in_panels`).
STUDY_PARTS: dict[str, str] = {
    "overlaid": (
        "Dev loss and dev accuracy per epoch for each {noun}, the mean over seeds as a line and, in a "
        "study of up to three, their range as a band; a triangle at the edge of an axis marks a point "
        "clipped to keep the other curves legible."
    ),
    "panels": (
        "Dev loss (top) and dev accuracy (bottom) per epoch, one column per {noun}: the mean over seeds as a "
        "line and their range as a band. Each row shares its y-axis (unless a panel's title says 'own y-scale'), so "
        "that the panels compare by height (a band "
        "may run past it); a triangle at the edge of an axis marks a point clipped to keep the other curves legible."
    ),
}

#: The clauses of a caption that hold only of some figures: the PDF drops each where its figure draws no such
#: thing (reviews 18-20: a caption describing a panel title or a marker the figure does not have).
OWN_SCALE_CLAUSES = (", unless a panel's title says 'own y-scale'", " (unless a panel's title says 'own y-scale')")
CLIPPED_CLAUSES = (
    " and cut to the bulk of the data: where a point lies beyond it, a triangle at the edge marks it",
    "; a triangle at the edge of an axis marks a point clipped to keep the other curves legible",
)

#: What the losses figure's caption adds where a panel draws means only (a configuration whose mean dev loss is
#: erratic: its seed band would hide the lines).
MEANS_ONLY = " A panel titled 'means only' draws no band: its seeds jump too far."

#: Figures: the words under each figure, in both the PDF and the HTML report.
FIGURES: dict[str, str] = {
    "study": "A numeric parameter (rates): "
    + STUDY_PARTS["overlaid"]
    + " Any other (structures, activations, inputs): "
    + STUDY_PARTS["panels"],
    "losses": (
        "Train (solid) and dev (dashed) loss per epoch of each {noun}, the mean over seeds as a line and "
        "their range as a band; the y-axis is shared (unless a panel's title says 'own y-scale') and cut to "
        "the bulk of the data: where a point lies beyond it, a triangle at the edge marks it."
    ),
    "gradients": (
        "The root mean square of each layer's weight gradient per epoch (mean over the epoch's mini-batches "
        "and the seeds; log scale), one panel per structure with hidden layers, one line per layer."
    ),
    "activations": (
        "Sigmoid, tanh and ReLU (top) and their derivatives (bottom, each on its own scale: $\\sigma'$ "
        "peaks at $1/4$), computed by the modules the network uses and by automatic differentiation. "
        "The range drawn already shows the behaviour as $x\\to\\pm\\infty$: sigmoid and tanh flatten to "
        "their asymptotes ($0$ and $1$, $-1$ and $1$) and their derivatives decay to $0$, while ReLU's "
        "slope stays $1$ for every positive $x$. ReLU's derivative jumps at $0$ from $0$ to $1$; the "
        "filled circle marks the value automatic differentiation uses there."
    ),
    "activations_more": (
        "The other activations the network can use and their derivatives, drawn as sigmoid, tanh and ReLU are."
    ),
}

#: Tables and pages of the HTML report (the PDF typesets its tables per study,
#: with captions of their own).
TABLES: dict[str, str] = {
    "report": (
        "The report: the written answers with the checks behind them, and the programming part, whose "
        "every number comes from the tables of this HTML report."
    ),
    "summary": (
        "One row per configuration: its parameters and the mean, standard deviation, minimum and maximum "
        "over seeds of the best dev accuracy, the epoch it was reached at and the test accuracy of the "
        "model kept there (results/tables/summary.csv)."
    ),
    "studies": (
        "Which configuration is in which study, in the study's order and under its label there "
        "(results/tables/studies.csv); a configuration shared by two studies is trained once."
    ),
    "claims": (
        "Every claim the report's findings rest on: its kind, study, configurations and numbers, the "
        "sentences of the report that state it, and its check against the run, epoch and comparison tables "
        "(a false claim stops the report build; results/report/claims.csv)."
    ),
    "comparisons": (
        "Paired bootstrap of test-accuracy differences (reviews and seeds resampled): every pair of "
        "configurations in a study, and every configuration against the logistic-regression baselines on "
        "its inputs. diff is a - b, low and high the interval's ends, resolved whether it excludes 0 "
        "(results/tables/comparisons.csv)."
    ),
    "baselines": (
        "Logistic regression (L2-regularised) on each input representation, its C chosen on the dev set: "
        "dev and test accuracy (results/tables/baselines.csv)."
    ),
    "word2vec_study": (
        "The word2vec settings compared on the dev set: each candidate trained like its embedding and "
        "scored by logistic regression on its averaged vectors; the winner of each embedding and the "
        "configured settings marked (results/tables/word2vec_study.csv)."
    ),
    "audit": (
        "The data audit (results/data/audit.json): per split the number of texts, the share of each class "
        "and the texts repeated within it; texts shared by two splits, compared as the tokenizer sees them "
        "(raw counts beside)."
    ),
    "provenance": (
        "What determined these results (results/inputs.json): the data's sha256, the configuration's hash, "
        "the package code's digest, the commit and the software versions; and the fingerprint of "
        "results/MANIFEST.sha256, the list of every artifact's sha256 that sha256sum -c checks."
    ),
}

CAPTIONS: dict[str, str] = {**FIGURES, **TABLES}

_MATH = re.compile(r"\$([^$]+)\$")
_RST_SPECIAL = re.compile(r"([\\`*_|<>\[\]:])")


def fields(key: str) -> list[str]:
    """The ``{field}`` names caption ``key`` needs."""
    return [name for _, name, _, _ in string.Formatter().parse(CAPTIONS[key]) if name]


def _filled(key: str, values: dict[str, str]) -> str:
    if key not in CAPTIONS:
        raise KeyError(f"no caption {key!r} in textmlp.captions (known: {', '.join(sorted(CAPTIONS))})")
    missing = [name for name in fields(key) if name not in values]
    if missing:
        raise KeyError(f"caption {key!r} needs {', '.join(missing)}")
    return CAPTIONS[key].format(**values)


def _render(text: str, plain, math) -> str:
    out, at = [], 0
    for m in _MATH.finditer(text):
        out += [plain(text[at : m.start()]), math(m.group(1))]
        at = m.end()
    return "".join(out + [plain(text[at:])])


#: A word or phrase in single quotes ('own y-scale'), opened after a space or a parenthesis: LaTeX sets its opening
#: quote from a backtick (review 19: two closing quotes); an apostrophe (panel's, seeds') is left alone.
QUOTED = re.compile(r"(^|[\s(])'([^']+)'")


def tex_quotes(text: str) -> str:
    return QUOTED.sub(lambda m: f"{m.group(1)}`{m.group(2)}'", text)


def caption_tex(key: str, **values: str) -> str:
    """Caption ``key`` as LaTeX running text: the words escaped, ``$...$`` kept as mathematics.
    Field values are words, escaped like the rest."""
    return _render(_filled(key, values), lambda s: tex_quotes(tex_escape(s)), lambda m: f"${m}$")


def study_caption_tex(part: str, noun: str) -> str:
    """The study figure's caption as drawn (``part``: 'overlaid' or 'panels'), as LaTeX running text."""
    return _render(STUDY_PARTS[part].format(noun=noun), lambda s: tex_quotes(tex_escape(s)), lambda m: f"${m}$")


def caption_rst(key: str, **values: str) -> str:
    """Caption ``key`` as reStructuredText (what Snakemake's report renders):
    the words escaped, ``$...$`` as the ``:math:`` role."""
    return _render(
        _filled(key, values),
        lambda t: _RST_SPECIAL.sub(r"\\\1", t),
        lambda m: f"\\ :math:`{m}`\\ ",
    )


def caption_text(key: str, **values: str) -> str:
    """Caption ``key`` as plain text (mathematics without its dollar signs)."""
    return _render(_filled(key, values), lambda t: t, lambda m: m)


def drawn_only(caption: str, own_scale: bool, clipped: bool) -> str:
    """LaTeX ``caption`` without the clauses on what its figure does not draw: a panel on its own y-scale
    (:data:`OWN_SCALE_CLAUSES`), points clipped at the axis edge (:data:`CLIPPED_CLAUSES`)."""
    tex = lambda clause: tex_quotes(tex_escape(clause))  # noqa: E731  (as caption_tex renders it)
    if not own_scale:
        for clause in OWN_SCALE_CLAUSES:
            caption = caption.replace(tex(clause), "")
    if not clipped:
        for clause in CLIPPED_CLAUSES:
            caption = caption.replace(tex(clause), "")
    return caption
