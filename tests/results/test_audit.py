"""textmlp.results.audit: the counts on small frames built to show each case, and the
report fragment's wording for none / one / many and without unlabeled texts."""

import copy
import json

import pandas as pd
import pytest

from textmlp.results.audit import PAIRS, audit, audit_hashed, hashed_file, pair_key, text_keys
from textmlp.results.audit_tex import audit_tex


def frame(rows, label=None):
    """rows: [(text, label), ...] or [text, ...] with one ``label`` for all."""
    if label is not None:
        rows = [(t, label) for t in rows]
    return pd.DataFrame(
        {"id": [f"r{i}" for i in range(len(rows))], "text": [t for t, _ in rows], "label": [label for _, label in rows]}
    )


def frames(train, dev, test, unlabeled=None):
    out = {"train": frame(train), "dev": frame(dev), "test": frame(test)}
    if unlabeled is not None:
        out["unlabeled"] = frame(unlabeled, label=-1)
    return out


# ---------------------------------------------------------------- counting


def test_text_keys_ignore_case_and_punctuation_spacing_but_not_words():
    keys = text_keys(["Great film!", "great   film !", "GREAT FILM!", "great film.", "great films!"])
    assert keys[0] == keys[1] == keys[2] == hash("great film !")  # the normalised text's hash
    assert keys.dtype == "int64"
    assert keys[3] != keys[0] and keys[4] != keys[0]


