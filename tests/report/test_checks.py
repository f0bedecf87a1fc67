"""The check marks of report/hw3.tex: each names a test that exists and says in words what it checks."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = re.compile(r"\\verified\{([^}]*)\}\{([^}]*)\}")


def body() -> str:
    tex = (ROOT / "report" / "hw3.tex").read_text()
    return tex[tex.index("\\begin{document}") :]  # the preamble's comment shows the form, not a check


def marks() -> list[tuple[str, str]]:
    return MARK.findall(body())


def written_tests() -> set[str]:
    return {
        m
        for p in (ROOT / "tests" / "written").glob("test_*.py")
        for m in re.findall(r"^def (test_\w+)", p.read_text(), re.M)
    }


def test_every_check_mark_names_an_existing_test() -> None:
    found = marks()
    assert len(found) >= 10  # the written answers' checks, not a stray macro
    missing = [name for name, _ in found if name not in written_tests()]
    assert not missing, f"check marks naming no test in tests/written: {missing}"


def test_every_check_mark_says_what_it_checks_in_words_not_an_identifier() -> None:
    for name, words in marks():
        assert words.strip() and "_" not in words and words.replace(" ", "_") != name, (name, words)


def test_no_check_mark_lacks_its_words() -> None:
    # a one-argument \verified{...} would swallow the next brace group as its words
    assert body().count("\\verified{") == len(marks())
