"""config.yaml: the schema and the checks beyond it reject bad values with a
message that names the key, before any job runs."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from tests.conftest import REPO
from textmlp.config import ConfigError, check, data_identified, expand_studies
from textmlp.models.mlp import ACTIVATIONS

SCHEMA = str(REPO / "workflow/schemas/config.schema.yaml")


@pytest.fixture
def config():
    cfg = yaml.safe_load((REPO / "config.yaml").read_text())
    cfg["data"]["source"] = str(REPO / "pyproject.toml")  # any existing local file
    return cfg


def validated(cfg):
    validate(cfg, SCHEMA)
    check(cfg)
    return cfg


def test_the_shipped_config_is_valid_and_gets_defaults(config):
    del config["training"]
    cfg = validated(config)
    assert cfg["training"] == {"device": "auto", "threads": 1, "batch_seeds": True}
    assert cfg["embeddings"]["word2vec-imdb"]["negative"] == 5
    assert "dim" not in cfg["embeddings"]["glove-twitter-50"]  # word2vec defaults stay out


def test_schema_activations_match_the_model_registry():
    schema = yaml.safe_load(Path(SCHEMA).read_text())
    assert schema["$defs"]["activation"]["enum"] == list(ACTIVATIONS)


def test_shipped_studies_expand_to_29_distinct_configurations(config):
    """15 for the homework's three studies, 2 more for representations (its
    word2vec-imdb row is the learning-rate study's lr 0.01 run, trained once), 4 for
    depth under one recipe, 4 for the activations at a smaller rate, none for tanh
    at a smaller rate (its rates are the two activation studies' tanh runs), 2 for
    the smallest rate and 0.001 with a longer budget, and 2 for depth on TF-IDF (its
    one-hidden-layer run is the input study's; no linear model, which that rate
    does not finish training in any budget the others suit)."""
    configurations, entries = expand_studies(validated(config))
    assert len(configurations) == 29
    tfidf = [e.run for e in entries if e.study == "depth_tfidf"]
    assert tfidf[0] in {e.run for e in entries if e.study == "representations"}
    assert [len(configurations[r].hidden) for r in tfidf] == [1, 2, 3]
    budget = [e.run for e in entries if e.study == "small_rate_budget"]
    assert [configurations[r].epochs for r in budget] == [100, 100]
    assert [configurations[r].lr for r in budget] == [0.0001, 0.001]
    tanh = [e.run for e in entries if e.study == "tanh_rates"]
    assert tanh[0] in {e.run for e in entries if e.study == "activations_small_rate"}
    assert tanh[1] in {e.run for e in entries if e.study == "activations"}
    representations = [e.run for e in entries if e.study == "representations"]
    assert representations[0] in {e.run for e in entries if e.study == "learning_rates"}
    assert [e.study for e in entries].count("learning_rates") == 8
    shared = [e.run for e in entries if e.study == "structures" and e.label == "[512]"][0]
    assert shared in {e.run for e in entries if e.study == "learning_rates"}
    assert shared == "word2vec-imdb_h512_sigmoid_lr0.02_bs64_ep20"


def _set(cfg, path, value):
    *parents, last = path
    node = cfg
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value


DELETE = object()
ACT0 = ("studies", "activations", "configurations", 0)

BAD = {
    "unknown activation": (ACT0 + ("activation",), "swish", r"'swish' is not one of"),
    "lr zero": (ACT0 + ("lr",), 0, r"exclusiveMinimum|less than or equal to the minimum"),
    "lr negative": (ACT0 + ("lr",), -0.1, r"minimum"),
    "lr not a number": (ACT0 + ("lr",), "fast", r"'fast' is not of type 'number'"),
    "batch size zero": (ACT0 + ("batch_size",), 0, r"less than the minimum of 1"),
    "epochs zero": (ACT0 + ("epochs",), 0, r"less than the minimum of 1"),
    "epochs not integer": (ACT0 + ("epochs",), 2.5, r"2.5 is not of type 'integer'"),
    "hidden size zero": (ACT0 + ("hidden",), [512, 0], r"less than the minimum of 1"),
    "hidden size not integer": (ACT0 + ("hidden",), [51.2], r"51.2 is not of type 'integer'"),
    "hidden not a list": (ACT0 + ("hidden",), 512, r"512 is not of type 'array'"),
    "empty seeds": (("seeds",), [], r"should be non-empty|is too short"),
    "malformed sha256": (("data", "sha256"), "abc123", r"does not match"),
    "unknown device": (("training", "device"), "tpu", r"'tpu' is not one of"),
    "unknown key": (("data", "sourse"), "x", r"Additional properties are not allowed"),
    "unknown embedding kind": (("embeddings", "fasttext"), {"kind": "fasttext"}, r"'fasttext' is not one of"),
    "glove without checksum": (("embeddings", "glove-twitter-50", "md5"), DELETE, r"oneOf|is not valid"),
    # issue 24.8: a step size no optimiser can take
    "lr huge": (ACT0 + ("lr",), 1e38, r"greater than the maximum of 1000000"),
    "lr infinite": (ACT0 + ("lr",), float("inf"), r"greater than the maximum of 1000000"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_schema_rejects(config, case):
    path, value, message = BAD[case]
    _set(config, path, value)
    with pytest.raises(WorkflowError, match=message):
        validate(config, SCHEMA)


CHECKED = {
    "unknown embedding source": (ACT0 + ("embedding",), "bert", r"embedding 'bert'.*not declared"),
    "duplicate configuration": (
        ("studies", "learning_rates", "configurations", 2),
        {"lr": 0.001},
        r"learning_rates.configurations\[2\] duplicates .*configurations\[1\]",
    ),
    "split too large": (("data", "split", "train_size"), 24000, r"data.split.dev_size \+ train_size = 29000 exceeds"),
    "missing local archive": (
        ("data", "source"),
        "/nonexistent/aclImdb.tar.gz",
        r"data.source: local file '/nonexistent",
    ),
    "missing parameter": (("defaults", "embedding"), DELETE, r"studies.structures.configurations\[0\] lacks embedding"),
    # issue 24: each named up front, not at the job that meets it
    "lr not a number": (ACT0 + ("lr",), float("nan"), r"studies.activations.configurations\[0\].lr is not a finite"),
    "dropout not a number": (("defaults", "dropout"), float("nan"), r"defaults.dropout is not a finite number"),
    "blank line in the dataset's name": (("data", "name"), "My\n\nreviews", r"data.name = .*holds a blank line"),
    "blank line in a title": (
        ("studies", "structures", "title"),
        "Depth\n  \nand width",
        r"studies.structures.title = .*blank line",
    ),
    "hidden layers too large": (
        ACT0 + ("hidden",),
        [100000, 100000],
        r"hidden = \[100000, 100000\] makes a model of 10,005,200,000 weights \(37.3 GiB",
    ),
}


@pytest.mark.parametrize("case", sorted(CHECKED))
def test_checks_beyond_the_schema(config, case):
    path, value, message = CHECKED[case]
    _set(config, path, value)
    validate(config, SCHEMA)
    with pytest.raises(ConfigError, match=message):
        check(config)


def test_run_names_are_derived_from_parameters(config):
    configurations, _ = expand_studies(validated(config))
    for name, cfg in configurations.items():
        assert re.fullmatch(r"[a-z0-9-]+_h[0-9x]+_[a-z_]+_lr[0-9.e-]+_bs\d+_ep\d+(_do[0-9.]+)?", name)
        assert name == cfg.name


def test_conda_env_pins_agree_with_pyproject():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    pins = set(pyproject["project"]["dependencies"])
    for env_file in sorted((REPO / "envs").glob("*.yaml")):
        env = yaml.safe_load(env_file.read_text())
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        env_pins = {p for p in pip if "==" in p}
        assert env_pins <= pins, f"{env_file.name} pins {env_pins - pins} not in pyproject.toml"
        assert pins <= env_pins, f"{env_file.name} lacks {pins - env_pins}"


def test_the_dataset_reader_takes_its_defaults_and_choices_from_the_schema():
    """A table dataset read through the library (no schema validation) gets the
    defaults a validated config gets, and the reader accepts the layouts and
    formats the schema offers."""
    from textmlp.config_file import SCHEMA as schema_file
    from textmlp.config_file import table_defaults
    from textmlp.data.table_files import FORMATS
    from textmlp.data.table_spec import LAYOUTS, normalize_spec

    assert str(schema_file) == SCHEMA
    cfg = {
        "data": {"kind": "table", "files": {"file": {"source": "t.csv"}}},
        "embeddings": {"w": {"kind": "word2vec"}},
        "defaults": {"embedding": "w", "hidden": [4], "activation": "relu", "lr": 0.1, "batch_size": 8, "epochs": 1},
        "studies": {"s": {"vary": "lr", "configurations": [{}, {"lr": 0.2}]}},
    }
    validate(cfg, SCHEMA)
    reader = normalize_spec({})
    assert reader == {k: v for k, v in cfg["data"].items() if k not in ("kind", "files")}
    assert reader == table_defaults() and reader["text_column"] == "text" and reader["quoted_tsv"] is False
    data = yaml.safe_load(Path(SCHEMA).read_text())["properties"]["data"]["properties"]
    assert set(data["layout"]["enum"]) - {None} == set(LAYOUTS)
    assert set(data["format"]["enum"]) - {None} == set(FORMATS)


def test_table_dataset_config_gets_defaults_and_url_needs_sha256(tmp_path):
    data = tmp_path / "d.tsv"
    data.write_text("text\tlabel\tsplit\na\tx\ttrain\n")
    cfg = {
        "data": {"kind": "table", "files": {"file": {"source": str(data)}}},
        "embeddings": {"w": {"kind": "word2vec"}},
        "defaults": {"embedding": "w", "hidden": [4], "activation": "relu", "lr": 0.1, "batch_size": 8, "epochs": 1},
        "studies": {"s": {"vary": "lr", "configurations": [{}, {"lr": 0.2}]}},
    }
    validate(cfg, str(SCHEMA))
    assert cfg["data"]["text_column"] == "text" and cfg["data"]["name"] == "custom"
    assert "split" not in cfg["data"]  # IMDB's split defaults stay out of a table dataset
    check(cfg)
    cfg["data"]["files"]["train"] = {"source": "https://example.org/train.csv"}
    with pytest.raises(ConfigError, match=r"data\.files\.train\.source is a URL.*sha256"):
        check(cfg)
    cfg["data"]["files"]["train"] = {"source": str(tmp_path / "missing.csv")}
    with pytest.raises(ConfigError, match=r"data\.files\.train\.source: local file .*missing\.csv"):
        check(cfg)


def test_costlier_jobs_get_higher_priority(config):
    """Training and baseline jobs are scheduled longest first; the order the
    priorities give matches the job times measured on the default run."""
    from textmlp.config import BASELINE_CS, BASELINE_FITS
    from textmlp.scheduling import baseline_priority, training_priority

    cfg = validated(config)
    configurations, _ = expand_studies(cfg)
    emb = cfg["embeddings"]
    by_name = {c.name: training_priority(c, emb[c.embedding]) for c in configurations.values()}
    # job seconds of the default run on 2026-11-29
    order = [
        "tfidf-uni-bi-tri_h32_relu_lr0.001_bs64_ep9_do0.5",  # 84 s at 6 epochs
        "word2vec-imdb_h512x512x512_sigmoid_lr0.001_bs64_ep20",  # 51 s
        "word2vec-imdb_h512x512_sigmoid_lr0.01_bs64_ep20",  # 29 s
        "word2vec-imdb-300_h512_sigmoid_lr0.01_bs64_ep20",  # 16 s at rate 0.02
        "word2vec-imdb_h512_sigmoid_lr0.02_bs64_ep20",  # 7 s
        "word2vec-imdb_h0_sigmoid_lr0.025_bs64_ep20",
    ]  # 3 s
    assert [by_name[n] for n in order] == sorted((by_name[n] for n in order), reverse=True)
    assert len(set(by_name[n] for n in order)) == len(order)
    # the TF-IDF baseline (84 s) before the short averaged-vector ones (4-10 s)
    assert (
        baseline_priority(emb["tfidf-uni-bi-tri"])
        > baseline_priority(emb["word2vec-imdb-300"])
        > baseline_priority(emb["word2vec-imdb"])
    )
    assert BASELINE_FITS == len(BASELINE_CS)


def test_a_line_break_within_a_title_is_still_fine(config):
    config["studies"]["structures"]["title"] = "Depth\nand width"  # YAML's folded lines: a space to LaTeX
    check(validated(config))


DUPLICATED = """\
data:
  source: x
seeds: [0, 1]
defaults:
  lr: 0.1
  hidden: [8]
  lr: 0.5
seeds: [2]
"""


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path):
    """Issue 24.7: YAML would keep the last silently."""
    import subprocess
    import sys

    from textmlp.config_file import load_config_file

    (tmp_path / "c.yaml").write_text(DUPLICATED)
    with pytest.raises(
        ConfigError, match=r"c.yaml, line 8, column 1: the key 'seeds' is given twice, at lines 3 and 8"
    ):
        load_config_file(tmp_path / "c.yaml")
    (tmp_path / "c.yaml").write_text(DUPLICATED.replace("seeds: [2]\n", ""))
    with pytest.raises(ConfigError, match=r"c.yaml, line 7, column 3: the key 'lr' is given twice, at lines 5 and 7"):
        load_config_file(tmp_path / "c.yaml")
    res = subprocess.run(
        [sys.executable, "-m", "textmlp.config", str(tmp_path / "c.yaml")], capture_output=True, text=True
    )
    assert res.returncode == 1 and "given twice" in res.stderr and "valid YAML" not in res.stdout
    (tmp_path / "m.yaml").write_text("base: &b {lr: 1, hidden: [8]}\nrun:\n  <<: *b\n  lr: 2\n")
    assert load_config_file(tmp_path / "m.yaml")["run"] == {"lr": 2, "hidden": [8]}  # a merge key may be overridden


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    """Issue 24.13: nine levels of nine aliases are 387 million values."""
    import time

    from textmlp.config_file import MAX_CONFIG_VALUES, expanded_size, load_config_file

    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"bomb.yaml: expands to more than 100,000 values"):
        load_config_file(tmp_path / "bomb.yaml")
    assert time.monotonic() - started < 5
    assert expanded_size(yaml.safe_load((REPO / "config.yaml").read_text())) < MAX_CONFIG_VALUES // 100


@pytest.mark.parametrize(
    "data, identified",
    [
        ({"kind": "imdb", "source": "https://example.org/a.tar.gz", "sha256": "0" * 64}, True),
        ({"kind": "table", "files": {"train": {"source": "train.csv"}}}, True),  # local: its digest is a param
        ({"kind": "table", "files": {"train": {"source": "https://example.org/t.csv", "sha256": "0" * 64}}}, True),
        ({"kind": "table", "files": {"train": {"source": "https://example.org/t.csv"}}}, False),
        (
            {
                "kind": "table",
                "files": {"train": {"source": "file:///data/t.csv"}, "test": {"source": "ftp://example.org/t.csv"}},
            },
            False,
        ),
    ],
)
def test_only_data_whose_content_the_config_pins_is_cacheable(data, identified):
    """A URL without a sha256 may serve other bytes under the same config: the
    between-workflow cache, keyed on the config, must not serve its split."""
    assert data_identified(data) is identified
