"""textmlp.report.sections: what the report takes from the configuration and the workflow."""

import pytest

from textmlp.report.sections import results_macros


def test_figure_paths_reach_the_report_as_macros_and_an_unincludable_one_is_refused():
    header = {"author": "A. B", "collaborators": "none", "sources": "notes"}
    tex = results_macros(header, {"FigActivations": "results/figures/activations_more.pdf"})
    assert "\\newcommand{\\FigActivations}{results/figures/activations_more.pdf}" in tex
    assert "\\newcommand{\\ReportAuthor}{A. B}" in tex
    for bad in ("results/figures/a b.pdf", "results/figures/a%.pdf", "results/figures/a.png"):
        with pytest.raises(ValueError, match="FigX"):
            results_macros(header, {"FigX": bad})


def test_hw3_inputs_every_generated_file_by_macro_and_names_only_the_macros_file():
    """Paths once (issue 25): the generated LaTeX's paths live in textmlp.layout; hw3.tex names none but the
    macros file, and every macro it inputs through is defined by results_macros."""
    import re
    from pathlib import Path

    from textmlp.layout import MACROS_TEX, TEX_INPUTS

    tex = (Path(__file__).parents[2] / "report" / "hw3.tex").read_text()
    named = re.findall(r"\\(?:input|includegraphics)(?:\[[^]]*\])?\{([^}]*)\}", tex)
    assert [p for p in named if not p.startswith("\\")] == [MACROS_TEX]
    used = {p[1:] for p in named if p.startswith("\\")}
    header = {"author": "", "collaborators": "", "sources": ""}
    macros = results_macros(header, {"FigActivations": "a.pdf", "FigMoreActivations": "b.pdf"}, TEX_INPUTS)
    assert used and all(f"\\newcommand{{\\{m}}}" in macros for m in used)
    assert set(TEX_INPUTS) <= used
    with pytest.raises(ValueError, match="InputX"):
        results_macros(header, {}, {"InputX": "results/report/x.pdf"})


@pytest.mark.parametrize(
    "seeds, words", [([0], "trained with one seed (0)"), ([3, 4], "trained with two seeds (3, 4)")]
)
def test_the_setup_counts_seeds_in_good_grammar(seeds, words):
    """Issue 24.15: not 'one seeds'."""
    from textmlp.report.sections import setup_section

    text = setup_section(
        {"sizes": {"train": 10, "dev": 5, "test": 5}, "n_classes": 2},
        "Toy",
        seeds,
        "",
        {"level": 0.95, "n_boot": 100},
    )
    assert words in " ".join(text.split())


def test_setup_states_how_dev_was_drawn():
    from textmlp.report.sections import grouping_sentence

    imdb = {"group_name": "movie", "group_by": "movie", "grouped_splits": ["dev"]}
    assert grouping_sentence(imdb) == (
        "The development set is made of whole movies, drawn at random (seeded) with the class shares kept, "
        "so that no movie has texts in both train and dev. "
    )
    table = {"group_name": "author", "group_by": "author", "grouped_splits": ["dev", "test"]}
    assert "The development and test sets are made of whole authors" in grouping_sentence(table)
    assert "train and dev or test" in grouping_sentence(table)
    random = {"group_name": "movie", "group_by": None, "grouped_splits": []}
    assert "drawn one by one at random" in grouping_sentence(random) and "can share movies" in grouping_sentence(random)
    assert grouping_sentence({"sizes": {}}) == ""  # a split that knows no groups says nothing


