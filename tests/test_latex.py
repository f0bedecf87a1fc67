"""textmlp.latex: escaping, macros, and pdflatex's errors and warnings made plain."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from textmlp.latex import TEX_SAFE, first_error, log_problems, macro, tex_escape
from textmlp.report.numbers import pct, percent


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="needs pdflatex")
def test_every_character_the_config_check_lets_through_is_set_by_pdflatex(tmp_path):
    """textmlp.latex.TEX_SAFE is what the config check accepts in names and
    titles: all of it compiles in the report's setting (default fonts, UTF-8)."""
    text = tex_escape("".join(sorted(TEX_SAFE - set("\t\n"))))
    assert "[U+" not in text and tex_escape("映画 🎬") == "[U+6620][U+753B] [U+1F3AC]"
    (tmp_path / "t.tex").write_text(
        "\\documentclass[11pt]{article}\n\\usepackage{amsmath,amssymb}\n"
        "\\usepackage[hidelinks]{hyperref}\n\\begin{document}\n"
        f"{text}\n\n\\texttt{{{text}}}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    res = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path, capture_output=True
    )
    assert res.returncode == 0, res.stdout[-2000:].decode(errors="replace")


def test_latex_helpers():
    assert tex_escape("a_b & 50% #1") == r"a\_b \& 50\% \#1"
    assert macro("BestLr", "0.02") == "\\newcommand{\\BestLr}{0.02}\n"
    with pytest.raises(ValueError):
        macro("Best_lr", "x")
    assert pct(0.81234) == "81.23"
    assert percent(0.81234) == "81.23\\%"  # the same digits, with the sign, in sentences
    log = "foo\n! Undefined control sequence.\nl.12 \\foo\nbar\n"
    assert first_error(log).startswith("! Undefined control sequence.\nl.12")
    assert first_error("x\n./hw3.tex:7: Undefined control sequence.\nl.7\n").startswith("./hw3.tex:7: Undefined")
    assert log_problems("LaTeX Warning: Reference `fig:x' on page 1 undefined on input line 3.\n")
    assert log_problems("! LaTeX Error: File `missing.pdf' not found.\n")
    assert not log_problems("Output written on hw3.pdf (3 pages).\n")


def test_missing_tex_names_what_to_install(monkeypatch, tmp_path):
    import shutil

    from textmlp.latex import LatexError, compile_pdf

    monkeypatch.setattr(shutil, "which", lambda name: None)  # textmlp.latex uses shutil.which
    with pytest.raises(LatexError, match="tools/install-tex.sh"):
        compile_pdf(tmp_path / "x.tex", tmp_path / "build", tmp_path / "x.pdf")


def test_latex_error_shows_the_first_error_and_writes_no_pdf(tmp_path, monkeypatch):
    from textmlp.latex import LatexError, compile_pdf

    tex = tmp_path / "broken.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nfine\n\\undefinedmacro\n\\end{document}\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LatexError) as err:
        compile_pdf(tex, tmp_path / "build", tmp_path / "out" / "broken.pdf")
    assert "Undefined control sequence" in str(err.value)
    assert not (tmp_path / "out" / "broken.pdf").exists()


def test_undefined_reference_fails_the_build(tmp_path, monkeypatch):
    from textmlp.latex import LatexError, compile_pdf

    tex = tmp_path / "ref.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nSee \\ref{nowhere}.\n\\end{document}\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LatexError, match="undefined"):
        compile_pdf(tex, tmp_path / "build", tmp_path / "ref.pdf")
