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
