"""textmlp.data.table: the user's own CSV / TSV / Parquet dataset, in its three layouts."""

from __future__ import annotations

import gzip
import json
import logging

import numpy as np
import pandas as pd
import pytest

from tests.conftest import toy_rows, write_rows
from textmlp.data.labels import canonical_label, sort_classes
from textmlp.data.splits import read_split_columns, split_by_fractions
from textmlp.data.table import load_dataset
from textmlp.data.table_files import DatasetError, detect_format, read_table
from textmlp.data.table_spec import normalize_spec

WORDS = {"neg": "awful dull", "neu": "plain okay", "pos": "great fun"}


def write_tsv(path, rows, header=("text", "label", "split")):
    lines = ["\t".join(header)] + ["\t".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path, frame):
    frame.to_csv(path, index=False)
    return path


def three_class_rows():
    rows = []
    for i in range(6):
        for label in ("neg", "neu", "pos"):
            split = ["train", "train", "train", "validation", "TEST", " val "][i]
            rows.append((f"{WORDS[label]} {i}", label, split))
    return rows


def labelled(n_per_class, classes, *, prefix=""):
    rows = [{"text": f"{prefix}{c} text {i}", "label": c} for c in classes for i in range(n_per_class)]
    return pd.DataFrame(rows)


def check_frames(frames):
    assert list(frames) == ["train", "dev", "test", "unlabeled"]
    for name, frame in frames.items():
        assert list(frame.columns) == ["id", "text", "label"], name
        assert frame["label"].dtype == np.int64, name
        assert list(frame.index) == list(range(len(frame))), name
        assert all(isinstance(v, str) for v in frame["id"]), name
        assert all(isinstance(v, str) and v for v in frame["text"]), name
    ids = pd.concat([frames[n]["id"] for n in ("train", "dev", "test", "unlabeled")])
    assert ids.is_unique


# ----------------------------------------------------------------------------- layouts


def test_split_column_tsv_three_classes(tmp_path):
    path = write_tsv(tmp_path / "all.tsv", three_class_rows())
    frames, info = load_dataset({"name": "toy"}, {"file": path})
    check_frames(frames)
    assert info["layout"] == "split_column" and info["name"] == "toy"
    assert info["classes"] == ["neg", "neu", "pos"]
    assert info["mapping"] == {"neg": 0, "neu": 1, "pos": 2}
    assert info["sizes"] == {"train": 9, "dev": 6, "test": 3, "unlabeled": 0}
    assert info["label_counts"]["train"] == {0: 3, 1: 3, 2: 3}
    assert info["label_counts"]["test"] == {0: 1, 1: 1, 2: 1}
    # labels follow the texts
    for frame in frames.values():
        for text, label in zip(frame["text"], frame["label"]):
            assert text.startswith(WORDS[info["classes"][label]])
    json.dumps(info)  # JSON-ready (split.json)


def test_separate_csv_files_string_labels_and_unlabeled(tmp_path):
    paths = {
        "train": write_csv(tmp_path / "train.csv", labelled(4, ["spam", "ham"])),
        "dev": write_csv(tmp_path / "dev.csv", labelled(2, ["ham", "spam"], prefix="d ")),
        "test": write_csv(tmp_path / "test.csv", labelled(3, ["spam"], prefix="t ")),
        "unlabeled": write_csv(tmp_path / "more.csv", pd.DataFrame({"text": ["x y", "", "z"]})),
    }
    frames, info = load_dataset({}, paths)
    check_frames(frames)
    assert info["layout"] == "files"
    assert info["classes"] == ["ham", "spam"]
    assert info["sizes"] == {"train": 8, "dev": 4, "test": 3, "unlabeled": 2}
    assert (frames["test"]["label"] == 1).all()
    assert (frames["unlabeled"]["label"] == -1).all()
    assert list(frames["unlabeled"]["text"]) == ["x y", "z"]
    assert info["dropped_empty_text"]["unlabeled"] == 1
    assert frames["train"]["id"].iloc[0] == "train/0" and frames["dev"]["id"].iloc[0] == "dev/0"


