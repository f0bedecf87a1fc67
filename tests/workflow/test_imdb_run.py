"""The whole Snakemake workflow on a small IMDB-format archive served from
127.0.0.1: download, checksum, split, word2vec, features, training, tables."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from tests.conftest import REPO, make_imdb_archive, sha256
from textmlp.features.tokenize import tokenize_all
from textmlp.latex import log_problems
from textmlp.parameters import count_word
from textmlp.provenance import fingerprint, manifested, parse_manifest

pytestmark = pytest.mark.workflow

SEEDS = [0, 1]
EPOCHS = 4


def small_config(source: str, digest: str) -> dict:
    return {
        "data": {
            "source": source,
            "sha256": digest,
            "split": {"seed": 1, "dev_size": 60, "train_size": 240, "test_size": 150},
        },
        "embeddings": {"word2vec-imdb": {"kind": "word2vec", "dim": 16, "min_count": 1, "epochs": 10}},
        "seeds": SEEDS,
        "defaults": {
            "embedding": "word2vec-imdb",
            "hidden": [16],
            "activation": "sigmoid",
            "lr": 0.02,
            "batch_size": 16,
            "epochs": EPOCHS,
        },
        "studies": {
            "structures": {"vary": "hidden", "configurations": [{"hidden": []}, {"hidden": [16]}]},
            "activations": {
                "vary": "activation",
                "configurations": [{"activation": "sigmoid"}, {"activation": "relu"}],
            },
            "learning_rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": 0.05}]},
        },
        # the word2vec study in the default target: its table and verdict reach the report
        "word2vec_study": {
            "in_report": True,
            "candidates": {"word2vec-imdb": [{"sample": 1e-3}, {"window": 2, "sample": 1e-2}]},
        },
    }


def snakemake(workdir, *args, timeout=300, env=None):
    cmd = [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(REPO / "Snakefile"),
        "-d",
        str(workdir),
        "--cores",
        "2",
        *args,
        "--configfile",
        str(workdir / "config.yaml"),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)


#: What the workflow test builds: the default target and the submission zip.
TARGETS = ("all", "submission")


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory, request):
    """The small archive served over HTTP from 127.0.0.1 (module-scoped server): one URL for every run."""
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
    return f"http://127.0.0.1:{httpd.server_address[1]}/aclImdb_v1.tar.gz", sha256(archive)


def run_small_config(workdir, archive_url):
    url, digest = archive_url
    (workdir / "config.yaml").write_text(yaml.safe_dump(small_config(url, digest)))
    res = snakemake(workdir, *TARGETS)
    assert res.returncode == 0, res.stderr[-4000:]
    return workdir


@pytest.fixture(scope="module")
def finished(tmp_path_factory, archive_url):
    """The workflow run once (default target and submission)."""
    return run_small_config(tmp_path_factory.mktemp("workflow"), archive_url)


@pytest.fixture(scope="module")
def finished_again(tmp_path_factory, archive_url, finished):
    """The same configuration and inputs run again from empty, in another directory."""
    return run_small_config(tmp_path_factory.mktemp("workflow_again"), archive_url)


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


def test_predictions_hold_the_test_accuracy_and_comparisons_every_pair(finished):
    from textmlp.train.predictions import accuracy, read_predictions

    test_ids = pd.read_parquet(finished / "results/data/test.parquet", columns=["id"])["id"].tolist()
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    for run, seed, test_acc in zip(runs["run"], runs["seed"], runs["test_acc"]):
        frame = read_predictions(finished / f"results/runs/{run}/seed{seed}/predictions.csv")
        assert frame["id"].tolist() == test_ids
        assert accuracy(frame) == test_acc
    baselines = pd.read_csv(finished / "results/tables/baselines.csv")
    frame = read_predictions(finished / "results/baselines/word2vec-imdb/model-inputs.predictions.csv")
    assert frame["id"].tolist() == test_ids and accuracy(frame) == baselines["test_acc"].iloc[0]
    table = pd.read_csv(finished / "results/tables/comparisons.csv")
    configs = table[table["kind"] == "configuration"]
    assert sorted(configs["study"]) == ["activations", "learning_rates", "structures"]  # two configurations each
    assert (table.loc[table["kind"] == "baseline", "run_b"] == "baseline/word2vec-imdb/model-inputs").sum() == 4
    means = runs.groupby("run")["test_acc"].mean()
    for row in table[table["kind"] == "configuration"].itertuples():
        assert row.diff == pytest.approx(means[row.run_a] - means[row.run_b], abs=1e-6)
        assert row.low <= row.high and row.seeds_a == row.seeds_b == len(SEEDS)
        assert row.n_reviews == len(test_ids)


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
    # results only: timings and the host are in the run's timings file, the commit in the manifest's record
    assert not {"train_seconds", "wall_seconds", "host", "git_commit"} & set(rec)
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
    exactly as summary.csv gives them, every claim behind the findings held against
    the tables (claims.csv, counted in the appendix), and LaTeX resolved every reference."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(finished / "report/hw3.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    summary = pd.read_csv(finished / "results/tables/summary.csv").set_index("run")
    studies = pd.read_csv(finished / "results/tables/studies.csv", dtype={"label": str})
    for study, members in studies.groupby("study"):
        ranked = summary.loc[members["run"]].assign(label=members["label"].values, order=members["order"].values)
        best = ranked.sort_values(["best_dev_acc_mean", "order"], ascending=[False, True]).iloc[0]
        dev, test = 100 * best["best_dev_acc_mean"], 100 * best["test_acc_mean"]
        assert f"({dev:.2f}% on dev, {test:.2f}% on test" in text, study
    claims = pd.read_csv(finished / "results/report/claims.csv", dtype=str)
    assert len(claims) > 0 and (claims["verdict"] == "true").all()
    kinds = count_word(claims["kind"].nunique())
    assert f"{len(claims):,} such facts of {kinds} kinds, all of them true" in text
    log = (finished / "results/report/build/hw3.log").read_text(errors="replace")
    assert log_problems(log) == []
    assert "Output written on" in log


def test_html_report_zip_holds_the_report_pages_and_figures(finished):
    res = snakemake(finished, "--report", str(finished / "report.zip"))
    assert res.returncode == 0, res.stderr[-3000:]
    names = zipfile.ZipFile(finished / "report.zip").namelist()
    assert any(n.endswith("report.html") for n in names)
    for name in ("hw3.pdf", "study_structures.pdf", "activations.png", "summary.html", "provenance.html"):
        assert any(n.endswith(name) for n in names), name


#: The categories of the HTML report, in the order of the PDF's sections.
HTML_CATEGORIES = [
    "1 Report (PDF)",
    "2 Activation functions",
    "3 Programming: studies",
    "4 Programming: tables",
    "5 Appendix: data audit",
    "6 Appendix: reproducibility",
]


def test_html_report_in_chromium_shows_the_pdf_every_table_and_every_figure(finished, tmp_path):
    """report.html opened in headless Chromium: every result opens as its view
    button opens it (the PDF in a frame, each figure as an image that decoded,
    each page in a frame), each with its caption; each table page holds the
    CSV's rows and sorts and filters them; the provenance page prints the
    manifest's fingerprint and the commit."""
    from tests.workflow import browser

    report = tmp_path / "report.html"
    res = snakemake(finished, "--report", str(report))
    assert res.returncode == 0, res.stderr[-3000:]
    seen = browser.probe(report, tmp_path)
    assert sorted(seen["categories"]) == HTML_CATEGORIES
    for category in HTML_CATEGORIES:
        assert category in seen["start_text"]  # the menu a person sees first
    results = seen["results"]
    figures = sorted(p.relative_to(finished).as_posix() for p in (finished / "results/figures").iterdir())
    pages = ["summary", "studies", "comparisons", "baselines", "claims", "word2vec_study", "audit", "provenance"]
    csvs = {name: finished / "results/tables" / f"{name}.csv" for name in pages[:4]}
    csvs["claims"] = finished / "results/report/claims.csv"
    expected = ["report/hw3.pdf", *figures, *(f"results/html/{p}.html" for p in pages)]
    assert sorted(results) == sorted(expected)
    for path, r in results.items():
        assert r["caption_shown"], path
        assert r["bytes"] == (finished / path).stat().st_size, path  # the file itself, decoded in the browser
        if r["mime"] == "image/png":
            assert r["shown"] == "img" and r["width"] > 100 and r["head"].endswith("PNG\r"), path
        else:
            assert r["shown"] == "iframe" and r["frame_height"] > 100, path
        if r["mime"] == "application/pdf":
            assert r["head"] == "%PDF-", path
    for name, csv in csvs.items():
        table = pd.read_csv(csv)
        page = results[f"results/html/{name}.html"]["page"]
        assert page["tables"] == [{"id": "table", "rows": len(table), "columns": len(table.columns)}], name
        assert page["links"] == [f"{name}.csv"]
        if len(table) > 1:
            assert page["sorted"] in ("ascending", "descending") and page["sort_changes_order"], name
            assert page["filter_hides_all"] and page["filter_keeps_matches"], name
    audit = results["results/html/audit.html"]["page"]
    assert [t["rows"] for t in audit["tables"]] == [3, 3, 3]  # splits, pairs, unlabelled against each split
    provenance = (finished / "results/html/provenance.html").read_text()
    record = json.loads((finished / "results/inputs.json").read_text())
    assert fingerprint(finished / "results/MANIFEST.sha256") in provenance and record["git_commit"] in provenance
    manifest_rows = results["results/html/provenance.html"]["page"]["tables"][2]["rows"]
    assert manifest_rows == len(parse_manifest((finished / "results/MANIFEST.sha256").read_text()))
    assert browser.screenshot(report.as_uri(), tmp_path / "report.png", tmp_path).stat().st_size > 10_000


