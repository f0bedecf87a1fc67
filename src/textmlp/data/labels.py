"""Class labels as the user wrote them: one canonical string per label, the classes in order, labels that collide."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

_INTEGER = re.compile(r"^[+-]?\d+$")
#: A decimal number as a CSV cell may spell it: 1, 01, +1, 1.0, 1., .5, 1e0.
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def canonical_label(value) -> str | None:
    """A label as its canonical string; None for a missing one.

    Integers (also integer-valued floats, and strings such as ``" 01"`` or
    ``"1.0"``) become ``str(int)``; other numbers written as decimals
    (``"0.50"``) ``str(float)``, so that one number is one class however the
    file spells it; booleans ``"True"``/``"False"``; other strings are
    trimmed; empty strings and nulls are missing.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else str(float(value))
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    text = str(value).strip()
    if not text:
        return None
    if _INTEGER.match(text):
        return str(int(text))
    if _NUMBER.match(text):
        number = float(text)
        if math.isfinite(number):
            return str(int(number)) if number.is_integer() else str(number)
    return text


def label_spellings(raw, where: str = "data.label_column") -> list[str]:
    """One warning per class that the file writes in more than one way (``1``,
    ``1.0``, `` 01``): :func:`canonical_label` makes them one class, and says so."""
    spellings: dict[str, set[str]] = {}
    for value in raw:
        label = canonical_label(value)
        if label is not None:
            spellings.setdefault(label, set()).add(str(value))
    return [
        f"{where}: {', '.join(repr(s) for s in sorted(written))} are read as one class, {label!r}"
        for label, written in spellings.items()
        if len(written) > 1
    ]


def sort_classes(labels) -> list[str]:
    """The distinct labels in class order: numerically if all are numbers, else as strings."""
    distinct = set(labels)
    try:
        return sorted(distinct, key=lambda s: (float(s), s))
    except ValueError:
        return sorted(distinct)


def label_collisions(classes, where: str = "data.label_column") -> list[str]:
    """One warning per group of classes that differ only in case or spaces
    (e.g. ``pos`` and ``Pos``): they stay separate classes, as the data says."""
    groups: dict[str, list[str]] = {}
    for label in classes:
        groups.setdefault(" ".join(str(label).split()).casefold(), []).append(str(label))
    return [
        f"{where}: labels {', '.join(map(repr, group))} differ only in case or spaces and are "
        f"{len(group)} separate classes; if they mean one class, write them the same way in the file"
        for group in groups.values()
        if len(group) > 1
    ]