def test_the_appendix_counts_the_facts_checked_and_stated_and_prints_no_file_path():
    import pandas as pd

    from textmlp.report.claims_table import CLAIM_COLUMNS, claims_sentence
    from textmlp.report.studies import detail_appendix

    rows = [("variant_gain", "A sentence.", "true"), ("best_dev", "", "true"), ("best_dev", "", "true")]
    table = pd.DataFrame(
        [dict.fromkeys(CLAIM_COLUMNS, "") | {"kind": k, "sentence": t, "verdict": v} for k, t, v in rows]
    )
    text = claims_sentence(table)
    assert "3 such facts of two kinds, all of them true; 1 is stated" in text
    assert "results/" not in text and "_" not in text
    # the build stops on a false claim, but the sentence never says 'all' of a table that has one
    assert "2 of them true" in claims_sentence(table.assign(verdict=["true", "FALSE", "true"]))
    # it opens the appendix of numbers, and stands alone where no study has a paragraph there
    assert text in detail_appendix(["\\paragraph{X.} y"], text).split("\n")[1]
    assert "app:detail" in detail_appendix([], text) and text in detail_appendix([], text)


#: The verdict words the studies' answers use (src/textmlp/report/writeup.py): each must be defined in the set-up.
VERDICT_WORDS = [
    "climbs",
    "overfits",
    "no clear trend",
    "end together",
    "unstable",
    "erratic",
    "just",
    "still improving",
    "levelled off",
    "slow",
    "has not finished training",
    "stays above chance level",
    "resolved",
]


@pytest.mark.parametrize("word", VERDICT_WORDS)
def test_every_verdict_word_the_answers_use_is_defined_in_the_setup(word):
    """Review 12: the learning-rate answer called 0.0001 "slow", a word the set-up never defined; each verdict
    word is emphasised where the set-up's list defines it."""
    from textmlp.report.sections import setup_section

    text = setup_section(
        {"sizes": {"train": 10, "dev": 5, "test": 5}, "n_classes": 2}, "Toy", [0], "", {"level": 0.95, "n_boot": 100}
    )
    assert f"\\emph{{{word}}}" in text


def test_the_setup_defines_only_the_words_the_findings_use():
    """Review 14: the set-up defined 'still improving', 'stays above chance' and 'slow' in a report whose text
    never said them. A word is defined where a sentence rests on a claim of a kind that uses it; 'resolved'
    always (the tables' intervals use it)."""
    from textmlp.report.sections import setup_section

    def defined(kinds):
        return setup_section(
            {"sizes": {"train": 10, "dev": 5, "test": 5}, "n_classes": 2},
            "Toy",
            [0],
            "",
            {"level": 0.95, "n_boot": 100},
            used_kinds=kinds,
        )

    text = defined({"together", "resolved_set"})
    assert "\\emph{end together}" in text and "\\emph{resolved}" in text and "\\emph{climbs}" in text
    for word in ("still improving", "stays above chance level", "slow", "unstable", "has not finished training"):
        assert f"\\emph{{{word}}}" not in text
    text = defined({"improving", "untrained", "settles", "erratic", "late"})
    for word in ("still improving", "stays above chance level", "slow", "unstable", "has not finished training"):
        assert f"\\emph{{{word}}}" in text


def test_a_study_of_runs_drawn_before_draws_no_figure_and_a_means_only_note_only_where_one_is_drawn():
    """Review 15, L12 and L10: the tanh pair repeated two earlier studies' curves in two figures of its own, and
    every losses caption spoke of 'means only' panels, drawn or not."""
    from types import SimpleNamespace

    import pandas as pd

    from textmlp.captions import MEANS_ONLY
    from textmlp.report.studies import _cites, drawn_before

    def study(name, runs):
        return SimpleNamespace(study=name, ranked=pd.DataFrame({"run": runs}), vary="lr")

    acts, small, pair = study("a", ["t02", "s02"]), study("b", ["t005", "s005"]), study("t", ["t005", "t02"])
    assert drawn_before(pair, [acts, small, pair]) and not drawn_before(pair, [acts, pair, small])
    assert not drawn_before(acts, [acts, small, pair])
    assert "Figure" not in _cites(pair, drawn=True) and "Table~\\ref{tab:t} shows the results" in _cites(
        pair, drawn=True
    )
    assert "Figure~\\ref{fig:study-t}" in _cites(pair)
    from textmlp.report.studies import losses_figure

    drawn = SimpleNamespace(study="a", title="Acts", vary="activation", ranked=pd.DataFrame({"run": ["t02", "s02"]}))
    drawn.bimodal, drawn.drawn = [], {}
    # and the quotes as LaTeX sets them (review 19: two closing quotes)
    assert "A panel titled `means only' draws no band" in " ".join(losses_figure(drawn, {"t02"}).split())
    assert "'means only'" in MEANS_ONLY
    assert "means only" not in losses_figure(drawn, {"t005"})


