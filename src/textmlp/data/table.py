"""The user's own labelled text dataset, read from CSV, TSV or Parquet files.

Instead of the IMDB archive, ``config.yaml`` may describe a dataset of its own.
This module turns the files named there into the same four frames that
:mod:`textmlp.data.imdb` builds from IMDB -- ``train``, ``dev``, ``test`` and
``unlabeled``, each with the columns ``id`` (str), ``text`` (str) and
``label`` (int class index; -1 in ``unlabeled``) -- so that every later step
works unchanged. Fetching the files happens elsewhere; the functions here
only ever see local paths. Every key, layout and rule is described in
docs/configuration.md ("Your own data").
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from textmlp.data.labels import canonical_label, label_collisions, label_spellings, sort_classes
from textmlp.data.splits import (
    SPLIT_ALIASES,
    SPLITS,
    split_by_column,
    split_by_fractions,
    split_by_groups,
    split_record,
)
from textmlp.data.table_files import DatasetError, read_table, release_arrow_memory, text_values
from textmlp.data.table_spec import infer_layout, normalize_spec

log = logging.getLogger(__name__)

#: The frames load_dataset returns, and their columns.
COLUMNS = ["id", "text", "label"]


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- small helpers


def _require_column(frame: pd.DataFrame, column: str, key: str, path: str | Path) -> None:
    if column not in frame.columns:
        raise DatasetError(f"{key} = {column!r}: no such column in {path}; its columns are {list(frame.columns)}")


# --------------------------------------------------------------------------- splitting


# --------------------------------------------------------------------------- loading


#: A text cell between this many bytes over the cap and the cap: the rest of its line.
ROW_ROOM = 1 << 16


def _texts(frame: pd.DataFrame, spec: dict, path, where: str) -> pd.Series:
    """The text column as trimmed strings: every cell a string (or empty), none
    over ``max_review_bytes``; else :class:`DatasetError` naming the key."""
    key = f"{where}.text_column = {spec['text_column']!r} in {path}"
    raw = frame[spec["text_column"]].astype(object)  # the cells as Python objects once: checked, then trimmed
    for i, value in enumerate(raw):
        if not (value is None or value is pd.NA or isinstance(value, (str, bytes)) or _is_nan(value)):
            listed = isinstance(value, (list, tuple, np.ndarray))
            kind = "list" if listed else type(value).__name__
            hint = (
                "join each row's tokens into one string (e.g. ' '.join(tokens)) before saving"
                if listed
                else "store the texts as strings"
            )
            raise DatasetError(f"{key}: data row {i + 1} holds a {kind} ({str(value)[:60]!r}), not a text; {hint}")
    texts = text_values(raw)
    cap = spec["max_review_bytes"]
    sizes = texts.map(lambda t: len(t.encode("utf-8")))
    over = sizes > cap
    if over.any():
        i = int(over.to_numpy().argmax())
        raise DatasetError(
            f"{key}: data row {i + 1} has a text of {int(sizes.iloc[i])} bytes, over {where}.max_review_bytes = "
            f"{cap} ({int(over.sum())} such row(s)); raise the key if such texts are meant"
        )
    return texts


def _is_nan(value) -> bool:
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def _labelled_rows(
    frame: pd.DataFrame,
    spec: dict,
    role: str,
    path,
    where: str,
    dropped: dict[str, int],
    raw_labels: list | None = None,
) -> pd.DataFrame:
    """id / text / label (canonical string) rows of one labelled file, empty
    texts dropped; the labels as written go to ``raw_labels`` (when given)."""
    _require_column(frame, spec["text_column"], f"{where}.text_column", path)
    _require_column(frame, spec["label_column"], f"{where}.label_column", path)
    out = pd.DataFrame(
        {
            "id": _ids(frame, spec, role, path, where),
            "text": _texts(frame, spec, path, where),
            "label": frame[spec["label_column"]].astype(object).map(canonical_label),
        },
        index=frame.index,
    )
    if spec["group_column"] is not None:
        _require_column(frame, spec["group_column"], f"{where}.group_column", path)
        out["group"] = text_values(frame[spec["group_column"]])
    keep = out["text"] != ""
    if raw_labels is not None:
        raw_labels.extend(frame.loc[keep[keep].index, spec["label_column"]].astype(object).dropna().unique())
    dropped[role] = int((~keep).sum())
    if dropped[role]:
        log.warning("%s: dropped %d row(s) with an empty text", path, dropped[role])
    out = out[keep]
    if "group" in out.columns and (out["group"] == "").any():
        rows = [int(i) for i in out.index[out["group"] == ""][:5]]
        n = int((out["group"] == "").sum())
        raise DatasetError(
            f"{where}.group_column = {spec['group_column']!r} in {path}: {n} row(s) without a group "
            f"(0-based data rows {rows}{', ...' if n > 5 else ''}); give every row one (its own id will do), "
            "so that each group lands in one split"
        )
    missing = out["label"].isna()
    if missing.any():
        rows = [int(i) for i in out.index[missing][:5]]
        raise DatasetError(
            f"{where}.label_column = {spec['label_column']!r} in {path}: {int(missing.sum())} row(s) "
            f"without a label (0-based data rows {rows}{', ...' if missing.sum() > 5 else ''})"
        )
    return out


def _ids(frame: pd.DataFrame, spec: dict, role: str, path, where: str) -> pd.Series:
    if spec["id_column"] is None:
        return pd.Series([f"{role}/{i}" for i in range(len(frame))], index=frame.index, dtype=object)
    _require_column(frame, spec["id_column"], f"{where}.id_column", path)
    return text_values(frame[spec["id_column"]])


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"id": pd.Series([], dtype=object), "text": pd.Series([], dtype=object), "label": pd.Series([], dtype="int64")}
    )


def load_dataset(
    spec: Mapping | None,
    paths: Mapping[str, str | Path],
    *,
    where: str = "data",
    files_key: str | None = None,
    shown: Mapping[str, str] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Read the user's dataset and split it into train / dev / test (+ unlabeled).

    ``spec`` holds the ``data:`` keys of docs/configuration.md (missing ones take
    the schema's defaults, :func:`textmlp.config_file.table_defaults`); ``paths``
    maps file roles (``file``, ``train``, ``dev``, ``test``, ``unlabeled``) to
    local files. ``where`` is the config
    path the spec keys live under and ``files_key`` the one of the file roles
    (default ``<where>.files``); both are only used in error messages.
    ``shown`` maps a role to how messages and ``info["files"]`` name its file
    (the source the user wrote, when ``paths`` holds a copy of it).

    Returns ``(frames, info)``: ``frames`` maps ``train``, ``dev``, ``test`` and
    ``unlabeled`` (empty when no unlabeled file is given) to frames with the
    columns ``id`` (str), ``text`` (str), ``label`` (int64; -1 for unlabeled),
    index 0..n-1. ``info`` is JSON-ready: ``name``, ``layout``, ``files``
    (role -> path), the column names used, the split settings where they
    apply, ``classes`` (original labels as strings; index = class id),
    ``mapping`` (label -> class id), ``n_classes``, ``sizes``,
    ``label_counts`` (split -> {class id: count}, every class listed;
    unlabeled -> {-1: n}), ``dropped_empty_text`` (role -> rows dropped),
    ``lines_read_as_rows`` (role -> line and row counts, where quoted fields
    joined lines) and ``warnings`` (see the module docstring).

    Raises :class:`DatasetError` for every problem with the spec or the files.
    """
    spec = normalize_spec(spec, where=where)
    files_key = files_key or f"{where}.files"
    paths = {role: Path(p) for role, p in paths.items() if p is not None}
    layout = infer_layout(spec, paths, where=where, files_key=files_key)
    reader = _Reader(spec, paths, {role: (shown or {}).get(role) or str(p) for role, p in paths.items()}, where)
    info = _settings(spec, layout, reader.names)
    parts = _split_files(reader, info) if layout == "files" else _split_one_file(reader, info, layout)
    for name in SPLITS:
        if parts[name].empty:
            raise DatasetError(_empty_split_message(name, layout, spec, reader.names, where, files_key))
    classes = _classes(parts, spec, where)
    frames = _encoded(parts, {label: i for i, label in enumerate(classes)})
    frames["unlabeled"] = (
        _unlabeled(reader.table("unlabeled"), reader.names["unlabeled"], spec, where, reader.dropped)
        if "unlabeled" in paths
        else _empty_frame()
    )
    _require_unique_ids(frames, spec, where)
    label_key = f"{where}.label_column = {spec['label_column']!r}"
    warnings = label_spellings(reader.raw_labels, label_key) + label_collisions(classes, label_key)
    info.update(
        mapping={label: i for i, label in enumerate(classes)},
        dropped_empty_text=reader.dropped,
        lines_read_as_rows={role: c for role, c in reader.joined.items() if c},
        **split_record(frames, classes, warnings),
    )
    for warning in info["warnings"]:
        log.warning("%s", warning)
    return frames, info


