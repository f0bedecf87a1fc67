"""The characters the report can set: what the config check accepts in
free text, and what :func:`textmlp.latex.tex_escape` writes as it is.

Its own module so that :mod:`textmlp.config` checks text without importing
the LaTeX helpers (an edit to them then reruns no job that reads the config).
"""

from __future__ import annotations

#: What report/hw3.tex (pdflatex, its default OT1 fonts, UTF-8 input) can set:
#: printable ASCII, the Latin-1 and Latin Extended-A letters that have an OT1
#: glyph or accent, and common punctuation. tests/test_latex.py
#: compiles every one of them; other characters (CJK, emoji, other scripts)
#: stop pdflatex with "Unicode character ... not set up for use with LaTeX".
TEX_SAFE = frozenset(
    "\t\n"
    + "".join(map(chr, range(0x20, 0x7F)))
    + "".join(c for c in map(chr, range(0xA0, 0x180)) if c not in "«»ÐÞðþĄąĐđĘęĦħĮįĸĿŀŉŊŋŦŧŲųſ")
    + "–—‘’“”†‡•…‰€™"
)


def unrenderable(text: str) -> str:
    """The distinct characters of ``text`` the report cannot set, in order of appearance."""
    return "".join(dict.fromkeys(ch for ch in str(text) if ch not in TEX_SAFE))
