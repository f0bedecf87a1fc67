"""textmlp.parameters: each training parameter declared once, and everything
that names a parameter (the schema, run names, labels, words, figure legends,
the training job's routing) reading that declaration."""

import inspect
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from textmlp import parameters as P
from textmlp.config import expand_studies
from textmlp.models.mlp import ACTIVATIONS
from textmlp.models.optim import Adam
from textmlp.results.figures import label_in_words
from textmlp.train import job

SCHEMA = yaml.safe_load(Path(REPO / "workflow/schemas/config.schema.yaml").read_text())


def test_the_schema_declares_the_parameters_of_the_table_and_studies_may_vary_each():
    assert list(SCHEMA["$defs"]["parameters"]["properties"]) == list(P.PARAMETERS)
    study = SCHEMA["properties"]["studies"]["additionalProperties"]["properties"]
    assert study["vary"]["enum"] == list(P.PARAMETERS)


def test_every_activation_has_its_names():
    assert list(P.ACTIVATION_NAMES) == list(ACTIVATIONS)
    assert P.ACTIVATION_LABELS["leaky_relu"] == "LeakyReLU" and P.words("activation", "leaky_relu") == "leaky ReLU"


def test_the_training_job_routes_every_parameter():
    """Each parameter goes to the input, the model, the loop, or Adam (whose keyword it must be)."""
    routed = set(job.INPUT_KEYS + job.MODEL_KEYS + job.LOOP_KEYS)
    assert routed <= set(P.PARAMETERS)
    adam = set(inspect.signature(Adam).parameters)
    for name in set(P.PARAMETERS) - routed:
        assert name in adam, f"{name} is neither the input's, the model's, the loop's nor Adam's"
    values = {n: p.default if not p.required else 1 for n, p in P.PARAMETERS.items()}
    assert set(job.optimizer_settings(values)) == set(P.PARAMETERS) - routed


def configuration(**own):
    base = {"embedding": "w2v", "hidden": [512, 512], "activation": "relu", "lr": 0.02, "batch_size": 64}
    config = {"studies": {"s": {"vary": "lr", "base": {**base, "epochs": 20}, "configurations": [own]}}}
    configurations, _ = expand_studies(config)
    return next(iter(configurations.values()))


def test_run_names_read_the_table_and_leave_a_parameter_at_its_default_out():
    assert configuration().name == "w2v_h512x512_relu_lr0.02_bs64_ep20"
    assert configuration(hidden=[]).name == "w2v_h0_relu_lr0.02_bs64_ep20"
    assert configuration(dropout=0.0).name == configuration().name
    assert configuration(dropout=0.5).name == "w2v_h512x512_relu_lr0.02_bs64_ep20_do0.5"


def test_a_record_holds_dropout_at_zero_as_it_always_has():
    rec = configuration().as_dict()
    assert rec == {
        "embedding": "w2v",
        "hidden": [512, 512],
        "activation": "relu",
        "lr": 0.02,
        "batch_size": 64,
        "epochs": 20,
        "dropout": 0.0,
    }


@pytest.mark.parametrize(
    ("name", "value", "label", "words", "legend"),
    [
        ("hidden", [512, 512], "[512, 512]", "two hidden layers of 512 units", "512-512 hidden"),
        ("hidden", [], "none (linear)", "the linear model (no hidden layer)", "none (linear)"),
        ("hidden", [512, 256], "[512, 256]", "hidden layers of 512 and 256 units", "512-256 hidden"),
        ("activation", "relu", "relu", "ReLU", "ReLU"),
        ("lr", 0.02, "0.02", "learning rate 0.02", "learning rate 0.02"),
        ("batch_size", 64, "64", "batch size 64", "64"),
        ("epochs", 20, "20", "20 epochs", "20"),
        ("dropout", 0.5, "0.5", "dropout 0.5", "0.5"),
        ("dropout", 0.0, "0", "", "0"),
    ],
)
def test_one_value_labelled_said_and_drawn(name, value, label, words, legend):
    assert P.label(name, value) == label
    assert P.words(name, value) == words
    assert P.words(name, label) == words  # the label (a table cell) decodes to the same value
    assert label_in_words(label, name) == legend


def test_hidden_is_decoded_from_every_form_it_takes():
    for form in ([512, 512], (512, 512), "[512, 512]"):
        assert P.hidden_value(form) == (512, 512)
    assert P.hidden_value("[]") == P.hidden_value(P.LINEAR_LABEL) == ()


