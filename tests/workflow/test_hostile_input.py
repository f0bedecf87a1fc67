"""Issue 15: the pipeline under a hostile or careless new user. Each test
drives one fault through the real entry point (the repository's Snakefile in
a subprocess) with data the test writes, and checks what the user sees (the
message names the config key or the file they wrote) and that nothing
already computed is lost or corrupted.

1 an unquoted TSV whose text starts with a quote; 2 a table edited in place;
3 outputs of a removed configuration; 4 a download that trickles; 5 an
archive member too large to be a review; 6 a source URL carrying secrets;
7 a name the report cannot set, and a renamed dataset; 8 a study whose
`vary` does not vary; 9 a YAML syntax error, an unknown key; 10 labels that
differ in case only, a one-row dev split; 11 errors naming the user's file.

The same faults against the functions that meet them, without Snakemake, are
with the other tests of those modules: rows and quoting in
tests/data/test_table.py, partial files in tests/data/test_download.py, the
member cap in tests/data/test_imdb.py, tests/test_latex.py, tests/test_sources.py.
"""

from __future__ import annotations

import base64
import copy
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import REPO, make_imdb_archive, sha256, toy_rows, write_rows
from textmlp.sources import redact

SNAKEFILE = REPO / "Snakefile"


def snakemake(workdir: Path, *args: str, config: dict | None = None, timeout: float = 300):
    """Exit status and console of Snakemake in ``workdir``; ``config`` is
    written to workdir/config.yaml (the file a user edits)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (workdir / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    cmd = [sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "-d", str(workdir), "--cores", "1", *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return res.returncode, res.stdout + res.stderr


def job_counts(output: str) -> dict[str, int]:
    if "Job stats:" not in output:
        return {}
    block = output.split("Job stats:", 1)[1].split("total", 1)[0]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", block, re.M)}


def states(workdir: Path, folder: str = "results") -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(workdir)): (sha256(p), p.stat().st_mtime_ns)
        for p in sorted((workdir / folder).rglob("*"))
        if p.is_file()
    }


STUDIES = {"learning_rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": 0.05}]}}
DEFAULTS = {"embedding": "w2v", "hidden": [8], "activation": "relu", "lr": 0.02, "batch_size": 8, "epochs": 3}
EMBEDDINGS = {"w2v": {"kind": "word2vec", "dim": 8, "min_count": 1, "epochs": 2}}


def table_config(source, **data) -> dict:
    return {
        "data": {"kind": "table", "name": "My reviews", "files": {"file": {"source": str(source)}}, **data},
        **copy.deepcopy({"embeddings": EMBEDDINGS, "defaults": DEFAULTS, "studies": STUDIES}),
        "training": {"device": "cpu"},
        "seeds": [0],
    }


def parquet_texts(workdir: Path) -> list[str]:
    return [t for s in ("train", "dev", "test") for t in pd.read_parquet(workdir / f"results/data/{s}.parquet")["text"]]


# -------------------------------------------------------------------------- 1


@pytest.mark.workflow
def test_unquoted_tsv_with_a_leading_quote_keeps_every_row(tmp_path):
    rows = toy_rows(60)
    rows[5] = ('"Wow. a superb film, said nobody', "pos", "train")  # an opening quote, never closed
    write_rows(tmp_path / "reviews.tsv", rows)
    rc, out = snakemake(tmp_path / "work", "results/data/split.json", config=table_config(tmp_path / "reviews.tsv"))
    assert rc == 0, out[-3000:]
    stats = json.loads((tmp_path / "work/results/data/split.json").read_text())
    assert sum(stats["sizes"][s] for s in ("train", "dev", "test")) == 60  # one line, one row
    texts = parquet_texts(tmp_path / "work")
    assert '"Wow. a superb film, said nobody' in texts and "review 6 was awful dull worst" in texts
    assert stats["lines_read_as_rows"] == {}


# -------------------------------------------------------------------------- 2


@pytest.mark.workflow
def test_a_table_edited_in_place_is_read_again_and_a_touch_reruns_nothing(tmp_path):
    source, work = tmp_path / "reviews.tsv", tmp_path / "work"
    write_rows(source, toy_rows(60))
    cfg = table_config(source)
    rc, out = snakemake(work, "results/data/split.json", config=cfg)
    assert rc == 0, out[-3000:]
    before = states(work)

    os.utime(source)  # newer, same bytes (a checkout, a copy): nothing to redo
    rc, out = snakemake(work, "-n", "results/data/split.json")
    assert rc == 0 and "Nothing to be done" in out, out[-3000:]

    write_rows(source, toy_rows(60) + [("a review added later was superb", "pos", "train")])  # edited in place
    rc, out = snakemake(work, "-n", "results/data/split.json")
    assert job_counts(out) == {"download_table": 1, "split": 1}, out[-3000:]
    rc, out = snakemake(work, "results/data/split.json")
    assert rc == 0, out[-3000:]
    assert json.loads((work / "results/data/split.json").read_text())["sizes"]["train"] == 37
    assert "a review added later was superb" in parquet_texts(work)
    assert before.keys() <= states(work).keys()


# -------------------------------------------------------------------------- 4


class Trickle:
    """127.0.0.1 server sending the payload one byte every ``pause`` seconds:
    never slow enough for a per-read timeout, never done."""

    def __init__(self, payload: bytes, pause: float = 0.1):
        outer = self
        self.stop = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                for i in range(len(payload)):
                    if outer.stop.is_set():
                        return
                    try:
                        self.wfile.write(payload[i : i + 1])
                        self.wfile.flush()
                    except OSError:  # the client gave up
                        return
                    time.sleep(pause)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/aclImdb_v1.tar.gz"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def trickle():
    payload = b"x" * 10_000
    server = Trickle(payload)
    yield server, payload
    server.close()


def imdb_config(source: str, digest: str, **data) -> dict:
    return {
        "data": {
            "source": source,
            "sha256": digest,
            "split": {"seed": 1, "dev_size": 30, "train_size": 60, "test_size": 40},
            **data,
        },
        **copy.deepcopy({"embeddings": EMBEDDINGS, "defaults": DEFAULTS, "studies": STUDIES}),
        "training": {"device": "cpu"},
        "seeds": [0],
    }


@pytest.mark.workflow
def test_a_trickling_download_stops_at_its_deadline_and_leaves_nothing(tmp_path, trickle):
    server, payload = trickle
    cfg = imdb_config(server.url, sha256_of(payload))
    cfg["download"] = {"deadline_s": 2, "timeout_s": 30, "retries": 1}
    started = time.monotonic()
    rc, out = snakemake(tmp_path / "work", "download", config=cfg, timeout=120)
    took = time.monotonic() - started
    assert rc != 0 and "Error in rule download" in out
    assert took < 30  # two attempts of 2 s, a 1 s pause, Snakemake's start; not 30 s per read
    log = (tmp_path / "work/results/logs/download.log").read_text()
    assert "not complete within the deadline of 2 s per attempt (download.deadline_s" in log
    assert log.count("downloading") == 2  # the deadline is transient: retried once, as configured
    data = tmp_path / "work/results/data"
    assert not data.exists() or list(data.iterdir()) == []  # no archive, no hidden .tmp


@pytest.mark.workflow
def test_a_download_stopped_by_sigterm_leaves_no_partial_file(tmp_path, trickle):
    server, payload = trickle
    cfg = imdb_config(server.url, sha256_of(payload))
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    cmd = [sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "-d", str(work), "--cores", "1", "download"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list((work / "results/data").glob(".*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list((work / "results/data").glob(".*.tmp")), "the download never started"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # what a scheduler or `kill` sends every process of the job
        proc.wait(30)
    data = work / "results/data"
    assert not data.exists() or list(data.iterdir()) == []


def sha256_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# -------------------------------------------------------------------------- 5

OVERSIZED = "aclImdb/train/pos/999_10.txt"


@pytest.mark.workflow
def test_an_oversized_member_is_skipped_counted_and_named(tmp_path):
    archive = make_imdb_archive(
        tmp_path / "aclImdb_v1.tar.gz",
        train_per_class=50,
        test_per_class=25,
        unsup=5,
        extra={OVERSIZED: b"great " * 1_000_000},
    )  # 6 MB, a few kB gzipped
    assert archive.stat().st_size < 200_000
    cfg = imdb_config(str(archive), sha256(archive))
    rc, out = snakemake(tmp_path / "work", "split", config=cfg)
    assert rc == 0, out[-3000:]
    stats = json.loads((tmp_path / "work/results/data/split.json").read_text())
    assert stats["oversized_skipped"] == 1 and stats["oversized_skipped_ids"] == ["train/pos/999_10"]
    assert stats["max_review_bytes"] == 1_000_000
    log = (tmp_path / "work/results/logs/split.log").read_text()
    assert f"{OVERSIZED}: skipped, 6000000 bytes is over data.max_review_bytes = 1000000" in log
    assert max(map(len, parquet_texts(tmp_path / "work"))) < 1000


# -------------------------------------------------------------------------- 6, 7

SECRETS = ("s3cret-pass", "T0KEN-abc123")


class AuthServer:
    """127.0.0.1 server of one file that wants HTTP Basic credentials and
    ignores the query string (as a private data host does)."""

    def __init__(self, path: Path):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append(self.path)
                want = "Basic " + base64.b64encode(f"reader:{SECRETS[0]}".encode()).decode()
                if self.headers.get("Authorization") != want:
                    self.send_error(401)
                    return
                if urllib.parse.urlsplit(self.path).path != "/" + path.name:
                    self.send_error(404)
                    return
                data = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.httpd.server_address[1]
        self.url = f"http://reader:{SECRETS[0]}@127.0.0.1:{port}/{path.name}?token={SECRETS[1]}&dl=1"
        self.redacted = f"http://***@127.0.0.1:{port}/{path.name}?***"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


NAME = "Critiques de cinéma — ½ échantillon"


@pytest.fixture(scope="module")
def private_source_run(tmp_path_factory):
    """The whole pipeline to the PDF, the archive fetched from a URL with a
    user:password and a token, the dataset and a study named in accented text."""
    root = tmp_path_factory.mktemp("private")
    archive = make_imdb_archive(root / "aclImdb_v1.tar.gz", train_per_class=50, test_per_class=25, unsup=20)
    server = AuthServer(archive)
    cfg = imdb_config(server.url, sha256(archive), name=NAME)
    cfg["studies"] = {"learning_rates": {**STUDIES["learning_rates"], "title": "Taux d’apprentissage"}}
    rc, out = snakemake(root / "work", config=cfg, timeout=600)
    server.close()
    assert rc == 0, out[-4000:]
    return root / "work", cfg, server, out


@pytest.mark.workflow
def test_source_credentials_and_token_are_written_nowhere(private_source_run):
    work, _, server, console = private_source_run
    assert server.requests and all(SECRETS[1] in r for r in server.requests)  # the token was sent ...
    pdf = subprocess.run(
        ["pdftotext", str(work / "report/hw3.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    written = {"console": console, "hw3.pdf": pdf}
    for p in [*work.rglob("*")]:
        if (
            p.is_file()
            and p.suffix not in (".parquet", ".pt", ".npz", ".gz", ".pdf", ".png")
            and p.name != "config.yaml"
        ):  # the user's own file
            written[str(p.relative_to(work))] = p.read_text(errors="replace")
    assert any(k.startswith(".snakemake/metadata") for k in written)  # Snakemake's records are searched too
    leaks = [k for k, text in written.items() if any(s in text for s in SECRETS)]
    assert leaks == [], leaks  # ... and recorded nowhere
    repro = (work / "results/report/repro.tex").read_text()
    assert redact(server.url) == server.redacted and server.redacted.replace("_", r"\_") in repro
    rec = json.loads(next(work.glob("results/runs/*/seed0/metrics.json")).read_text())
    assert rec["determinants"]["data"]["source"] == server.redacted
    assert rec["determinants"]["data"]["sha256"] == sha256(work / "results/data/aclImdb.tar.gz")  # the digest stays
    assert server.redacted in (work / "results/logs/download.log").read_text()


@pytest.mark.workflow
def test_accented_names_are_set_in_the_report(private_source_run):
    work = private_source_run[0]
    pdf = subprocess.run(
        ["pdftotext", str(work / "report/hw3.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdfTeX sets an accented letter as letter + accent: its text comes back decomposed
    pdf = unicodedata.normalize("NFC", " ".join(pdf.split()))
    assert NAME in pdf and "Taux d’apprentissage" in pdf


@pytest.mark.workflow
def test_renaming_the_dataset_reruns_the_report_only(private_source_run, tmp_path):
    work, cfg, _, _ = private_source_run
    renamed = {**cfg, "data": {**cfg["data"], "name": "Renamed reviews"}}
    (tmp_path / "renamed.yaml").write_text(yaml.safe_dump(renamed, allow_unicode=True))
    rc, out = snakemake(work, "-n", "--configfile", str(tmp_path / "renamed.yaml"))
    assert rc == 0, out[-3000:]
    # what shows the name (tables, figures, report), and the manifest that lists those files
    assert set(job_counts(out)) == {
        "aggregate",
        "figure_studies",
        "figure_losses",
        "report_inputs",
        "manifest",
        "report_appendix",
        "report",
        "html_pages",  # the HTML report's pages, made after the manifest
        "all",
    }


@pytest.mark.workflow
@pytest.mark.parametrize(
    "key, value", [(("data", "name"), "映画レビュー"), (("studies", "learning_rates", "title"), "Rates 🎬")]
)
def test_a_name_the_report_cannot_set_is_refused_naming_the_key(tmp_path, key, value):
    archive = make_imdb_archive(tmp_path / "a.tar.gz", train_per_class=2, test_per_class=2, unsup=1)
    cfg = imdb_config(str(archive), sha256(archive))
    node = cfg
    for k in key[:-1]:
        node = node[k]
    node[key[-1]] = value
    rc, out = snakemake(tmp_path / "work", "-n", config=cfg)
    assert rc != 0
    assert f"{'.'.join(key)} = {value!r}: the report cannot set" in out and f"U+{ord(value[-1]):04X}" in out
    assert "Traceback" not in out and not (tmp_path / "work/results").exists()


# -------------------------------------------------------------------------- 3


@pytest.mark.workflow
def test_outputs_of_a_removed_configuration_are_listed_by_the_readme_command(private_source_run, tmp_path):
    work, cfg, _, _ = private_source_run
    kept = {
        **cfg,
        "studies": {
            "learning_rates": {**cfg["studies"]["learning_rates"], "configurations": [{"lr": 0.02}, {"lr": 0.1}]}
        },
    }
    (tmp_path / "kept.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True))
    before = states(work)
    rc, out = snakemake(work, "--list-untracked", "--configfile", str(tmp_path / "kept.yaml"))
    assert rc == 0, out[-3000:]
    removed = "w2v_h8_relu_lr0.05_bs8_ep3"
    # the README's filter: Snakemake also lists every benchmark file and latexmk's build folder
    listed = {
        line
        for line in out.splitlines()
        if re.match(r"results/", line) and not re.match(r"results/(benchmarks|report/build)/", line)
    }
    assert listed == {
        f"results/runs/{removed}/seed0/{f}" for f in ("metrics.json", "epochs.csv", "model.pt", "predictions.csv")
    } | {f"results/logs/train/{removed}.log"} | {f"results/timings/runs/{removed}/seed0.json"}
    assert states(work) == before  # listing deletes nothing


# -------------------------------------------------------------------------- 8, 9


def _refused(tmp_path, cfg_text: str) -> str:
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(cfg_text)
    rc, out = snakemake(work, "-n")
    assert rc != 0 and "Traceback" not in out and not (work / "results").exists()
    return out


@pytest.mark.workflow
def test_a_study_whose_vary_does_not_vary_is_refused_naming_it(tmp_path):
    archive = make_imdb_archive(tmp_path / "a.tar.gz", train_per_class=2, test_per_class=2, unsup=1)
    cfg = imdb_config(str(archive), sha256(archive))
    cfg["studies"]["hidden_sizes"] = {"vary": "lr", "configurations": [{"hidden": [4]}, {"hidden": [8]}]}
    out = _refused(tmp_path, yaml.safe_dump(cfg))
    assert (
        "studies.hidden_sizes: configurations[0] and [1] both have lr = 0.02; a study compares values "
        "of its `vary` (lr)"
    ) in out


@pytest.mark.workflow
def test_a_yaml_syntax_error_names_file_line_and_column(tmp_path):
    text = (REPO / "config.yaml").read_text().replace("  sha256: c40f", "  sha256 c40f", 1)
    out = _refused(tmp_path, text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  sha256 c40f"))
    assert re.search(rf"config: config\.yaml, line {line + 1}, column \d+: ", out), out


@pytest.mark.workflow
def test_an_unknown_key_is_named_in_a_few_lines(tmp_path):
    text = (REPO / "config.yaml").read_text() + "\ntraning: {threads: 2}\n"
    out = _refused(tmp_path, text)
    assert "Additional properties are not allowed ('traning' was unexpected)" in out
    assert "Keys allowed at the top level: data, embeddings, download, word2vec_study, training," in out
    assert "Failed validating" not in out and len(out.splitlines()) < 15, out


# -------------------------------------------------------------------------- 10, 11


@pytest.mark.workflow
def test_labels_differing_in_case_and_a_tiny_dev_split_are_warned_not_changed(tmp_path):
    rows = [(f"text {i}", ["pos", "Pos", "neg"][i % 3], "train") for i in range(30)]
    rows += [("dev text", "neg", "dev")] + [(f"test {i}", "pos", "test") for i in range(40)]
    write_rows(tmp_path / "r.tsv", rows)
    rc, out = snakemake(tmp_path / "work", "results/data/split.json", config=table_config(tmp_path / "r.tsv"))
    assert rc == 0, out[-3000:]
    stats = json.loads((tmp_path / "work/results/data/split.json").read_text())
    assert stats["classes"] == ["Pos", "neg", "pos"]  # as the data has them
    warnings = "\n".join(stats["warnings"])
    assert "data.label_column = 'label': labels 'Pos', 'pos' differ only in case or spaces" in warnings
    assert "the dev split has 1 row(s)" in warnings and "test split" not in warnings
    log = (tmp_path / "work/results/logs/split.log").read_text()
    assert all(w in log for w in stats["warnings"])


@pytest.mark.workflow
def test_an_error_in_the_users_table_names_the_key_and_the_file_they_wrote(tmp_path):
    write_rows(tmp_path / "reviews.tsv", toy_rows(30))
    rc, out = snakemake(
        tmp_path / "work",
        "results/data/split.json",
        config=table_config(tmp_path / "reviews.tsv", text_column="review"),
    )
    assert rc != 0
    log = (tmp_path / "work/results/logs/split.log").read_text()
    assert (
        f"data.text_column = 'review': no such column in {tmp_path / 'reviews.tsv'} "
        "(data.files.file.source); its columns are ['text', 'label', 'split']"
    ) in log
    error = next(line for line in log.splitlines() if "DatasetError:" in line)
    assert "results/data/files" not in error
    assert not (tmp_path / "work/results/data/train.parquet").exists()
