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
