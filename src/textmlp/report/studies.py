"""One report section per study: its configurations' table, the findings in words,
the baselines (:mod:`textmlp.report.baselines`), its figures.

Rendered from the aggregated tables, so the text never disagrees with the
numbers beside it. Figure paths are relative to the workflow's working
directory (where ``results/`` is): latexmk runs there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

import pandas as pd

from textmlp.captions import MEANS_ONLY, caption_tex, drawn_only, study_caption_tex, tex_quotes
from textmlp.config import PARAMETERS
from textmlp.latex import tex_escape
from textmlp.layout import FIGURES_DIR
from textmlp.parameters import PARAMETERS as TABLE
from textmlp.report.baselines import baselines_block
from textmlp.report.numbers import bold, percent, pm
from textmlp.report.published import published_comparison
from textmlp.report.questions import Context
from textmlp.report.words import (
    NOUNS,
    capital,
    config_words,
    configs_words,
    count_word,
    embedding_words,
    every_other,
    join,
    level_text,
    number,
    recipe_words,
    words,
)
from textmlp.report.writeup import Study, answer_and_detail, chance_and_divergence
from textmlp.results.figures import BANDS_UP_TO, SWEEP_FROM, in_panels, label_in_words, labels_numeric
from textmlp.results.findings import (
    StudyFindings,
)


def _delta(d) -> str:
    """'0.09 [$-$0.21, 0.39]' (points), bold when the interval excludes zero."""
    # a bound that rounds to 0.00 but is not 0 gets a third decimal, so a resolved interval never looks as if
    # it touched zero
    digits = 3 if any(round(100 * v, 2) == 0 and v != 0 for v in (d.low, d.high)) else 2
    text = f"{number(100 * d.diff, digits)} [{number(100 * d.low, digits)}, {number(100 * d.high, digits)}]"
    return bold(text, d.resolved)


def table_label(f: StudyFindings, label: str) -> str:
    """A configuration's row label: as the figures name it ('512-512 hidden', 'ReLU'), an input by
    what it is; a learning rate as its value (the column says what it is)."""
    if label in f.display:
        return f.display[label]
    return tex_escape(label if f.vary == "lr" else label_in_words(label, f.vary))


def _tie(f: StudyFindings) -> str:
    """' (tied with 512-512 hidden to the fourth decimal; the first in the table is starred)' when dev cannot choose."""
    if not f.tie or f.runner_up is None:
        return ""
    return f" (tied with {table_label(f, f.runner_up['label'])}; the first in the table is starred)"


def fixed_words(f: StudyFindings) -> str:
    """What every configuration of the study shares, in words; a linear model has no activation, so in a study of
    structures with one the shared activation is said of the hidden layers (review 17, F10)."""
    if f.vary == "hidden" and "activation" in f.fixed and "[]" in set(map(str, f.ranked["hidden"])):
        act = words("activation", f.fixed["activation"])
        rest = recipe_words({k: v for k, v in f.fixed.items() if k != "activation"}, f.inputs)
        return rest + (f", {act} in the hidden layers" if act else "")
    return recipe_words(f.fixed, f.inputs)


def study_table(f: StudyFindings, like: str | None = None) -> str:
    """booktabs table: one row per configuration in the study's order; the best
    by mean dev accuracy starred, each other row with the best's test-accuracy
    lead over it and that lead's 95% interval. ``like``: the label of an earlier table whose caption explains the
    columns; this one's points to it instead of repeating it (reviews 21-24: one caption seven times)."""
    rows = f.ranked.sort_values("order")
    seeds = int(rows["seeds"].max())
    with_diffs = bool(f.diffs)
    delta = (
        " $\\Delta$: the starred configuration's test accuracy minus the row's, in points, with its "
        f"{level_text(f.level)} interval; in bold where the interval excludes zero."
        if with_diffs
        else ""
    )
    # a column of the resolved pairs only where one leaves out the starred configuration, which the Delta column
    # cannot show (review 59: a column repeating the Delta's bold pushed two tables past the margin)
    star = str(f.best["label"])
    with_below = with_diffs and any(star not in (low, high) for low, above in f.below.items() for high in above)
    below = " Below: the configurations resolved above the row on test, by how many points." if with_below else ""
    env = "tabularx" if with_below else "tabular"  # the full width, its 'below' column taking what the others leave
    columns = (
        f"accuracy (\\%) over {count_word(seeds)} seed{'s' if seeds != 1 else ''}, mean $\\pm$ standard deviation; "
        f"best epoch: the kept epoch, mean over seeds. $\\star$: best mean dev accuracy{_tie(f)}.{delta}{below}"
    )
    if like is not None:
        columns = f"columns as in Table~\\ref{{{like}}}{_tie(f)}.{below}"
    lines = [
        # set where it stands, before the answer (hw3.tex's inlinetable): floated, it split the answer (review 43)
        "\\begin{inlinetable}",
        "\\small",
        f"\\caption{{{tex_escape(f.title)} ({fixed_words(f)}): {columns}" + _recipes(f) + "}",
        f"\\label{{tab:{f.study}}}",
        "\\smallskip",
        # the names in 'below' wrap in the width the other columns leave (reviews 94, 95: in a fixed 2 cm they ran
        # to four lines), so the table keeps to the margins
        f"\\begin{{{env}}}"
        + ("{\\linewidth}" if with_below else "")
        + "{l"
        + "c" * (4 if with_diffs else 3)
        + (">{\\raggedright\\arraybackslash}X" if with_below else "")
        + "}",
        "\\toprule",
        f"{tex_escape(NOUNS.get(f.vary, f.vary))} & dev acc. & test acc. & "
        + (f"$\\Delta$ test [{level_text(f.level)} interval] & " if with_diffs else "")
        + "best epoch"
        + (" & below \\\\" if with_below else " \\\\"),
        "\\midrule",
    ]
    for _, r in rows.iterrows():
        best = r["run"] == f.best["run"]
        # in braces: right after a row's "\\", a cell starting with "[" would be taken as its
        # optional argument
        label = (
            "{"
            + table_label(f, r["label"])
            + (" (diverged)" if r["diverged"] else "")
            + (" $\\star$" if best else "")
            + "}"
        )
        cells = [label, pm(r["best_dev_acc_mean"], r["best_dev_acc_std"]), pm(r["test_acc_mean"], r["test_acc_std"])]
        if with_diffs:
            cells.append("best" if best else _delta(f.diffs[r["label"]]) if r["label"] in f.diffs else "n/a")
        cells.append(f"{r['best_epoch_mean']:.1f}")
        if with_below:
            cells.append(_below(f, r["label"]))
        lines.append(" & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", f"\\end{{{env}}}", "\\end{inlinetable}"]
    return "\n".join(lines) + "\n"


