"""textmlp.sources: a source URL as the records show it (credentials and query redacted)."""

from __future__ import annotations

import pytest

from textmlp.sources import redact


@pytest.mark.parametrize(
    "source, recorded",
    [
        ("https://u:p@host.org/d/a.tar.gz?token=x#frag", "https://***@host.org/d/a.tar.gz?***"),
        ("https://host.org:8443/a.tsv?sig=abc", "https://host.org:8443/a.tsv?***"),
        (
            "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
            "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
        ),
        ("../data/my reviews?.tsv", "../data/my reviews?.tsv"),  # a local path is not a URL
    ],
)
def test_redact(source, recorded):
    assert redact(source) == recorded