def test_rerun_has_nothing_to_do(finished):
    res = snakemake(finished, "-n", *TARGETS)
    assert res.returncode == 0
    assert "Nothing to be done" in res.stdout + res.stderr


def test_lint_is_clean():
    res = subprocess.run(
        [sys.executable, "-m", "snakemake", "--lint", "-s", str(REPO / "Snakefile"), "-d", str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Lints for" not in res.stdout + res.stderr, res.stdout + res.stderr


def test_the_word2vec_study_is_tabled_and_the_report_says_whether_it_chose_these_settings(finished):
    study = pd.read_csv(finished / "results/tables/word2vec_study.csv")
    assert study["candidate"].tolist() == ["word2vec-imdb~sample0.001", "word2vec-imdb~window2_sample0.01"]
    assert study["configured"].tolist() == [True, False]  # the embedding itself has sample 1e-3, window 5
    assert study["winner"].sum() == 1 and study["dev_acc"].between(0, 1).all()
    winner_is_configured = bool(study.loc[study["winner"], "configured"].iloc[0])
    text = subprocess.run(
        ["pdftotext", "-layout", str(finished / "report/hw3.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "word2vec settings compared on the development set" in text
    said = "These settings are the choice of the 2 compared" if winner_is_configured else "They are not the choice"
    assert said in " ".join(text.split())


def test_word2vec_workers_become_the_jobs_threads(finished, tmp_path):
    config = yaml.safe_load((finished / "config.yaml").read_text())
    config["embeddings"]["word2vec-imdb"]["workers"] = 3
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config))
    cmd = [
        sys.executable,
        "-m",
        "snakemake",
        "results/embeddings/word2vec-imdb.npz",
        "-s",
        str(REPO / "Snakefile"),
        "-d",
        str(tmp_path),
        "-n",
        "--cores",
        "4",
        "--configfile",
        str(tmp_path / "config.yaml"),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    block = (res.stdout + res.stderr).split("rule word2vec:")[1].split("\n\n")[0]
    assert "threads: 3" in block


# ------------------------------------------------------- results anyone can verify


def artifacts(workdir) -> dict[str, str]:
    """sha256 of every file the build writes, but for what differs by nature
    between two identical runs (logs, benchmarks, timings, the LaTeX build)."""
    files = [p for p in (workdir / "results").rglob("*") if p.is_file()]
    files += [workdir / "report/hw3.pdf", *(workdir / "submission").glob("*.zip")]
    rels = sorted(p.relative_to(workdir).as_posix() for p in files)
    kept = ("results/MANIFEST.sha256", "results/report/repro.tex")
    return {r: sha256(workdir / r) for r in rels if manifested(r) or r in kept or not r.startswith("results/")}


def test_two_runs_from_empty_give_byte_identical_artifacts(finished, finished_again):
    first, second = artifacts(finished), artifacts(finished_again)
    assert "results/runs/word2vec-imdb_h16_sigmoid_lr0.02_bs16_ep4/seed0/model.pt" in first
    assert {
        "report/hw3.pdf",
        "results/MANIFEST.sha256",
        "submission/hw3-submission.zip",
        "submission/hw3-source.zip",
    } <= set(first)
    assert sorted(set(first) ^ set(second)) == [], "files made by one run only"
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ == [], f"files that differ between the two runs: {differ}"


def test_timings_are_kept_in_tables_of_their_own(finished):
    runs = pd.read_csv(finished / "results/tables/runs.csv")
    timings = pd.read_csv(finished / "results/timings/runs.csv")
    assert not any(c.endswith("_seconds") or c.startswith("host.") for c in runs.columns)
    assert sorted(zip(timings["run"], timings["seed"])) == sorted(zip(runs["run"], runs["seed"]))
    assert (timings["train_seconds"] > 0).all() and timings["host.hostname"].notna().all()
    baselines = pd.read_csv(finished / "results/timings/baselines.csv")
    assert (baselines["fit_seconds"] > 0).all()
    assert "fit_seconds" not in pd.read_csv(finished / "results/tables/baselines.csv").columns


def test_manifest_lists_every_artifact_and_sha256sum_checks_it(finished_again):
    workdir = finished_again
    listed = parse_manifest((workdir / "results/MANIFEST.sha256").read_text())
    on_disk = {p.relative_to(workdir).as_posix() for p in (workdir / "results").rglob("*") if p.is_file()}
    assert set(listed) == {f for f in on_disk if manifested(f)}
    assert {
        "results/inputs.json",
        "results/data/aclImdb.tar.gz",
        "results/tables/runs.csv",
        "results/features/word2vec-imdb.pt",
        "results/figures/activations.pdf",
    } <= set(listed)
    record = json.loads((workdir / "results/inputs.json").read_text())
    config = yaml.safe_load((workdir / "config.yaml").read_text())
    assert record["data_sha256"]["archive"] == config["data"]["sha256"]
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert record["git_commit"] == head.stdout.strip()
    check = ["sha256sum", "-c", "--strict", "--quiet", "results/MANIFEST.sha256"]
    assert subprocess.run(check, cwd=workdir).returncode == 0
    table = workdir / "results/tables/summary.csv"
    original = table.read_bytes()
    try:
        table.write_bytes(original + b"\n")
        res = subprocess.run(check, cwd=workdir, capture_output=True, text=True)
        assert res.returncode != 0
        assert res.stdout.strip() == "results/tables/summary.csv: FAILED"
    finally:
        table.write_bytes(original)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_report_prints_the_manifest_fingerprint(finished):
    text = " ".join(pdf_text(finished / "report/hw3.pdf").split())
    assert f"its own sha256 begins {fingerprint(finished / 'results/MANIFEST.sha256')}" in text


def test_no_generated_file_holds_a_path_of_the_building_machine(finished):
    paths = {str(finished).encode(), str(finished.resolve()).encode(), str(REPO).encode()}
    blobs = {name: (finished / name).read_bytes() for name in artifacts(finished)}
    for name in ("submission/hw3-submission.zip", "submission/hw3-source.zip"):
        with zipfile.ZipFile(finished / name) as zf:
            blobs.update({f"{name}:{m}": zf.read(m) for m in zf.namelist()})
            assert not [m for m in zf.namelist() if m.startswith("/") or ".." in m.split("/")]
    blobs["report/hw3.pdf (text)"] = pdf_text(finished / "report/hw3.pdf").encode()
    found = sorted(name for name, data in blobs.items() if any(p in data for p in paths))
    assert found == []


def test_submission_holds_report_code_as_committed_tables_and_manifest(finished):
    with zipfile.ZipFile(finished / "submission/hw3-submission.zip") as zf:
        names = set(zf.namelist())
        record = json.loads(zf.read("results/inputs.json"))
        assert zf.read("hw3.pdf") == (finished / "report/hw3.pdf").read_bytes()
        assert zf.read("results/MANIFEST.sha256") == (finished / "results/MANIFEST.sha256").read_bytes()
        note = zf.read("SUBMISSION.txt").decode()
    tracked = subprocess.run(
        ["git", "-C", str(REPO), "ls-tree", "-r", "--name-only", record["git_commit"]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    code = {n[len("code/") :] for n in names if n.startswith("code/") and n != "code/UNCOMMITTED.diff"}
    assert code == set(tracked)
    assert {
        "hw3.pdf",
        "hw3-source.zip",
        "SUBMISSION.txt",
        "results/MANIFEST.sha256",
        "results/inputs.json",
        *(f"results/tables/{t}.csv" for t in ("epochs", "runs", "summary", "studies", "baselines")),
    } <= names
    dirty = subprocess.run(["git", "-C", str(REPO), "diff", "HEAD", "--quiet"]).returncode != 0
    assert ("code/UNCOMMITTED.diff" in names) == dirty == ("WARNING: the work tree had uncommitted" in note)


def test_latex_source_bundle_compiles_alone_to_the_same_text(finished, tmp_path):
    with zipfile.ZipFile(finished / "submission/hw3-source.zip") as zf:
        names = zf.namelist()
        zf.extractall(tmp_path)
    assert "hw3.tex" in names and "results/report/repro.tex" in names
    assert any(n.startswith("results/figures/losses_") for n in names)
    build_files = ("aux", "log", "fls", "fdb_latexmk", "bbl", "bib", "out", "toc")
    assert not [
        n for n in names if any(part.startswith(".") for part in n.split("/")) or n.rsplit(".", 1)[-1] in build_files
    ]
    res = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "hw3.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout[-3000:]
    assert pdf_text(tmp_path / "hw3.pdf") == pdf_text(finished / "report/hw3.pdf")


def planned_jobs(workdir, package_root) -> dict[str, int]:
    """rule -> job count of a dry run with the package imported from ``package_root``."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    res = snakemake(workdir, "-n", *TARGETS, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    out = res.stdout + res.stderr
    if "Nothing to be done" in out:
        return {}
    table = out.split("Job stats:", 1)[1].split("total", 1)[0]
    return {rule: int(n) for rule, n in re.findall(r"^(\w+)\s+(\d+)$", table, flags=re.M)}


AFTER_TABLES = {
    "aggregate": 1,
    "compare": 1,
    "timings": 1,
    "figure_studies": 1,
    "figure_losses": 1,
    "figure_gradients": 1,
    "report_inputs": 1,
}
AFTER_FIGURES = {
    "manifest": 1,
    "report_appendix": 1,
    "report": 1,
    "html_pages": 1,
    "source_bundle": 1,
    "submission": 1,
    "all": 1,
}


@pytest.mark.parametrize(
    "module, planned",
    [
        (None, {}),  # a fresh copy of the same code: nothing to do
        # report_inputs names table rows as the figures do (results.figures.label_in_words)
        (
            "results/figure_style.py",
            {
                "figure_studies": 1,
                "figure_losses": 1,
                "figure_gradients": 1,
                "activation_figure": 1,
                "report_inputs": 1,
                **AFTER_FIGURES,
            },
        ),
        ("train/loop.py", {"train": 4, **AFTER_TABLES, **AFTER_FIGURES}),
        # a config check's message, a LaTeX helper: no data, features or training (test_code_boundaries.py)
        ("config.py", {"report_inputs": 1, **AFTER_FIGURES}),
        ("latex.py", {"activation_figure": 1, "derivations": 1, "report_inputs": 1, **AFTER_FIGURES}),
        (
            "features/tokenize.py",
            {
                "audit": 1,
                "word2vec": 1,
                "features": 1,
                "baseline": 1,
                "train": 4,
                "word2vec_candidate": 2,
                "word2vec_study": 1,
                **AFTER_TABLES,
                **AFTER_FIGURES,
            },
        ),
    ],
)
def test_package_code_edits_rerun_the_jobs_that_use_it(finished, tmp_path, module, planned):
    """A copy of the package with one module edited: the dry run plans the jobs
    whose rule runs that module and the jobs after them, nothing else."""
    import textmlp

    src = tmp_path / "src"
    shutil.copytree(Path(textmlp.__file__).parent, src / "textmlp", ignore=shutil.ignore_patterns("__pycache__"))
    if module:
        with open(src / "textmlp" / module, "a") as fh:
            fh.write("\nEDITED_BY_A_TEST = True\n")
    assert planned_jobs(finished, src) == planned
