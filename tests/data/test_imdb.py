"""textmlp.data.imdb: reading the IMDB archive (parts, labels, markup, odd reviews, unsafe or
unreadable archives) and the homework's split."""

from __future__ import annotations

import re
import tarfile
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from tests.conftest import add_file, archive_with_member, make_imdb_archive
from textmlp.data.imdb import (
    ArchiveFormatError,
    UnsafeArchiveError,
    clean_text,
    homework_split,
    read_archive,
    split_archive,
)
from textmlp.data.table import load_dataset


def test_read_archive_parts_labels_and_markup(small_archive):
    parts, stats = read_archive(small_archive)
    assert {k: len(v) for k, v in parts.items()} == {"train": 300, "test": 200, "unsup": 200}
    assert stats.reviews == 700
    assert set(parts["train"]["label"]) == {0, 1}
    assert (parts["unsup"]["label"] == -1).all()
    assert not parts["train"]["text"].str.contains("<br", regex=False).any()
    pos = parts["train"][parts["train"]["id"].str.startswith("train/pos/")]
    assert (pos["label"] == 1).all() and (pos["rating"] >= 7).all()


def test_read_archive_order_does_not_depend_on_member_order(tmp_path):
    a = make_imdb_archive(tmp_path / "a.tar.gz", train_per_class=5, test_per_class=5, unsup=3)
    with tarfile.open(a) as src:
        members = [(m, src.extractfile(m).read()) for m in src.getmembers() if m.isfile()]
    b = tmp_path / "b.tar.gz"
    with tarfile.open(b, "w:gz") as dst:
        for m, data in reversed(members):
            add_file(dst, m.name, data)
    pa, _ = read_archive(a)
    pb, _ = read_archive(b)
    for key in pa:
        pd.testing.assert_frame_equal(pa[key], pb[key])


def test_clean_text_removes_break_markup():
    assert clean_text("Good.<br /><br />Bad.<BR>Ugly<br/>") == "Good.  Bad. Ugly "


@pytest.mark.parametrize("name", ["/etc/evil.txt", "aclImdb/../../evil.txt", "../aclImdb/train/pos/1_8.txt"])
def test_member_escaping_the_folder_is_rejected(tmp_path, name):
    path = make_imdb_archive(tmp_path / "bad.tar.gz", train_per_class=2, test_per_class=2, unsup=1, extra={name: b"x"})
    with pytest.raises(UnsafeArchiveError, match="outside"):
        read_archive(path)
    assert not (tmp_path / "evil.txt").exists()


def test_link_member_is_rejected(tmp_path):
    link = tarfile.TarInfo("aclImdb/train/pos/99_9.txt")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    path = archive_with_member(tmp_path / "link.tar.gz", link)
    with pytest.raises(UnsafeArchiveError, match="link"):
        read_archive(path)


def test_non_utf8_and_empty_reviews_are_counted(tmp_path):
    path = make_imdb_archive(
        tmp_path / "odd.tar.gz",
        train_per_class=3,
        test_per_class=3,
        unsup=1,
        extra={
            "aclImdb/train/pos/500_9.txt": "caf\xe9 ok".encode("latin-1"),
            "aclImdb/train/neg/501_1.txt": b"<br /> ",
        },
    )
    parts, stats = read_archive(path)
    assert stats.decoded_with_replacement == ["train/pos/500_9"]
    assert stats.empty_skipped == ["train/neg/501_1"]
    row = parts["train"].set_index("id").loc["train/pos/500_9"]
    assert row["text"] == "caf\ufffd ok"
    assert "train/neg/501_1" not in set(parts["train"]["id"])


def test_archive_without_reviews_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        add_file(tar, "something/else.txt", b"hello")
    with pytest.raises(ArchiveFormatError, match="IMDB"):
        read_archive(path)


def _frame(prefix, n, movies=None):
    frame = pd.DataFrame(
        {
            "id": [f"{prefix}{i}" for i in range(n)],
            "text": ["t"] * n,
            "label": [i % 2 for i in range(n)],
            "rating": [1] * n,
        }
    )
    if movies is not None:
        frame["group"] = movies
    return frame