def test_a_caption_describes_an_own_scale_panel_or_a_clipped_point_only_where_its_figure_draws_one():
    """Reviews 18-20: every losses caption spoke of panels titled 'own y-scale' and of triangles at the axis edge,
    drawn or not. The figures are built as their rules build them and asked what they draw."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from textmlp.report.studies import losses_figure, study_caption
    from textmlp.results.figures import figure_facts

    n = 12
    rows = []
    # five configurations: more than are overlaid, so the study figure draws one column each
    for run, level, spike in (("a", 0.30, 0.0), ("b", 0.31, 0.0), ("c", 0.32, 0.0), ("d", 0.33, 0.0), ("e", 0.34, 0.0)):
        for seed in range(3):
            for e in range(1, n + 1):
                dev = level + 0.1 / e + (spike if e == 6 else 0.0)
                base = {"run": run, "seed": seed, "epoch": e, "status": "ok"}
                rows.append({**base, "split": "train", "loss": level - 0.02, "accuracy": 0.85})
                rows.append({**base, "split": "dev", "loss": dev, "accuracy": 0.85 + 0.001 * e})
    epochs = pd.DataFrame(rows)
    studies = pd.DataFrame(
        {"study": "s", "order": range(5), "run": list("abcde"), "label": list("abcde"), "vary": "activation"}
    )
    facts = figure_facts(epochs, studies, "s")
    assert facts == {
        "losses": {"own_scale": False, "clipped": False, "panels": False, "broken": False, "broken_below": False},
        "study": {"own_scale": False, "clipped": False, "panels": True, "broken": False, "broken_below": False},
    }
    f = SimpleNamespace(study="s", title="S", vary="activation", ranked=pd.DataFrame({"run": list("abcde")}))
    f.bimodal, f.drawn = [], facts
    f.ranked["label"] = list("abcde")
    plain = " ".join(losses_figure(f).split())
    assert "own y-scale" not in plain and "triangle" not in plain and "the y-axis is shared." in plain
    assert "own y-scale" not in study_caption(f)
    assert "triangle" not in study_caption(f)
    # one epoch of one configuration far above the rest: clipped at the edge of the row's shared scale (reviews 37,
    # 38: no panel on its own scale), said in the caption
    far = epochs.assign(
        loss=np.where(
            (epochs["run"] == "d") & (epochs["split"] == "dev") & (epochs["epoch"] == 6),
            epochs["loss"] + 2,
            epochs["loss"],
        )
    )
    f.drawn = figure_facts(far, studies, "s")
    assert not f.drawn["study"]["own_scale"] and f.drawn["study"]["clipped"]
    assert "a triangle at the edge of an axis marks a point clipped" in " ".join(study_caption(f).split())


def test_a_study_with_a_linear_model_says_its_activation_of_the_hidden_layers():
    """Review 17, F10: 'all use ... sigmoid' was said of a study whose linear model has no activation."""
    from types import SimpleNamespace

    import pandas as pd

    from textmlp.report.studies import fixed_words

    fixed = {"activation": "sigmoid", "batch_size": 64}
    with_linear = SimpleNamespace(
        vary="hidden", fixed=fixed, inputs={}, ranked=pd.DataFrame({"hidden": ["[]", "[512]"]})
    )
    assert fixed_words(with_linear).endswith("sigmoid in the hidden layers")
    without = SimpleNamespace(vary="hidden", fixed=fixed, inputs={}, ranked=pd.DataFrame({"hidden": ["[512]"]}))
    assert "in the hidden layers" not in fixed_words(without) and "sigmoid" in fixed_words(without)


def test_latex_captions_open_a_quoted_phrase_with_a_backtick_and_leave_apostrophes():
    from textmlp.captions import caption_tex, tex_quotes

    assert tex_quotes("a panel's title says 'own y-scale' (the seeds' band)") == (
        "a panel's title says `own y-scale' (the seeds' band)"
    )
    assert "`own y-scale'" in caption_tex("losses", noun="structure")


def test_a_later_study_table_points_to_the_first_for_its_columns_instead_of_repeating_them():
    """Reviews 21-24: one three-line table caption printed seven times. The first study's table explains the
    columns; a later one with the same columns names its study and recipe and points to it."""
    from tests.results.test_claims import N_DEV, concat, falling, make_tables
    from textmlp.report.studies import _first_table, study_table
    from textmlp.results.findings import study_findings

    n = 6

    def study(name, runs):
        configs = [
            {
                "run": r,
                "label": r,
                "params": {"lr": lr},
                "seeds": {k: (falling(n), falling(n), [0.85] * n, t) for k in range(3)},
            }
            for r, lr, t in runs
        ]
        return make_tables(configs, study=name, title=name.upper())

    tables = concat(
        study("a", [("a1", 0.01, 0.85), ("a2", 0.02, 0.86)]), study("b", [("b1", 0.03, 0.85), ("b2", 0.04, 0.86)])
    )
    summary, studies, epochs, comparisons, runs = tables
    first, later = (study_findings(summary, studies, epochs, s, comparisons, N_DEV, 10000) for s in ("a", "b"))
    assert _first_table(first, [first, later]) is None and _first_table(later, [first, later]) == "tab:a"
    full, short = study_table(first), study_table(later, _first_table(later, [first, later]))
    assert "mean $\\pm$ standard deviation" in full and "columns as in Table~\\ref{tab:a}" not in full
    assert "columns as in Table~\\ref{tab:a}" in short and "standard deviation" not in short
    assert "B (" in short  # its own study and recipe are still named


def test_no_gradient_figure_where_training_recorded_no_gradients():
    """The TF-IDF depth study's runs record no gradients (sparse inputs): its section had an empty gradient figure."""
    from types import SimpleNamespace

    from textmlp.report.studies import shows_gradients

    def study(drawn):
        return SimpleNamespace(vary="hidden", fixed={"lr": 0.002}, drawn=drawn)

    assert shows_gradients(study({"gradients": {"drawn": True}}))
    assert not shows_gradients(study({"gradients": {"drawn": False}}))
    assert not shows_gradients(SimpleNamespace(vary="hidden", fixed={}, drawn={}))  # the homework's recipes


def test_a_study_says_which_of_its_settings_no_other_study_uses():
    """Review 43: 'Its recipe uses epoch budget 40 (the other studies use ...)' read as a template; a setting no other
    study uses is said in plain words, and a shared one is not said."""
    from types import SimpleNamespace

    import pandas as pd

    from textmlp.report.studies import _unlike_others

    def study(name, epochs, batch):
        ranked = pd.DataFrame({"epochs": [epochs], "batch_size": [batch]})
        return SimpleNamespace(study=name, fixed={"epochs": epochs, "batch_size": batch}, ranked=ranked)

    long, rest = study("one", 40, 64), [study("a", 20, 64), study("b", 9, 128), study("c", 20, 64)]
    assert (
        _unlike_others(long, [long, *rest]) == " Unlike the other studies, it trains for 40 epochs (they use 9 or 20)."
    )
    assert _unlike_others(rest[0], [long, *rest]) == ""