def _below(f: StudyFindings, label: str) -> str:
    """The table's 'below' cell: each configuration resolved above ``label`` on test, in the study's order, with by
    how many points ('512-512-512 hidden (0.42)'); 'every other (0.81 to 1.19)' where that is all of them; a dash
    where none; 'every other but 0.05 (0.46 to 0.83)' where more than three are and at most one is not (a list of six
    ran to seven lines of a 2 cm column)."""
    above = f.below.get(label, {})
    if not above:
        return "--"
    order = list(f.ranked.sort_values("order")["label"])
    whole = every_other([table_label(f, a) for a in order if a != label], [table_label(f, a) for a in above])
    if len(above) > 1 and whole is not None:
        low, high = number(100 * min(above.values())), number(100 * max(above.values()))
        return f"{whole} ({low} to {high})" if low != high else f"{whole} ({low})"
    return ", ".join(f"{table_label(f, a)} ({number(100 * above[a])})" for a in sorted(above, key=order.index))


def _other_varying(f: StudyFindings) -> list[str]:
    """Parameters besides the studied one that differ between the study's configurations."""
    return [
        p
        for p in PARAMETERS
        if p != f.vary and p not in f.fixed and p in f.ranked and f.ranked[p].astype(str).nunique() > 1
    ]


def _recipes(f: StudyFindings) -> str:
    """Caption text naming each configuration's own recipe when more than the
    studied parameter changes between rows (empty otherwise)."""
    others = _other_varying(f)
    if not others:
        return ""
    rows = f.ranked.sort_values("order")
    parts = [
        f"{table_label(f, r['label'])}: {recipe_words({p: r[p] for p in others}, f.inputs)}" for _, r in rows.iterrows()
    ]
    return " Recipes differ beyond the studied parameter: " + "; ".join(parts) + "."


