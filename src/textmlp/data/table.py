"""The user's own labelled text dataset, read from CSV, TSV or Parquet files.

Instead of the IMDB archive, ``config.yaml`` may describe a dataset of its own.
This module turns the files named there into the same four frames that
:mod:`textmlp.data.imdb` builds from IMDB -- ``train``, ``dev``, ``test`` and
``unlabeled``, each with the columns ``id`` (str), ``text`` (str) and
``label`` (int class index; -1 in ``unlabeled``) -- so that every later step
works unchanged. Fetching the files (URL + sha256) happens elsewhere; the
functions here only ever see local paths.

Spec keys
---------
:func:`load_dataset` takes the validated config mapping ``spec``; every key is
optional and missing keys take the defaults in :data:`SPEC_DEFAULTS`:

``name`` (str, default ``"custom"``)
    A label for the dataset, copied into the returned info.
``format`` (``"csv"`` | ``"tsv"`` | ``"parquet"`` | null, default null)
    The format of every file; null means "from the file name": ``.csv``,
    ``.tsv`` (or ``.tab``), ``.parquet`` (or ``.pq``), and ``.csv.gz`` /
    ``.tsv.gz`` for gzipped text files.
``text_column`` (str, default ``"text"``)
    The column holding the texts (also the only column the unlabeled file needs).
``label_column`` (str, default ``"label"``)
    The column holding the labels: strings or integers (or booleans).
``id_column`` (str | null, default null)
    An optional column of unique row ids; null makes ids ``<role>/<row>``
    from the file role and the 0-based data row, e.g. ``train/17``, ``file/3``.
``split_column`` (str, default ``"split"``)
    Layout (a) only: the column that says which split each row belongs to.
``dev_fraction``, ``test_fraction`` (float in (0, 1) | null, default null)
    Layout (c): the share of rows that go to dev and to test; the rest is train.
    ``dev_fraction`` is also accepted by layout (b) when no dev file is given:
    dev is then carved out of the train file the same way.
``seed`` (int, default 0)
    Seeds the random split of layout (c) (and the dev carve-out of (b)).
``stratify`` (bool, default true)
    Split each class in the given proportions rather than all rows at once.
``layout`` (``"split_column"`` | ``"files"`` | ``"fractions"`` | null, default null)
    Normally inferred (see below); when given it must agree with the files.
``quoted_tsv`` (bool, default false)
    Read double quotes in TSV fields as CSV quoting (a quoted field may then
    hold tabs and line breaks). By default a TSV has no quoting at all.

Keys not listed here (``source``, ``sha256``, the file mapping, ...) are ignored.

Layouts and file roles
----------------------
``paths`` maps a role to a local file; the roles are ``file``, ``train``,
``dev``, ``test`` and ``unlabeled``. The layout follows from the roles:

* ``split_column`` (a): role ``file``, no fractions set. Each row's value in
  ``split_column`` names its split, compared without case or surrounding
  spaces: ``train``/``training``; ``dev``/``development``/``validation``/
  ``valid``/``val``; ``test``/``testing`` (:data:`SPLIT_ALIASES`). Any other
  value, an empty one included, is an error. Train, dev and test must each get
  at least one row.
* ``files`` (b): roles ``train``, ``dev`` and ``test`` (``dev`` may be left out
  when ``dev_fraction`` is set).
* ``fractions`` (c): role ``file`` with ``dev_fraction`` and ``test_fraction``
  both set, their sum below 1. Rows are shuffled with ``numpy.random.
  default_rng(seed)``; with ``stratify`` each class is split on its own
  (counts rounded per class, and every class keeps at least one train row).
  Each split keeps the rows in file order.

``unlabeled`` (optional, any layout) is a file whose ``text_column`` feeds the
word2vec training only; its labels, if any, are ignored.

Labels and texts
----------------
Labels are compared as strings after trimming spaces; integer-looking values
are written in canonical form (``"01"``, ``1`` and ``1.0`` from a float column
are all class ``"1"``). The classes are the distinct *train* labels, sorted
numerically when all of them are numbers and as strings otherwise; class id =
position in that list. A label missing from a labelled row is an error, and so
is a dev/test label that train does not have, and a train split with a single
class.

CSV and TSV files are read as UTF-8 text (a byte-order mark is skipped) with a
header row, every cell a string and nothing turned into NaN, so a text ``NA``
or ``null`` stays a text. A TSV is read as TSV: one line, one row, and a ``"``
is an ordinary character (``quoted_tsv: true`` reads its fields as quoted, as
CSV's are). The rows read are counted against the file's non-empty lines: in a
TSV read as TSV a difference is an error; where quoted fields may span lines
(CSV, quoted TSV) it is logged and recorded in ``info["lines_read_as_rows"]``.
Texts are trimmed of surrounding spaces; rows whose text is then empty (or null in Parquet) are **dropped** -- as the IMDB reader
skips empty reviews -- and counted per file role in ``info["dropped_empty_text"]``.
A split that ends up empty is an error.

Every bad input raises :class:`DatasetError`, whose message names the config
key (``data.text_column``, ``data.files.test``, ...), the file (as the user
named it, when ``shown`` gives that name) and what was found there.

Warnings that do not stop the split (labels that differ only in case or
spaces, a dev or test split too small to choose a model on) are logged and
listed in ``info["warnings"]``; the data is not changed.
"""
from __future__ import annotations

