"""The workflow on the user's own data: a three-class TSV that the test writes,
named in config.yaml by configuration alone (data.kind: table), through every
step to the report: word2vec and TF-IDF inputs, MLPs with three outputs,
logistic-regression baselines, tables, figures and the PDF."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pandas as pd
import pytest
import torch
import yaml

from tests.conftest import REPO

pytestmark = pytest.mark.workflow

CLASSES = {
    "negative": ["awful", "boring", "dull", "worst"],
    "neutral": ["fine", "okay", "average", "plain"],
    "positive": ["superb", "great", "moving", "best"],
}
FILLER = ["the", "film", "plot", "a", "cast", "was", "and", "scene", "it", "story"]
SEEDS = [0, 1]


def write_tsv(path, n=450, seed=0):
    """Rows with string labels and a split column; every text mixes filler with
    its class's words, so the task is learnable but not trivial."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = list(CLASSES)[i % 3]
        words = [rng.choice(CLASSES[label]) if rng.random() < 0.3 else rng.choice(FILLER) for _ in range(14)]
        split = "train" if i < 0.6 * n else ("validation" if i < 0.8 * n else "test")
        rows.append({"review": " ".join(words) + ".", "sentiment": label, "part": split})
    pd.DataFrame(rows).to_csv(path, sep="\t", index=False)


def config(source: str, **data) -> dict:
    return {
        "data": {
            "kind": "table",
            "name": "Three-way toy reviews",
            "files": {"file": {"source": source}},
            "text_column": "review",
            "label_column": "sentiment",
            "split_column": "part",
            **data,
        },
        "embeddings": {
            "w2v-toy": {"kind": "word2vec", "dim": 12, "min_count": 1, "epochs": 5},
            "tfidf-toy": {"kind": "tfidf", "min_df": 1},
        },
        "seeds": SEEDS,
        "defaults": {
            "embedding": "w2v-toy",
            "hidden": [16],
            "activation": "relu",
            "lr": 0.02,
            "batch_size": 16,
            "epochs": 5,
        },
        "studies": {
            "activations": {"vary": "activation", "configurations": [{"activation": "relu"}, {"activation": "tanh"}]},
            "representations": {
                "vary": "embedding",
                "configurations": [{"embedding": "w2v-toy"}, {"embedding": "tfidf-toy", "hidden": [8], "dropout": 0.2}],
            },
        },
    }


def snakemake(workdir, *args, timeout=400):
    cmd = [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "-d", str(workdir), "--cores", "2", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("own-data")
    write_tsv(workdir / "reviews.tsv")
    (workdir / "config.yaml").write_text(yaml.safe_dump(config(str(workdir / "reviews.tsv"))))
    res = snakemake(workdir)
    assert res.returncode == 0, res.stderr[-4000:]
    return workdir


def test_split_follows_the_split_column_and_records_the_label_mapping(finished):
    stats = json.loads((finished / "results/data/split.json").read_text())
    assert stats["classes"] == ["negative", "neutral", "positive"] and stats["n_classes"] == 3
    assert stats["mapping"] == {"negative": 0, "neutral": 1, "positive": 2}
    assert {k: stats["sizes"][k] for k in ("train", "dev", "test")} == {"train": 270, "dev": 90, "test": 90}
    dev = pd.read_parquet(finished / "results/data/dev.parquet")
    assert sorted(dev["label"].unique()) == [0, 1, 2]


def test_audit_of_a_table_without_unlabeled_texts(finished):
    from textmlp.results.audit_tex import audit_tex

    audit = json.loads((finished / "results/data/audit.json").read_text())
    assert audit["unlabeled"] is None and audit["classes"] == ["negative", "neutral", "positive"]
    assert [(e["name"], e["count"]) for e in audit["splits"]["train"]["labels"]] == [
        ("negative", 90),
        ("neutral", 90),
        ("positive", 90),
    ]
    tex = audit_tex(audit, "Three-way toy reviews")
    assert "The dataset has no unlabelled texts." in tex and "\\% neutral" in tex


def test_every_model_has_three_outputs_and_learns(finished):
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    assert len(runs) == 3 * len(SEEDS) and (runs["status"] == "ok").all()
    assert (runs["n_classes"] == 3).all()
    assert (runs["dataset"] == "Three-way toy reviews").all()
    # chance is 1/3: TF-IDF separates the classes' words; averaged 12-d word2vec
    # from 270 short texts is weak, but its best run still beats chance clearly
    assert runs.loc[runs["embedding"] == "tfidf-toy", "test_acc"].min() > 0.8
    assert runs.loc[runs["embedding"] == "w2v-toy", "test_acc"].max() > 0.5
    for model in (finished / "results/runs").glob("*/seed0/model.pt"):
        state = torch.load(model, weights_only=True)
        last = sorted(k for k in state if k.endswith(".weight"))[-1]
        assert state[last].shape[0] == 3, model
    tfidf = runs[runs["embedding"] == "tfidf-toy"]
    assert len(tfidf) == len(SEEDS) and (tfidf["dropout"] == 0.2).all()


def test_baselines_run_on_the_same_splits(finished):
    base = pd.read_csv(finished / "results/tables/baselines.csv")
    assert set(base["embedding"]) == {"w2v-toy", "tfidf-toy"}
    assert (base["n_classes"] == 3).all()
    assert base.set_index("embedding").loc["tfidf-toy", "test_acc"] > 0.8
    vocab = json.loads((finished / "results/features/tfidf-toy.json").read_text())["vocabulary"]
    assert base.set_index("embedding").loc["tfidf-toy", "n_features"] == vocab


def test_report_names_the_dataset_and_compares_with_the_baselines(finished):
    text = subprocess.run(
        ["pdftotext", "-layout", str(finished / "report/hw3.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "Three-way toy reviews" in text
    assert "Against logistic regression" in text
    base = pd.read_csv(finished / "results/tables/baselines.csv").set_index("embedding")
    assert f"{100 * base.loc['tfidf-toy', 'test_acc']:.2f}" in text
    assert "Hidden-layer structure" not in text  # the homework's studies are absent: no section for them


@pytest.mark.parametrize(
    "change, message",
    [
        ({"label_column": "stars"}, r"data\.label_column.*stars"),
        ({"split_column": "fold"}, r"data\.split_column.*fold"),
    ],
)
def test_bad_columns_fail_the_split_naming_the_key(tmp_path, change, message):
    import re

    write_tsv(tmp_path / "reviews.tsv", n=60)
    cfg = config(str(tmp_path / "reviews.tsv"), **change)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(cfg))
    res = snakemake(tmp_path, "results/data/split.json", timeout=120)
    assert res.returncode != 0
    log = (tmp_path / "results/logs/split.log").read_text()
    assert re.search(message, log), log[-2000:]
    assert not (tmp_path / "results/data/train.parquet").exists()


def test_nb_scaling_with_three_classes_is_a_clear_error(tmp_path):
    write_tsv(tmp_path / "reviews.tsv", n=60)
    cfg = config(str(tmp_path / "reviews.tsv"))
    cfg["embeddings"]["tfidf-toy"]["nb_scaling"] = True
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(cfg))
    res = snakemake(tmp_path, "results/features/tfidf-toy.npz", timeout=120)
    assert res.returncode != 0
    log = (tmp_path / "results/logs/features/tfidf-toy.log").read_text()
    assert "embeddings.tfidf-toy.nb_scaling" in log and "3" in log
    assert not (tmp_path / "results/features/tfidf-toy.npz").exists()