def _movie_frame(prefix, n, seed=0, labels=None):
    """``n`` reviews of movies of 1 to 8 reviews, ids as the urls files give them."""
    rng = np.random.default_rng(seed)
    movies = []
    while len(movies) < n:
        movies += [f"tt{len(movies):07d}"] * int(rng.integers(1, 9))
    frame = _frame(prefix, n, movies[:n])
    if labels is not None:
        frame["label"] = labels
    return frame


def test_read_archive_names_each_labelled_reviews_movie(small_archive):
    parts, stats = read_archive(small_archive)
    for part in ("train", "test"):
        assert parts[part]["group"].str.fullmatch(r"tt\d{7}").all()
    assert parts["unsup"]["group"].isna().all()
    assert stats.as_dict()["movie_lists"] == [f"{p}/urls_{q}.txt" for p in ("test", "train") for q in ("neg", "pos")]
    assert stats.as_dict()["reviews_without_movie"] == 0
    assert not set(parts["train"]["group"]) & set(parts["test"]["group"])  # as the archive's authors kept them


def test_read_archive_line_i_of_the_urls_file_is_review_i(tmp_path):
    urls = "".join(f"http://www.imdb.com/title/tt00000{i}/usercomments\n" for i in (7, 8, 9))
    path = make_imdb_archive(
        tmp_path / "a.tar.gz",
        train_per_class=3,
        test_per_class=1,
        unsup=1,
        urls=False,
        extra={"aclImdb/train/pos/urls_pos.txt": b"not one", "aclImdb/train/urls_pos.txt": urls.encode()},
    )
    parts, stats = read_archive(path)
    train = parts["train"].set_index("id")["group"]
    pos = train[train.index.str.startswith("train/pos/")]
    assert [pos[i] for i in sorted(pos.index, key=lambda x: int(x.split("/")[-1].split("_")[0]))] == [
        "tt000007",
        "tt000008",
        "tt000009",
    ]
    assert train[train.index.str.startswith("train/neg/")].isna().all()  # no urls_neg.txt: unknown, not counted
    assert stats.as_dict()["movie_lists"] == ["train/urls_pos.txt"]


def test_read_archive_counts_reviews_its_urls_file_has_no_line_for(tmp_path):
    path = make_imdb_archive(
        tmp_path / "a.tar.gz", train_per_class=3, test_per_class=1, unsup=1, extra={"aclImdb/train/pos/7_9.txt": b"ok"}
    )
    parts, stats = read_archive(path)
    assert stats.as_dict()["reviews_without_movie"] == 1
    assert stats.as_dict()["reviews_without_movie_ids"] == ["train/pos/7_9"]
    assert parts["train"].set_index("id")["group"].isna().sum() == 1


def test_grouped_dev_keeps_every_movie_on_one_side_with_the_class_shares():
    train, test = _movie_frame("tr", 1000), _movie_frame("te", 300, seed=1)
    out = homework_split(train, test, seed=5, dev_size=200, train_size=800, test_size=100)
    assert {k: len(v) for k, v in out.items()} == {"dev": 200, "train": 800, "test": 100}
    assert not set(out["dev"]["group"]) & set(out["train"]["group"])
    assert sorted(set(out["dev"]["group"]) | set(out["train"]["group"])) == sorted(set(train["group"]))
    assert out["dev"]["label"].value_counts().to_dict() == {0: 100, 1: 100}  # train's shares, 50/50
    assert not set(out["dev"]["id"]) & set(out["train"]["id"])


def test_grouped_dev_keeps_uneven_class_shares():
    labels = [int(i % 4 == 0) for i in range(1000)]  # 25% positive
    train = _movie_frame("tr", 1000, labels=labels)
    out = homework_split(train, _frame("te", 10), seed=0, dev_size=200, train_size=700, test_size=10)
    assert out["dev"]["label"].value_counts().to_dict() == {0: 150, 1: 50}