def _configurations(f: StudyFindings) -> str:
    """The study's configurations in words, in its order."""
    return join(config_words(f, lab) for lab in f.ranked.sort_values("order")["label"])


def _unlike_others(f: StudyFindings, others: Sequence[StudyFindings]) -> str:
    """A sentence when the study fixes a batch size or epoch budget that the other studies do not use: 'Unlike the
    other studies, it trains for 40 epochs (they use 9, 20 or 100).'"""
    notes = []
    for key, said in (("batch_size", "uses batch size {}"), ("epochs", "trains for {} epochs")):
        if key not in f.fixed:
            continue
        # every configuration of the other studies, not only their fixed recipes (an input study varies epochs)
        theirs = {float(v) for o in others if o.study != f.study and key in o.ranked for v in o.ranked[key]}
        if theirs and float(f.fixed[key]) not in theirs:
            used = join([f"{v:g}" for v in sorted(theirs)], "or")
            notes.append(f"{said.format(f.fixed[key])} (they use {used})")
    if not notes:
        return ""
    return " Unlike the other studies, it " + join(notes) + "."


def _after_shared_words(a: str, b: str) -> str:
    """``b`` without the words it opens with in common with ``a``: ('batch size 128', 'batch size 64') -> '64'."""
    x, y = a.split(" "), b.split(" ")
    n = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
    return " ".join(y[n:]) or b


def _twins(f: StudyFindings, others: Sequence[StudyFindings]) -> str:
    """A sentence for the configurations an earlier study ran with one parameter changed that neither study varies:
    'Sigmoid here is the same network as the model with one hidden layer of 512 units in Section 6.2, but with batch
    size 128 instead of 64 (87.61% against 87.41% on test).' A reader who meets the same network twice with two
    accuracies is told why (review 12, F9); each pair of networks once, where the later of the two is met first.
    Several twins of one study that differ in the same way share one sentence (review 14: four sentences of one
    template in a row)."""
    mine_at = [i for i, o in enumerate(others) if o.study == f.study]
    earlier = list(others[: mine_at[0]] if mine_at else others)
    said = {twin.pair for i, g in enumerate(earlier) for twin in _twin_pairs(g, earlier[:i])}
    groups: dict[tuple, list[_Twin]] = {}
    for twin in _twin_pairs(f, earlier):
        if twin.pair not in said:
            said.add(twin.pair)
            groups.setdefault((twin.study, twin.change), []).append(twin)
    notes = []
    for (study, (new, old)), twins in groups.items():
        where = f"Section~\\ref{{sec:study-{study}}}"
        if len(twins) == 1:
            w = twins[0]
            notes.append(
                f"{capital(w.mine)} here is the same network as {w.theirs} in {where}, but with {new} instead of "
                f"{old} ({w.accs[0]} against {w.accs[1]} on test)."
            )
        else:
            accs = "; ".join(f"{w.mine}, {w.accs[0]} against {w.accs[1]}" for w in twins)
            notes.append(
                f"{capital(join([w.mine for w in twins]))} here are the same networks as in {where}, but with "
                f"{new} instead of {old} (on test: {accs})."
            )
    return "".join(" " + n for n in notes)


@dataclass(frozen=True)
class _Twin:
    pair: frozenset  # the two networks' parameters
    study: str  # the earlier study
    change: tuple[str, str]  # ('learning rate 0.005', '0.02'): the parameter here, and there
    mine: str  # the configuration's name here, and there
    theirs: str
    accs: tuple[str, str]  # test accuracy here, and there


def _twin_pairs(f: StudyFindings, earlier: Sequence[StudyFindings]) -> list[_Twin]:
    """Each configuration of ``f`` that one of ``earlier`` ran with one parameter changed that neither varies."""
    out = []
    for _, mine in f.ranked.sort_values("order").iterrows():
        for o in earlier:
            keys = [k for k in TABLE if k in f.ranked and k in o.ranked]
            for _, theirs in o.ranked.sort_values("order").iterrows():
                differ = [k for k in keys if TABLE[k].value(mine[k]) != TABLE[k].value(theirs[k])]
                if len(differ) != 1 or differ[0] in (f.vary, o.vary) or differ[0] == "embedding":
                    continue
                k = differ[0]
                values = [words(k, v) or f"{k.replace('_', ' ')} {v}" for v in (mine[k], theirs[k])]
                name = config_words(o, theirs["label"])
                name = f"the model with {name}" if o.vary == "hidden" and theirs["hidden"] != "[]" else name
                out.append(
                    _Twin(
                        frozenset(repr(tuple(TABLE[k].value(r[k]) for k in keys)) for r in (mine, theirs)),
                        o.study,
                        (values[0], _after_shared_words(*values)),
                        config_words(f, mine["label"]),
                        name,
                        (percent(mine["test_acc_mean"]), percent(theirs["test_acc_mean"])),
                    )
                )
    return out