def test_separate_files_custom_columns_and_gzip(tmp_path):
    frame = labelled(3, ["a", "b"]).rename(columns={"text": "body", "label": "y"})
    frame["uid"] = [f"u{i}" for i in range(len(frame))]
    gz = tmp_path / "train.csv.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        frame.to_csv(fh, index=False)
    dev, test = frame.assign(uid=lambda f: "d" + f["uid"]), frame.assign(uid=lambda f: "t" + f["uid"])
    paths = {"train": gz, "dev": write_csv(tmp_path / "dev.csv", dev), "test": write_csv(tmp_path / "test.csv", test)}
    spec = {"text_column": "body", "label_column": "y", "id_column": "uid"}
    frames, info = load_dataset(spec, paths)
    check_frames(frames)
    assert frames["train"]["id"].iloc[0] == "u0" and frames["test"]["id"].iloc[0] == "tu0"
    assert info["sizes"]["train"] == 6


def test_files_layout_dev_carved_from_train(tmp_path):
    paths = {
        "train": write_csv(tmp_path / "train.csv", labelled(10, ["a", "b"])),
        "test": write_csv(tmp_path / "test.csv", labelled(2, ["a", "b"])),
    }
    frames, info = load_dataset({"dev_fraction": 0.2, "seed": 3}, paths)
    check_frames(frames)
    assert info["sizes"]["train"] == 16 and info["sizes"]["dev"] == 4
    assert info["label_counts"]["dev"] == {0: 2, 1: 2}


def parquet_file(tmp_path, counts=None):
    counts = counts or {"x": 60, "y": 30, "z": 30}
    rows = [{"text": f"{c} row {i}", "label": c} for c, n in counts.items() for i in range(n)]
    frame = pd.DataFrame(rows).sample(frac=1, random_state=0).reset_index(drop=True)
    path = tmp_path / "data.parquet"
    frame.to_parquet(path, index=False)
    return path


def test_fractions_seeded_stratified(tmp_path):
    path = parquet_file(tmp_path)
    spec = {"dev_fraction": 0.1, "test_fraction": 0.2, "seed": 7}
    frames, info = load_dataset(spec, {"file": path})
    check_frames(frames)
    assert info["layout"] == "fractions" and info["seed"] == 7
    assert sum(info["sizes"][n] for n in ("train", "dev", "test")) == 120
    assert info["sizes"] == {"train": 84, "dev": 12, "test": 24, "unlabeled": 0}
    # stratified: each split has the file's 2:1:1 class shares
    assert info["label_counts"]["test"] == {0: 12, 1: 6, 2: 6}
    assert info["label_counts"]["dev"] == {0: 6, 1: 3, 2: 3}
    # every row used once
    all_texts = pd.concat([frames[n]["text"] for n in ("train", "dev", "test")])
    assert all_texts.is_unique and len(all_texts) == 120

    again, _ = load_dataset(spec, {"file": path})
    other, _ = load_dataset({**spec, "seed": 8}, {"file": path})
    for name in ("train", "dev", "test"):
        pd.testing.assert_frame_equal(frames[name], again[name])
    assert set(frames["test"]["text"]) != set(other["test"]["text"])


def test_fractions_without_stratify_sizes_add_up(tmp_path):
    path = parquet_file(tmp_path, {"x": 50, "y": 51})
    frames, info = load_dataset({"dev_fraction": 0.15, "test_fraction": 0.25, "stratify": False}, {"file": path})
    assert info["sizes"]["test"] == 25 and info["sizes"]["dev"] == 15 and info["sizes"]["train"] == 61


def test_split_by_fractions_keeps_a_train_row_per_class():
    labels = ["a"] * 20 + ["b"] * 2
    which = split_by_fractions(labels, dev_fraction=0.4, test_fraction=0.4, seed=0)
    b = which[20:]
    assert "train" in b


