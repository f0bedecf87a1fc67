"""Tokenization: one compiled regular expression over lower-cased text.

A token is a run of word characters, optionally joined by inner apostrophes
or hyphens ("don't", "well-known"), or any single other non-space character,
so punctuation is always split from words. It is applied with
``re.findall``, which runs in C: no per-character Python code.
"""
from __future__ import annotations

import re
from typing import Iterable

TOKEN = re.compile(r"\w+(?:['\u2019-]\w+)*+|[^\w\s]")  # *+: possessive, no backtracking


def tokenize(text: str) -> list[str]:
    """Lower-case ``text`` and split it into word and punctuation tokens."""
    return TOKEN.findall(text.lower())


def tokenize_all(texts: Iterable[str]) -> list[list[str]]:
    return [TOKEN.findall(t.lower()) for t in texts]
