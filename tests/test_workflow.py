"""The whole Snakemake workflow on a small IMDB-format archive served from
127.0.0.1: download, checksum, split, word2vec, features, training, tables."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import REPO, make_imdb_archive, sha256
from textmlp.latex import log_problems
from textmlp.text import tokenize_all

pytestmark = pytest.mark.workflow

SEEDS = [0, 1]
EPOCHS = 4


def small_config(source: str, digest: str) -> dict:
    return {
        "data": {"source": source, "sha256": digest,
                 "split": {"seed": 1, "dev_size": 60, "train_size": 240, "test_size": 150}},
        "embeddings": {"word2vec-imdb": {"kind": "word2vec", "dim": 16, "min_count": 1, "epochs": 10}},
        "seeds": SEEDS,
        "defaults": {"embedding": "word2vec-imdb", "hidden": [16], "activation": "sigmoid",
                     "lr": 0.02, "batch_size": 16, "epochs": EPOCHS},
        "studies": {
            "structures": {"vary": "hidden", "configurations": [{"hidden": []}, {"hidden": [16]}]},
            "activations": {"vary": "activation", "configurations": [{"activation": "sigmoid"}, {"activation": "relu"}]},
            "learning_rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": 0.05}]},
        },
        # the word2vec study in the default target: its table and verdict reach the report
        "word2vec_study": {"in_report": True,
                           "candidates": {"word2vec-imdb": [{"sample": 1e-3}, {"window": 2, "sample": 1e-2}]}},
    }


def snakemake(workdir, *args, timeout=300):
    cmd = [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "-d", str(workdir),
           "--cores", "2", "--configfile", str(workdir / "config.yaml"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def finished(tmp_path_factory, request):
    """The workflow run once, its archive served over HTTP (module-scoped server)."""
    import http.server
    import threading

    root = tmp_path_factory.mktemp("served")
    # words that occur only in the test part of the archive: they must never
    # reach the word2vec vocabulary
    extra = {f"aclImdb/test/pos/{900 + i}_9.txt": f"great testonlyword{i} film".encode() for i in range(5)}
    archive = make_imdb_archive(root / "aclImdb_v1.tar.gz", extra=extra)
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(root))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    request.addfinalizer(httpd.shutdown)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/aclImdb_v1.tar.gz"

    workdir = tmp_path_factory.mktemp("workflow")
    (workdir / "config.yaml").write_text(yaml.safe_dump(small_config(url, sha256(archive))))
    res = snakemake(workdir)
    assert res.returncode == 0, res.stderr[-4000:]
    return workdir


def test_tables_have_every_run_epoch_and_split(finished):
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    epochs = pd.read_csv(finished / "results/tables/epochs.csv")
    # 2 + 2 + 2 configurations, of which [16]/sigmoid/lr 0.02 is shared by all three studies
    assert runs["run"].nunique() == 4 and len(runs) == 4 * len(SEEDS)
    assert sorted(runs["seed"].unique()) == SEEDS
    assert (runs["status"] == "ok").all()
    assert len(epochs) == len(runs) * EPOCHS * 2
    assert set(epochs["split"]) == {"train", "dev"}
    counts = epochs.groupby(["run", "seed", "split"]).size()
    assert (counts == EPOCHS).all()


def test_models_learn_the_synthetic_sentiment(finished):
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    assert runs["test_acc"].min() > 0.75


def test_summary_aggregates_over_seeds(finished):
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    summary = pd.read_csv(finished / "results/tables/summary.csv").set_index("run")
    for run, group in runs.groupby("run"):
        assert summary.loc[run, "seeds"] == len(SEEDS)
        assert summary.loc[run, "test_acc_mean"] == pytest.approx(group["test_acc"].mean())
        assert summary.loc[run, "best_dev_acc_max"] == pytest.approx(group["best_dev_acc"].max())


def test_studies_table_shows_a_shared_configuration_in_every_study(finished):
    studies = pd.read_csv(finished / "results/tables/studies.csv")
    shared = "word2vec-imdb_h16_sigmoid_lr0.02_bs16_ep4"
    assert set(studies.loc[studies["run"] == shared, "study"]) == {"structures", "activations", "learning_rates"}
    assert list(studies.loc[studies["study"] == "structures", "label"]) == ["none (linear)", "[16]"]


def test_run_records_carry_provenance(finished):
    rec = json.loads(next((finished / "results/runs").glob("*/seed1/metrics.json")).read_text())
    assert rec["seed"] == 1 and rec["device"] == "cpu" and rec["threads"] == 1
    assert len(rec["config_hash"]) == 12
    assert rec["versions"]["torch"].startswith("2.13")
    assert rec["determinants"]["data"]["split"]["seed"] == 1
    assert "name" not in rec["determinants"]["data"]  # a display name decides no result (issue 15)
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    assert (runs["dataset"] == "IMDB Large Movie Review Dataset").all()


def test_splits_and_word2vec_vocabulary(finished):
    data = finished / "results/data"
    sizes = {s: len(pd.read_parquet(data / f"{s}.parquet")) for s in ("train", "dev", "test", "unlabeled")}
    assert sizes == {"train": 240, "dev": 60, "test": 150, "unlabeled": 200}
    with np.load(finished / "results/embeddings/word2vec-imdb.npz") as z:
        vocab = set(z["words"].tolist())
    assert not any(w.startswith("testonlyword") for w in vocab)
    seen = pd.concat([pd.read_parquet(data / f"{s}.parquet")["text"] for s in ("train", "unlabeled")])
    assert vocab <= {t for doc in tokenize_all(seen) for t in doc}


def test_report_states_the_best_configuration_as_the_tables_have_it(finished):
    """The PDF's text names each study's best configuration with its accuracy
    exactly as summary.csv gives them, and LaTeX resolved every reference."""
    text = subprocess.run(["pdftotext", "-layout", str(finished / "report/hw3.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    summary = pd.read_csv(finished / "results/tables/summary.csv").set_index("run")
    studies = pd.read_csv(finished / "results/tables/studies.csv", dtype={"label": str})
    for study, members in studies.groupby("study"):
        ranked = summary.loc[members["run"]].assign(label=members["label"].values)
        best = ranked.sort_values("best_dev_acc_mean", ascending=False, kind="stable").iloc[0]
        assert f"{best['label']} is best ({100 * best['best_dev_acc_mean']:.2f} ± " in text, study
    log = (finished / "results/report/build/hw3.log").read_text(errors="replace")
    assert log_problems(log) == []
    assert "Output written on" in log


def test_html_report_holds_the_marked_figures(finished):
    import zipfile

    res = snakemake(finished, "--report", str(finished / "report.zip"))
    assert res.returncode == 0, res.stderr[-3000:]
    names = zipfile.ZipFile(finished / "report.zip").namelist()
    assert any(n.endswith("report.html") for n in names)
    assert any(n.endswith("study_structures.pdf") for n in names)
    assert any(n.endswith("activations.png") for n in names)


def test_rerun_has_nothing_to_do(finished):
    res = snakemake(finished, "-n")
    assert res.returncode == 0
    assert "Nothing to be done" in res.stdout + res.stderr


def test_lint_is_clean():
    res = subprocess.run([sys.executable, "-m", "snakemake", "--lint", "-s", str(REPO / "Snakefile"),
                          "-d", str(REPO)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Lints for" not in res.stdout + res.stderr, res.stdout + res.stderr


def test_the_word2vec_study_is_tabled_and_the_report_says_whether_it_chose_these_settings(finished):
    study = pd.read_csv(finished / "results/tables/word2vec_study.csv")
    assert study["candidate"].tolist() == ["word2vec-imdb~sample0.001", "word2vec-imdb~window2_sample0.01"]
    assert study["configured"].tolist() == [True, False]  # the embedding itself has sample 1e-3, window 5
    assert study["winner"].sum() == 1 and study["dev_acc"].between(0, 1).all()
    winner_is_configured = bool(study.loc[study["winner"], "configured"].iloc[0])
    text = subprocess.run(["pdftotext", "-layout", str(finished / "report/hw3.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "word2vec settings compared on the development set" in text
    said = "These settings have the best development accuracy" if winner_is_configured else "other settings score higher"
    assert said in " ".join(text.split())


def test_word2vec_workers_become_the_jobs_threads(finished, tmp_path):
    config = yaml.safe_load((finished / "config.yaml").read_text())
    config["embeddings"]["word2vec-imdb"]["workers"] = 3
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    cmd = [sys.executable, "-m", "snakemake", "results/embeddings/word2vec-imdb.npz", "-s", str(REPO / "Snakefile"),
           "-d", str(tmp_path), "-n", "--cores", "4", "--configfile", str(tmp_path / "config.yaml")]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    block = (res.stdout + res.stderr).split("rule word2vec:")[1].split("\n\n")[0]
    assert "threads: 3" in block