def test_integer_labels_sorted_numerically(tmp_path):
    rows = [
        (f"t{i} {lab}", lab, s)
        for i, (lab, s) in enumerate(
            [(10, "train"), (2, "train"), (1, "train"), (10, "dev"), (2, "test"), (1, "train"), ("02", "dev")]
        )
    ]
    path = write_tsv(tmp_path / "ints.tsv", rows)
    frames, info = load_dataset({}, {"file": path})
    assert info["classes"] == ["1", "2", "10"]
    assert list(frames["train"]["label"]) == [2, 1, 0, 0]
    assert list(frames["dev"]["label"]) == [2, 1]  # "02" is class "2"


def test_integer_labels_from_parquet(tmp_path):
    frame = pd.DataFrame(
        {
            "text": [f"t{i}" for i in range(9)],
            "label": [3, -1, 0] * 3,
            "split": ["train"] * 3 + ["dev"] * 3 + ["test"] * 3,
        }
    )
    frame.to_parquet(tmp_path / "d.parquet")
    frames, info = load_dataset({}, {"file": tmp_path / "d.parquet"})
    assert info["classes"] == ["-1", "0", "3"]
    assert list(frames["train"]["label"]) == [2, 0, 1]


def test_na_looking_texts_survive_and_empty_texts_are_dropped(tmp_path):
    rows = [
        ("NA", "a", "train"),
        ("null", "b", "train"),
        ("None", "a", "dev"),
        ("N/A", "b", "test"),
        ("   ", "a", "train"),
        ("nan", "b", "train"),
    ]
    path = write_tsv(tmp_path / "na.tsv", rows)
    frames, info = load_dataset({}, {"file": path})
    assert list(frames["train"]["text"]) == ["NA", "null", "nan"]
    assert list(frames["dev"]["text"]) == ["None"] and list(frames["test"]["text"]) == ["N/A"]
    assert info["dropped_empty_text"] == {"file": 1}


def test_read_table_formats(tmp_path):
    assert detect_format("x.TSV.gz") == "tsv" and detect_format("a/b.pq") == "parquet"
    assert detect_format("no_suffix", "csv") == "csv"
    with pytest.raises(DatasetError, match="data.format"):
        detect_format("data.txt")
    path = tmp_path / "q.csv"
    path.write_text('text,label\n"a, ""quoted"" text",NA\n', encoding="utf-8")
    table = read_table(path)
    assert table.loc[0, "text"] == 'a, "quoted" text' and table.loc[0, "label"] == "NA"


def test_helpers():
    assert canonical_label(1.0) == "1" and canonical_label(" 007 ") == "7" and canonical_label("") is None
    assert canonical_label(float("nan")) is None and canonical_label(True) == "True"
    assert sort_classes(["b", "10", "a"]) == ["10", "a", "b"]
    assert sort_classes(["10", "9", "-1.5"]) == ["-1.5", "9", "10"]


# ----------------------------------------------------------------------------- errors


def error(spec, paths):
    with pytest.raises(DatasetError) as info:
        load_dataset(spec, paths)
    return str(info.value)


@pytest.mark.parametrize("key,column", [("text_column", "body"), ("label_column", "y"), ("split_column", "part")])
def test_missing_column(tmp_path, key, column):
    path = write_tsv(tmp_path / "all.tsv", three_class_rows())
    msg = error({key: column}, {"file": path})
    assert f"data.{key} = '{column}'" in msg and "all.tsv" in msg
    assert "['text', 'label', 'split']" in msg


def test_missing_text_column_in_unlabeled_file(tmp_path):
    path = write_tsv(tmp_path / "all.tsv", three_class_rows())
    extra = write_csv(tmp_path / "u.csv", pd.DataFrame({"content": ["a"]}))
    msg = error({}, {"file": path, "unlabeled": extra})
    assert "data.text_column = 'text'" in msg and "u.csv" in msg and "['content']" in msg