@dataclass
class _Reader:
    """Reads the user's files by role, and keeps what the split record reports of them: the rows dropped for an
    empty text, the lines that quoted fields joined into one row, the labels as written."""

    spec: dict
    paths: Mapping[str, Path]
    names: Mapping[str, str]  # role -> how messages name its file
    where: str
    dropped: dict[str, int] = field(default_factory=dict)
    joined: dict[str, dict] = field(default_factory=dict)
    raw_labels: list = field(default_factory=list)

    def table(self, role: str) -> pd.DataFrame:
        self.joined[role] = {}
        return read_table(
            self.paths[role],
            fmt=self.spec["format"],
            key=f"{self.where}.format",
            shown=self.names[role],
            quoted_tsv=self.spec["quoted_tsv"],
            counts=self.joined[role],
            multiline=self.spec["multiline_fields"],
            max_line_bytes=self.spec["max_review_bytes"] + ROW_ROOM,
        )

    def labelled(self, role: str, table: pd.DataFrame) -> pd.DataFrame:
        return _labelled_rows(table, self.spec, role, self.names[role], self.where, self.dropped, self.raw_labels)


def _settings(spec: dict, layout: str, names: Mapping[str, str]) -> dict:
    """The split record's settings: the layout, the files and the columns read (the split's own come later)."""
    return {
        "name": str(spec["name"]),
        "layout": layout,
        "files": dict(sorted(names.items())),
        "text_column": spec["text_column"],
        "label_column": spec["label_column"],
        "id_column": spec["id_column"],
        "group_column": spec["group_column"],
        "group_name": spec["group_column"],
        "group_by": None,
        "grouped_splits": [],
    }


