"""Test-set predictions of the kept model: predictions.csv from every training
path (one model, stacked seeds, sparse TF-IDF) and from the baselines."""

import io
import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch

from textmlp.config import BASELINE_VARIANTS
from textmlp.features.averaged import save_features
from textmlp.features.tfidf_file import save_tfidf
from textmlp.train.baselines import TOL, baseline_variants, fit_baselines, split_timings
from textmlp.train.job import run_and_write
from textmlp.train.predictions import COLUMNS, accuracy, predictions_csv, read_predictions, split_reviews

SPLIT_SIZES = {"train": 300, "dev": 80, "test": 120}


def dense_arrays(seed=0, d=8):
    """Noisy linear classes: the models learn them, but not perfectly."""
    rng = np.random.default_rng(seed)
    out = {}
    for split, n in SPLIT_SIZES.items():
        x = rng.normal(size=(n, d)).astype(np.float32)
        y = (x[:, 0] + 0.7 * x[:, 1] + rng.normal(scale=0.8, size=n) > 0).astype(np.int64)
        out[f"{split}_x"], out[f"{split}_y"] = x, y
    return out


def sparse_arrays(seed=0, d=60):
    dense = dense_arrays(seed, d=d)
    out = {}
    for split in SPLIT_SIZES:
        x = dense[f"{split}_x"]
        out[f"{split}_x"] = sp.csr_matrix(np.where(np.abs(x) > 1.0, x, 0.0).astype(np.float32))
        out[f"{split}_y"] = dense[f"{split}_y"]
    return out


def write_split(path, labels):
    """A test split parquet: ids unrelated to row numbers (as the real split's are)."""
    ids = [f"test/{'pos' if y else 'neg'}/{7 * i + 3}_x" for i, y in enumerate(labels)]
    pd.DataFrame({"id": ids, "text": ["..."] * len(ids), "label": labels}).to_parquet(path)
    return ids


CONFIG = {"embedding": "toy", "hidden": [8], "activation": "sigmoid", "lr": 0.05, "batch_size": 32, "epochs": 4}


def run(tmp_path, arrays, configuration, seeds, sparse=False):
    features = tmp_path / ("features.npz" if sparse else "features.pt")
    (save_tfidf if sparse else save_features)(features, arrays)
    ids = write_split(tmp_path / "test.parquet", arrays["test_y"])
    outputs = [
        {
            name: str(tmp_path / f"seed{s}" / f"{name}.{ext}")
            for name, ext in (("metrics", "json"), ("epochs", "csv"), ("model", "pt"), ("predictions", "csv"))
        }
        for s in seeds
    ]
    records = run_and_write(
        "toy", configuration, seeds, str(features), "cpu", {}, 1, outputs, test_split=str(tmp_path / "test.parquet")
    )
    return ids, records, outputs


@pytest.mark.parametrize(
    "path, configuration, seeds, sparse",
    [
        ("one model", CONFIG, [0], False),
        ("stacked seeds", CONFIG, [0, 1, 2], False),
        ("one model per seed (dropout)", {**CONFIG, "dropout": 0.2}, [0, 1], False),
        ("sparse TF-IDF", {**CONFIG, "activation": "relu"}, [0, 1], True),
    ],
)
def test_predictions_give_exactly_the_test_accuracy_of_metrics(tmp_path, path, configuration, seeds, sparse):
    arrays = sparse_arrays() if sparse else dense_arrays()
    ids, records, outputs = run(tmp_path, arrays, configuration, seeds, sparse)
    for rec, out in zip(records, outputs):
        frame = read_predictions(out["predictions"])
        assert list(frame.columns) == COLUMNS
        assert frame["id"].tolist() == ids  # test-split order, the split's ids
        assert (frame["label"].to_numpy() == arrays["test_y"]).all()
        assert json.loads(open(out["metrics"]).read())["test_acc"] == rec["test_acc"]
        assert accuracy(frame) == rec["test_acc"]  # exactly, not approximately
        assert 0.5 < rec["test_acc"] < 1.0  # some right, some wrong: the check has teeth
        assert frame["probability"].between(0.5, 1.0).all()  # of the predicted class, 2 classes
    if len(seeds) > 1:  # every seed's own file, not one copied
        assert len({open(o["predictions"]).read() for o in outputs}) == len(seeds)