def test_single_class_in_train(tmp_path):
    rows = [("a", "pos", "train"), ("b", "pos", "train"), ("c", "pos", "dev"), ("d", "pos", "test")]
    msg = error({}, {"file": write_tsv(tmp_path / "one.tsv", rows)})
    assert "data.label_column" in msg and "single class" in msg and "'pos'" in msg


def test_split_column_without_test_rows(tmp_path):
    rows = [("a", "x", "train"), ("b", "y", "train"), ("c", "x", "dev")]
    msg = error({}, {"file": write_tsv(tmp_path / "nt.tsv", rows)})
    assert "data.split_column" in msg and "test split" in msg and "nt.tsv" in msg


def test_fractions_leaving_dev_empty(tmp_path):
    path = parquet_file(tmp_path, {"x": 3, "y": 3})
    msg = error({"dev_fraction": 0.05, "test_fraction": 0.3}, {"file": path})
    assert "data.dev_fraction = 0.05" in msg and "dev split empty" in msg


def test_unparseable_files(tmp_path):
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("text,label\na,b\nc,d,e,f\n", encoding="utf-8")
    msg = error(
        {},
        {
            "file": bad_csv,
        },
    )
    assert "bad.csv" in msg and "cannot read it as CSV" in msg and "Expected 2 fields" in msg
    fake = tmp_path / "fake.parquet"
    fake.write_text("text,label\na,b\n", encoding="utf-8")
    msg = error({}, {"file": fake})
    assert "fake.parquet" in msg and "cannot read it as PARQUET" in msg
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,label\ncaf\xe9,a\n".encode("latin-1"))
    assert "latin.csv" in error({}, {"file": latin})
    assert "file not found" in error({}, {"file": tmp_path / "gone.csv"})


def test_dev_label_not_in_train(tmp_path):
    rows = [("a", "x", "train"), ("b", "y", "train"), ("c", "z", "dev"), ("d", "x", "test")]
    msg = error({}, {"file": write_tsv(tmp_path / "u.tsv", rows)})
    assert "dev split" in msg and "['z']" in msg and "['x', 'y']" in msg


def test_unknown_split_values(tmp_path):
    rows = three_class_rows() + [("q", "pos", "holdout"), ("r", "neg", "holdout"), ("s", "neg", "")]
    msg = error({}, {"file": write_tsv(tmp_path / "s.tsv", rows)})
    assert "data.split_column 'split'" in msg and "'holdout' (2)" in msg and "'' (1)" in msg
    assert "validation" in msg


def test_missing_label_value(tmp_path):
    rows = [("a", "x", "train"), ("b", "", "train")]
    msg = error({}, {"file": write_tsv(tmp_path / "m.tsv", rows)})
    assert "data.label_column" in msg and "without a label" in msg and "[1]" in msg


@pytest.mark.parametrize(
    "spec,needle",
    [
        ({"dev_fraction": 0.0, "test_fraction": 0.2}, "data.dev_fraction = 0.0"),
        ({"dev_fraction": 0.1, "test_fraction": 1.5}, "data.test_fraction = 1.5"),
        ({"dev_fraction": 0.5, "test_fraction": 0.5}, "must be below 1"),
        ({"dev_fraction": "x", "test_fraction": 0.2}, "data.dev_fraction = 'x'"),
        ({"dev_fraction": 0.1}, "data.test_fraction is not set"),
        ({"seed": -1, "dev_fraction": 0.1, "test_fraction": 0.1}, "data.seed"),
    ],
)
def test_bad_fractions(tmp_path, spec, needle):
    path = parquet_file(tmp_path, {"x": 5, "y": 5})
    assert needle in error(spec, {"file": path})


