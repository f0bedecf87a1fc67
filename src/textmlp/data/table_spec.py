"""The table dataset's `data:` keys: their defaults, normalised and checked, and the layout its files make."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from textmlp.config_file import table_defaults
from textmlp.data.splits import SPLITS
from textmlp.data.table_files import FORMATS, DatasetError

#: File roles that ``paths`` may use.
ROLES = ("file", "train", "dev", "test", "unlabeled")

LAYOUTS = ("split_column", "files", "fractions")


def _fraction(spec: dict, name: str, where: str) -> float | None:
    value = spec[name]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise DatasetError(f"{where}.{name} = {value!r}: must be a number strictly between 0 and 1")
    return float(value)


def normalize_spec(spec: Mapping | None, *, where: str = "data") -> dict:
    """``spec`` with the schema's defaults filled in and its values checked
    (the same checks as the schema's, for callers that bypass it).

    Raises :class:`DatasetError` for a bad column name, format, layout,
    fraction (outside (0, 1), or dev + test >= 1) or seed.
    """
    defaults = table_defaults()  # the schema's
    out = dict(defaults)
    out.update({k: v for k, v in (spec or {}).items() if k in defaults and v is not None})
    for name in ("text_column", "label_column", "split_column"):
        if not isinstance(out[name], str) or not out[name].strip():
            raise DatasetError(f"{where}.{name} = {out[name]!r}: must be a non-empty column name")
        out[name] = out[name].strip()
    if out["id_column"] is not None:
        out["id_column"] = str(out["id_column"]).strip()
    if out["group_column"] is not None:
        out["group_column"] = str(out["group_column"]).strip()
        if not out["group_column"]:
            raise DatasetError(f"{where}.group_column = {spec['group_column']!r}: must be a non-empty column name")
        for other in ("text_column", "label_column"):
            if out["group_column"] == out[other]:
                raise DatasetError(f"{where}.group_column and {where}.{other} are both {out[other]!r}")
    if out["text_column"] == out["label_column"]:
        raise DatasetError(f"{where}.text_column and {where}.label_column are both {out['text_column']!r}")
    if out["format"] is not None and out["format"] not in FORMATS:
        raise DatasetError(f"{where}.format = {out['format']!r}: use one of {', '.join(FORMATS)}")
    if out["layout"] is not None and out["layout"] not in LAYOUTS:
        raise DatasetError(f"{where}.layout = {out['layout']!r}: use one of {', '.join(LAYOUTS)}")
    dev, test = _fraction(out, "dev_fraction", where), _fraction(out, "test_fraction", where)
    if dev is not None and test is not None and dev + test >= 1:
        raise DatasetError(
            f"{where}.dev_fraction + {where}.test_fraction = {dev} + {test} = {dev + test:g}: "
            "must be below 1 so that train keeps some rows"
        )
    out["dev_fraction"], out["test_fraction"] = dev, test
    if isinstance(out["seed"], bool) or not isinstance(out["seed"], (int, np.integer)) or out["seed"] < 0:
        raise DatasetError(f"{where}.seed = {out['seed']!r}: must be a non-negative integer")
    out["stratify"] = bool(out["stratify"])
    out["quoted_tsv"] = bool(out["quoted_tsv"])
    out["multiline_fields"] = bool(out["multiline_fields"])
    cap = out["max_review_bytes"]
    if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or cap < 1:
        raise DatasetError(f"{where}.max_review_bytes = {cap!r}: must be a positive integer (bytes)")
    return out


def infer_layout(spec: dict, roles, *, where: str = "data", files_key: str | None = None) -> str:
    """The layout that the given file roles (and fractions) describe.

    ``spec`` is a :func:`normalize_spec` result. Raises :class:`DatasetError`
    for an unknown role, a mix of ``file`` with per-split files, a role the
    layout needs but lacks, or a ``layout`` key that disagrees with the files.
    """
    files_key = files_key or f"{where}.files"
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise DatasetError(f"{files_key}: unknown file role(s) {sorted(unknown)}; known roles: {', '.join(ROLES)}")
    per_split = roles & set(SPLITS)
    given = ", ".join(sorted(roles)) or "none"
    fractions = spec["dev_fraction"] is not None or spec["test_fraction"] is not None
    if "file" in roles and per_split:
        raise DatasetError(
            f"{files_key}: give either one file ({files_key}.file) or separate split files "
            f"({files_key}.train/dev/test), not both; given: {given}"
        )
    if "file" in roles:
        layout = "fractions" if fractions else "split_column"
    elif per_split:
        layout = "files"
    else:
        raise DatasetError(
            f"{files_key}: no labelled data file given; set {files_key}.file or "
            f"{files_key}.train, {files_key}.dev and {files_key}.test (given: {given})"
        )
    if spec["layout"] is not None and spec["layout"] != layout:
        want = {
            "split_column": "file (and no fractions)",
            "files": "train, dev, test",
            "fractions": "file and both fractions",
        }[spec["layout"]]
        raise DatasetError(
            f"{where}.layout = {spec['layout']!r} needs {files_key} role(s) {want}; "
            f"the files given ({given}) describe layout {layout!r}"
        )
    if layout == "fractions":
        for name in ("dev_fraction", "test_fraction"):
            if spec[name] is None:
                raise DatasetError(
                    f"{where}.{name} is not set: splitting one file by fractions needs both "
                    f"{where}.dev_fraction and {where}.test_fraction"
                )
    if layout == "files":
        needed = ["train", "test"] + ([] if spec["dev_fraction"] is not None else ["dev"])
        for role in needed:
            if role not in roles:
                hint = f" (or set {where}.dev_fraction to carve dev out of train)" if role == "dev" else ""
                raise DatasetError(
                    f"{files_key}.{role} is missing: layout 'files' needs a {role} file{hint}; given: {given}"
                )
        if spec["test_fraction"] is not None:
            raise DatasetError(f"{where}.test_fraction is set but {files_key}.test already gives the test rows")
        if spec["dev_fraction"] is not None and "dev" in roles:
            raise DatasetError(f"{where}.dev_fraction is set but {files_key}.dev already gives the dev rows")
    return layout