import csv
import gzip
import logging
import math
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

#: The frames load_dataset returns, and their columns.
SPLITS = ("train", "dev", "test")
FRAMES = (*SPLITS, "unlabeled")
COLUMNS = ["id", "text", "label"]
#: File roles that ``paths`` may use.
ROLES = ("file", "train", "dev", "test", "unlabeled")
LAYOUTS = ("split_column", "files", "fractions")
FORMATS = ("csv", "tsv", "parquet")

SPEC_DEFAULTS: dict = {
    "name": "custom",
    "format": None,
    "text_column": "text",
    "label_column": "label",
    "id_column": None,
    "split_column": "split",
    "dev_fraction": None,
    "test_fraction": None,
    "seed": 0,
    "stratify": True,
    "layout": None,
    "quoted_tsv": False,
}

#: Values accepted in a split column (after ``strip().lower()``) -> split.
SPLIT_ALIASES: dict[str, str] = {
    "train": "train", "training": "train",
    "dev": "dev", "development": "dev", "validation": "dev", "valid": "dev", "val": "dev",
    "test": "test", "testing": "test",
}

_SUFFIXES = {
    ".csv": "csv", ".csv.gz": "csv",
    ".tsv": "tsv", ".tsv.gz": "tsv", ".tab": "tsv", ".tab.gz": "tsv",
    ".parquet": "parquet", ".pq": "parquet",
}
_INTEGER = re.compile(r"^[+-]?\d+$")


class DatasetError(ValueError):
    """The dataset named in the config cannot be used as given."""


# --------------------------------------------------------------------------- reading

