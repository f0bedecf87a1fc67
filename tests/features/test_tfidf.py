"""textmlp.features.tfidf and tfidf_file: TF-IDF vectors fitted on the training split, the NB ratio, the file format."""

import numpy as np
import pytest
import scipy.sparse as sp

from tests.conftest import sparse_toy
from textmlp.features.tfidf import (
    fit_tfidf,
    fit_transform_tfidf,
    nb_log_count_ratio,
    scale_columns,
    tfidf_splits,
    transform,
)
from textmlp.features.tfidf_file import load_tfidf, map_tfidf, save_tfidf, vocabulary_size

TRAIN_TEXTS = [
    "A great film, great acting!",
    "A dull film. Dull plot.",
    "Great plot and great cast",
    "dull , boring and dull",
]


def test_tfidf_vocabulary_comes_from_train_only():
    vec = fit_tfidf(TRAIN_TEXTS, min_df=1)
    vocab = set(vec.vocabulary_)
    assert {"great", "dull", "great film", "dull plot", "!", "film ,"} <= vocab  # tokenizer splits punctuation
    dev = transform(vec, ["Unseenword marvellous", "great unseenword"])
    assert not any("unseenword" in term or "marvellous" in term for term in vocab)
    assert dev.shape == (2, len(vocab)) and dev.dtype == np.float32
    assert dev[0].nnz == 0  # nothing known: an empty row
    assert dev[1].nnz == 1 and dev[1, vec.vocabulary_["great"]] == pytest.approx(1.0)  # l2-normalised


def test_tfidf_splits_fit_on_train_and_report_stats():
    texts = {"train": TRAIN_TEXTS, "dev": ["great zebra"], "test": ["zebra zebra"]}
    labels = {"train": [1, 0, 1, 0], "dev": [1], "test": [0]}
    arrays, stats = tfidf_splits(texts, labels, min_df=1, ngram_range=(1, 1))
    assert stats["vocabulary"] == arrays["train_x"].shape[1] == vocabulary_size(arrays)
    assert stats["splits"]["test"] == {"rows": 1, "columns": stats["vocabulary"], "nnz": 0, "empty_rows": 1}
    assert stats["splits"]["dev"]["nnz"] == 1
    assert arrays["dev_y"].dtype == np.int64
    # unlabeled texts may widen the vocabulary, never the labelled rows
    wider, wstats = tfidf_splits(texts, labels, min_df=1, ngram_range=(1, 1), extra_fit_texts=["zebra"])
    assert wstats["vocabulary"] == stats["vocabulary"] + 1 and wider["train_x"].shape[0] == 4
    assert wider["test_x"].nnz == 1


def _plain_vectorizer(texts, **settings):
    """scikit-learn's TfidfVectorizer on the project tokenizer, fitted without pruning."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from textmlp.features.tokenize import tokenize

    return TfidfVectorizer(
        tokenizer=tokenize, lowercase=False, token_pattern=None, sublinear_tf=True, dtype=np.float32, **settings
    ).fit(texts)


@pytest.mark.parametrize("min_df", [2, 3])
def test_counting_by_hash_changes_no_number(min_df):
    """Counting by hash (textmlp.features.ngram_hashes) gives the very vocabulary,
    idf and train/dev matrices of scikit-learn's fit followed by transform."""
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    train = [" ".join(rng.choice(words, size=12)) for _ in range(60)]
    dev = [" ".join(rng.choice(words, size=12)) for _ in range(10)]
    labels = {"train": np.arange(60) % 2, "dev": np.arange(10) % 2}
    arrays, stats = tfidf_splits({"train": train, "dev": dev}, labels, ngram_range=(1, 3), min_df=min_df)
    plain = _plain_vectorizer(train, ngram_range=(1, 3), min_df=min_df)
    assert stats["vocabulary"] == len(plain.vocabulary_) and 40 < stats["vocabulary"] < 1000  # trigrams pruned
    for split, docs in (("train", train), ("dev", dev)):
        want = plain.transform(docs).astype(np.float32)
        assert arrays[f"{split}_x"].dtype == np.float32
        assert (arrays[f"{split}_x"] != want).nnz == 0


def _count_everything(monkeypatch):
    """fit_tfidf as before issue 27: every n-gram counted, none left out by a first pass."""
    from textmlp.features import ngram_hashes, tfidf

    monkeypatch.setattr(tfidf, "count_hashes", lambda texts, analyze, **_: ngram_hashes.count_hashes(texts, analyze))


def _same_fit(a, b):
    """Two fits with the very vocabulary: hashes, columns, n-grams, idf (the same integer df)."""
    assert np.array_equal(a.hashes, b.hashes) and np.array_equal(a.columns, b.columns)
    assert a.terms == b.terms and a.candidate_ngrams == b.candidate_ngrams
    assert np.allclose(a.idf, b.idf, rtol=0, atol=1e-6)