def test_grouped_dev_is_seeded_and_reproducible_and_keeps_the_random_splits_test():
    train, test = _movie_frame("tr", 1000), _movie_frame("te", 300, seed=1)
    args = dict(dev_size=200, train_size=800, test_size=100)
    a = homework_split(train, test, seed=5, **args)
    b = homework_split(train, test, seed=5, **args)
    c = homework_split(train, test, seed=6, **args)
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    assert set(a["dev"]["group"]) != set(c["dev"]["group"])
    old = homework_split(train, test, seed=5, dev_grouping="none", **args)
    pd.testing.assert_frame_equal(a["test"], old["test"])
    assert set(old["dev"]["group"]) & set(old["train"]["group"])  # the random dev shares movies


def test_grouped_dev_takes_a_review_without_a_movie_as_its_own_movie():
    train = _movie_frame("tr", 400)
    train.loc[::7, "group"] = None
    out = homework_split(train, _frame("te", 10), seed=2, dev_size=80, train_size=320, test_size=10)
    assert len(out["dev"]) == 80
    known = out["dev"]["group"].dropna()
    assert not set(known) & set(out["train"]["group"].dropna())


def test_grouped_dev_without_movies_names_the_key_and_the_way_out():
    train, test = _frame("tr", 100), _frame("te", 60)
    with pytest.raises(ArchiveFormatError, match="data.split.dev_grouping.*urls_pos.txt.*dev_grouping: none"):
        homework_split(train, test, seed=0, dev_size=20, train_size=50, test_size=10)


def test_grouped_dev_that_whole_movies_cannot_fill_names_dev_size():
    movies = [f"tt{i // 50}" for i in range(200)]  # four movies of 50 reviews: dev of 30 cannot be whole movies
    train = _frame("tr", 200, movies)
    with pytest.raises(ValueError, match="data.split.dev_size: the dev split asks for 30 rows.*reach only 0"):
        homework_split(train, _frame("te", 10), seed=0, dev_size=30, train_size=100, test_size=10)


def test_unknown_dev_grouping_names_the_key():
    with pytest.raises(ValueError, match="data.split.dev_grouping = 'film'"):
        homework_split(
            _frame("a", 10), _frame("b", 10), seed=0, dev_size=2, train_size=2, test_size=2, dev_grouping="film"
        )


def test_homework_split_sizes_disjoint_and_deterministic():
    train, test = _frame("tr", 100), _frame("te", 60)
    a = homework_split(train, test, seed=7, dev_size=20, train_size=50, test_size=30, dev_grouping="none")
    b = homework_split(train, test, seed=7, dev_size=20, train_size=50, test_size=30, dev_grouping="none")
    c = homework_split(train, test, seed=8, dev_size=20, train_size=50, test_size=30, dev_grouping="none")
    assert {k: len(v) for k, v in a.items()} == {"dev": 20, "train": 50, "test": 30}
    assert not set(a["dev"]["id"]) & set(a["train"]["id"])
    assert set(a["test"]["id"]) <= set(test["id"])
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    assert list(a["dev"]["id"]) != list(c["dev"]["id"])


def test_homework_split_dev_is_the_head_of_the_shuffled_train_part():
    """dev = first dev_size of the shuffle, train = the next train_size: growing
    train_size keeps dev and extends train."""
    train, test = _frame("tr", 100), _frame("te", 60)
    small = homework_split(train, test, seed=3, dev_size=20, train_size=30, test_size=10, dev_grouping="none")
    large = homework_split(train, test, seed=3, dev_size=20, train_size=60, test_size=10, dev_grouping="none")
    assert list(small["dev"]["id"]) == list(large["dev"]["id"])
    assert list(small["train"]["id"]) == list(large["train"]["id"][:30])


def test_homework_split_rejects_sizes_beyond_the_data():
    with pytest.raises(ValueError, match="dev_size \\+ train_size = 120 exceeds the 100"):
        homework_split(_frame("a", 100), _frame("b", 60), seed=0, dev_size=20, train_size=100, test_size=10)


# --------------------------------------------------------------------------
# Archive members beyond the ones above: hard links, links whose target stays
# inside, special files, a Windows drive; and archives that cannot be read
# --------------------------------------------------------------------------