def test_missing_roles_for_layout(tmp_path):
    train = write_csv(tmp_path / "train.csv", labelled(2, ["a", "b"]))
    msg = error({}, {"train": train, "dev": train})
    assert "data.files.test is missing" in msg and "given: dev, train" in msg
    msg = error({}, {"train": train, "test": train})
    assert "data.files.dev is missing" in msg and "dev_fraction" in msg
    assert "not both" in error({}, {"file": train, "train": train})
    assert "no labelled data file" in error({}, {"unlabeled": train})
    assert "unknown file role" in error({}, {"validation": train})
    msg = error({"layout": "fractions"}, {"train": train, "dev": train, "test": train})
    assert "data.layout = 'fractions'" in msg
    # keys in messages follow the caller's config path
    with pytest.raises(DatasetError, match=r"dataset\.files\.test is missing"):
        load_dataset({}, {"train": train, "dev": train}, where="dataset")


def test_normalize_spec_defaults_and_checks():
    spec = normalize_spec({"text_column": " body ", "source": "ignored"})
    assert spec["text_column"] == "body" and spec["label_column"] == "label"
    assert spec["split_column"] == "split" and spec["seed"] == 0 and spec["stratify"] is True
    with pytest.raises(DatasetError, match="data.format"):
        normalize_spec({"format": "xlsx"})
    with pytest.raises(DatasetError, match="both 'x'"):
        normalize_spec({"text_column": "x", "label_column": "x"})


def test_quoted_fields_that_join_lines_are_counted_and_logged(tmp_path, caplog):
    """Where quoting is wanted (CSV, or data.quoted_tsv) and declared to span
    lines (data.multiline_fields), lines that quoting joins into one row are a
    logged count in split.json, never silent; undeclared, an error (issue 24.4)."""
    rows = toy_rows(30)
    rows[2] = ('"Wow. one', "neg", "train")
    rows[4] = ('two" three', "neg", "train")
    write_rows(tmp_path / "r.tsv", rows)
    with pytest.raises(DatasetError, match=r"30 lines of data but 28 rows .*data row 3.*data.multiline_fields: true"):
        load_dataset({"quoted_tsv": True}, {"file": tmp_path / "r.tsv"})
    with caplog.at_level(logging.WARNING):
        frames, info = load_dataset(
            {"quoted_tsv": True, "multiline_fields": True},
            {"file": tmp_path / "r.tsv"},
            shown={"file": "r.tsv (data.files.file.source)"},
        )
    assert info["lines_read_as_rows"] == {"file": {"lines": 30, "rows": 28}}
    assert "r.tsv (data.files.file.source): 30 lines of data read as 28 rows" in caplog.text
    frames, info = load_dataset({}, {"file": tmp_path / "r.tsv"})  # the default: no quoting at all
    assert sum(len(frames[s]) for s in ("train", "dev", "test")) == 30 and info["lines_read_as_rows"] == {}


@pytest.mark.parametrize(
    "name, body, rows",
    [
        (
            "a.tsv",
            "text\tlabel\na\tpos\n\n   \n\t\nb\tneg\r\nc\tpos\rd\tneg\n",
            5,
        ),  # blank lines skipped; a tab row is a row
        ("a.csv", "text,label\na,pos\n\n \t \nb,neg\n", 2),
    ],
)
def test_the_row_count_check_sees_lines_as_the_reader_does(tmp_path, name, body, rows):
    (tmp_path / name).write_bytes(body.encode())
    assert len(read_table(tmp_path / name)) == rows  # no false mismatch


def test_a_csv_with_one_unbalanced_quote_is_an_error_naming_the_key(tmp_path):
    """Issue 24.4: an opening quote that never closes swallows every later row
    (dev and test rows, labels and all, into one train text)."""
    lines = ["text,label,split"] + [f"plain review {i} was fine,{i % 2},train" for i in range(40)]
    lines[7] = '"an opening quote,1,train'
    lines += [f"held out {i},{i % 2},{'dev' if i < 10 else 'test'}" for i in range(20)]
    lines[50] = 'a dev review with a quote" inside,0,dev'  # closes the field opened at line 8
    (tmp_path / "q.csv").write_text("\n".join(lines) + "\n")
    message = r"q.csv: 60 lines of data but 17 rows read as CSV.*data row 7.*multiline_fields"
    with pytest.raises(DatasetError, match=message):
        load_dataset({}, {"file": tmp_path / "q.csv"})