def study_intro(
    f: StudyFindings,
    embedding_specs: Mapping[str, Mapping] | None = None,
    others: Sequence[StudyFindings] = (),
    columns: Mapping[str, int] | None = None,
) -> str:
    """What the study compares and with what held fixed, in words (counts from the tables);
    ``columns``: each input's number of columns (its features' JSON ``dim``)."""
    mine_at = [i for i, o in enumerate(others) if o.study == f.study]
    before = [o for o in others[: mine_at[0]] if o.vary == f.vary] if mine_at else []
    text = _study_intro(f, embedding_specs, columns, not before)
    same = [o for o in before if o.vary == "hidden" and set(o.ranked["hidden"]) == set(f.ranked["hidden"])]
    if same and f.vary == "hidden" and f.ranked["lr"].astype(float).nunique() == 1:
        # the same structures again: named by the section that introduced them, not word for word (review 21)
        text = (
            f"The same {count_word(len(f.ranked))} structures as in Section~\\ref{{sec:study-{same[0].study}}}, now "
            f"with one learning rate and budget for all ({fixed_words(f)}). The question: does depth help then?"
        )
    return text + _unlike_others(f, others) + _twins(f, others)


def _study_intro(
    f: StudyFindings,
    embedding_specs: Mapping[str, Mapping] | None = None,
    columns: Mapping[str, int] | None = None,
    first: bool = True,
) -> str:
    """``first``: no earlier study varies the same parameter (the activations' figures are cited once)."""
    n = len(f.ranked)
    fixed = fixed_words(f)
    if f.vary == "hidden":
        emb = str(f.fixed.get("embedding", ""))
        kind = (embedding_specs or {}).get(emb, {}).get("kind", "word2vec")
        text = (
            f"The {count_word(n)} structures, {_configurations(f)}, are trained on "
            + ("TF-IDF n-grams" if kind == "tfidf" else "the averaged word vectors")
            if "embedding" in f.fixed
            else f"The {count_word(n)} structures are {_configurations(f)}"
        )
        lrs = f.ranked["lr"].astype(float)
        text += (
            ", each with the homework's recipe for it (learning rates from "
            f"{lrs.max():g} down to {lrs.min():g}, smaller for deeper models)"
            if lrs.nunique() > 1
            else ""
        )
        question = (
            "are deeper models always better, and why?"
            if lrs.nunique() > 1
            else "with one learning rate and budget for all, does depth help?"
        )
        return text + f", and otherwise alike ({fixed}). The question: {question}"
    if f.vary == "activation":
        return f"The {count_word(n)} activations {_configurations(f)} are compared in the same network ({fixed})" + (
            "; Figures~\\ref{fig:activation-functions} and~\\ref{fig:activation-functions-more} draw them and "
            "their derivatives."
            if first
            else "."
        )
    if f.vary == "lr" and len(f.ranked) <= 2:
        return f"The same model ({fixed}) is trained at {_configurations(f)}."
    if f.vary == "lr":
        lrs = f.ranked["lr"].astype(float)
        return (
            f"{capital(count_word(n))} learning rates from {lrs.min():g} to {lrs.max():g} train the same "
            f"model ({fixed}): which rates train well, and why do the others not?"
        )
    if f.vary == "embedding":
        specs = embedding_specs or {}
        names = list(f.ranked.sort_values("order")["embedding"])
        labels = list(f.ranked.sort_values("order")["label"])
        described = [
            f"{f.display.get(lab, tex_escape(e))}, {embedding_words(specs[e], (columns or {}).get(e))}"
            if e in specs
            else f"\\texttt{{{tex_escape(e)}}}"
            for lab, e in zip(labels, names)
        ]
        text = (
            "If every configuration of the studies above lands at about the same accuracy, the input rather "
            "than the classifier may be what limits it. This study changes the input: " + "; ".join(described) + "."
        )
        if any(specs.get(e, {}).get("kind") == "tfidf" for e in names):
            text += (
                " A TF-IDF input has one column per n-gram kept from the training reviews and stays sparse: "
                "the first layer reads each review as a weighted bag of its n-grams, and the MLP on it has "
                "a recipe suited to that many inputs (see the table)."
            )
        if _other_varying(f) and fixed:
            text += f" All use {fixed}."
        return text + (
            " Logistic regression, the baseline a practitioner would try first, is fitted on every "
            "input with its regularisation chosen on the development set."
        )
    return f"The {count_word(n)} settings of {tex_escape(f.vary)}, {_configurations(f)}, are compared ({fixed})."