def _split_files(reader: _Reader, info: dict) -> dict[str, pd.DataFrame]:
    """One file per split; a missing dev split drawn from train (recorded in ``info``)."""
    spec = reader.spec
    parts = {role: reader.labelled(role, reader.table(role)) for role in SPLITS if role in reader.paths}
    if "dev" not in reader.paths:
        train = parts["train"]
        which = _split(train, spec, spec["dev_fraction"], 0.0, reader.where, reader.names["train"])
        parts["dev"], parts["train"] = train[which == "dev"], train[which == "train"]
        info.update(dev_fraction=spec["dev_fraction"], seed=spec["seed"], stratify=spec["stratify"])
        info["group_by"] = spec["group_column"]
        info["grouped_splits"] = ["dev"] if spec["group_column"] else []
    return parts


def _split_one_file(reader: _Reader, info: dict, layout: str) -> dict[str, pd.DataFrame]:
    """One file split by its split column, or by fractions (recorded in ``info``)."""
    spec, where, path = reader.spec, reader.where, reader.names["file"]
    table = reader.table("file")
    rows = reader.labelled("file", table)
    if layout == "split_column":
        _require_column(table, spec["split_column"], f"{where}.split_column", path)
        which = split_by_column(table.loc[rows.index, spec["split_column"]], key=f"{where}.split_column", path=path)
        info["split_column"] = spec["split_column"]
    else:
        if spec["split_column"] in table.columns:
            log.warning(
                "%s has a column %r; it is ignored because %s.dev_fraction/test_fraction are set",
                path,
                spec["split_column"],
                where,
            )
        which = _split(rows, spec, spec["dev_fraction"], spec["test_fraction"], where, path)
        info["group_by"] = spec["group_column"]
        info["grouped_splits"] = ["dev", "test"] if spec["group_column"] else []
        info.update(
            dev_fraction=spec["dev_fraction"],
            test_fraction=spec["test_fraction"],
            seed=spec["seed"],
            stratify=spec["stratify"],
        )
    parts = {name: rows[which == name] for name in SPLITS}
    del table, rows  # the file as read: its texts are in the parts now
    release_arrow_memory()
    return parts