def _same_matrix(x, y):
    assert x.shape == y.shape and np.array_equal(x.indptr, y.indptr) and np.array_equal(x.indices, y.indices)
    assert np.allclose(x.data, y.data, rtol=1e-6, atol=0)


@pytest.mark.parametrize(
    "settings",
    [{"min_df": 2}, {"min_df": 3}, {"min_df": 0.02}, {"min_df": 2, "max_features": 150}],
    ids=["min_df 2", "min_df 3", "min_df 2%", "capped"],
)
@pytest.mark.parametrize("bitmap", ["sized", "tiny", "shares"])
def test_leaving_out_the_ngrams_of_one_text_changes_no_number(monkeypatch, settings, bitmap):
    """Issue 27: with min_df above 1 the n-grams of one train text are (mostly)
    not counted; the vocabulary, idf and matrices are those of counting every
    n-gram, also with a 64-bit bitmap where nearly every n-gram collides, and
    counted a share of the hashes at a time (a budget that fits a few)."""
    from tests.features.test_ngram_hashes import passage_texts, random_texts
    from textmlp.features import ngram_hashes

    train = passage_texts(120, seed=4) + random_texts(80, 12, 15, seed=5)  # rare n-grams and common ones
    dev = passage_texts(20, seed=6) + train[:10]
    texts, labels = {"train": train, "dev": dev}, {"train": np.arange(200) % 2, "dev": np.arange(30) % 2}
    with monkeypatch.context() as before:
        _count_everything(before)
        old = fit_tfidf(train, ngram_range=(1, 3), **settings)
        old_arrays, old_stats = tfidf_splits(texts, labels, ngram_range=(1, 3), **settings)
    if bitmap == "tiny":
        monkeypatch.setattr(ngram_hashes, "MIN_BITMAP_BITS", 64)
        monkeypatch.setattr(ngram_hashes, "MAX_BITMAP_BITS", 64)
    if bitmap == "shares":
        from textmlp.features import tfidf

        monkeypatch.setattr(tfidf, "COUNT_BUDGET_MB", 0.03)  # a small share of these counts
        parts = []
        monkeypatch.setattr(tfidf, "count_hashes", _recording(tfidf.count_hashes, parts))
    new = fit_tfidf(train, ngram_range=(1, 3), **settings)
    if bitmap == "shares":
        assert sorted(p for p, _ in parts) == list(range(parts[0][1])) and parts[0][1] >= 3  # each share once
    arrays, stats = tfidf_splits(texts, labels, ngram_range=(1, 3), **settings)
    _same_fit(old, new)
    assert old.counted_ngrams == old_stats["counted_ngrams"] > 20_000  # every distinct n-gram: mostly of one text
    if bitmap == "sized":
        assert new.counted_ngrams == stats["counted_ngrams"] < old.counted_ngrams / 4
    assert 100 < len(new) == stats["vocabulary"] == old_stats["vocabulary"]
    for split in ("train", "dev"):
        _same_matrix(arrays[f"{split}_x"], old_arrays[f"{split}_x"])


def _recording(count_hashes, parts: list):
    """count_hashes, noting each ``part`` it is asked for."""

    def counted(*args, part=(0, 1), **kwargs):
        parts.append(part)
        return count_hashes(*args, part=part, **kwargs)

    return counted


def test_max_features_keeps_the_most_frequent_as_scikit_learn_does():
    """Where no two n-grams tie at the cap, the very vocabulary and matrix of
    scikit-learn's max_features; at a tie, the alphabetically first stay."""
    texts = ["b b b a a c", "b a c d", "b e"]  # occurrences: b 5, a 3, c 2, d 1, e 1
    model, x = fit_transform_tfidf(texts, ngram_range=(1, 1), min_df=1, max_features=3)
    plain = _plain_vectorizer(texts, ngram_range=(1, 1), min_df=1, max_features=3)
    assert model.terms == sorted(plain.vocabulary_) == ["a", "b", "c"]
    assert (x != plain.transform(texts).astype(np.float32)).nnz == 0
    tied = fit_tfidf(texts, ngram_range=(1, 1), min_df=1, max_features=4)  # d and e tie for the last place
    assert tied.terms == ["a", "b", "c", "d"] and tied.candidate_ngrams == 5


def test_the_fit_holds_a_fraction_of_what_scikit_learn_holds():
    """A vocabulary-heavy table (300 texts of words seen about once): the fit's
    peak is under half of scikit-learn's, which keeps every n-gram's string."""
    import tracemalloc

    rng = np.random.default_rng(3)
    texts = [" ".join(f"w{i}" for i in rng.integers(10**7, size=200)) + " good film" for _ in range(300)]

    def peak(fit) -> int:
        tracemalloc.start()
        try:
            fit()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    ours = peak(lambda: fit_tfidf(texts, ngram_range=(1, 3), min_df=2, keep_terms=False))
    theirs = peak(lambda: _plain_vectorizer(texts, ngram_range=(1, 3), min_df=2))
    assert ours < theirs / 2


