"""The training parameters, each declared once: its type, default, run-name token and words.

A configuration (:class:`textmlp.config.Configuration`) has one field per
entry of :data:`PARAMETERS`, in this order; its run name is the entries'
tokens joined by ``_``; a study's label for it, the report's words for it and
a figure's legend all come from the entry of the parameter the study varies.
Adding a parameter is one entry here, its key in the config schema (and
docs/configuration.md), and whatever consumes it (the optimizer, the model).

A parameter with a default leaves the run name at its default, so names made
before it existed stay; one declared with ``recorded_at_default=False`` also
stays out of the configuration's record (metrics.json, the tables) at its
default, so adding it changes no earlier result. ``dropout`` predates that
rule: it is recorded as 0.0.

Light on purpose (the Snakefile imports it through :mod:`textmlp.config`):
no torch, no pandas, no LaTeX. Words are plain text that LaTeX sets as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

#: A parameter without a default: every configuration must set it.
REQUIRED = object()


def hidden_value(value: Any) -> tuple[int, ...]:
    """Hidden-layer sizes from any form they are written in: a list or tuple
    (config.yaml, a record), the JSON text of a table cell ('[512, 512]'), or a
    study label ('[512, 512]', 'none (linear)')."""
    if isinstance(value, str):
        value = [] if value == LINEAR_LABEL else json.loads(value)
    return tuple(int(h) for h in value)


#: The study label of the model without hidden layers.
LINEAR_LABEL = "none (linear)"


def _hidden_label(sizes: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, sizes)) + "]" if sizes else LINEAR_LABEL


def _hidden_words(sizes: tuple[int, ...]) -> str:
    if not sizes:
        return "the linear model (no hidden layer)"
    if len(set(sizes)) == 1:
        layers = "layer" if len(sizes) == 1 else "layers"
        return f"{count_word(len(sizes))} hidden {layers} of {sizes[0]:,} units"
    return f"hidden layers of {join([f'{s:,}' for s in sizes])} units"


def _hidden_legend(sizes: tuple[int, ...]) -> str:
    return "-".join(map(str, sizes)) + " hidden" if sizes else LINEAR_LABEL


#: Activation (as written in config.yaml) -> (its name in figures, its name in a sentence).
ACTIVATION_NAMES: dict[str, tuple[str, str]] = {
    "sigmoid": ("Sigmoid", "sigmoid"),
    "tanh": ("Tanh", "tanh"),
    "relu": ("ReLU", "ReLU"),
    "gelu": ("GELU", "GELU"),
    "leaky_relu": ("LeakyReLU", "leaky ReLU"),
    "elu": ("ELU", "ELU"),
    "silu": ("SiLU", "SiLU"),
}


#: Activation -> its name in figures.
ACTIVATION_LABELS: dict[str, str] = {k: figure for k, (figure, _) in ACTIVATION_NAMES.items()}


def _g(value: Any) -> str:
    return f"{float(value):g}"


@dataclass(frozen=True)
class Parameter:
    """One training parameter.

    - ``value``: a config, record or table value -> the configuration's value;
    - ``token``: the value -> its part of the run name ('' leaves it out);
    - ``label``: the value -> the study label of a configuration (a study of this parameter);
    - ``noun``: what a study of it compares ('learning rate');
    - ``words``: the value in a recipe sentence ('learning rate 0.02'; '' goes without saying;
      None: the report names it, as it does an input);
    - ``named``: whether a study names a configuration by ``words`` (else by noun and label);
    - ``legend``: the value -> a figure's legend entry (None: the label itself);
    - ``default``: the value a configuration that leaves it out gets (:data:`REQUIRED`: none);
    - ``recorded_at_default``: whether the record holds it at its default (see the module docstring).
    """

    name: str
    value: Callable[[Any], Any]
    token: Callable[[Any], str]
    noun: str
    words: Callable[[Any], str] | None
    label: Callable[[Any], str] = str
    named: bool = False
    legend: Callable[[Any], str] | None = None
    default: Any = REQUIRED
    recorded_at_default: bool = True

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def at_default(self, value: Any) -> bool:
        return not self.required and self.value(value) == self.default


_TABLE = (
    Parameter("embedding", str, str, "input", None),
    Parameter(
        "hidden",
        hidden_value,
        lambda v: "h" + ("x".join(map(str, v)) or "0"),
        "structure",
        _hidden_words,
        label=_hidden_label,
        named=True,
        legend=_hidden_legend,
    ),
    Parameter(
        "activation",
        str,
        str,
        "activation",
        lambda v: ACTIVATION_NAMES[v][1] if v in ACTIVATION_NAMES else v.replace("_", " "),
        named=True,
        legend=lambda v: ACTIVATION_LABELS.get(v, v),
    ),
    Parameter(
        "lr",
        float,
        lambda v: f"lr{v:g}",
        "learning rate",
        lambda v: f"learning rate {v:g}",
        label=_g,
        named=True,
        legend=lambda v: f"learning rate {v:g}",
    ),
    Parameter("batch_size", int, lambda v: f"bs{v}", "batch size", lambda v: f"batch size {v}"),
    Parameter("epochs", int, lambda v: f"ep{v}", "epoch budget", lambda v: f"{v} epochs"),
    Parameter(
        "dropout",
        float,
        lambda v: f"do{v:g}",
        "dropout rate",
        lambda v: f"dropout {v:g}",
        label=_g,
        default=0.0,
    ),
    Parameter(
        "weight_decay",
        float,
        lambda v: f"wd{v:g}",
        "weight decay",
        lambda v: f"weight decay {v:g}",
        label=_g,
        default=0.0,
        recorded_at_default=False,
    ),
)

#: Name -> parameter, in the order of the run name and the configuration's fields.
PARAMETERS: dict[str, Parameter] = {p.name: p for p in _TABLE}


def run_name(values: dict[str, Any]) -> str:
    """The run name of a configuration's (typed) values: each parameter's token,
    joined by '_', a parameter at its default left out."""
    return "_".join(p.token(values[n]) for n, p in PARAMETERS.items() if not p.at_default(values[n]))


def recorded(values: dict[str, Any]) -> dict[str, Any]:
    """A configuration's values as its record holds them (JSON types; a
    parameter that is not recorded at its default left out there)."""
    return {
        n: list(values[n]) if isinstance(values[n], tuple) else values[n]
        for n, p in PARAMETERS.items()
        if p.recorded_at_default or not p.at_default(values[n])
    }


def label(name: str, value: Any) -> str:
    """How a configuration with ``value`` is labelled in a study of parameter ``name``."""
    p = PARAMETERS[name]
    return p.label(p.value(value))


def words(name: str, value: Any) -> str:
    """Parameter ``name`` at ``value`` in a recipe sentence ('' when it goes without saying)."""
    p = PARAMETERS[name]
    value = p.value(value)
    return "" if p.words is None or (not p.required and p.at_default(value)) else p.words(value)


def legend(label_text: str, name: str) -> str:
    """A study label (of a study of ``name``) as a figure's legend says it; the
    label itself where the parameter has no legend form or the label is not its value."""
    p = PARAMETERS.get(name)
    if p is None or p.legend is None:
        return label_text
    try:
        return p.legend(p.value(label_text))
    except (ValueError, TypeError, KeyError):
        return label_text


def table_columns(columns: Any) -> list[str]:
    """The parameters a table of records holds as columns (of ``columns``), in order:
    every one recorded at its default, and any other some record holds."""
    present = set(columns)
    return [n for n, p in PARAMETERS.items() if p.recorded_at_default or n in present]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def join(items: Any, conj: str = "and") -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conj} " + items[-1]
