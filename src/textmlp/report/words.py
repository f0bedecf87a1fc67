"""The words the report's findings are written in: numbers, intervals, configurations, inputs, lists.

A parameter's own words (a configuration in a recipe, a study's noun) are
declared with it in :mod:`textmlp.parameters`; this module puts them in sentences.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from textmlp.features.names import embedding_name
from textmlp.latex import tex_escape
from textmlp.parameters import PARAMETERS, hidden_value, join, words
from textmlp.parameters import count_word as count_word  # the report's modules take it from here
from textmlp.results.findings import Difference, StudyFindings

#: What a study of each parameter compares, for sentences such as "every other learning rate".
NOUNS = {n: p.noun for n, p in PARAMETERS.items()}


def number(x: float, digits: int = 2) -> str:
    """A signed number with a typographic minus: -0.351 -> '$-$0.35'."""
    text = f"{abs(x):.{digits}f}"
    return ("$-$" if x < 0 and text.strip("0.") else "") + text


def points(x: float) -> str:
    """An accuracy difference in [0, 1] in percentage points, e.g. '$-$0.35 points'."""
    return f"{number(100 * x)} points"


def level_text(level: float) -> str:
    """0.95 -> '95\\%'."""
    return f"{100 * level:g}\\%"


def interval(d: Difference) -> str:
    """'95\\% interval $-$0.21 to 0.39 points'."""
    return f"{level_text(d.level)} interval {number(100 * d.low)} to {number(100 * d.high)} points"


def hidden_words(hidden: str | Sequence[int]) -> str:
    """'[512, 512]' -> 'two hidden layers of 512 units'; '[]' -> 'the linear model (no hidden layer)'."""
    return words("hidden", hidden)


def depth(hidden: str | Sequence[int]) -> int:
    return len(hidden_value(hidden))


def hidden_layers(n: int) -> str:
    """'one hidden layer', 'three hidden layers': a depth of at least one, in words."""
    return f"{count_word(n)} hidden layer{'s' if n > 1 else ''}"


def config_words(f: StudyFindings, label: str) -> str:
    """How the report names one configuration of study ``f`` in a sentence."""
    row = f.ranked[f.ranked["label"] == label].iloc[0]
    p = PARAMETERS.get(f.vary)
    if p is not None and p.named:
        return words(f.vary, row[f.vary])
    if label in f.display:
        return f.display[label]
    if f.vary == "embedding":
        return f"\\texttt{{{tex_escape(label)}}}"
    noun = NOUNS.get(f.vary, tex_escape(f.vary.replace("_", " ")))
    return f"{noun} {tex_escape(label)}"


def recipe_words(params: Mapping[str, object], inputs: Mapping[str, str] | None = None) -> str:
    """Parameters in words, in the order given: 'one hidden layer of 512 units, sigmoid,
    learning rate 0.02, batch size 64, 20 epochs' (a parameter at its default goes
    without saying); ``inputs``: each input's name in words (:func:`embedding_name`)."""
    parts = []
    for key, value in params.items():
        if key == "embedding":
            named = (inputs or {}).get(str(value))
            parts.append(f"input: {named}" if named else f"input \\texttt{{{tex_escape(str(value))}}}")
        elif key in PARAMETERS:
            parts.append(words(key, value))
        else:
            parts.append(f"{tex_escape(str(key).replace('_', ' '))} {tex_escape(str(value))}")
    return ", ".join(part for part in parts if part)


def input_names(f: StudyFindings, specs: Mapping[str, Mapping]) -> dict[str, str]:
    """For a study of inputs: each configuration's label -> the input's short name (:func:`embedding_name`)."""
    if f.vary != "embedding":
        return {}
    return {
        r["label"]: embedding_name(specs[r["embedding"]]) for _, r in f.ranked.iterrows() if r["embedding"] in specs
    }


def embedding_words(spec: Mapping[str, object], columns: int | None = None) -> str:
    """An input representation in words, from its config entry (and, for TF-IDF, its column count)."""
    kind = spec.get("kind")
    if kind == "word2vec":
        return f"the average of word2vec vectors of {spec['dim']} dimensions trained here"
    if kind == "glove":
        return "the average of pre-trained GloVe vectors"
    if kind == "tfidf":
        n = int(spec.get("ngram_max", 1))
        grams = "words" if n == 1 else f"word 1- to {n}-grams"
        text = f"TF-IDF of {grams} seen in at least {spec.get('min_df', 1)} training reviews"
        if columns:
            text += f" ({columns:,} columns)"
        if spec.get("nb_scaling"):
            text += ", each column scaled by its naive-Bayes log-count ratio (as in NBSVM)"
        return text
    return tex_escape(str(kind))


def subject(f: StudyFindings, label: str) -> str:
    """A configuration as the subject of a sentence: 'The model with two hidden layers of 512 units'."""
    words = config_words(f, label)
    if f.vary == "hidden":
        return capital(words) if words.startswith("the linear") else f"The model with {words}"
    if f.vary == "embedding":
        return f"The input {words}"
    return capital(words)


def above(d: Difference, what: str) -> str:
    """'0.19 points above logistic regression' / '0.35 points below it' / 'level with it'."""
    if round(100 * d.diff, 2) == 0:
        return f"level with {what}"
    return f"{abs(100 * d.diff):.2f} points {'above' if d.diff > 0 else 'below'} {what}"


def configs_words(f: StudyFindings, labels: Sequence[str], conj: str = "and") -> str:
    """Several configurations in one phrase: 'learning rates 0.05 and 0.1', else each in words, joined."""
    labels = list(labels)
    if f.vary == "lr" and len(labels) > 1:
        return "learning rates " + join(
            [f"{float(f.ranked.loc[f.ranked['label'] == lab, 'lr'].iloc[0]):g}" for lab in labels], conj
        )
    return join([config_words(f, lab) for lab in labels], conj)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text and not text.startswith("\\") else text


def every_other(others: Sequence[str], winners: Sequence[str]) -> str | None:
    """'every other' where ``winners`` are all of ``others``; 'every other but X' where more than three are and only
    X is not (a list of six ran to seven lines of a table's 2 cm column); else None: the caller names them."""
    rest = [o for o in others if o not in winners]
    if not rest:
        return "every other"
    if len(winners) > 3 and len(rest) == 1:
        return f"every other but {rest[0]}"
    return None