def test_the_audit_holds_no_copy_of_the_texts():
    """Long texts (600 of 3,000 characters, 1.8 MB): what the audit allocates
    at its peak is a fraction of them (a hash per text, not a string)."""
    import random
    import tracemalloc

    rng = random.Random(0)
    texts = [" ".join(f"w{rng.randrange(10**6)}" for _ in range(400))[:3000] for _ in range(600)]
    split = [(t, i % 2) for i, t in enumerate(texts)]
    data = frames(train=split[:400], dev=split[400:500], test=split[500:], unlabeled=texts[:100])
    tracemalloc.start()
    try:
        audit(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 0.25 * sum(map(len, texts))


def test_the_audit_of_split_files_read_a_chunk_at_a_time_is_the_audit_of_the_frames(tmp_path):
    """The audit rule hashes each split file a few rows at a time (hashed_file): the same audit,
    repeats and shared texts that fall in different chunks included."""
    texts = ["Great film!", "great  film !", "dull", "fine", "Dull", "odd", "new", "fine"]
    data = frames(
        train=[(t, i % 2) for i, t in enumerate(texts)],
        dev=[("DULL", 0), ("odd", 1), ("x", 0)],
        test=[("great film!", 0), ("y", 1)],
        unlabeled=["fine", "zz", "fine"],
    )
    data["train"]["group"] = [f"m{i // 3}" for i in range(len(texts))]
    data["dev"]["group"], data["test"]["group"] = ["m1", "m9", "m9"], ["m0", "m8"]
    for name, split in data.items():
        split.to_parquet(tmp_path / f"{name}.parquet", index=False)
    expected = audit(data, ["neg", "pos"], "movie")
    assert (
        expected["overlaps"]["train_dev"]["texts"] == 2 and expected["groups"]["overlaps"]["train_dev"]["groups"] == 1
    )
    for rows in (1, 3, 100):
        hashed = {name: hashed_file(tmp_path / f"{name}.parquet", chunk_rows=rows) for name in data}
        assert audit_hashed(hashed, ["neg", "pos"], "movie") == expected, rows


def test_duplicate_differing_only_in_case_and_spacing_counts_as_one_but_not_raw():
    a = audit(
        frames(
            train=[("A fine film, really.", 1), ("a fine film ,really .", 1), ("Other.", 0)],
            dev=[("x", 0)],
            test=[("y", 1)],
        )
    )
    dup = a["splits"]["train"]["duplicates"]
    assert dup == {"rows": 1, "texts": 1, "conflicting_rows": 0, "conflicting_texts": 0}
    assert a["splits"]["train"]["raw_duplicate_rows"] == 0


def test_conflicting_label_duplicates_are_counted_by_row_and_by_text():
    train = [("bad", 0), ("Bad", 1), ("bad!", 0), ("BAD", 0), ("BAD", 1), ("fine", 1), ("fine", 1)]
    a = audit(frames(train=train, dev=[("x", 0)], test=[("y", 1)]))
    dup = a["splits"]["train"]["duplicates"]
    # "bad" x4 (first label 0; rows 2..4 carry 1, 0, 1), "fine" x2 (same label); "bad!" is another text
    assert dup["rows"] == 3 + 1
    assert dup["texts"] == 2
    assert dup["conflicting_rows"] == 2
    assert dup["conflicting_texts"] == 1


def test_text_shared_by_train_and_test_with_rows_and_label_conflicts():
    a = audit(
        frames(
            train=[("Seen it.", 1), ("seen it .", 1), ("mixed", 0), ("only train", 0)],
            dev=[("only dev", 1)],
            test=[("SEEN IT.", 1), ("Mixed", 1), ("only test", 0)],
        )
    )
    tt = a["overlaps"]["train_test"]
    assert tt["texts"] == 2  # "seen it ." and "mixed"
    assert tt["rows"] == {"train": 3, "test": 2}  # "seen it ." twice in train
    assert tt["conflicting_texts"] == 1  # "mixed": 0 in train, 1 in test
    assert tt["raw_texts"] == 0  # no raw string is in both
    assert a["overlaps"]["train_dev"]["texts"] == a["overlaps"]["dev_test"]["texts"] == 0


def test_unlabeled_texts_found_in_dev_and_test_count_distinct_texts():
    a = audit(
        frames(
            train=[("t1", 0), ("t2", 1)],
            dev=[("d1", 0), ("D1", 1)],
            test=[("s1", 0), ("s2", 1)],
            unlabeled=["S1", "s1", "s2 ", "d1", "u", "u"],
        )
    )
    u = a["unlabeled"]
    assert u["size"] == 6
    assert u["duplicates"] == {"rows": 2, "texts": 2}  # "s1" and "u" repeat
    assert u["shared"]["test"]["texts"] == 2  # s1, s2
    assert u["shared"]["test"]["rows"] == {"test": 2, "unlabeled": 3}
    assert u["shared"]["dev"]["texts"] == 1
    assert u["shared"]["dev"]["rows"] == {"dev": 2, "unlabeled": 1}
    assert u["shared"]["test"]["raw_texts"] == 1  # only "s1" as written
    assert u["shared"]["train"]["texts"] == 0


@pytest.mark.parametrize("unlabeled", ["missing", None, "empty"])
def test_no_unlabeled_split_records_none(unlabeled):
    f = frames(train=[("a", 0), ("b", 1)], dev=[("c", 0)], test=[("d", 1)])
    if unlabeled == "empty":
        f["unlabeled"] = frame([], label=-1)
    elif unlabeled is None:
        f["unlabeled"] = None
    assert audit(f)["unlabeled"] is None


def test_label_counts_list_every_class_in_order_with_names_and_shares():
    a = audit(
        frames(train=[("a", 2), ("b", 0), ("c", 2), ("d", 2)], dev=[("e", 0)], test=[("f", 2)]),
        classes=["neg", "neutral", "pos"],
    )
    assert a["splits"]["train"]["labels"] == [
        {"label": 0, "count": 1, "share": 0.25, "name": "neg"},
        {"label": 1, "count": 0, "share": 0.0, "name": "neutral"},
        {"label": 2, "count": 3, "share": 0.75, "name": "pos"},
    ]
    unnamed = audit(frames(train=[("a", 1), ("b", 0)], dev=[("e", 0)], test=[("f", 1)]))
    assert [e["label"] for e in unnamed["splits"]["train"]["labels"]] == [0, 1]
    assert all("name" not in e for e in unnamed["splits"]["train"]["labels"])


def test_audit_is_json_ready_and_the_same_for_the_same_frames():
    f = frames(train=[("a", 0), ("A", 1)], dev=[("a", 0)], test=[("b", 1)], unlabeled=["a"])
    first = json.dumps(audit(f, ["n", "p"]), sort_keys=True)
    assert first == json.dumps(audit(copy.deepcopy(f), ["n", "p"]), sort_keys=True)
    assert set(json.loads(first)) == {"comparison", "classes", "splits", "overlaps", "unlabeled", "groups"}


def test_groups_per_split_shared_by_pairs_and_rows_whose_group_is_in_train():
    f = frames(train=[("a", 0), ("b", 1), ("c", 0)], dev=[("d", 0), ("e", 1)], test=[("f", 1), ("g", 0), ("h", 1)])
    f["train"]["group"] = ["m1", "m2", "m2"]
    f["dev"]["group"] = ["m3", "m3"]
    f["test"]["group"] = ["m1", None, "m3"]
    g = audit(f, ["n", "p"], "movie")["groups"]
    assert g["name"] == "movie"
    assert {s: g["splits"][s]["groups"] for s in ("train", "dev", "test")} == {"train": 2, "dev": 1, "test": 2}
    assert g["splits"]["test"]["rows_without_group"] == 1
    assert g["splits"]["dev"]["rows_group_in_train"] == 0 and g["splits"]["test"]["rows_group_in_train"] == 1
    assert g["overlaps"]["train_dev"] == {"groups": 0, "rows": {"train": 0, "dev": 0}}
    assert g["overlaps"]["train_test"] == {"groups": 1, "rows": {"train": 1, "test": 1}}
    assert g["overlaps"]["dev_test"] == {"groups": 1, "rows": {"dev": 2, "test": 1}}
    json.dumps(g)
    assert audit(frames(train=[("a", 0)], dev=[("b", 1)], test=[("c", 1)]))["groups"] is None


def test_tex_states_the_movies_per_split_and_shared():
    f = frames(train=[("a", 0), ("b", 1), ("c", 0)], dev=[("d", 0), ("e", 1)], test=[("f", 1), ("g", 0)])
    f["train"]["group"] = ["m1", "m2", "m2"]
    f["dev"]["group"] = ["m3", "m4"]
    f["test"]["group"] = ["m1", "m5"]
    tex = audit_tex(audit(f, ["n", "p"], "movie"), "IMDB")
    assert "Train holds 2 distinct movies, dev 2 and test 2;" in tex
    assert "train and dev share no movie, train and test share 1 movie and dev and test share no movie" in tex
    assert "50.0\\% of the test texts share their movie with a train text" in tex
    assert "of the dev texts" not in tex
    assert "Repeats & Movies \\\\" in tex and "Dev & 2 & 50.0 & 50.0 & 0 & 2 \\\\" in tex
    assert "Movies" not in audit_tex(audit(frames(train=[("a", 0)], dev=[("b", 1)], test=[("c", 1)])), "x")


# ---------------------------------------------------------------- rendering


def _with_overlaps(a, counts, conflicting=0):
    a = copy.deepcopy(a)
    for (pa, pb), n in zip(PAIRS, counts):
        a["overlaps"][pair_key(pa, pb)]["texts"] = n
        a["overlaps"][pair_key(pa, pb)]["conflicting_texts"] = conflicting if n else 0
    return a


@pytest.fixture
def clean():
    """No repeats, no overlaps, an unlabeled split that shares nothing."""
    return audit(
        frames(train=[("a", 0), ("b", 1)], dev=[("c", 0)], test=[("d", 1)], unlabeled=[f"u{i}" for i in range(1200)]),
        ["neg", "pos"],
    )


def test_tex_zero_everything_says_so(clean):
    tex = audit_tex(clean, "IMDB")
    assert "No text occurs twice within the train, dev or test split." in tex
    assert "no text occurs in two of the train, dev and test splits." in tex
    assert "None of the 1,200 unlabelled texts occurs in dev or test." in tex


def test_tex_one_overlap_is_singular_and_names_the_others_as_none(clean):
    tex = audit_tex(_with_overlaps(clean, [0, 1, 0]), "IMDB")
    assert "train and test share 1 text; no other pair of splits shares a text." in tex
    assert "1 texts" not in tex
    tex = audit_tex(_with_overlaps(clean, [0, 1, 0], conflicting=1), "IMDB")
    assert "The shared text carries different labels in the two splits." in tex


def test_tex_many_overlaps_largest_first_with_thousands_separators(clean):
    tex = audit_tex(_with_overlaps(clean, [33, 1044, 8]), "IMDB")
    assert "train and test share 1,044 texts, train and dev share 33 texts and dev and test share 8 texts." in tex
    assert "no other pair" not in tex
    tex = audit_tex(_with_overlaps(clean, [33, 44, 0], conflicting=1), "IMDB")
    assert "share 33 texts; no other pair of splits shares a text. 2 shared texts carry different labels" in tex


def test_tex_repeats_within_splits(clean):
    a = copy.deepcopy(clean)
    a["splits"]["train"]["duplicates"].update(rows=1, conflicting_rows=0)
    assert (
        "Within the train split, 1 text repeats an earlier text of that split; it carries the same label"
        in audit_tex(a, "d")
    )
    a["splits"]["test"]["duplicates"].update(rows=2, conflicting_rows=1)
    tex = audit_tex(a, "d")
    assert (
        "Within a split, 3 texts (1 in train and 2 in test) repeat an earlier text of the same split; "
        "1 of them carries a different label" in tex
    )


def test_tex_unlabeled_cases(clean):
    a = copy.deepcopy(clean)
    a["unlabeled"]["shared"]["test"]["texts"] = 100
    assert "Of the 1,200 unlabelled texts, 100 distinct texts also occur in test; none occurs in dev." in audit_tex(
        a, "d"
    )
    a["unlabeled"]["shared"]["dev"]["texts"] = 1
    assert "100 distinct texts also occur in test and 1 in dev." in audit_tex(a, "d")
    a["unlabeled"]["shared"]["test"]["texts"] = 0
    assert "1 distinct text also occurs in dev; none occurs in test." in audit_tex(a, "d")
    a["unlabeled"] = None
    tex = audit_tex(a, "d")
    assert "The dataset has no unlabelled texts." in tex and "Unlabelled &" not in tex


def test_tex_table_rows_shares_and_escaped_names(clean):
    a = audit(
        frames(train=[("a", 0), ("b", 1), ("c", 1), ("d", 1)], dev=[("c", 0)], test=[("d", 1)], unlabeled=["u"]),
        ["bad_&_ugly", "100% good"],
    )
    tex = audit_tex(a, "my_data #1")
    assert "The splits (my\\_data \\#1)" in tex
    assert "Split & Texts & \\% bad\\_\\&\\_ugly & \\% 100\\% good & Repeats \\\\" in tex
    assert "Train & 4 & 25.0 & 75.0 & 0 \\\\" in tex
    assert "Unlabelled & 1 & -- & -- & 0 \\\\" in tex
    assert "\\begin{tabular}{lrrrr}" in tex
    no_names = copy.deepcopy(a)
    no_names["classes"] = None
    for s in no_names["splits"].values():
        for e in s["labels"]:
            e.pop("name")
    assert "Split & Texts & \\% 0 & \\% 1 & Repeats" in audit_tex(no_names, "d")


def test_tex_many_classes_show_the_largest_class():
    classes = [f"c{i}" for i in range(8)]
    train = [(f"t{i}", i % 8) for i in range(16)] + [("extra", 3)]
    a = audit(frames(train=train, dev=[("x", 0)], test=[("y", 7)]), classes)
    tex = audit_tex(a, "d")
    assert "Split & Texts & Classes & Largest class & Repeats" in tex
    assert "Train & 17 & 8 & c3 (17.6\\%) & 0 \\\\" in tex
    assert "Dev & 1 & 1 & c0 (100.0\\%) & 0 \\\\" in tex


def test_tex_fragment_compiles(clean, tmp_path, monkeypatch):
    from textmlp.latex import compile_pdf

    f = frames(train=[("a", 0), ("b", 1)], dev=[("c", 0)], test=[("d", 1)], unlabeled=["d"])
    for split, groups in (("train", ["x_1", "y"]), ("dev", ["z"]), ("test", ["x_1"])):
        f[split]["group"] = groups
    a = _with_overlaps(audit(f, ["neg & co", "pos_1"], "author_id"), [1, 2, 0], conflicting=1)
    (tmp_path / "audit.tex").write_text(audit_tex(a, "A_B & C"))
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
        "\\input{audit.tex}\nSee Table~\\ref{tab:data-audit}.\n\\end{document}\n"
    )
    monkeypatch.chdir(tmp_path)
    compile_pdf(tmp_path / "doc.tex", tmp_path / "build", tmp_path / "doc.pdf")
    assert (tmp_path / "doc.pdf").stat().st_size > 0


