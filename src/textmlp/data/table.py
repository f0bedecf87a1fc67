"""The user's own labelled text dataset, read from CSV, TSV or Parquet files.

Instead of the IMDB archive, ``config.yaml`` may describe a dataset of its own.
This module turns the files named there into the same four frames that
:mod:`textmlp.data.imdb` builds from IMDB -- ``train``, ``dev``, ``test`` and
``unlabeled``, each with the columns ``id`` (str), ``text`` (str) and
``label`` (int class index; -1 in ``unlabeled``) -- so that every later step
works unchanged. The split rule uses :func:`split_dataset`, which reads each
file a chunk at a time and hands the rows on as it goes, so a table many times
the memory splits in about the memory of a chunk (plus a few hundred bytes a
row for ids, labels and groups); :func:`load_dataset` gathers the same rows in
memory. Fetching the files happens elsewhere; the functions here
only ever see local paths. Every key, layout and rule is described in
docs/configuration.md ("Your own data").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
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
from textmlp.data.table_files import CHUNK_ROWS, DatasetError, read_chunks, text_values
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
    for i, value in zip(frame.index, raw):
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
            f"{key}: data row {frame.index[i] + 1} has a text of {int(sizes.iloc[i])} bytes, over "
            f"{where}.max_review_bytes = {cap} (the first such row); raise the key if such texts are meant"
        )
    return texts


def _is_nan(value) -> bool:
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def _labelled_rows(
    frame: pd.DataFrame, spec: dict, role: str, path, where: str, raw_labels: list | None = None
) -> tuple[pd.DataFrame, int]:
    """id / text / label (canonical string, None where missing) rows of one labelled file (or a chunk of it),
    empty texts dropped, and how many were; the labels as written go to ``raw_labels`` (when given).
    :func:`_require_labels_and_groups` checks the rows of the whole file."""
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
    return out[keep], int((~keep).sum())


def _require_labels_and_groups(rows: pd.DataFrame, spec: dict, path, where: str) -> None:
    """Every kept row of a file (its rows' numbers as index) has a label, and a group when groups are used."""
    if "group" in rows.columns and (rows["group"] == "").any():
        bad = [int(i) for i in rows.index[rows["group"] == ""][:5]]
        n = int((rows["group"] == "").sum())
        raise DatasetError(
            f"{where}.group_column = {spec['group_column']!r} in {path}: {n} row(s) without a group "
            f"(0-based data rows {bad}{', ...' if n > 5 else ''}); give every row one (its own id will do), "
            "so that each group lands in one split"
        )
    missing = rows["label"].isna()
    if missing.any():
        bad = [int(i) for i in rows.index[missing][:5]]
        raise DatasetError(
            f"{where}.label_column = {spec['label_column']!r} in {path}: {int(missing.sum())} row(s) "
            f"without a label (0-based data rows {bad}{', ...' if missing.sum() > 5 else ''})"
        )


def _ids(frame: pd.DataFrame, spec: dict, role: str, path, where: str) -> pd.Series:
    if spec["id_column"] is None:  # the row's number in its file
        return pd.Series([f"{role}/{i}" for i in frame.index], index=frame.index, dtype=object)
    _require_column(frame, spec["id_column"], f"{where}.id_column", path)
    return text_values(frame[spec["id_column"]])


def empty_frame() -> pd.DataFrame:
    """A split without rows, with the columns (and types) of one."""
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
    chunk_rows: int = CHUNK_ROWS,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Read the user's dataset and split it into train / dev / test (+ unlabeled), in memory.

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
    index 0..n-1, rows in the order of their files. ``info`` is JSON-ready: ``name``, ``layout``, ``files``
    (role -> path), the column names used, the split settings where they
    apply, ``classes`` (original labels as strings; index = class id),
    ``mapping`` (label -> class id), ``n_classes``, ``sizes``,
    ``label_counts`` (split -> {class id: count}, every class listed;
    unlabeled -> {-1: n}), ``dropped_empty_text`` (role -> rows dropped),
    ``lines_read_as_rows`` (role -> line and row counts, where quoted fields
    joined lines) and ``warnings`` (see the module docstring).

    Raises :class:`DatasetError` for every problem with the spec or the files.
    :func:`split_dataset` does the same without holding the texts.
    """
    chunks: dict[str, list[pd.DataFrame]] = {name: [] for name in (*SPLITS, "unlabeled")}
    info = split_dataset(
        spec,
        paths,
        lambda name, frame: chunks[name].append(frame),
        where=where,
        files_key=files_key,
        shown=shown,
        chunk_rows=chunk_rows,
    )
    frames = {name: pd.concat(parts, ignore_index=True) if parts else empty_frame() for name, parts in chunks.items()}
    return frames, info


def split_dataset(
    spec: Mapping | None,
    paths: Mapping[str, str | Path],
    emit: Callable[[str, pd.DataFrame], None],
    *,
    where: str = "data",
    files_key: str | None = None,
    shown: Mapping[str, str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> dict:
    """:func:`load_dataset` in bounded memory: each split's rows go to
    ``emit(name, frame)`` a chunk at a time (frames as load_dataset's, a chunk of
    at most ``chunk_rows`` rows of one file each, in file order; none empty), and the
    ``info`` it returns is load_dataset's.

    Two passes over the files: the first reads what decides each row's split
    (ids, labels, groups, the split column) and checks everything, keeping no
    text; the second reads the texts again and hands them on. So every problem
    with the labelled files raises :class:`DatasetError` before anything is
    emitted; the unlabeled file, read last, is checked as it is emitted.
    """
    spec = normalize_spec(spec, where=where)
    files_key = files_key or f"{where}.files"
    paths = {role: Path(p) for role, p in paths.items() if p is not None}
    layout = infer_layout(spec, paths, where=where, files_key=files_key)
    shown_as = {role: (shown or {}).get(role) or str(p) for role, p in paths.items()}
    reader = _Reader(spec, paths, shown_as, where, chunk_rows)
    info = _settings(spec, layout, reader.names)
    plan = _plan_files(reader, info) if layout == "files" else _plan_one_file(reader, info, layout)
    parts = {name: pd.concat([reader.kept[role][which == name] for role, which in plan.items()]) for name in SPLITS}
    for name in SPLITS:
        if parts[name].empty:
            raise DatasetError(_empty_split_message(name, layout, spec, reader.names, where, files_key))
    classes = _classes(parts, spec, where)
    mapping = {label: i for i, label in enumerate(classes)}
    record = {name: _encoded(parts[name], mapping) for name in SPLITS}  # without texts: for the checks and counts
    del parts
    _require_unique_ids(record, spec, where)
    for role, which in plan.items():
        reader.emit_texts(role, which, mapping, emit)
    unlabeled = reader.emit_unlabeled(emit) if "unlabeled" in paths else 0
    record["unlabeled"] = pd.DataFrame({"label": np.full(unlabeled, -1, dtype="int64")})
    label_key = f"{where}.label_column = {spec['label_column']!r}"
    warnings = label_spellings(reader.raw_labels, label_key) + label_collisions(classes, label_key)
    info.update(
        mapping=mapping,
        dropped_empty_text=reader.dropped,
        lines_read_as_rows={role: c for role, c in reader.joined.items() if c},
        **split_record(record, classes, warnings),
    )
    for warning in info["warnings"]:
        log.warning("%s", warning)
    return info


#: The column of a file's kept rows that holds its split column's values (first pass).
_SPLIT_VALUE = "_split_value"


@dataclass
class _Reader:
    """Reads the user's files by role, a chunk at a time, and keeps what the split needs of them: each labelled
    file's kept rows without their texts, the rows dropped for an empty text, the lines that quoted fields
    joined into one row, the labels as written."""

    spec: dict
    paths: Mapping[str, Path]
    names: Mapping[str, str]  # role -> how messages name its file
    where: str
    chunk_rows: int
    kept: dict[str, pd.DataFrame] = field(default_factory=dict)  # role -> id, label (, group) of its kept rows
    columns: dict[str, list[str]] = field(default_factory=dict)  # role -> its file's columns
    dropped: dict[str, int] = field(default_factory=dict)
    joined: dict[str, dict] = field(default_factory=dict)
    raw_labels: list = field(default_factory=list)

    def chunks(self, role: str, checked: bool = False) -> Iterator[pd.DataFrame]:
        """The file of ``role`` a chunk at a time; ``checked``: read once already (not counted or logged again)."""
        if not checked:
            self.joined[role] = {}
        return read_chunks(
            self.paths[role],
            fmt=self.spec["format"],
            key=f"{self.where}.format",
            shown=self.names[role],
            quoted_tsv=self.spec["quoted_tsv"],
            counts=None if checked else self.joined[role],
            multiline=self.spec["multiline_fields"],
            max_line_bytes=self.spec["max_review_bytes"] + ROW_ROOM,
            rows=self.chunk_rows,
            checked=checked,
        )

    def survey(self, role: str, split_column: str | None = None) -> pd.DataFrame:
        """First pass over a labelled file: its kept rows (ids, labels, groups and, when given, the values of
        ``split_column``) without their texts, every row checked; stored in :attr:`kept`."""
        pieces, dropped = [], 0
        for chunk in self.chunks(role):
            self.columns.setdefault(role, list(chunk.columns))
            rows, n = _labelled_rows(chunk, self.spec, role, self.names[role], self.where, self.raw_labels)
            dropped += n
            rows = rows.drop(columns="text").copy()  # a copy: a view would keep the chunk's texts alive
            if split_column is not None:
                _require_column(chunk, split_column, f"{self.where}.split_column", self.names[role])
                rows[_SPLIT_VALUE] = chunk.loc[rows.index, split_column]
            pieces.append(rows)
        self.dropped[role] = dropped
        if dropped:
            log.warning("%s: dropped %d row(s) with an empty text", self.names[role], dropped)
        self.kept[role] = pd.concat(pieces)
        _require_labels_and_groups(self.kept[role], self.spec, self.names[role], self.where)
        return self.kept[role]

    def emit_texts(self, role: str, which: np.ndarray, mapping: Mapping[str, int], emit) -> None:
        """Second pass over a labelled file: each kept row, with its text, to the split ``which`` names."""
        start = 0
        for chunk in self.chunks(role, checked=True):
            rows, _ = _labelled_rows(chunk, self.spec, role, self.names[role], self.where)
            here = which[start : start + len(rows)]
            start += len(rows)
            for name in SPLITS:
                part = rows[here == name]
                if len(part):
                    emit(name, _encoded(part, mapping))
        if start != len(which):  # the file changed between the two passes
            raise DatasetError(
                f"{self.names[role]}: {start} rows with a text on a second reading, {len(which)} on the first"
            )

    def emit_unlabeled(self, emit) -> int:
        """The unlabeled file's rows with a text, a chunk at a time; how many."""
        total, dropped = 0, 0
        for chunk in self.chunks("unlabeled"):
            part, n = _unlabeled(chunk, self.names["unlabeled"], self.spec, self.where)
            dropped += n
            total += len(part)
            if len(part):
                emit("unlabeled", part)
        self.dropped["unlabeled"] = dropped
        return total


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


def _plan_files(reader: _Reader, info: dict) -> dict[str, np.ndarray]:
    """One file per split: each file's kept rows go to its split; a missing dev split drawn from train
    (recorded in ``info``). Returns role -> each kept row's split."""
    spec = reader.spec
    plan = {role: np.full(len(reader.survey(role)), role, dtype=object) for role in SPLITS if role in reader.paths}
    if "dev" not in reader.paths:
        train, where = reader.kept["train"], reader.where
        plan["train"] = _split(train, spec, spec["dev_fraction"], 0.0, where, reader.names["train"])
        info.update(dev_fraction=spec["dev_fraction"], seed=spec["seed"], stratify=spec["stratify"])
        info["group_by"] = spec["group_column"]
        info["grouped_splits"] = ["dev"] if spec["group_column"] else []
    return plan


def _plan_one_file(reader: _Reader, info: dict, layout: str) -> dict[str, np.ndarray]:
    """One file split by its split column, or by fractions (recorded in ``info``). Returns ``file`` -> each kept
    row's split."""
    spec, where, path = reader.spec, reader.where, reader.names["file"]
    if layout == "split_column":
        kept = reader.survey("file", spec["split_column"])
        values = kept[_SPLIT_VALUE].rename(spec["split_column"])  # messages name the user's column
        which = split_by_column(values, key=f"{where}.split_column", path=path)
        info["split_column"] = spec["split_column"]
        return {"file": which}
    kept = reader.survey("file")
    if spec["split_column"] in reader.columns["file"]:
        log.warning(
            "%s has a column %r; it is ignored because %s.dev_fraction/test_fraction are set",
            path,
            spec["split_column"],
            where,
        )
    which = _split(kept, spec, spec["dev_fraction"], spec["test_fraction"], where, path)
    info["group_by"] = spec["group_column"]
    info["grouped_splits"] = ["dev", "test"] if spec["group_column"] else []
    info.update(
        dev_fraction=spec["dev_fraction"],
        test_fraction=spec["test_fraction"],
        seed=spec["seed"],
        stratify=spec["stratify"],
    )
    return {"file": which}


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


def _encoded(part: pd.DataFrame, mapping: Mapping[str, int]) -> pd.DataFrame:
    """Labelled rows as the frames every later step reads: id, text (when read), the label's class id (and the
    group), index 0..n-1."""
    frame = pd.DataFrame({"id": part["id"].to_numpy(dtype=object)})
    if "text" in part.columns:
        frame["text"] = part["text"].to_numpy(dtype=object)
    frame["label"] = part["label"].map(mapping).to_numpy(dtype="int64")
    if "group" in part.columns:
        frame["group"] = part["group"].to_numpy(dtype=object)
    return frame


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


def _unlabeled(table: pd.DataFrame, path: str, spec: dict, where: str) -> tuple[pd.DataFrame, int]:
    """The unlabeled file's rows (or a chunk of them) with a text, ids by row number; and how many had none."""
    _require_column(table, spec["text_column"], f"{where}.text_column", path)
    text = _texts(table, spec, path, where)
    keep = (text != "").to_numpy()
    ids = np.array([f"unlabeled/{i}" for i in table.index], dtype=object)
    frame = pd.DataFrame(
        {
            "id": ids[keep],
            "text": text.to_numpy(dtype=object)[keep],
            "label": np.full(int(keep.sum()), -1, dtype="int64"),
        }
    )
    return frame, int((~keep).sum())


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
