"""Reading the IMDB archive and splitting it as the homework did.

The archive is streamed with :mod:`tarfile` and never extracted: each review
is read straight out of the compressed stream (about 4 s for all 100,000
files, against 16-19 s to write them to disk first). Every member name is
checked all the same, so an archive that tries to escape its folder (an
absolute path, ``..``, or a link) is rejected before anything is used. A
member larger than ``max_review_bytes`` is skipped unread (and counted), so
the memory a split needs is bounded whatever the archive holds.

The archive also names each labelled review's movie: line i of
``aclImdb/<part>/urls_<pos|neg>.txt`` is the IMDB address of the movie that
review ``<part>/<pos|neg>/i_<rating>.txt`` is about; its ``tt...`` id is kept in
the ``group`` column. :func:`homework_split` draws dev by whole movies, so that
dev shares no movie with train (as the archive's authors kept train and test).
"""

from __future__ import annotations

import logging
import re
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from textmlp.data.splits import check_group_shortfall, split_record, take_groups

log = logging.getLogger(__name__)

#: aclImdb/<part>/<polarity>/<id>_<rating>.txt
_REVIEW = re.compile(r"^aclImdb/(train|test)/(pos|neg|unsup)/(\d+)_(\d+)\.txt$")
#: aclImdb/<part>/urls_<polarity>.txt: line i is the movie of review i_<rating>.txt
_URLS = re.compile(r"^aclImdb/(train|test)/urls_(pos|neg)\.txt$")
#: The movie id in an IMDB address, e.g. http://www.imdb.com/title/tt0453418/usercomments
_MOVIE = re.compile(r"/title/(tt\d+)")
#: A urls file larger than this is not one (the real ones are under 1 MB).
MAX_URLS_BYTES = 50_000_000
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
LABELS = {"neg": 0, "pos": 1}
CLASS_NAMES = ["negative", "positive"]
COLUMNS = ["id", "text", "label", "rating", "group"]
#: data.split.dev_grouping values: whole movies, or single reviews at random (the homework's split).
DEV_GROUPINGS = ("movie", "none")
#: Default cap on one review file (data.max_review_bytes): the largest IMDB
#: review is under 14 kB, so a member of a megabyte is not a review.
MAX_REVIEW_BYTES = 1_000_000


class UnsafeArchiveError(ValueError):
    """An archive member would land outside the target folder, or is a link or device."""


class ArchiveFormatError(ValueError):
    """The archive does not have the aclImdb layout."""


def check_member(member: tarfile.TarInfo) -> None:
    """Raise :class:`UnsafeArchiveError` for a member that could escape its folder."""
    name = member.name
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise UnsafeArchiveError(f"archive member {name!r} points outside the target folder")
    if member.issym() or member.islnk():
        raise UnsafeArchiveError(f"archive member {name!r} is a link (to {member.linkname!r}); links are not accepted")
    if member.isdev():
        raise UnsafeArchiveError(f"archive member {name!r} is a device file")


def clean_text(text: str) -> str:
    """Replace the ``<br />`` markup of the IMDB reviews with spaces."""
    return _BREAK.sub(" ", text)


@dataclass
class ReadStats:
    reviews: int = 0
    empty_skipped: list[str] = field(default_factory=list)
    decoded_with_replacement: list[str] = field(default_factory=list)
    oversized_skipped: list[str] = field(default_factory=list)
    #: the urls files found, e.g. ["test/urls_neg.txt", "train/urls_pos.txt"]
    movie_lists: list[str] = field(default_factory=list)
    #: labelled reviews whose urls file has no line for them
    without_movie: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "movie_lists": sorted(self.movie_lists),
            "reviews_without_movie": len(self.without_movie),
            "reviews_without_movie_ids": self.without_movie[:20],
            "oversized_skipped": len(self.oversized_skipped),
            "oversized_skipped_ids": self.oversized_skipped[:20],
            "reviews": self.reviews,
            "empty_skipped": len(self.empty_skipped),
            "empty_skipped_ids": self.empty_skipped[:20],
            "decoded_with_replacement": len(self.decoded_with_replacement),
            "decoded_with_replacement_ids": self.decoded_with_replacement[:20],
        }


