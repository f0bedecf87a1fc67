"""textmlp.data.table read a chunk at a time: the same split whatever the chunk
size, in memory that holds a chunk's texts and not the table's, written to
Parquet as one set (textmlp.io.ParquetParts)."""

from __future__ import annotations

import logging
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from textmlp.data.table import empty_frame, load_dataset
from textmlp.data.table_files import DatasetError
from textmlp.io import ParquetParts

SPLITS = ("train", "dev", "test", "unlabeled")


def table(n: int, seed: int = 0, text_words: int = 8) -> pd.DataFrame:
    """``n`` labelled rows in ``n // 5`` groups; every 7th text blank (dropped), labels written two ways."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(500)]
    texts = [" ".join(rng.choice(words, text_words)) for _ in range(n)]
    for i in range(0, n, 7):
        texts[i] = "   "
    return pd.DataFrame(
        {
            "text": texts,
            "label": [["pos", "neg", " pos "][i % 3] for i in range(n)],
            "movie": [f"m{i // 5}" for i in range(n)],
            "split": [["train", "train", "dev", "test", "val"][i % 5] for i in range(n)],
        }
    )


def layouts(tmp_path):
    """(spec, paths) of each layout, files written."""
    frame = table(230)
    frame.to_parquet(tmp_path / "all.parquet", index=False)
    frame.drop(columns="split").to_csv(tmp_path / "all.csv", index=False)
    pd.DataFrame({"text": [f"u {i}" if i % 4 else "" for i in range(41)]}).to_csv(tmp_path / "u.csv", index=False)
    frame.iloc[:150].to_csv(tmp_path / "train.csv", index=False)
    frame.iloc[150:].to_csv(tmp_path / "test.csv", index=False)
    fractions = {"dev_fraction": 0.2, "test_fraction": 0.25, "group_column": "movie", "seed": 3}
    return {
        "fractions, groups, unlabeled": (fractions, {"file": tmp_path / "all.csv", "unlabeled": tmp_path / "u.csv"}),
        "split column, parquet": ({"split_column": "split"}, {"file": tmp_path / "all.parquet"}),
        "files, dev from train": (
            {"dev_fraction": 0.2, "seed": 1},
            {"train": tmp_path / "train.csv", "test": tmp_path / "test.csv"},
        ),
    }


@pytest.mark.parametrize("layout", ["fractions, groups, unlabeled", "split column, parquet", "files, dev from train"])
def test_the_split_is_the_same_whatever_the_chunk_size(tmp_path, layout):
    spec, paths = layouts(tmp_path)[layout]
    whole, info = load_dataset(spec, paths, chunk_rows=10_000)  # every file in one chunk
    assert info["dropped_empty_text"] and sum(info["dropped_empty_text"].values()) > 0
    for rows in (1, 7, 64):
        frames, chunked = load_dataset(spec, paths, chunk_rows=rows)
        assert chunked == info, rows
        for name in SPLITS:
            pd.testing.assert_frame_equal(frames[name], whole[name], check_exact=True)


def test_messages_give_a_rows_number_in_its_file_not_in_its_chunk(tmp_path):
    frame = table(30)
    frame.loc[22, "text"] = "x" * 300
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    for rows in (5, 1000):
        with pytest.raises(DatasetError, match=r"data row 23 has a text of 300 bytes"):
            load_dataset(
                {"split_column": "split", "max_review_bytes": 200}, {"file": tmp_path / "t.parquet"}, chunk_rows=rows
            )
    frame = table(30)
    frame.loc[[17, 26], "label"] = ""
    frame.to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(DatasetError, match=r"2 row\(s\) without a label \(0-based data rows \[17, 26\]\)"):
        load_dataset({"split_column": "split"}, {"file": tmp_path / "t.csv"}, chunk_rows=4)


def test_multiline_fields_are_counted_over_the_whole_file(tmp_path, caplog):
    lines = ["text,label,split"] + [
        f'"line {i}\nnext",pos,train' if i % 3 == 0 else f"r {i},neg,train" for i in range(20)
    ]
    lines += ["d 1,pos,dev", "d 2,neg,dev", "t 1,pos,test", "t 2,neg,test"]
    path = tmp_path / "m.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError, match=r"31 lines of data but 24 rows read as CSV.*data row 1\)"):
        load_dataset({}, {"file": path}, chunk_rows=5)
    with caplog.at_level(logging.WARNING):
        _, info = load_dataset({"multiline_fields": True}, {"file": path}, chunk_rows=5)
    assert info["lines_read_as_rows"] == {"file": {"lines": 31, "rows": 24}}
    assert sum("31 lines of data read as 24 rows" in r.getMessage() for r in caplog.records) == 1  # once, not per pass


def texts_table(path, n: int, text_bytes: int = 4000) -> int:
    """A Parquet table of ``n`` long texts of rare words in one row group (the texts' bytes returned)."""
    rng = np.random.default_rng(0)
    words = np.array([f"t{i:07d}" for i in range(n * text_bytes // 9)])
    texts = [" ".join(rng.choice(words, text_bytes // 9)) for _ in range(n)]
    frame = pd.DataFrame({"text": texts, "label": np.arange(n) % 2, "movie": [f"m{i // 4}" for i in range(n)]})
    frame.to_parquet(path, index=False, row_group_size=n)  # one row group: all of it at once, unless read by pages
    return sum(len(t) for t in texts)


#: Splits a table in a fresh interpreter, as the split rule does (``stream``) or in memory (``hold``), and prints
#: the bytes Python and Arrow allocated at their peaks (Arrow's pool is not traced by tracemalloc).
MEASURE = """
import sys, tracemalloc, pyarrow as pa
from textmlp.data.table import empty_frame, load_dataset, split_dataset
from textmlp.io import ParquetParts
path, mode, out = sys.argv[1:]
spec = {"dev_fraction": 0.15, "test_fraction": 0.25, "group_column": "movie"}
tracemalloc.start()
if mode == "stream":
    names = ("train", "dev", "test", "unlabeled")
    with ParquetParts({n: f"{out}/{n}.parquet" for n in names}, empty_frame) as parts:
        split_dataset(spec, {"file": path}, parts.write, chunk_rows=200)
else:
    load_dataset(spec, {"file": path}, chunk_rows=200)
print(tracemalloc.get_traced_memory()[1] + pa.default_memory_pool().max_memory())
"""


def peak_bytes(path, mode: str, out) -> int:
    out.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), mode, str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_splitting_holds_a_chunk_of_texts_not_the_table(tmp_path):
    small, large = texts_table(tmp_path / "small.parquet", 1000), texts_table(tmp_path / "large.parquet", 8000)
    grown = large - small  # 28 MB more texts (measured: the split's peak grows by about 3 MB, load_dataset's by 29)
    streamed = {n: peak_bytes(tmp_path / f"{n}.parquet", "stream", tmp_path / n) for n in ("small", "large")}
    held = {n: peak_bytes(tmp_path / f"{n}.parquet", "hold", tmp_path / "held") for n in ("small", "large")}
    assert held["large"] - held["small"] > grown / 2  # the measure sees texts held in memory...
    assert streamed["large"] - streamed["small"] < grown / 4, (streamed, grown)  # ...the split does not hold them
    frames, _ = load_dataset(
        {"dev_fraction": 0.15, "test_fraction": 0.25, "group_column": "movie"}, {"file": tmp_path / "large.parquet"}
    )
    for name in SPLITS:
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "large" / f"{name}.parquet"), frames[name], check_exact=True
        )


def test_parquet_parts_appear_together_or_not_at_all(tmp_path):
    paths = {name: tmp_path / f"{name}.parquet" for name in ("a", "b")}
    paths["a"].write_text("kept")
    chunk = pd.DataFrame({"id": ["x", "y"], "text": ["one", "two"], "label": [0, 1]})
    with pytest.raises(RuntimeError, match="in the middle"):
        with ParquetParts(paths, empty_frame) as parts:
            parts.write("a", chunk)
            raise RuntimeError("in the middle")
    assert paths["a"].read_text() == "kept" and not paths["b"].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet"]  # no temporary file left
    with ParquetParts(paths, empty_frame) as parts:
        parts.write("a", chunk)
        parts.write("a", chunk.iloc[::-1])
    written = pd.read_parquet(paths["a"])
    assert written["id"].tolist() == ["x", "y", "y", "x"] and written["label"].dtype == "int64"
    empty = pd.read_parquet(paths["b"])  # no rows written: an empty split with the columns
    assert len(empty) == 0 and list(empty.columns) == ["id", "text", "label"]


def test_split_texts_hold_a_chunk_of_texts_at_a_time(tmp_path):
    import tracemalloc

    from textmlp.data.splits import SplitTexts, read_split_columns

    total = texts_table(tmp_path / "t.parquet", 2000)  # 8 MB of texts
    texts = SplitTexts(tmp_path / "t.parquet", chunk_rows=100)

    def peak(read) -> int:
        tracemalloc.start()
        try:
            read()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(lambda: read_split_columns(tmp_path / "t.parquet", ["text"])) > total  # every text at once
    assert peak(lambda: sum(len(t) for t in texts)) < total / 10
    assert len(texts) == 2000 and sum(len(t) for t in texts) == total  # all of them, again on a second pass
