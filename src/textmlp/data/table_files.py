"""Reading one table file (CSV, TSV, Parquet) of the user's dataset as strings, with errors that name the config key."""

from __future__ import annotations

import csv
import gzip
import logging
import math
import re
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)


FORMATS = ("csv", "tsv", "parquet")


_SUFFIXES = {
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "tsv",
    ".tsv.gz": "tsv",
    ".tab": "tsv",
    ".tab.gz": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


class DatasetError(ValueError):
    """The dataset named in the config cannot be used as given."""


def detect_format(
    path: str | Path, fmt: str | None = None, *, key: str = "data.format", shown: str | None = None
) -> str:
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


def read_table(
    path: str | Path,
    *,
    fmt: str | None = None,
    key: str = "data.format",
    shown: str | None = None,
    quoted_tsv: bool = False,
    counts: dict | None = None,
) -> pd.DataFrame:
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
                path,
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8-sig",
                compression="infer",
                quoting=quoting,
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
        log.warning(
            "%s: %d lines of data read as %d rows: quoted fields span several lines (a text "
            'that starts with a " runs to the next "; if that is not meant, fix the quoting%s)',
            name,
            lines,
            len(frame),
            "" if kind == "csv" else " or set data.quoted_tsv: false",
        )
        if counts is not None:
            counts.update(lines=lines, rows=len(frame))
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def text_values(series: pd.Series) -> pd.Series:
    """Texts as trimmed Python strings; null becomes ''."""

    def one(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        return str(value).strip()

    return series.astype(object).map(one)