def test_tfidf_settings_are_checked():
    with pytest.raises(TypeError, match="unknown TF-IDF setting.*min_dff"):
        fit_tfidf(TRAIN_TEXTS, min_dff=1)
    with pytest.raises(ValueError, match="'train' split"):
        tfidf_splits({"dev": ["a"]}, {"dev": [0]})


def test_tfidf_save_load_round_trip(tmp_path):
    x, y = sparse_toy(50)
    arrays = {"train_x": x, "train_y": y, "dev_x": x[:10], "dev_y": y[:10]}
    path = tmp_path / "tfidf.npz"
    save_tfidf(path, arrays)
    assert [p.name for p in tmp_path.iterdir()] == ["tfidf.npz"]  # no stray temporary file
    back = load_tfidf(path)
    assert sorted(back) == sorted(arrays)
    assert sp.isspmatrix_csr(back["train_x"]) and back["train_x"].dtype == np.float32
    assert (back["train_x"] != x).nnz == 0 and np.array_equal(back["dev_y"], y[:10])
    assert vocabulary_size(back) == x.shape[1]


def test_mapped_tfidf_reads_the_file_in_place_and_equals_the_loaded_one(tmp_path):
    x, y = sparse_toy(300, d=80)
    arrays = {"train_x": x, "train_y": y, "dev_x": x[:40], "dev_y": y[:40], "nb_ratio": np.linspace(-1, 1, 80)}
    path = tmp_path / "tfidf.npz"
    save_tfidf(path, arrays)
    loaded = load_tfidf(path)
    mapped, pages = map_tfidf(path)
    assert sorted(mapped) == sorted(loaded)
    for key, value in loaded.items():
        if sp.issparse(value):
            got = mapped[key]
            assert sp.isspmatrix_csr(got) and got.dtype == np.float32 and got.shape == value.shape
            assert np.array_equal(got.data, value.data) and np.array_equal(got.indices, value.indices)
            # the values and column indices are the file's bytes (read-only), not a copy
            assert not got.data.flags.writeable and not got.indices.flags.writeable
            assert got.data.flags.aligned and got.data.ctypes.data % 64 == 0  # save_tfidf aligns each member
            assert got.indices.flags.aligned and got.indices.ctypes.data % 64 == 0
            with pytest.raises(ValueError, match="read-only"):
                got.data[0] = 1.0
        else:
            assert np.array_equal(mapped[key], value) and mapped[key].flags.writeable
    pages.release()  # the pages go; the arrays read them back from the file
    assert (mapped["train_x"] != x).nnz == 0


def test_the_same_arrays_make_the_same_file_which_numpy_reads(tmp_path):
    x, y = sparse_toy(50, d=30)
    arrays = {"train_x": x, "train_y": y, "nb_ratio": np.linspace(-1, 1, 30).astype(np.float32), "s": np.array(2.5)}
    save_tfidf(tmp_path / "a.npz", arrays)
    save_tfidf(tmp_path / "b.npz", arrays)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    with np.load(tmp_path / "a.npz", allow_pickle=False) as npz:  # an ordinary .npz to numpy
        assert np.array_equal(npz["train_x.data"], x.data) and np.array_equal(npz["nb_ratio"], arrays["nb_ratio"])
        assert npz["s"].shape == () and npz["s"] == 2.5  # a 0-d array stays 0-d


def test_a_file_numpy_wrote_maps_too_its_unaligned_arrays_copied(tmp_path, caplog):
    x, y = sparse_toy(50, d=30)
    path = tmp_path / "savez.npz"
    parts = {"train_x.data": x.data, "train_x.indices": x.indices, "train_x.indptr": x.indptr}
    np.savez(path, **parts, **{"train_x.shape": np.array(x.shape), "train_y": y})
    mapped, _ = map_tfidf(path)
    assert (mapped["train_x"] != x).nnz == 0
    assert mapped["train_x"].data.flags.aligned and mapped["train_x"].indices.flags.aligned
    assert "member train_x.data.npy" in caplog.text and "copied into memory, not mapped" in caplog.text