def read_archive(
    path: str | Path, max_review_bytes: int = MAX_REVIEW_BYTES
) -> tuple[dict[str, pd.DataFrame], ReadStats]:
    """Read every review of an aclImdb archive without extracting it.

    Returns one frame per part, ``train``, ``test`` and ``unsup`` (columns
    :data:`COLUMNS`; ``label`` is -1 for unlabelled reviews), sorted by id so
    that the order does not depend on the archive's member order. Bytes that
    are not UTF-8 are decoded with U+FFFD replacement; reviews that are empty
    after cleaning are skipped. A review file larger than ``max_review_bytes``
    is skipped without being read (its size is in the tar header) and logged.
    All three are counted in the returned stats.

    ``group`` is each labelled review's movie id (``tt...``) from its part's
    urls file (the whole line where it holds no ``/title/tt...``), None for an
    unlabelled review or one its urls file has no line for (those are counted
    in ``stats.without_movie`` when the file exists).
    """
    rows: dict[str, list[tuple]] = {"train": [], "test": [], "unsup": []}
    urls: dict[tuple[str, str], list[str]] = {}
    stats = ReadStats()
    try:
        with tarfile.open(path, mode="r|gz") as tar:  # noqa: TID251 - the one reader: check_member on every member
            for member in tar:
                check_member(member)
                u = _URLS.match(member.name)
                if u and member.isfile() and member.size <= MAX_URLS_BYTES:
                    lines = tar.extractfile(member).read().decode("utf-8", errors="replace").splitlines()
                    urls[u.groups()] = [movie_id(line) for line in lines]
                    stats.movie_lists.append(f"{u[1]}/urls_{u[2]}.txt")
                    continue
                m = _REVIEW.match(member.name)
                if not m or not member.isfile():
                    continue
                part, polarity, num, rating = m.groups()
                key = "unsup" if polarity == "unsup" else part
                review_id = f"{part}/{polarity}/{num}_{rating}"
                if member.size > max_review_bytes:
                    stats.oversized_skipped.append(review_id)
                    log.warning(
                        "%s: skipped, %d bytes is over data.max_review_bytes = %d",
                        member.name,
                        member.size,
                        max_review_bytes,
                    )
                    continue
                raw = tar.extractfile(member).read()
                text = raw.decode("utf-8", errors="replace")
                if "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
                    stats.decoded_with_replacement.append(review_id)
                text = clean_text(text).strip()
                if not text:
                    stats.empty_skipped.append(review_id)
                    continue
                label = LABELS.get(polarity, -1)
                rows[key].append((review_id, text, label, int(rating), None, polarity, int(num)))
                stats.reviews += 1
    except (tarfile.TarError, EOFError, zlib.error) as err:  # cut short, not gzip, garbled
        raise ArchiveFormatError(f"{path}: cannot read the archive ({err}); is it a complete .tar.gz?") from err
    frames = {}
    for key, items in rows.items():
        if key != "unsup":
            items = [_with_movie(row, urls.get((key, row[-2])), stats) for row in items]
        frame = pd.DataFrame(items, columns=[*COLUMNS, "_pol", "_num"])
        frame = frame.sort_values(["_pol", "_num"], kind="stable").drop(columns=["_pol", "_num"])
        frames[key] = frame.reset_index(drop=True)
    if frames["train"].empty or frames["test"].empty:
        raise ArchiveFormatError(
            f"{path}: no reviews under aclImdb/train/{{pos,neg}} or aclImdb/test/{{pos,neg}}; "
            "is this the IMDB Large Movie Review archive?"
        )
    for name, reviews in stats.as_dict().items():
        if name.endswith("_ids") or not reviews:
            continue
        log.info("%s: %s", name, reviews)
    return frames, stats


def movie_id(line: str) -> str | None:
    """The ``tt...`` id in a line of a urls file (the stripped line where there is none; None if empty)."""
    m = _MOVIE.search(line)
    return m[1] if m else (line.strip() or None)


def _with_movie(row: tuple, movies: list[str | None] | None, stats: ReadStats) -> tuple:
    num = row[-1]
    if movies is None:
        return row
    if num >= len(movies) or movies[num] is None:
        stats.without_movie.append(row[0])
        return row
    return (*row[:4], movies[num], *row[5:])


