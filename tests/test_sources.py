"""textmlp.sources: a source URL as the records show it (credentials and query redacted)."""

from __future__ import annotations

import pytest

from textmlp.sources import file_name, redact


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


@pytest.mark.parametrize(
    "source, name",
    [
        # issue 24.1/24.2: a token or a presigned signature stays out of the copy's name,
        # and the suffix that tells the format is the path's
        ("http://127.0.0.1:8000/dl/reviews.tsv?token=SECRET", "reviews.tsv"),
        ("https://u:pw@bucket.example.org/a/b/train.csv.gz?X-Amz-Signature=abc&X-Amz-Expires=60", "train.csv.gz"),
        ("https://host.org/x/data.parquet#part=SECRET", "data.parquet"),
        ("https://host.org/", "data"),
        ("file:///tmp/my%20reviews.tsv", "my%20reviews.tsv"),
        # local paths: the name as written, but characters a manifest line or a
        # Snakemake path cannot hold become _ (issue 24.10)
        ("/data/my rev\\iews.tsv", "my rev_iews.tsv"),
        ("data/odd{name}.tsv", "odd_name_.tsv"),
        ("data/reviews?.tsv", "reviews?.tsv"),
        ("reviews.tsv", "reviews.tsv"),
    ],
)
def test_file_name(source, name):
    assert file_name(source) == name