def test_a_damaged_features_file_is_named_not_mapped(tmp_path):
    x, y = sparse_toy(50, d=30)
    good = tmp_path / "good.npz"
    save_tfidf(good, {"train_x": x, "train_y": y})
    empty = tmp_path / "empty.npz"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty.npz: not a TF-IDF features file"):
        map_tfidf(empty)
    text = tmp_path / "text.npz"
    text.write_text("train_x,train_y\n1,0\n")
    with pytest.raises(ValueError, match=r"text.npz: not a TF-IDF features file"):
        map_tfidf(text)
    raw = good.read_bytes()
    # a member's local header overwritten: the central directory points at garbage
    start = raw.index(b"PK\x03\x04", 1)
    broken = tmp_path / "header.npz"
    broken.write_bytes(raw[:start] + b"XXXX" + raw[start + 4 :])
    with pytest.raises(ValueError, match=r"header.npz: member train_x.indices.npy has no local header"):
        map_tfidf(broken)
    # an array header that claims more numbers than the member holds
    header = raw.index(b"'shape': (", raw.index(b"train_x.data.npy")) + len(b"'shape': (")
    count = raw[header : raw.index(b",", header)]
    assert int(count) < int(b"9" * len(count))  # the same length, more numbers
    lying = tmp_path / "shape.npz"
    lying.write_bytes(raw[:header] + b"9" * len(count) + raw[header + len(count) :])
    with pytest.raises(ValueError, match=r"shape.npz: member train_x.data.npy's .* does not fill its"):
        map_tfidf(lying)


def test_a_compressed_features_file_is_not_mapped(tmp_path):
    x, y = sparse_toy(20)
    path = tmp_path / "packed.npz"
    np.savez_compressed(path, **{"train_x.data": x.data, "train_y": y})
    with pytest.raises(ValueError, match="train_x.data.npy is compressed"):
        map_tfidf(path)


def test_nb_ratio_points_to_the_class_and_needs_two_classes():
    x = sp.csr_matrix(np.array([[3, 0, 1], [2, 0, 1], [0, 4, 1], [0, 1, 1]], dtype=np.float32))
    y = np.array([1, 1, 0, 0])
    r = nb_log_count_ratio(x, y)
    assert r[0] > 0 > r[1] and abs(r[2]) < abs(r[0])
    scaled = scale_columns(x, r)
    assert np.allclose(scaled.toarray(), x.toarray() * r)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        nb_log_count_ratio(x, np.array([0, 1, 2, 2]))
    # on a bigger matrix: the class sums without copying the class's rows are the sums of those rows
    big = sp.random(300, 50, density=0.2, format="csr", dtype=np.float32, random_state=0)
    labels = np.arange(300) % 2
    p = np.asarray(big[labels == 1].sum(axis=0), dtype=np.float64).ravel() + 1
    q = np.asarray(big[labels == 0].sum(axis=0), dtype=np.float64).ravel() + 1
    assert np.allclose(nb_log_count_ratio(big, labels), np.log(p / p.sum()) - np.log(q / q.sum()), rtol=1e-5, atol=1e-6)


def test_a_min_df_no_ngram_reaches_names_the_key():
    """Issue 24.11: not scikit-learn's "empty vocabulary"."""
    from textmlp.features.tfidf import featurize

    texts = {s: ["one text here", "another text", "a third"] for s in ("train", "dev", "test")}
    labels = {s: np.array([0, 1, 0]) for s in texts}
    spec = {"ngram_max": 1, "min_df": 9, "max_features": None, "sublinear_tf": True, "nb_scaling": False}
    with pytest.raises(ValueError, match=r"embeddings.tfidf-small.min_df = 9: no n-gram occurs in that many of the 3"):
        featurize(texts, labels, spec, where="embeddings.tfidf-small")


def test_the_features_of_split_files_read_on_each_pass_are_those_of_the_texts_in_memory(tmp_path):
    """The tfidf rule hands featurize each split as SplitTexts (its file read again, a chunk at a
    time, on each of the fit's passes and to transform): the same matrices as from lists of texts."""
    import pandas as pd

    from textmlp.data.splits import SplitTexts
    from textmlp.features.tfidf import featurize

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)] + ["great", "dull"]
    texts = {
        s: [" ".join(rng.choice(words, 12)) for _ in range(n)] for s, n in (("train", 90), ("dev", 20), ("test", 30))
    }
    labels = {s: np.arange(len(t)) % 2 for s, t in texts.items()}
    for s in texts:
        pd.DataFrame({"text": texts[s], "label": labels[s]}).to_parquet(tmp_path / f"{s}.parquet", index=False)
    files = {s: SplitTexts(tmp_path / f"{s}.parquet", chunk_rows=7) for s in texts}
    assert len(files["train"]) == 90 and list(files["train"]) == list(files["train"]) == texts["train"]
    spec = {"ngram_max": 2, "min_df": 2, "sublinear_tf": True, "nb_scaling": True, "max_features": 150}
    expected, stats = featurize(texts, labels, spec)
    got, got_stats = featurize(files, labels, spec)
    assert got_stats == stats and stats["vocabulary"] == 150
    for key, value in expected.items():
        if sp.issparse(value):
            assert (got[key] != value).nnz == 0, key
        else:
            np.testing.assert_array_equal(got[key], value)