def _member(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


@pytest.mark.parametrize(
    "member, message",
    [
        (_member("aclImdb/train/pos/98_9.txt", tarfile.LNKTYPE, "../../../etc/passwd"), "is a link"),
        (_member("aclImdb/train/pos/97_9.txt", tarfile.SYMTYPE, "0_9.txt"), "is a link"),
        (_member("aclImdb/train/pos/96_9.txt", tarfile.FIFOTYPE), "device file"),
        (_member("aclImdb/dev", tarfile.CHRTYPE), "device file"),
        (_member("C:/Windows/evil.txt", tarfile.REGTYPE), "outside the target folder"),
    ],
    ids=["hard link outside", "symlink inside", "fifo", "character device", "windows drive"],
)
def test_unsafe_member_kinds_are_rejected(tmp_path, member, message):
    path = archive_with_member(tmp_path / "bad.tar.gz", member)
    with pytest.raises(UnsafeArchiveError, match=message):
        read_archive(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tar.gz"]


@pytest.mark.parametrize("how", ["cut short", "garbled", "not gzip"])
def test_unreadable_archive_is_a_clear_error_naming_the_file(tmp_path, how):
    """What reaches the split only if data.sha256 is the digest of a broken file."""
    data = make_imdb_archive(tmp_path / "good.tar.gz", train_per_class=20, test_per_class=20, unsup=5).read_bytes()
    broken = {
        "cut short": data[: len(data) * 2 // 3],
        "garbled": data[:100] + bytes(200) + data[300:],
        "not gzip": b"<html>Not Found</html>\n" * 50,
    }[how]
    path = tmp_path / "broken.tar.gz"
    path.write_bytes(broken)
    with pytest.raises(
        ArchiveFormatError,
        match=rf"{re.escape(str(path))}: cannot read the archive \(.+\); "
        r"is it a complete \.tar\.gz\?",
    ):
        read_archive(path)


OVERSIZED = "aclImdb/train/pos/999_10.txt"


def test_the_member_cap_bounds_the_memory_of_reading_the_archive(tmp_path):
    """Skipped unread, a member costs only the stream's decompression buffers:
    the same peak for 32 MB as for 96 MB. Read, it costs more than its size."""

    def peak(member_mb: int, **kwargs) -> int:
        archive = make_imdb_archive(
            tmp_path / f"a{member_mb}.tar.gz",
            train_per_class=5,
            test_per_class=5,
            unsup=1,
            extra={OVERSIZED: b"great " * ((member_mb << 20) // 6)},
        )
        tracemalloc.start()
        try:
            read_archive(archive, **kwargs)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(32), peak(96)
    assert large < 32 << 20 and abs(large - small) < 4 << 20
    assert peak(32, max_review_bytes=64 << 20) > 32 << 20  # what the cap prevents


def test_the_archive_and_a_table_get_one_split_record(small_archive, tmp_path):
    """split.json is written by one function for both kinds of data: the same keys, counts and warnings."""
    split = {"seed": 0, "dev_size": 40, "train_size": 200, "test_size": 20, "dev_grouping": "none"}
    frames, record = split_archive(small_archive, 1 << 20, split)
    assert record["sizes"] == {"dev": 40, "train": 200, "test": 20, "unlabeled": 200}
    assert record["classes"] == ["negative", "positive"] and record["n_classes"] == 2
    for name in ("train", "dev", "test"):
        counts = frames[name]["label"].value_counts()
        assert record["label_counts"][name] == {0: int(counts.get(0, 0)), 1: int(counts.get(1, 0))}
    assert record["label_counts"]["unlabeled"] == {-1: 200}
    assert record["warnings"] == [
        "the test split has 20 row(s): one row moves its accuracy by 5 points, too few to "
        "report a model's accuracy on (aim for 30 or more)"
    ]
    assert record["split"] == split and record["group_by"] is None
    table = tmp_path / "reviews.csv"
    rows = pd.concat([frames[n].assign(split=n) for n in ("train", "dev", "test")])
    rows.assign(label=rows["label"].map({0: "negative", 1: "positive"}))[["text", "label", "split"]].to_csv(
        table, index=False
    )
    _, info = load_dataset({"split_column": "split"}, {"file": table})
    shared = ("classes", "n_classes", "label_counts", "warnings")
    assert {k: info[k] for k in shared} == {k: record[k] for k in shared} | {
        "label_counts": {**record["label_counts"], "unlabeled": {}}
    }
