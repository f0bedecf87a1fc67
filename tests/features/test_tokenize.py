"""textmlp.features.tokenize: the tokens of a review."""

import random

import pytest

from textmlp.features.tokenize import TOKEN, tokenize, tokenize_all


def test_tokenize_lowercases_and_splits_punctuation():
    assert tokenize("Great movie!! I didn't LOVE it, though (7/10).") == [
        "great",
        "movie",
        "!",
        "!",
        "i",
        "didn't",
        "love",
        "it",
        ",",
        "though",
        "(",
        "7",
        "/",
        "10",
        ")",
        ".",
    ]


def test_tokenize_keeps_hyphenated_words_and_handles_empty_text():
    assert tokenize("A well-known,  over-the-top film") == ["a", "well-known", ",", "over-the-top", "film"]
    assert tokenize("   ") == []


def test_tokenize_splits_loose_apostrophes_and_hyphens_but_keeps_inner_ones():
    assert tokenize("'Rock'n'roll' -- a must-see... ''Twas 9/10 -ish") == [
        "'",
        "rock'n'roll",
        "'",
        "-",
        "-",
        "a",
        "must-see",
        ".",
        ".",
        ".",
        "'",
        "'",
        "twas",
        "9",
        "/",
        "10",
        "-",
        "ish",
    ]
    assert tokenize("It\u2019s great\u2019 caf\u00e9\u2026 \u201cgreat\u201d\u2014fine") == [
        "it\u2019s",
        "great",
        "\u2019",
        "caf\u00e9",
        "\u2026",
        "\u201c",
        "great",
        "\u201d",
        "\u2014",
        "fine",
    ]


TRICKY = (
    list(
        "aZ\u00e9_9 '\u2019-.,!?\"()/<>\t\n\r\xa0\x00\x1c\x0b\u2026\u2014\u00b4\u201c\u03a3\u0130\u00df\u0301"
        "\U0001f600\u65e5"
    )
    + ["'", "-", "\u2019", " ", "ab", "don't"] * 3
)


@pytest.mark.parametrize("seed", range(3))
def test_tokenize_gives_the_tokens_of_the_reference_regex(seed):
    """The fast tokenizer (str.replace + split) is exact: the tokens of TOKEN.findall."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 15))) for _ in range(5000)]
    texts += ["".join(chr(rng.randrange(0x3000)) for _ in range(30)) for _ in range(500)]
    assert tokenize_all(texts) == [TOKEN.findall(t.lower()) for t in texts]