def figure(path: str, caption: str, label: str, width: str = "\\linewidth", inline: bool = False) -> str:
    """A figure environment; ``inline``: set where it stands (report/hw3.tex's ``inlinefigure``), not floated."""
    env = "inlinefigure" if inline else "figure"
    return "\n".join(
        [
            f"\\begin{{{env}}}" + ("" if inline else "[!htbp]"),
            "" if inline else "\\centering",
            f"\\includegraphics[width={width}]{{{path}}}",
            f"\\caption{{{caption}}}",
            f"\\label{{{label}}}",
            f"\\end{{{env}}}",
        ]
    )


#: The study whose train/dev loss curves the homework asks for beside its results
#: (the others' are in an appendix).
LOSSES_IN_SECTION = "hidden"


def _per_seed_note(f: StudyFindings) -> str:
    """A caption's note on configurations drawn seed by seed (only when the study has one)."""
    if not f.bimodal:
        return ""
    return (
        " " + capital(configs_words(f, f.bimodal)) + ", with seeds stuck at chance level beside seeds that "
        "learned, " + ("is" if len(f.bimodal) == 1 else "are") + " drawn seed by seed."
    )


#: The lines a study's heading needs below it on its page: its description and a few of its table's rows.
HEADING_ROOM = 10


def _lower(text: str) -> str:
    """A caption's words after the study's title: its first letter in lower case."""
    return text[:1].lower() + text[1:]


def study_caption(f: StudyFindings) -> str:
    """The study figure's caption: a sweep of many learning rates, or the dev curves of each configuration."""
    if f.vary == "lr" and len(f.ranked) >= SWEEP_FROM:
        # reviews 74, 75: the broken axis said where the data gave the far rate none
        broken = (
            " (a rate far above the others gets the upper part of a broken axis)"
            if _drawn(f, "study")["broken"]
            else ""
        )
        below = (
            " (a rate far below the others gets the lower part of a broken axis)"
            if _drawn(f, "study")["broken_below"]
            else ""
        )
        panels = f"left, dev loss{broken}; right, dev accuracy{below}"
        return (
            f"{tex_escape(f.title)}. Top: best dev accuracy and test accuracy against the learning rate (log "
            "scale), the mean over seeds with bars from the lowest to the highest seed. Bottom: per epoch, "
            "representative rates (the smallest, the best on dev and the best on test, one between the best on dev "
            f"and the largest, and the largest), the mean over seeds: {panels}."
            + (
                " A triangle at the edge of an axis marks a point clipped to keep the other curves apart."
                if _drawn(f, "study")["clipped"]
                else ""
            )
        )
    noun = NOUNS.get(f.vary, "configuration")
    drawn = _drawn(f, "study")
    # the form the figure was drawn in; unknown: the one its size implies
    panels = (
        drawn["panels"] if drawn["panels"] is not None else in_panels(len(f.ranked), labels_numeric(f.ranked["label"]))
    )
    caption = (
        _lower(study_caption_tex("panels", noun))
        if panels
        else _bands(_lower(study_caption_tex("overlaid", noun)), len(f.ranked))
    )
    return f"{tex_escape(f.title)}: " + drawn_only(caption, drawn["own_scale"], drawn["clipped"]) + _per_seed_note(f)


def _drawn(f: StudyFindings, figure: str) -> dict:
    """What ``figure`` ('losses', 'study') of the study draws (figures.drawn_facts); where unknown, every caption
    clause is kept and the form is the one its size implies."""
    return {
        "own_scale": True,
        "clipped": True,
        "broken": True,
        "broken_below": True,
        "panels": None,
        **f.drawn.get(figure, {}),
    }