@pytest.mark.parametrize(
    "spellings, classes",
    [
        (["1", "1.0", " 1", "01", "0", "0.0", "+0"], ["0", "1"]),
        (["2.50", "2.5", "3", "3.000"], ["2.5", "3"]),
        (["pos", "neg"], ["neg", "pos"]),
    ],
)
def test_numeric_labels_written_differently_are_one_class_and_said_so(tmp_path, spellings, classes):
    """Issue 24.5."""
    rows = [(f"text number {i}", spellings[i % len(spellings)], "train") for i in range(8 * len(spellings))]
    rows += [(f"dev {i}", spellings[i % len(spellings)], "dev") for i in range(len(spellings))]
    rows += [(f"test {i}", spellings[i % len(spellings)], "test") for i in range(len(spellings))]
    (tmp_path / "n.csv").write_text(
        "text,label,split\n" + "".join(f'{t},"{label}",{s}\n' for t, label, s in rows), encoding="utf-8"
    )
    frames, info = load_dataset({}, {"file": tmp_path / "n.csv"})
    assert info["classes"] == classes
    merged = [w for w in info["warnings"] if "are read as one class" in w]
    assert len(merged) == (0 if classes == ["neg", "pos"] else len(classes))


@pytest.mark.parametrize(
    "values, needle",
    [
        ([["great", "film"], ["dull"]] * 10, "holds a list .*join each row's tokens"),
        ([0, 1] * 10, "holds a int"),
        ([0.5, 1.5] * 10, "holds a float"),
    ],
)
def test_a_parquet_text_column_that_is_not_text_is_refused(tmp_path, values, needle):
    """Issue 24.6: no numpy repr of a token list, no "0" for a number."""
    n = len(values)
    pd.DataFrame(
        {"text": values, "label": ["a", "b"] * (n // 2), "split": ["train"] * (n - 4) + ["dev"] * 2 + ["test"] * 2}
    ).to_parquet(tmp_path / "t.parquet")
    with pytest.raises(DatasetError, match=rf"data.text_column = 'text' in .*t.parquet: data row 1 {needle}"):
        load_dataset({}, {"file": tmp_path / "t.parquet"})


@pytest.mark.parametrize("name, header", [("d.csv", "text,label,label,split"), ("d.tsv", "text\tlabel\tsplit\t label")])
def test_a_header_naming_a_column_twice_is_refused(tmp_path, name, header):
    """Issue 24.7: not the first of the two silently."""
    sep = "," if name.endswith(".csv") else "\t"
    rows = [sep.join(["a text", "x", "y", "train"])] * 4
    (tmp_path / name).write_text(header + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(DatasetError, match=r"the header names column 'label' twice \(columns \d and \d\)"):
        read_table(tmp_path / name)


def test_a_text_over_the_cap_is_refused_before_the_file_is_parsed(tmp_path):
    """Issue 24.12: a 1 MB .tsv.gz holding one 50 MB text stops at the line
    scan (memory near the cap), and a text over the cap is an error naming the key."""
    import gzip

    with gzip.open(tmp_path / "big.tsv.gz", "wb") as f:
        f.write(b"text\tlabel\tsplit\nshort\ta\ttrain\n")
        f.write(b"x" * 50_000_000 + b"\tb\ttrain\n")
    assert (tmp_path / "big.tsv.gz").stat().st_size < 1_000_000
    with pytest.raises(DatasetError, match=r"^\S*big.tsv.gz: line 3 is over 1065536 bytes.*data.max_review_bytes"):
        load_dataset({}, {"file": tmp_path / "big.tsv.gz"})
    rows = [(f"text {i}", "ab"[i % 2], ["train", "dev", "test"][i % 3]) for i in range(30)]
    rows[4] = ("y" * 2000, "a", "train")
    write_rows(tmp_path / "r.tsv", rows)
    with pytest.raises(DatasetError, match=r"data row 5 has a text of 2000 bytes, over data.max_review_bytes = 1000"):
        load_dataset({"max_review_bytes": 1000}, {"file": tmp_path / "r.tsv"})
    assert len(load_dataset({"max_review_bytes": 2000}, {"file": tmp_path / "r.tsv"})[0]["train"]) == 11


def test_count_lines_in_chunks_matches_a_whole_read(tmp_path, monkeypatch):
    """The chunked count sees CR LF cut between two chunks as one break."""
    import textmlp.data.table_files as tf

    body = b"h\r\n" + b"".join(b"row %d\r\n" % i for i in range(50)) + b"\r\r\nlast"
    (tmp_path / "c.tsv").write_bytes(body)
    whole = tf.count_lines(tmp_path / "c.tsv", "\t")
    for size in (1, 2, 3, 7):
        monkeypatch.setattr(tf, "_CHUNK", size)
        assert tf.count_lines(tmp_path / "c.tsv", "\t") == whole == 52


# ----------------------------------------------------------------------------- group_column


def grouped_rows(n_groups=60, seed=0):
    """Rows of authors who write 1 to 6 texts each, labels mixed within an author."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n_groups):
        for i in range(int(rng.integers(1, 7))):
            rows.append({"text": f"text {g} {i}", "label": ["a", "b"][int(rng.integers(2))], "author": f"au{g}"})
    return pd.DataFrame(rows)


def test_group_column_keeps_each_group_in_one_split_seeded_and_stratified(tmp_path):
    table = grouped_rows()
    path = write_csv(tmp_path / "t.csv", table)
    spec = {"dev_fraction": 0.15, "test_fraction": 0.2, "seed": 4, "group_column": "author"}
    frames, info = load_dataset(spec, {"file": path})
    groups = {s: set(frames[s]["group"]) for s in ("train", "dev", "test")}
    assert not groups["train"] & groups["dev"] and not groups["train"] & groups["test"]
    assert not groups["dev"] & groups["test"]
    assert set().union(*groups.values()) == set(table["author"])
    assert info["group_by"] == "author" and info["grouped_splits"] == ["dev", "test"]
    counts = table["label"].value_counts().sort_index()
    for split, fraction in (("dev", 0.15), ("test", 0.2)):
        want = np.floor(counts.to_numpy() * fraction + 0.5)
        got = np.array([info["label_counts"][split][i] for i in range(2)])
        assert (got <= want).all() and want.sum() - got.sum() <= max(1, np.ceil(0.02 * want.sum()))
    again, _ = load_dataset(spec, {"file": path})
    other, _ = load_dataset({**spec, "seed": 5}, {"file": path})
    for name in ("train", "dev", "test"):
        pd.testing.assert_frame_equal(frames[name], again[name])
    assert set(frames["dev"]["group"]) != set(other["dev"]["group"])


def test_group_column_groups_the_dev_carved_from_a_train_file(tmp_path):
    paths = {
        "train": write_csv(tmp_path / "train.csv", grouped_rows(80)),
        "test": write_csv(tmp_path / "test.csv", grouped_rows(10, seed=1).assign(author=lambda f: "t" + f["author"])),
    }
    frames, info = load_dataset({"dev_fraction": 0.2, "group_column": "author"}, paths)
    assert not set(frames["dev"]["group"]) & set(frames["train"]["group"])
    assert info["grouped_splits"] == ["dev"]


def test_group_column_with_a_split_column_is_recorded_not_used_to_split(tmp_path):
    table = grouped_rows(20).assign(
        split=lambda f: ["train", "train", "dev", "test"] * (len(f) // 4) + ["train"] * (len(f) % 4)
    )
    frames, info = load_dataset({"group_column": "author"}, {"file": write_csv(tmp_path / "t.csv", table)})
    assert info["group_by"] is None and info["grouped_splits"] == []
    assert list(frames["train"]["group"]) == list(table.loc[table["split"] == "train", "author"])


def test_group_larger_than_the_dev_request_stays_in_train(tmp_path):
    table = grouped_rows(60)
    big = pd.DataFrame({"text": [f"big {i}" for i in range(40)], "label": ["a", "b"] * 20, "author": "giant"})
    path = write_csv(tmp_path / "t.csv", pd.concat([big, table], ignore_index=True))
    frames, info = load_dataset(
        {"dev_fraction": 0.1, "test_fraction": 0.1, "seed": 0, "group_column": "author"}, {"file": path}
    )
    assert "giant" in set(frames["train"]["group"])  # 40 rows: larger than dev (or test) asks for
    assert info["sizes"]["dev"] > 0


def test_group_split_that_cannot_reach_its_size_names_the_keys(tmp_path):
    table = pd.DataFrame(
        {"text": [f"t {i}" for i in range(90)], "label": ["a", "b"] * 45, "author": [f"g{i // 30}" for i in range(90)]}
    )
    path = write_csv(tmp_path / "t.csv", table)
    with pytest.raises(
        DatasetError,
        match=r"data.test_fraction = 0.2: the test split asks for 18 rows.*"
        r"data.group_column = 'author' reach only 0.*largest group has 30 rows",
    ):
        load_dataset({"dev_fraction": 0.1, "test_fraction": 0.2, "group_column": "author"}, {"file": path})


def test_missing_group_value_is_an_error_naming_the_key_and_rows(tmp_path):
    table = grouped_rows(20)
    table.loc[[3, 7], "author"] = ""
    path = write_csv(tmp_path / "t.csv", table)
    with pytest.raises(
        DatasetError,
        match=r"data.group_column = 'author' in .*t.csv: 2 row\(s\) without a group \(0-based data rows \[3, 7\]\)",
    ):
        load_dataset({"dev_fraction": 0.1, "test_fraction": 0.2, "group_column": "author"}, {"file": path})


def test_group_column_that_is_not_in_the_file_or_is_the_text_column(tmp_path):
    path = write_csv(tmp_path / "t.csv", grouped_rows(20))
    with pytest.raises(DatasetError, match=r"data.group_column = 'movie': no such column"):
        load_dataset({"dev_fraction": 0.1, "test_fraction": 0.2, "group_column": "movie"}, {"file": path})
    with pytest.raises(DatasetError, match=r"data.group_column and data.text_column are both 'text'"):
        normalize_spec({"group_column": "text"})


def test_read_split_columns_gives_lists_of_texts_and_arrays_of_numbers(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": ["one", "two ü", ""], "label": [1, 0, 1]})
    frame.to_parquet(tmp_path / "train.parquet")
    got = read_split_columns(tmp_path / "train.parquet", ["text", "label"])
    assert list(got) == ["text", "label"]
    assert got["text"] == ["one", "two ü", ""] and isinstance(got["text"], list)
    assert isinstance(got["label"], np.ndarray) and got["label"].tolist() == [1, 0, 1]


def test_text_values_keep_the_very_strings_as_objects():
    """No copy of each text: pandas' own map would return its Arrow string dtype."""
    from textmlp.data.table_files import text_values

    texts = pd.Series(["kept as is", "  trimmed ", None, b"bytes"], dtype=object)
    out = text_values(texts)
    assert out.dtype == object and out.tolist() == ["kept as is", "trimmed", "", "bytes"]
    assert out.iloc[0] is texts.iloc[0]
    assert text_values(pd.Series(["a", "b"], dtype="str")).dtype == object