def test_a_label_that_is_not_a_value_is_drawn_as_it_is():
    assert label_in_words("mine", "hidden") == "mine" and label_in_words("big", "lr") == "big"


def test_table_columns_hold_a_parameter_recorded_only_when_set_where_a_record_has_it():
    assert P.table_columns([]) == [n for n, p in P.PARAMETERS.items() if p.recorded_at_default]
    assert P.table_columns(P.PARAMETERS) == list(P.PARAMETERS)


def test_weight_decay_names_a_run_only_when_set_and_is_recorded_only_then():
    plain, decayed = configuration(), configuration(weight_decay=1e-4)
    assert configuration(weight_decay=0).name == plain.name == "w2v_h512x512_relu_lr0.02_bs64_ep20"
    assert decayed.name == "w2v_h512x512_relu_lr0.02_bs64_ep20_wd0.0001"
    assert "weight_decay" not in plain.as_dict() and decayed.as_dict()["weight_decay"] == 1e-4
    assert configuration(dropout=0.5, weight_decay=0.01).name.endswith("_do0.5_wd0.01")
    assert P.words("weight_decay", 0.0) == "" and P.words("weight_decay", 0.01) == "weight decay 0.01"


def _features(sparse: bool = False):
    import numpy as np
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    out = {}
    for split, n in (("train", 64), ("dev", 32), ("test", 32)):
        x = rng.normal(size=(n, 6)).astype("float32")
        out[f"{split}_x"] = sp.csr_matrix(np.abs(x)) if sparse else x
        out[f"{split}_y"] = rng.integers(0, 2, n)
    return out


@pytest.mark.parametrize(("seeds", "loop"), [([0], "loop"), ([0, 1], "stacked")])
def test_the_dense_loops_hand_weight_decay_to_adam(monkeypatch, seeds, loop):
    import importlib

    from textmlp.models import optim

    module, given = importlib.import_module(f"textmlp.train.{loop}"), []

    def adam(model, lr, **settings):
        given.append({"lr": lr, **settings})
        return optim.adam(model, lr, **settings)

    monkeypatch.setattr(module, "adam", adam)
    cfg = {**configuration(hidden=[4], epochs=1, weight_decay=0.5).as_dict(), "batch_size": 16}
    trained = job.execute(_features(), cfg, seeds, "cpu")
    assert len(list(trained.results)) == len(seeds) and trained.together == (len(seeds) if loop == "stacked" else 1)
    assert given == [{"lr": 0.02, "weight_decay": 0.5}]
    given.clear()
    list(job.execute(_features(), {**cfg, "weight_decay": 0.0}, seeds, "cpu").results)
    assert given == [{"lr": 0.02, "weight_decay": 0.0}]


def test_the_sparse_loop_hands_weight_decay_to_its_dense_adam(monkeypatch):
    from textmlp.models.sparse import build_sparse_model
    from textmlp.train import loop

    given = []

    def optimizers(model, lr, **settings):
        given.append(settings)
        return sparse_optimizers(model, lr, **settings)

    sparse_optimizers = loop.optimizers
    monkeypatch.setattr(loop, "optimizers", optimizers)
    cfg = {**configuration(hidden=[4], epochs=1, weight_decay=0.5).as_dict(), "batch_size": 16}
    list(job.execute(_features(sparse=True), cfg, [0], "cpu").results)
    assert given == [{"weight_decay": 0.5}]
    _, dense = sparse_optimizers(build_sparse_model(6, 2, [4], "relu", 0), 0.1, weight_decay=0.5)
    assert dense.param_groups[0]["weight_decay"] == 0.5


def test_a_table_gets_a_weight_decay_column_only_when_a_run_sets_it(tmp_path):
    import json

    from textmlp.results.tables import runs_table

    records = []
    for i, wd in enumerate((None, 0.01)):
        rec = {"run": f"r{i}", **configuration().as_dict(), "seed": 0}
        if wd is not None:
            rec["weight_decay"] = wd
        records.append(tmp_path / f"m{i}.json")
        records[-1].write_text(json.dumps(rec))
    assert "weight_decay" not in runs_table(records[:1]).columns
    assert runs_table(records)["weight_decay"].tolist() == [0.0, 0.01]