def _bands(caption: str, n: int) -> str:
    """The study caption says what this figure draws: with more than BANDS_UP_TO configurations, no seed band."""
    generic = f" and, in a study of up to {count_word(BANDS_UP_TO)}, their range as a band"
    drawn = (
        " (no seed band: with this many curves it would hide them)" if n > BANDS_UP_TO else " and their range as a band"
    )
    return caption.replace(generic, drawn)


def shows_gradients(f: StudyFindings) -> bool:
    """A study of structures under one recipe shows how much gradient reaches each layer, where training recorded it
    (not on sparse TF-IDF inputs: an empty figure otherwise)."""
    return f.vary == "hidden" and "lr" in f.fixed and f.drawn.get("gradients", {}).get("drawn", True)


def gradients_figure(f: StudyFindings) -> str:
    return figure(
        f"{FIGURES_DIR}/gradients_{f.study}.pdf",
        f"{tex_escape(f.title)}: " + _lower(caption_tex("gradients")),
        f"fig:gradients-{f.study}",
    )


def losses_figure(f: StudyFindings, erratic: Collection[str] = (), inline: bool = False) -> str:
    """``erratic``: the runs whose mean dev loss is erratic, drawn as means only (the caption says so where the
    study has one); ``inline``: set where it stands (the appendix of loss figures)."""
    noun = NOUNS.get(f.vary, "configuration")
    means_only = tex_quotes(MEANS_ONLY) if set(f.ranked["run"]) & set(erratic) else ""
    drawn = _drawn(f, "losses")
    caption = drawn_only(_lower(caption_tex("losses", noun=noun)), drawn["own_scale"], drawn["clipped"])
    return figure(
        f"{FIGURES_DIR}/losses_{f.study}.pdf",
        f"{tex_escape(f.title)}: " + caption + means_only + _per_seed_note(f),
        f"fig:losses-{f.study}",
        inline=inline,
    )


def drawn_before(f: StudyFindings, findings: Sequence[StudyFindings]) -> bool:
    """Whether every configuration of ``f`` belongs to a study listed before it: its curves are drawn there, and the
    study only pairs them (its table gives the comparison), so it draws no figure of its own (review 15, L12)."""
    earlier: set[str] = set()
    for g in findings:
        if g.study == f.study:
            return set(f.ranked["run"]) <= earlier
        earlier |= set(g.ranked["run"])
    return False


def _cites(f: StudyFindings, drawn: bool = False) -> str:
    """Where the study's figures and table are, for the sentence that introduces them (where the numbers behind
    the answers are is said once, in the set-up); ``drawn``: its curves are drawn with the earlier studies
    (:func:`drawn_before`)."""
    if drawn:
        return (
            f" Table~\\ref{{tab:{f.study}}} shows the results; their curves are drawn with the studies they come from."
        )
    if f.vary == LOSSES_IN_SECTION:
        return (
            f" Table~\\ref{{tab:{f.study}}} gives the accuracies, Figure~\\ref{{fig:losses-{f.study}}} the train and "
            f"dev loss and Figure~\\ref{{fig:study-{f.study}}} the dev curves."
        )
    return (
        f" Table~\\ref{{tab:{f.study}}} gives the accuracies and Figure~\\ref{{fig:study-{f.study}}} the dev curves; "
        f"Figure~\\ref{{fig:losses-{f.study}}} (Appendix~\\ref{{sec:losses}}) draws the train and dev loss."
    )


def _first_table(f: StudyFindings, findings: Sequence[StudyFindings]) -> str | None:
    """The label of the first study's table, when ``f`` is a later study with the same columns (both with or both
    without differences); else None (its own caption explains them)."""
    if not findings or findings[0].study == f.study or bool(findings[0].diffs) != bool(f.diffs):
        return None
    return f"tab:{findings[0].study}"


