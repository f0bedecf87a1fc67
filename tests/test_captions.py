"""The captions' one source (textmlp.captions) and its two renderings: LaTeX for
the PDF, reStructuredText for Snakemake's HTML report, whose caption files
print what their rule passes and hold no words of their own."""

from __future__ import annotations

import re

import pytest
from docutils.core import publish_parts

from tests.conftest import REPO
from textmlp.captions import CAPTIONS, caption_rst, caption_tex, caption_text, fields

CAPTION_FILES = REPO / "workflow/report/captions"


def test_tex_escapes_the_words_and_keeps_the_mathematics():
    tex = caption_tex("activations")
    assert "$\\sigma'$" in tex and "$x\\to\\pm\\infty$" in tex
    assert "ReLU's" in tex
    assert caption_tex("losses", noun="learning rate & more").count("\\&") == 1


def test_rst_renders_the_same_words_as_html_with_the_mathematics():
    html = publish_parts(caption_rst("activations"), writer="html")["body"]
    words = re.sub(r"<[^>]+>", "", html)
    assert "computed by the modules the network uses and by automatic differentiation" in words
    assert "$" not in words and "sigma" not in words  # the role rendered it, no LaTeX left
    assert 'class="formula"' in html or "<math" in html


@pytest.mark.parametrize("key", sorted(CAPTIONS))
def test_every_caption_renders_to_the_same_words_in_both(key):
    values = {name: "configuration" for name in fields(key)}
    plain = caption_text(key, **values)
    html = publish_parts(caption_rst(key, **values), writer="html")["body"]
    assert "system-message" not in html, html  # docutils found nothing to complain about
    words = [w for w in re.split(r"\$[^$]+\$", CAPTIONS[key].format(**values)) if w.strip()]
    text = " ".join(re.sub(r"<[^>]+>", "", html).split()).replace("&quot;", '"').replace("&#x27;", "'")
    for chunk in words:
        assert " ".join(chunk.split()) in text, (key, chunk)
    assert plain.strip() and "{" not in plain


def test_a_missing_field_or_caption_is_named():
    with pytest.raises(KeyError, match="noun"):
        caption_tex("study")
    with pytest.raises(KeyError, match="no caption 'nope'"):
        caption_rst("nope")


def test_caption_files_hold_no_words_only_their_rules_caption():
    """workflow/report/captions/<key>.rst prints params.captions.<key>, one per caption."""
    files = {p.stem: p.read_text().strip() for p in CAPTION_FILES.glob("*.rst")}
    assert set(files) == set(CAPTIONS)
    for key, text in files.items():
        assert text == f"{{{{ snakemake.params.captions.{key} }}}}"