def test_predictions_are_those_of_the_kept_model(tmp_path):
    """The best-dev epoch's weights, reloaded, predict the file's classes and probabilities."""
    from textmlp.models.mlp import build_model

    arrays = dense_arrays()
    _, records, outputs = run(tmp_path, arrays, CONFIG, [0])
    model = build_model(8, 2, [8], "sigmoid", seed=5)
    model.load_state_dict(torch.load(outputs[0]["model"], weights_only=True))
    with torch.no_grad():
        probs = torch.softmax(model(torch.as_tensor(arrays["test_x"])).double(), 1).numpy()
    frame = read_predictions(outputs[0]["predictions"])
    assert (frame["predicted"].to_numpy(dtype=np.int64) == probs.argmax(1)).all()
    assert np.allclose(frame["probability"], probs.max(1), atol=1e-6)


def test_the_same_run_writes_the_same_bytes(tmp_path):
    a = run(tmp_path / "a", dense_arrays(), CONFIG, [0, 1])[2]
    b = run(tmp_path / "b", dense_arrays(), CONFIG, [0, 1])[2]
    for x, y in zip(a, b):
        assert open(x["predictions"], "rb").read() == open(y["predictions"], "rb").read()


def test_features_of_another_split_are_refused(tmp_path):
    arrays = dense_arrays()
    save_features(tmp_path / "features.pt", arrays)
    write_split(tmp_path / "test.parquet", 1 - arrays["test_y"])  # labels that do not match
    with pytest.raises(ValueError, match="not built from this split"):
        run_and_write(
            "toy",
            CONFIG,
            [0],
            str(tmp_path / "features.pt"),
            "cpu",
            {},
            1,
            [{n: str(tmp_path / n) for n in ("metrics", "epochs", "model", "predictions")}],
            test_split=str(tmp_path / "test.parquet"),
        )


def test_a_run_that_kept_no_model_writes_empty_predictions():
    text = predictions_csv(["a", "b"], [0, 1])
    assert text == "id,label,predicted,probability\na,0,,\nb,1,,\n"


def test_split_reviews_reads_ids_in_split_order(tmp_path):
    ids = write_split(tmp_path / "t.parquet", np.array([1, 0, 1]))
    got, labels = split_reviews(tmp_path / "t.parquet", labels=np.array([1, 0, 1]))
    assert got.tolist() == ids and labels.tolist() == [1, 0, 1]


# ------------------------------------------------------------------ baselines


def test_each_baseline_row_has_predictions_matching_its_test_accuracy():
    arrays = sparse_arrays(d=60)
    arrays["nb_ratio"] = np.linspace(0.5, 1.5, 60).astype(np.float32)
    fitted = fit_baselines("toy-tfidf", arrays, Cs=[0.1, 1.0])
    assert [b.variant for b in fitted] == ["model-inputs", "plain-tfidf"]
    assert [b.record["inputs"] for b in fitted] == [BASELINE_VARIANTS["model-inputs"], BASELINE_VARIANTS["plain-tfidf"]]
    for b in fitted:
        frame = pd.read_csv(
            io.StringIO(
                predictions_csv(
                    [str(i) for i in range(SPLIT_SIZES["test"])], arrays["test_y"], b.predicted, b.probability
                )
            )
        )
        assert accuracy(frame) == b.record["test_acc"]
        assert 0.5 < b.record["test_acc"] < 1.0
        assert frame["probability"].between(0.5, 1.0).all()


def three_class(arrays):
    """``arrays`` relabelled into three classes (lbfgs, multinomial, fits them)."""
    out = dict(arrays)
    for split in SPLIT_SIZES:
        x = arrays[f"{split}_x"].toarray()
        out[f"{split}_y"] = np.argmax(np.stack([x[:, 0], x[:, 1], -x[:, 0] - x[:, 1]], axis=1), axis=1)
    return out