def study_section(
    s: Study,
    ctx: Context,
    baselines: pd.DataFrame | None = None,
    published: Mapping | None = None,
    embedding_specs: Mapping | None = None,
    columns: Mapping[str, int] | None = None,
    beyond: bool = False,
) -> tuple[str, str]:
    """A study as a numbered subsection: what it compares, its answer (claims only), its
    figures and table; for a study of inputs also the baselines and, given ``published``
    (``n_test``, ``n_train``: IMDB only), published results. ``beyond``: a study the
    homework does not ask for, marked as such in its title. Also returns the detail (the
    numbers behind the answer's words) as a paragraph of the appendix :func:`detail_appendix`."""
    f = s.f
    title = tex_escape(f.title) + (" (beyond the homework)" if beyond else "")
    answer, detail = answer_and_detail(s)
    drawn = drawn_before(f, list(ctx.others.values()))
    # no float barrier between studies: with each table set where it stands, a figure waits at most a page, while a
    # barrier ended the page whenever a figure waited and left it part empty (review 43: pages 15 and 16); the
    # section's end flushes the rest
    parts = [
        # a heading with too little room below it starts the next page (review 94: 6.6 began at p. 16's foot, its
        # text went on at p. 18, after a page of 6.5's figures)
        f"\\NeedLines{{{HEADING_ROOM}}}\\subsection{{{title}}}\\label{{sec:study-{f.study}}}",
        study_intro(f, embedding_specs, list(ctx.others.values()), columns) + _cites(f, drawn),
        # before the answer, where it stands: its columns explained once, in the first study's table
        study_table(f, _first_table(f, list(ctx.others.values()))),
        # the figures before the answer, so that a figure that does not fit here waits one page at most, not past
        # the next study's heading (reviews 44, 45: figures printed inside the next section)
        losses_figure(f, {c.subject for c in s.all_of("erratic")}) if f.vary == LOSSES_IN_SECTION else "",
        "" if drawn else figure(f"{FIGURES_DIR}/study_{f.study}.pdf", study_caption(f), f"fig:study-{f.study}"),
        gradients_figure(f) if shows_gradients(f) else "",
        "",
        # in one piece (report/hw3.tex's answerblock; reviews 43-51: a figure split the structures' answer)
        "\\begin{answerblock}",
        "\\paragraph{Answer.} " + " ".join(answer),
        "\\end{answerblock}",
        chance_and_divergence(s),
        "",
        baselines_block(s, baselines),
        published_comparison(f.best, **published, name=config_words(f, f.best["label"]))
        if published and f.vary == "embedding"
        else "",
    ]
    numbers = f"\\paragraph{{{tex_escape(f.title)} (Section~\\ref{{sec:study-{f.study}}}).}} " + " ".join(detail)
    return "\n".join(p for p in parts) + "\n", numbers + "\n" if detail else ""


def detail_appendix(paragraphs: Sequence[str], checked: str = "") -> str:
    """The numbers behind each study's answer, one paragraph per study, out of the way of the answers; ``checked``:
    what the check of the findings found (:func:`textmlp.report.claims_table.claims_sentence`), said first."""
    if not any(paragraphs):
        return f"\\section{{Findings checked against the tables}}\\label{{app:detail}}\n{checked}\n" if checked else ""
    return (
        "\\section{The findings in numbers}\\label{app:detail}\n"
        "What each study's answer rests on, configuration by configuration, in the words of "
        f"Section~\\ref{{sec:setup}}. {checked}\n\n" + "\n".join(p for p in paragraphs if p) + "\n"
    )


def losses_appendix(findings: Sequence[StudyFindings], erratic: Collection[str] = ()) -> str:
    """The train/dev loss curves of every study not shown beside its results (``erratic``: the runs drawn as means
    only)."""
    rest = [f for f in findings if f.vary != LOSSES_IN_SECTION and not drawn_before(f, findings)]
    if not rest:
        return ""
    lines = [
        # no fresh page: its figures are set where they stand, so they fill the rest of the page before (review 43:
        # a fresh page left that one 60% empty)
        "\\section{Train and dev loss of the other studies}\\label{sec:losses}",
        "The train and dev loss of every configuration of the studies whose figures in "
        "Section~\\ref{sec:programming} show dev curves only, drawn as in "
        + (
            f"Figure~\\ref{{fig:losses-{next(f.study for f in findings if f.vary == LOSSES_IN_SECTION)}}}."
            if any(f.vary == LOSSES_IN_SECTION for f in findings)
            else "the study figures."
        ),
        "",
    ]
    lines += [losses_figure(f, erratic, inline=True) for f in rest]
    return "\n".join(lines) + "\n"