def _classes(parts: Mapping[str, pd.DataFrame], spec: dict, where: str) -> list[str]:
    """The classes (train's labels, sorted); a single class, or a label dev or test has and train has not, fails."""
    classes = sort_classes(parts["train"]["label"])
    if len(classes) < 2:
        raise DatasetError(
            f"{where}.label_column = {spec['label_column']!r}: the train split has a single class "
            f"({classes[0]!r}); a classifier needs at least two"
        )
    for name in ("dev", "test"):
        unseen = sorted(set(parts[name]["label"]) - set(classes))
        if unseen:
            raise DatasetError(
                f"{where}.label_column = {spec['label_column']!r}: the {name} split has label(s) "
                f"{unseen[:10]} that train does not have (train classes: {classes})"
            )
    return classes


def _encoded(parts: Mapping[str, pd.DataFrame], mapping: Mapping[str, int]) -> dict[str, pd.DataFrame]:
    """Each labelled split as the frames every later step reads: id, text, the label's class id (and the group)."""
    frames: dict[str, pd.DataFrame] = {}
    for name in SPLITS:
        part = parts[name]
        frames[name] = pd.DataFrame(
            {
                "id": part["id"].to_numpy(dtype=object),
                "text": part["text"].to_numpy(dtype=object),
                "label": part["label"].map(mapping).to_numpy(dtype="int64"),
            }
        )
        if "group" in part.columns:
            frames[name]["group"] = part["group"].to_numpy(dtype=object)
    return frames


def _require_unique_ids(frames: Mapping[str, pd.DataFrame], spec: dict, where: str) -> None:
    if spec["id_column"] is None:
        return
    ids = pd.concat([frames[n]["id"] for n in SPLITS], ignore_index=True)
    dup = ids[ids.duplicated()]
    if not dup.empty or (ids == "").any():
        what = f"duplicate id(s) {sorted(set(dup))[:5]}" if not dup.empty else "empty id(s)"
        raise DatasetError(f"{where}.id_column = {spec['id_column']!r}: {what} among the labelled rows")


def _split(rows: pd.DataFrame, spec: dict, dev: float, test: float, where: str, path: str) -> np.ndarray:
    """Each row's split: whole groups of ``group_column`` when it is set, else single rows."""
    if spec["group_column"] is None:
        return split_by_fractions(
            rows["label"].to_numpy(), dev_fraction=dev, test_fraction=test, seed=spec["seed"], stratify=spec["stratify"]
        )
    return split_by_groups(
        rows["label"].to_numpy(),
        rows["group"].to_numpy(dtype=object),
        dev_fraction=dev,
        test_fraction=test,
        seed=spec["seed"],
        stratify=spec["stratify"],
        keys=(f"{where}.dev_fraction = {dev}", f"{where}.test_fraction = {test}"),
        group_key=f"{where}.group_column = {spec['group_column']!r}",
        where=path,
    )


def _unlabeled(table: pd.DataFrame, path: str, spec: dict, where: str, dropped: dict[str, int]) -> pd.DataFrame:
    _require_column(table, spec["text_column"], f"{where}.text_column", path)
    text = _texts(table, spec, path, where)
    keep = (text != "").to_numpy()
    dropped["unlabeled"] = int((~keep).sum())
    ids = np.array([f"unlabeled/{i}" for i in range(len(table))], dtype=object)
    return pd.DataFrame(
        {
            "id": ids[keep],
            "text": text.to_numpy(dtype=object)[keep],
            "label": np.full(int(keep.sum()), -1, dtype="int64"),
        }
    )


def _empty_split_message(name: str, layout: str, spec: dict, paths: dict, where: str, files_key: str) -> str:
    if layout == "split_column":
        return (
            f"{where}.split_column = {spec['split_column']!r} in {paths['file']}: no row names the "
            f"{name} split (accepted for {name}: "
            f"{', '.join(k for k, v in SPLIT_ALIASES.items() if v == name)})"
        )
    if layout == "fractions" or (layout == "files" and name == "dev" and "dev" not in paths):
        key = "test_fraction" if name == "test" else "dev_fraction"
        return (
            f"{where}.{key} = {spec[key]}: leaves the {name} split empty "
            f"(too few rows in {paths.get('file', paths.get('train'))}); raise the fraction or add rows"
        )
    return f"{files_key}.{name} = {paths[name]}: no rows with a non-empty text"
