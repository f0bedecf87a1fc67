"""Class labels as the user wrote them: one canonical string per label, the classes in order, labels that collide."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

_INTEGER = re.compile(r"^[+-]?\d+$")


def canonical_label(value) -> str | None:
    """A label as its canonical string; None for a missing one.

    Integers (also integer-valued floats, and strings such as ``" 01"``) become
    ``str(int)``; booleans ``"True"``/``"False"``; other strings are trimmed;
    empty strings and nulls are missing.
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
    return str(int(text)) if _INTEGER.match(text) else text


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