def detect_format(path: str | Path, fmt: str | None = None, *, key: str = "data.format",
                  shown: str | None = None) -> str:
    """The format of ``path``: ``fmt`` when given, else the one its suffix names.

    Raises :class:`DatasetError` for an unknown ``fmt`` or an unknown suffix.
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise DatasetError(f"{key} = {fmt!r} is not a known format; use one of {', '.join(FORMATS)}")
        return fmt
    name = Path(path).name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return _SUFFIXES[suffix]
    raise DatasetError(
        f"{shown or path}: cannot tell the format from the file name; name it .csv, .tsv, .parquet "
        f"(.csv.gz, .tsv.gz also work) or set {key} to one of {', '.join(FORMATS)}"
    )


def count_lines(path: str | Path, sep: str) -> int:
    """Lines of a text file that pandas' reader does not skip as blank (only
    spaces and tabs, unless the tab is ``sep``), line breaks as it sees them
    (LF, CR LF, CR); gzip decompressed when the name ends in ``.gz``."""
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    blank = b" \t".replace(sep.encode(), b"")
    return sum(1 for line in re.split(rb"\r\n|\r|\n", data) if line.strip(blank))


def read_table(path: str | Path, *, fmt: str | None = None, key: str = "data.format",
               shown: str | None = None, quoted_tsv: bool = False,
               counts: dict | None = None) -> pd.DataFrame:
    """Read one CSV, TSV or Parquet file into a frame.

    The format is ``fmt`` or comes from the suffix (:func:`detect_format`).
    CSV/TSV: UTF-8 with a header row, every cell read as a string, nothing
    turned into NaN (``"NA"`` stays the text ``"NA"``), gzip decompressed when
    the name ends in ``.gz``. A TSV has no quoting unless ``quoted_tsv``.
    Column names are trimmed of spaces. ``shown`` is how messages name the
    file (default: ``path``). A file that cannot be read or parsed raises
    :class:`DatasetError` naming the file and the parser's message; so does a
    TSV read as TSV whose rows do not match its lines. Where quoted fields
    join lines into one row, the counts are logged and, when ``counts`` is
    given, stored in it (``{"lines": n, "rows": m}``).
    """
    name = shown or str(path)
    kind = detect_format(path, fmt, key=key, shown=name)
    quoting = csv.QUOTE_MINIMAL if kind == "csv" or quoted_tsv else csv.QUOTE_NONE
    try:
        if kind == "parquet":
            frame = pd.read_parquet(path)
        else:
            sep = "," if kind == "csv" else "\t"
            frame = pd.read_csv(
                path, sep=sep, dtype=str, keep_default_na=False,
                na_filter=False, encoding="utf-8-sig", compression="infer", quoting=quoting,
            )
            lines = count_lines(path, sep) - 1  # the header
    except FileNotFoundError as err:
        raise DatasetError(f"{name}: file not found") from err
    except (ValueError, OSError, TypeError) as err:  # ParserError, EmptyDataError, UnicodeDecodeError, ArrowInvalid
        message = str(err).strip() or type(err).__name__
        raise DatasetError(f"{name}: cannot read it as {kind.upper()}: {message}") from err
    if kind != "parquet" and len(frame) != lines:
        if quoting == csv.QUOTE_NONE:
            raise DatasetError(f"{name}: {lines} lines of data but {len(frame)} rows read as TSV")
        log.warning("%s: %d lines of data read as %d rows: quoted fields span several lines (a text "
                    "that starts with a \" runs to the next \"; if that is not meant, fix the quoting%s)",
                    name, lines, len(frame), "" if kind == "csv" else " or set data.quoted_tsv: false")
        if counts is not None:
            counts.update(lines=lines, rows=len(frame))
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


# --------------------------------------------------------------------------- small helpers

def _text_values(series: pd.Series) -> pd.Series:
    """Texts as trimmed Python strings; null becomes ''."""
    def one(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        return str(value).strip()
    return series.astype(object).map(one)


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


def _require_column(frame: pd.DataFrame, column: str, key: str, path: str | Path) -> None:
    if column not in frame.columns:
        raise DatasetError(
            f"{key} = {column!r}: no such column in {path}; its columns are {list(frame.columns)}"
        )


def _fraction(spec: dict, name: str, where: str) -> float | None:
    value = spec[name]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise DatasetError(f"{where}.{name} = {value!r}: must be a number strictly between 0 and 1")
    return float(value)


def normalize_spec(spec: Mapping | None, *, where: str = "data") -> dict:
    """``spec`` with the defaults filled in and its values checked.

    Raises :class:`DatasetError` for a bad column name, format, layout,
    fraction (outside (0, 1), or dev + test >= 1) or seed.
    """
    out = dict(SPEC_DEFAULTS)
    out.update({k: v for k, v in (spec or {}).items() if k in SPEC_DEFAULTS and v is not None})
    for name in ("text_column", "label_column", "split_column"):
        if not isinstance(out[name], str) or not out[name].strip():
            raise DatasetError(f"{where}.{name} = {out[name]!r}: must be a non-empty column name")
        out[name] = out[name].strip()
    if out["id_column"] is not None:
        out["id_column"] = str(out["id_column"]).strip()
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
        want = {"split_column": "file (and no fractions)", "files": "train, dev, test",
                "fractions": "file and both fractions"}[spec["layout"]]
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


# --------------------------------------------------------------------------- splitting

def split_by_column(values: pd.Series, *, key: str = "data.split_column",
                    path: str | Path = "") -> np.ndarray:
    """Map each value of a split column to ``train``, ``dev`` or ``test``.

    Values are compared after ``strip().lower()`` against :data:`SPLIT_ALIASES`;
    any other value (an empty one too) raises :class:`DatasetError` listing
    the unknown values with their counts.
    """
    norm = _text_values(values).str.lower()
    mapped = norm.map(SPLIT_ALIASES)
    bad = mapped.isna()
    if bad.any():
        counts = norm[bad].value_counts()
        shown = ", ".join(f"{v!r} ({n})" for v, n in counts.head(10).items())
        raise DatasetError(
            f"{key} {values.name!r} in {path}: unknown split value(s) {shown}; accepted: "
            "train/training, dev/development/validation/valid/val, test/testing"
        )
    return mapped.to_numpy(dtype=object)


def split_by_fractions(labels, *, dev_fraction: float, test_fraction: float, seed: int,
                       stratify: bool = True) -> np.ndarray:
    """Assign each row to ``train``, ``dev`` or ``test`` at random, reproducibly.

    The rows are permuted by ``numpy.random.default_rng(seed)``; the first
    ``round(n * test_fraction)`` go to test, the next ``round(n * dev_fraction)``
    to dev, the rest to train. With ``stratify`` this is done per label (in
    sorted label order), and a class's dev/test counts are lowered, test
    last, until it keeps at least one train row. ``dev_fraction`` may be 0.
    """
    labels = np.asarray(labels, dtype=object)
    out = np.full(len(labels), "train", dtype=object)
    rng = np.random.default_rng(seed)
    groups = ([np.flatnonzero(labels == c) for c in sort_classes(labels)] if stratify
              else [np.arange(len(labels))])
    for rows in groups:
        n = len(rows)
        n_test = int(math.floor(n * test_fraction + 0.5))
        n_dev = int(math.floor(n * dev_fraction + 0.5))
        while n_dev + n_test > n - 1 and n_dev + n_test > 0:
            if n_dev >= n_test and n_dev > 0:
                n_dev -= 1
            else:
                n_test -= 1
        order = rng.permutation(rows)
        out[order[:n_test]] = "test"
        out[order[n_test:n_test + n_dev]] = "dev"
    return out


# --------------------------------------------------------------------------- loading

def _labelled_rows(frame: pd.DataFrame, spec: dict, role: str, path, where: str,
                   dropped: dict[str, int]) -> pd.DataFrame:
    """id / text / label (canonical string) rows of one labelled file, empty texts dropped."""
    _require_column(frame, spec["text_column"], f"{where}.text_column", path)
    _require_column(frame, spec["label_column"], f"{where}.label_column", path)
    out = pd.DataFrame({
        "id": _ids(frame, spec, role, path, where),
        "text": _text_values(frame[spec["text_column"]]),
        "label": frame[spec["label_column"]].astype(object).map(canonical_label),
    }, index=frame.index)
    keep = out["text"] != ""
    dropped[role] = int((~keep).sum())
    if dropped[role]:
        log.warning("%s: dropped %d row(s) with an empty text", path, dropped[role])
    out = out[keep]
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
    return _text_values(frame[spec["id_column"]])


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series([], dtype=object), "text": pd.Series([], dtype=object),
                         "label": pd.Series([], dtype="int64")})


def load_dataset(spec: Mapping | None, paths: Mapping[str, str | Path], *, where: str = "data",
                 files_key: str | None = None,
                 shown: Mapping[str, str] | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Read the user's dataset and split it into train / dev / test (+ unlabeled).

    ``spec`` holds the keys described in the module docstring (missing ones take
    :data:`SPEC_DEFAULTS`); ``paths`` maps file roles (``file``, ``train``,
    ``dev``, ``test``, ``unlabeled``) to local files. ``where`` is the config
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
    names = {role: (shown or {}).get(role) or str(p) for role, p in paths.items()}
    fmt = spec["format"]
    fmt_key = f"{where}.format"
    dropped: dict[str, int] = {}
    joined: dict[str, dict] = {}

    def read(role: str) -> pd.DataFrame:
        joined[role] = {}
        table = read_table(paths[role], fmt=fmt, key=fmt_key, shown=names[role],
                           quoted_tsv=spec["quoted_tsv"], counts=joined[role])
        return table

    info: dict = {"name": str(spec["name"]), "layout": layout,
                  "files": dict(sorted(names.items())),
                  "text_column": spec["text_column"], "label_column": spec["label_column"],
                  "id_column": spec["id_column"]}

    parts: dict[str, pd.DataFrame] = {}
    if layout == "files":
        for role in SPLITS:
            if role in paths:
                parts[role] = _labelled_rows(read(role), spec, role, names[role], where, dropped)
        if "dev" not in paths:
            train = parts["train"]
            which = split_by_fractions(train["label"].to_numpy(), dev_fraction=spec["dev_fraction"],
                                       test_fraction=0.0, seed=spec["seed"], stratify=spec["stratify"])
            parts["dev"], parts["train"] = train[which == "dev"], train[which == "train"]
            info.update(dev_fraction=spec["dev_fraction"], seed=spec["seed"], stratify=spec["stratify"])
    else:
        path = names["file"]
        table = read("file")
        rows = _labelled_rows(table, spec, "file", path, where, dropped)
        if layout == "split_column":
            _require_column(table, spec["split_column"], f"{where}.split_column", path)
            which = split_by_column(table.loc[rows.index, spec["split_column"]],
                                    key=f"{where}.split_column", path=path)
            info["split_column"] = spec["split_column"]
        else:
            if spec["split_column"] in table.columns:
                log.warning("%s has a column %r; it is ignored because %s.dev_fraction/test_fraction "
                            "are set", path, spec["split_column"], where)
            which = split_by_fractions(rows["label"].to_numpy(), dev_fraction=spec["dev_fraction"],
                                       test_fraction=spec["test_fraction"], seed=spec["seed"],
                                       stratify=spec["stratify"])
            info.update(dev_fraction=spec["dev_fraction"], test_fraction=spec["test_fraction"],
                        seed=spec["seed"], stratify=spec["stratify"])
        for name in SPLITS:
            parts[name] = rows[which == name]

    for name in SPLITS:
        if parts[name].empty:
            raise DatasetError(_empty_split_message(name, layout, spec, names, where, files_key))

    classes = sort_classes(parts["train"]["label"])
    if len(classes) < 2:
        raise DatasetError(
            f"{where}.label_column = {spec['label_column']!r}: the train split has a single class "
            f"({classes[0]!r}); a classifier needs at least two"
        )
    mapping = {label: i for i, label in enumerate(classes)}
    for name in ("dev", "test"):
        unseen = sorted(set(parts[name]["label"]) - set(mapping))
        if unseen:
            raise DatasetError(
                f"{where}.label_column = {spec['label_column']!r}: the {name} split has label(s) "
                f"{unseen[:10]} that train does not have (train classes: {classes})"
            )

    frames: dict[str, pd.DataFrame] = {}
    for name in SPLITS:
        part = parts[name]
        frames[name] = pd.DataFrame({
            "id": part["id"].to_numpy(dtype=object),
            "text": part["text"].to_numpy(dtype=object),
            "label": part["label"].map(mapping).to_numpy(dtype="int64"),
        })
    frames["unlabeled"] = (_unlabeled(read("unlabeled"), names["unlabeled"], spec, where, dropped)
                           if "unlabeled" in paths else _empty_frame())

    if spec["id_column"] is not None:
        ids = pd.concat([frames[n]["id"] for n in SPLITS], ignore_index=True)
        dup = ids[ids.duplicated()]
        if not dup.empty or (ids == "").any():
            what = f"duplicate id(s) {sorted(set(dup))[:5]}" if not dup.empty else "empty id(s)"
            raise DatasetError(f"{where}.id_column = {spec['id_column']!r}: {what} among the labelled rows")

    info.update(
        classes=classes,
        mapping=mapping,
        n_classes=len(classes),
        sizes={name: int(len(frame)) for name, frame in frames.items()},
        label_counts={name: {int(k): int(v) for k, v in
                             frames[name]["label"].value_counts().reindex(range(len(classes)), fill_value=0).items()}
                      for name in SPLITS},
        dropped_empty_text=dropped,
        lines_read_as_rows={role: c for role, c in joined.items() if c},
    )
    n_unlabeled = len(frames["unlabeled"])
    info["label_counts"]["unlabeled"] = {-1: n_unlabeled} if n_unlabeled else {}
    info["warnings"] = (label_collisions(classes, f"{where}.label_column = {spec['label_column']!r}")
                        + split_warnings(info["sizes"]))
    for warning in info["warnings"]:
        log.warning("%s", warning)
    return frames, info


def label_collisions(classes, where: str = "data.label_column") -> list[str]:
    """One warning per group of classes that differ only in case or spaces
    (e.g. ``pos`` and ``Pos``): they stay separate classes, as the data says."""
    groups: dict[str, list[str]] = {}
    for label in classes:
        groups.setdefault(" ".join(str(label).split()).casefold(), []).append(str(label))
    return [f"{where}: labels {', '.join(map(repr, group))} differ only in case or spaces and are "
            f"{len(group)} separate classes; if they mean one class, write them the same way in the file"
            for group in groups.values() if len(group) > 1]


#: Fewer dev (or test) rows than this: one row moves the accuracy by more than
#: 3 points, too coarse to choose a model (or report one) on.
MIN_EVAL_ROWS = 30


def split_warnings(sizes: Mapping[str, int]) -> list[str]:
    """A warning for a dev or test split too small to select or judge a model on."""
    use = {"dev": "choose a model (and its best epoch) on", "test": "report a model's accuracy on"}
    return [f"the {name} split has {sizes[name]} row(s): one row moves its accuracy by "
            f"{100 / sizes[name]:.3g} points, too few to {use[name]} (aim for {MIN_EVAL_ROWS} or more)"
            for name in ("dev", "test") if 0 < sizes.get(name, 0) < MIN_EVAL_ROWS]


def _unlabeled(table: pd.DataFrame, path: str, spec: dict, where: str, dropped: dict[str, int]) -> pd.DataFrame:
    _require_column(table, spec["text_column"], f"{where}.text_column", path)
    text = _text_values(table[spec["text_column"]])
    keep = (text != "").to_numpy()
    dropped["unlabeled"] = int((~keep).sum())
    ids = np.array([f"unlabeled/{i}" for i in range(len(table))], dtype=object)
    return pd.DataFrame({"id": ids[keep], "text": text.to_numpy(dtype=object)[keep],
                         "label": np.full(int(keep.sum()), -1, dtype="int64")})


def _empty_split_message(name: str, layout: str, spec: dict, paths: dict, where: str, files_key: str) -> str:
    if layout == "split_column":
        return (f"{where}.split_column = {spec['split_column']!r} in {paths['file']}: no row names the "
                f"{name} split (accepted for {name}: "
                f"{', '.join(k for k, v in SPLIT_ALIASES.items() if v == name)})")
    if layout == "fractions" or (layout == "files" and name == "dev" and "dev" not in paths):
        key = "test_fraction" if name == "test" else "dev_fraction"
        return (f"{where}.{key} = {spec[key]}: leaves the {name} split empty "
                f"(too few rows in {paths.get('file', paths.get('train'))}); raise the fraction or add rows")
    return f"{files_key}.{name} = {paths[name]}: no rows with a non-empty text"