def test_tex_a_long_label_is_cut_and_joined_lines_are_counted(clean, tmp_path, monkeypatch):
    """Issue 24.15 (a 500-character label keeps the table on the page) and
    24.4 (lines that quoted texts joined reach the report's audit)."""
    from textmlp.latex import compile_pdf

    long = "very " * 100 + "positive"
    a = audit(frames(train=[("a", 0), ("b", 1)], dev=[("c", 0)], test=[("d", 1)]), ["neg", long])
    tex = audit_tex(a, "d")
    assert long not in tex and "\\% very very very ve... & Repeats" in tex
    assert "span several lines" not in tex
    a["lines_read_as_rows"] = {"file": {"lines": 420, "rows": 180}}
    tex = audit_tex(a, "d")
    assert (
        "Quoted texts span several lines (data.multiline\\_fields): 420 lines of the file file were read as 180 rows."
        in tex
    )
    (tmp_path / "audit.tex").write_text(tex)
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n\\input{audit.tex}\n\\end{document}\n"
    )
    monkeypatch.chdir(tmp_path)
    compile_pdf(tmp_path / "doc.tex", tmp_path / "build", tmp_path / "doc.pdf")
    log = next((tmp_path / "build").glob("*.log")).read_text(errors="replace")
    assert "Overfull \\hbox" not in log