def split_by_movie(train: pd.DataFrame, *, dev_size: int, rng: np.random.Generator) -> np.ndarray:
    """A boolean mask of the ``train`` rows that form a dev split of whole movies.

    The classes keep their shares of ``train``: class c asks for
    ``dev_size * n_c / n`` rows (largest remainders rounded up, so the requests
    add up to ``dev_size``), and :func:`textmlp.data.splits.take_groups` takes
    movies in the order ``rng`` draws until each class is full, never past it.
    A review without a movie is a movie of its own. Raises :class:`ValueError`
    naming ``data.split.dev_grouping`` when no training review has a movie (an
    archive without ``train/urls_*.txt``), and one naming ``data.split.dev_size``
    when whole movies fall more than :func:`textmlp.data.splits.group_tolerance`
    short of it.
    """
    groups = train["group"] if "group" in train.columns else pd.Series([None] * len(train))
    if groups.isna().all():
        raise ArchiveFormatError(
            "data.split.dev_grouping = 'movie': the archive names no movie for its training reviews "
            "(no aclImdb/train/urls_pos.txt and urls_neg.txt), so dev cannot be drawn by movie; "
            "set data.split.dev_grouping: none for a dev split of single reviews drawn at random"
        )
    keys = groups.astype(object).where(groups.notna(), "review:" + train["id"].astype(str))
    codes, _ = pd.factorize(keys)
    classes, names = pd.factorize(train["label"], sort=True)
    per_class = np.bincount(classes, minlength=len(names))
    exact = dev_size * per_class / per_class.sum()
    want = np.floor(exact).astype(np.int64)
    for c in np.argsort(-(exact - want), kind="stable")[: dev_size - int(want.sum())]:
        want[c] += 1
    mask = take_groups(codes, classes, want, rng)
    check_group_shortfall(
        int(mask.sum()),
        dev_size,
        key="data.split.dev_size",
        group_key="movie (data.split.dev_grouping)",
        split="dev",
        largest=int(np.bincount(codes).max()),
    )
    return mask


def homework_split(
    train: pd.DataFrame,
    test: pd.DataFrame,
    *,
    seed: int,
    dev_size: int,
    train_size: int,
    test_size: int,
    dev_grouping: str = "movie",
) -> dict[str, pd.DataFrame]:
    """dev / train / test, drawn from the archive's parts.

    Train and test are each shuffled with a generator seeded by ``seed``;
    test is the first ``test_size`` shuffled test reviews. With
    ``dev_grouping`` ``"none"`` (the homework's split) dev is the first
    ``dev_size`` shuffled training reviews and train the next ``train_size``.
    With ``"movie"`` (the default) dev is whole movies (:func:`split_by_movie`,
    the same generator drawing the movies' order after the two shuffles, so
    test is the same under both), and train the first ``train_size`` of the
    other shuffled training reviews. Every split keeps its shuffled order.
    """
    if dev_grouping not in DEV_GROUPINGS:
        raise ValueError(f"data.split.dev_grouping = {dev_grouping!r}: use one of {', '.join(DEV_GROUPINGS)}")
    for name, want, have in (
        ("dev_size + train_size", dev_size + train_size, len(train)),
        ("test_size", test_size, len(test)),
    ):
        if want > have:
            raise ValueError(f"data.split.{name} = {want} exceeds the {have} reviews available")
    rng = np.random.default_rng(seed)
    train_order = rng.permutation(len(train))
    test_order = rng.permutation(len(test))
    shuffled = train.iloc[train_order].reset_index(drop=True)
    test_part = test.iloc[test_order[:test_size]].reset_index(drop=True)
    if dev_grouping == "none":
        return {
            "dev": shuffled.iloc[:dev_size].reset_index(drop=True),
            "train": shuffled.iloc[dev_size : dev_size + train_size].reset_index(drop=True),
            "test": test_part,
        }
    in_dev = split_by_movie(shuffled, dev_size=dev_size, rng=rng)
    rest = shuffled[~in_dev]  # dev never exceeds dev_size, so rest holds train_size (checked above)
    return {
        "dev": shuffled[in_dev].reset_index(drop=True),
        "train": rest.iloc[:train_size].reset_index(drop=True),
        "test": test_part,
    }


def split_archive(path: str | Path, max_review_bytes: int, split: dict) -> tuple[dict[str, pd.DataFrame], dict]:
    """The archive read and split as ``data.split`` says (:func:`homework_split`), its unlabelled reviews beside:
    the frames and what split.json records of them (:func:`textmlp.data.splits.split_record`, as for a table)."""
    parts, stats = read_archive(path, max_review_bytes)
    frames = homework_split(parts["train"], parts["test"], **split)
    frames["unlabeled"] = parts["unsup"]
    by_movie = split.get("dev_grouping", "movie") == "movie"
    record = {
        **stats.as_dict(),
        **split_record(frames, CLASS_NAMES),
        "split": split,
        # what dev was drawn by (whole groups of it), for the audit and the report
        "group_by": "movie" if by_movie else None,
        "group_name": "movie",
        "grouped_splits": ["dev"] if by_movie else [],
        "max_review_bytes": max_review_bytes,
    }
    return frames, record