@pytest.mark.parametrize("classes", [2, 3])
def test_baselines_on_the_mapped_file_equal_those_on_arrays_in_memory_and_touch_neither(tmp_path, classes):
    from sklearn.linear_model import LogisticRegression

    from textmlp.features.tfidf import model_inputs
    from textmlp.features.tfidf_file import map_tfidf, save_tfidf

    arrays = sparse_arrays(d=60)
    arrays = arrays if classes == 2 else three_class(arrays)
    arrays["nb_ratio"] = np.linspace(0.5, 1.5, 60).astype(np.float32)
    plain_train = arrays["train_x"].copy()
    in_memory = fit_baselines("toy-tfidf", arrays, Cs=[0.1, 1.0])
    assert (arrays["train_x"] != plain_train).nnz == 0  # the caller's matrices untouched
    assert {b.record["n_classes"] for b in in_memory} == {classes}
    assert {b.record["solver"] for b in in_memory} == {"lbfgs"}
    save_tfidf(tmp_path / "f.npz", arrays)
    mapped, pages = map_tfidf(tmp_path / "f.npz")
    from_file = fit_baselines("toy-tfidf", mapped, Cs=[0.1, 1.0], pages=pages)
    assert split_timings([b.record for b in from_file])[0] == split_timings([b.record for b in in_memory])[0]
    assert [b.variant for b in from_file] == ["model-inputs", "plain-tfidf"]
    assert all(np.array_equal(a.predicted, b.predicted) for a, b in zip(from_file, in_memory))
    assert all(np.array_equal(a.probability, b.probability) for a, b in zip(from_file, in_memory))
    # each variant is scikit-learn's own warm-started path over the Cs, on the float32 matrices the MLP sees (or
    # the plain ones), up to the chosen C
    for fitted, inputs in zip(in_memory, (model_inputs(arrays), arrays)):
        record = fitted.record
        assert inputs["train_x"].dtype == np.float32
        model = LogisticRegression(max_iter=1000, tol=TOL, random_state=0, warm_start=True)
        for c in (0.1, 1.0)[: (0.1, 1.0).index(record["C"]) + 1]:
            model.set_params(C=c).fit(inputs["train_x"], inputs["train_y"])
        assert record["dev_acc"] == float((model.predict(inputs["dev_x"]) == inputs["dev_y"]).mean())
        assert np.array_equal(model.predict(inputs["test_x"]), fitted.predicted)
        assert np.array_equal(model.predict_proba(inputs["test_x"]).max(axis=1), fitted.probability)


def test_baseline_variants_follow_the_embedding_spec():
    assert baseline_variants({"kind": "word2vec"}) == ["model-inputs"]
    assert baseline_variants({"kind": "tfidf", "nb_scaling": False}) == ["model-inputs"]
    assert baseline_variants({"kind": "tfidf", "nb_scaling": True}) == ["model-inputs", "plain-tfidf"]


def test_check_run_files_refuses_an_edited_prediction_and_a_damaged_model(tmp_path):
    """Issue 24.3: the files of a run agree with its record until one is edited."""
    from textmlp.train.predictions import ArtifactError, check_run_files

    _, _, outputs = run(tmp_path, dense_arrays(seed=3), CONFIG, [0])
    out = outputs[0]
    check_run_files(out["metrics"], out["predictions"], out["model"])  # as written: agree
    text = open(out["predictions"]).read()
    frame = read_predictions(out["predictions"])
    wrong = int((frame["predicted"] != frame["label"]).to_numpy().argmax())  # the first wrong row
    lines = text.splitlines()
    cells = lines[wrong + 1].split(",")
    cells[2] = cells[1]  # made right by hand
    lines[wrong + 1] = ",".join(cells)
    open(out["predictions"], "w").write("\n".join(lines) + "\n")
    with pytest.raises(ArtifactError, match=r"predictions.csv: its predictions give a test accuracy of .* records"):
        check_run_files(out["metrics"], out["predictions"])
    open(out["predictions"], "w").write(text)
    model = open(out["model"], "rb").read()
    open(out["model"], "wb").write(model[:100])
    with pytest.raises(ArtifactError, match=r"model.pt: cannot be loaded .*snakemake --forcerun"):
        check_run_files(out["metrics"], out["predictions"], out["model"])
    empty = io.BytesIO()
    torch.save({}, empty)
    open(out["model"], "wb").write(empty.getvalue())  # weights gone, predictions kept
    with pytest.raises(ArtifactError, match="holds no weights"):
        check_run_files(out["metrics"], out["predictions"], out["model"])


def test_a_seed_s_result_is_freed_before_the_next_seed_trains(tmp_path, monkeypatch):
    """The TF-IDF seeds train one by one: the last one's result (its best weights, a whole n-gram layer) must be
    gone when the next starts, or the job holds one layer more than it declares."""
    import weakref

    from textmlp.train import loop

    alive = []  # at each seed's start: is any earlier seed's result still alive?
    results = []
    real = loop.train_sparse

    def tracked(*args, **kwargs):
        alive.append(any(r() is not None for r in results))
        result = real(*args, **kwargs)
        results.append(weakref.ref(result))
        return result

    monkeypatch.setattr(loop, "train_sparse", tracked)
    ids, records, outputs = run(tmp_path, sparse_arrays(), {**CONFIG, "activation": "relu"}, [0, 1, 2], sparse=True)
    assert len(records) == 3 and alive == [False, False, False]
