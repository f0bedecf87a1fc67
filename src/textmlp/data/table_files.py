"""Reading one table file (CSV, TSV, Parquet) of the user's dataset as strings, with errors that name the config key."""

from __future__ import annotations

import csv
import gzip
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
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


_CHUNK = 1 << 20
#: Bytes a chunked Parquet read buffers from the file at a time (per column).
PARQUET_BUFFER = 1 << 20
#: Rows the chunked readers take at a time (the split, the audit, the TF-IDF features' texts): a chunk of
#: reviews is tens of MB, and none of those jobs holds a whole file's texts.
CHUNK_ROWS = 20_000
_BREAK = re.compile(rb"\r\n|\r|\n")


class LineTooLong(DatasetError):
    """A line longer than the cap the caller gave (see :func:`count_lines`)."""


def count_lines(path: str | Path, sep: str, max_line_bytes: int | None = None, shown: str | None = None) -> int:
    """Lines of a text file that pandas' reader does not skip as blank (only
    spaces and tabs, unless the tab is ``sep``), line breaks as it sees them
    (LF, CR LF, CR); gzip decompressed when the name ends in ``.gz``. Read in
    chunks: memory stays near ``max_line_bytes`` (when given) however large
    the file; a longer line raises :class:`LineTooLong` as soon as it is seen."""
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    blank = b" \t".replace(sep.encode(), b"")
    count, number, rest = 0, 0, b""
    with opener(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            data = rest + chunk
            if chunk and data.endswith(b"\r"):  # a CR LF may be cut between two chunks
                data, rest = data[:-1], b"\r"
            else:
                rest = b""
            pieces = _BREAK.split(data)
            tail = pieces.pop() if chunk else None  # the last piece may go on in the next chunk
            for line in pieces:
                number += 1
                count += bool(line.strip(blank))
                _check_length(line, number, max_line_bytes, shown or str(path))
            if not chunk:
                break
            rest = tail + rest
            _check_length(rest, number + 1, max_line_bytes, shown or str(path))
    return count


def _check_length(line: bytes, number: int, cap: int | None, name: str) -> None:
    if cap is not None and len(line) > cap:
        raise LineTooLong(
            f"{name}: line {number} is over {cap} bytes (at least {len(line)}): a text that long is not one "
            "review; data.max_review_bytes caps a text's size (raise it if such texts are meant)"
        )


def read_table(path: str | Path, **options) -> pd.DataFrame:
    """Read one CSV, TSV or Parquet file into a frame: :func:`read_chunks` (its keyword ``options``) in one chunk."""
    (frame,) = read_chunks(path, **options, rows=None)
    return frame


def read_chunks(
    path: str | Path,
    *,
    fmt: str | None = None,
    key: str = "data.format",
    shown: str | None = None,
    quoted_tsv: bool = False,
    counts: dict | None = None,
    multiline: bool = False,
    max_line_bytes: int | None = None,
    rows: int | None = None,
    checked: bool = False,
) -> Iterator[pd.DataFrame]:
    """Read one CSV, TSV or Parquet file as frames of at most ``rows`` rows
    (the whole file in one when ``rows`` is None), each indexed by its rows'
    0-based numbers in the file; always at least one frame (an empty one, with
    the columns, for a file without rows).

    The format is ``fmt`` or comes from the suffix (:func:`detect_format`).
    CSV/TSV: UTF-8 with a header row, every cell read as a string, nothing
    turned into NaN (``"NA"`` stays the text ``"NA"``), gzip decompressed when
    the name ends in ``.gz``. A TSV has no quoting unless ``quoted_tsv``.
    Column names are trimmed of spaces. ``shown`` is how messages name the
    file (default: ``path``). A file that cannot be read or parsed raises
    :class:`DatasetError` naming the file and the parser's message; so does a
    file whose rows do not match its lines (after its last chunk), unless
    ``multiline`` (the config's ``data.multiline_fields``) says quoted fields
    may span lines: then the counts are logged and, when ``counts`` is given,
    stored in it (``{"lines": n, "rows": m}``). A CSV/TSV line longer than
    ``max_line_bytes`` raises :class:`LineTooLong` before the file is parsed.
    A header that names a column twice raises :class:`DatasetError`.
    ``checked``: the file was read through once already; its lines are not
    counted and nothing is logged again.
    """
    name = shown or str(path)
    kind = detect_format(path, fmt, key=key, shown=name)
    quoting = csv.QUOTE_MINIMAL if kind == "csv" or quoted_tsv else csv.QUOTE_NONE
    sep = "," if kind == "csv" else "\t"
    csv_options = dict(
        sep=sep,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        encoding="utf-8-sig",
        compression="infer",
        quoting=quoting,
    )
    lines = None
    if kind != "parquet" and not checked:
        try:
            lines = count_lines(path, sep, max_line_bytes, name) - 1  # the header
            _check_header(path, sep, quoting, name)
        except FileNotFoundError as err:
            raise DatasetError(f"{name}: file not found") from err
    n = 0
    for frame in _parsed(path, kind, rows, csv_options, name):
        frame.index = pd.RangeIndex(n, n + len(frame))
        frame.columns = [str(c).strip() for c in frame.columns]
        if kind == "parquet" and n == 0:
            _refuse_duplicates(list(frame.columns), name)
        n += len(frame)
        yield frame
    if lines is None or n == lines:
        return
    if quoting == csv.QUOTE_NONE:
        raise DatasetError(f"{name}: {lines} lines of data but {n} rows read as TSV")
    if not multiline:
        raise DatasetError(
            f"{name}: {lines} lines of data but {n} rows read as {kind.upper()}: a field that starts "
            "with a double quote runs on to the next one, over line ends"
            f'{_first_joined(_parsed(path, kind, rows, csv_options, name))}; fix the quoting (an unbalanced ") '
            "or, if texts really span lines, set data.multiline_fields: true"
        )
    log.warning(
        "%s: %d lines of data read as %d rows: quoted fields span several lines (a text "
        'that starts with a " runs to the next "; if that is not meant, fix the quoting%s)',
        name,
        lines,
        n,
        "" if kind == "csv" else " or set data.quoted_tsv: false",
    )
    if counts is not None:
        counts.update(lines=lines, rows=n)


def _parsed(path: str | Path, kind: str, rows: int | None, csv_options: dict, name: str) -> Iterator[pd.DataFrame]:
    """The file's rows as frames (at least one), read errors as :class:`DatasetError`."""
    try:
        if kind == "parquet" and rows is None:
            frame = pd.read_parquet(path)
            release_arrow_memory()  # the pages Arrow decompressed the file into: not held beside the frame
            yield frame
        elif kind == "parquet":
            for table in parquet_chunks(path, rows):
                yield table.to_pandas()
        elif rows is None:
            yield pd.read_csv(path, **csv_options)
        else:
            with pd.read_csv(path, chunksize=rows, **csv_options) as reader:
                empty = True
                for frame in reader:
                    empty = False
                    yield frame
            if empty:  # a header without rows
                yield pd.read_csv(path, **csv_options)
    except FileNotFoundError as err:
        raise DatasetError(f"{name}: file not found") from err
    except (ValueError, OSError, TypeError) as err:  # ParserError, EmptyDataError, UnicodeDecodeError, ArrowInvalid
        message = str(err).strip() or type(err).__name__
        raise DatasetError(f"{name}: cannot read it as {kind.upper()}: {message}") from err


def parquet_chunks(path: str | Path, rows: int = CHUNK_ROWS, columns: Sequence[str] | None = None) -> Iterator:
    """A Parquet file as Arrow tables of at most ``rows`` rows (of ``columns``, those the file has, when given),
    read page by page: else Arrow holds a whole row group (often the whole file) decompressed. At least one
    table (an empty one, with the columns, for a file without rows); Arrow's freed pages handed back at the end."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetFile(path, pre_buffer=False, buffer_size=PARQUET_BUFFER) as parquet:
        names = parquet.schema_arrow.names
        wanted = None if columns is None else [c for c in columns if c in names]
        empty = True
        for batch in parquet.iter_batches(batch_size=rows, columns=wanted):
            empty = False
            yield pa.Table.from_batches([batch])
        if empty:
            table = parquet.schema_arrow.empty_table()
            yield table if wanted is None else table.select(wanted)
    release_arrow_memory()


def _first_joined(frames: Iterable[pd.DataFrame]) -> str:
    """Where the first field holding a line break is, as words for a message."""
    n = 0
    for frame in frames:
        for column in frame.columns:
            hit = frame[column].astype(str).str.contains(r"[\r\n]", regex=True)
            if hit.any():
                row = n + int(hit.to_numpy().argmax()) + 1
                return f" (the first such field: column {str(column).strip()!r}, data row {row})"
        n += len(frame)
    return ""


def _check_header(path: str | Path, sep: str, quoting: int, name: str) -> None:
    """The header row's column names, each at most once."""
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as f:
        first = next(csv.reader(f, delimiter=sep, quoting=quoting), [])
    _refuse_duplicates([c.strip() for c in first], name)


def _refuse_duplicates(columns: list[str], name: str) -> None:
    seen: dict[str, int] = {}
    for i, column in enumerate(columns, 1):
        if column in seen:
            raise DatasetError(
                f"{name}: the header names column {column!r} twice (columns {seen[column]} and {i}); "
                "give each column its own name"
            )
        seen[column] = i


def release_arrow_memory() -> None:
    """Hand back the pages Arrow's allocator kept from reading a file (it keeps them for reuse)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def text_values(series: pd.Series) -> pd.Series:
    """Texts as trimmed Python strings; null becomes ''."""

    def one(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        return str(value).strip()

    # an object Series of the very strings (strip returns an unchanged string itself): pandas'
    # map would infer its string dtype and copy every text into Arrow, and each later
    # to_numpy(dtype=object) would make a new Python string of each
    return pd.Series([one(v) for v in series.astype(object)], index=series.index, dtype=object)
