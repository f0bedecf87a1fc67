"""Issue 24 end to end: a table fetched by a presigned-style URL (a token in
its query string, no data.format) through the whole pipeline to the
submission zip; then artifacts edited by hand after their training job, and a
rebuild from the zip alone following its SUBMISSION.txt.

1, 2: no file name, log, manifest line, console line or Snakemake record holds
the token, and the format comes from the URL's path. 3: a hand-edited
predictions.csv or a truncated model.pt stops the jobs that would use it,
naming the file and the fix, and the manifest is not rewritten over it.
16: the zip holds the configuration used and a checksum file that passes in
the unzipped folder, and its rebuild steps give back the manifest's artifacts.
"""

from __future__ import annotations

import base64
import http.server
import json
import random
import secrets
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, sha256

pytestmark = pytest.mark.workflow

# drawn per run, so that no file holds them but where they leak (the test's own
# source travels in the submission zip's code/)
TOKEN, SIGNATURE = f"tok-{secrets.token_hex(8)}", f"SIG{secrets.token_hex(8)}"
WORDS = {"up": ["brilliant", "charming", "gripping"], "down": ["tedious", "clumsy", "bland"]}
FILLER = ["the", "movie", "acting", "score", "ending", "was", "quite", "and"]


def write_table(path: Path, n: int = 120, seed: int = 4) -> None:
    """A TSV of its own kind: labels up/down, a `fold` column, texts that mix
    filler words with their label's words."""
    rng = random.Random(seed)
    lines = ["body\tverdict\tfold"]
    for i in range(n):
        label = "up" if i % 2 else "down"
        words = [rng.choice(WORDS[label]) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(10)]
        fold = "train" if i < 0.6 * n else ("dev" if i < 0.8 * n else "test")
        lines.append(f"{' '.join(words)}\t{label}\t{fold}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Bucket:
    """127.0.0.1 server of one file that, like presigned storage URLs, wants its
    signature and token in the query string."""

    def __init__(self, path: Path):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append(self.path)
                if f"X-Amz-Signature={SIGNATURE}" not in self.path or f"token={TOKEN}" not in self.path:
                    self.send_error(403)
                    return
                data = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/bucket/ratings.tsv?X-Amz-Signature={SIGNATURE}&token={TOKEN}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def config(source: str, digest: str) -> dict:
    return {
        "data": {
            "kind": "table",
            "name": "Verdicts",
            "files": {"file": {"source": source, "sha256": digest}},
            "text_column": "body",
            "label_column": "verdict",
            "split_column": "fold",
        },
        "embeddings": {"w2v": {"kind": "word2vec", "dim": 8, "min_count": 1, "epochs": 2}},
        "training": {"device": "cpu"},
        "seeds": [0],
        "defaults": {"embedding": "w2v", "hidden": [8], "activation": "relu", "lr": 0.02, "batch_size": 8, "epochs": 3},
        "studies": {"rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": 0.05}]}},
    }


def snakemake(workdir: Path, *args: str, timeout: float = 600) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "-d", str(workdir), "--cores", "2", *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return res.returncode, res.stdout + res.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("bucket")
    write_table(root / "ratings.tsv")
    server = Bucket(root / "ratings.tsv")
    work = root / "work"
    work.mkdir()
    cfg = config(server.url, sha256(root / "ratings.tsv"))
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    rc, out = snakemake(work, "all", "submission")
    yield root, work, server, cfg, out, rc
    server.close()


@pytest.fixture
def finished(served):
    root, work, server, cfg, out, rc = served
    assert rc == 0, out[-4000:]
    return root, work, server, cfg, out


def metadata_names(work: Path) -> list[str]:
    """The paths Snakemake's records are named after (file names are base64 of the output path)."""
    names = []
    for p in (work / ".snakemake").rglob("*"):
        names.append(str(p.relative_to(work)))
        if p.parent.name == "metadata":
            try:
                names.append(base64.urlsafe_b64decode(p.name + "=" * (-len(p.name) % 4)).decode(errors="replace"))
            except ValueError:
                pass
    return names


def test_the_token_is_in_no_file_name_log_manifest_or_record(finished):
    root, work, server, cfg, console = finished
    assert server.requests and all(TOKEN in r for r in server.requests)  # it was sent ...
    names = [str(p.relative_to(work)) for p in work.rglob("*")] + metadata_names(work)
    assert "results/data/files/file/ratings.tsv" in names
    assert any("results/data/files/file/ratings.tsv" in n for n in metadata_names(work))  # decoded: the check bites
    texts = {"console": console}
    for p in work.rglob("*"):
        if p.is_file() and p.name != "config.yaml" and p.suffix not in (".parquet", ".pt", ".npz", ".pdf", ".png"):
            texts[str(p.relative_to(work))] = p.read_bytes().decode(errors="replace")
    with zipfile.ZipFile(work / "submission/hw3-submission.zip") as zf:
        names += zf.namelist()
        texts.update({f"zip:{m}": zf.read(m).decode(errors="replace") for m in zf.namelist() if not m.endswith(".pdf")})
    for secret in (TOKEN, SIGNATURE):
        assert [n for n in names if secret in n] == []
        assert [k for k, t in texts.items() if secret in t] == []
    assert "results/data/files/file/ratings.tsv" in (work / "results/MANIFEST.sha256").read_text()
    assert "ratings.tsv?***" in (work / "results/logs/download/file/ratings.tsv.log").read_text()


def test_the_format_comes_from_the_urls_path(finished):
    work = finished[1]
    stats = json.loads((work / "results/data/split.json").read_text())
    assert {k: stats["sizes"][k] for k in ("train", "dev", "test")} == {"train": 72, "dev": 24, "test": 24}
    assert stats["classes"] == ["down", "up"]


def test_the_zip_holds_the_configuration_used_and_checks_itself(finished, tmp_path):
    root, work, server, cfg, _ = finished
    with zipfile.ZipFile(work / "submission/hw3-submission.zip") as zf:
        zf.extractall(tmp_path)
    res = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    listed = {line.split("  ", 1)[1] for line in (tmp_path / "SHA256SUMS").read_text().splitlines()}
    held = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert listed == held  # exactly what the zip holds
    used = yaml.safe_load((tmp_path / "config.yaml").read_text())
    # as Snakemake had it: the schema's defaults filled in
    assert used["studies"]["rates"]["configurations"] == cfg["studies"]["rates"]["configurations"]
    assert used["defaults"] == cfg["defaults"] and used["seeds"] == [0] and used["data"]["name"] == "Verdicts"
    assert used["data"]["files"]["file"]["sha256"] == cfg["data"]["files"]["file"]["sha256"]
    assert used["data"]["files"]["file"]["source"].endswith("/bucket/ratings.tsv?***")
    note = (tmp_path / "SUBMISSION.txt").read_text()
    assert "snakemake -s code/Snakefile -d rebuild --cores 8" in note
    assert f"data.files.file.source: fetched from {used['data']['files']['file']['source']}" in note
    assert "put the full URL in config.yaml (data.files.file.source)" in note
    assert not (tmp_path / "data").exists()  # a URL's file is named, not included


def test_following_submission_txt_rebuilds_the_manifests_artifacts(finished, tmp_path):
    root, work, server, cfg, _ = finished
    with zipfile.ZipFile(work / "submission/hw3-submission.zip") as zf:
        zf.extractall(tmp_path)
    note = (tmp_path / "SUBMISSION.txt").read_text()
    used = tmp_path / "config.yaml"
    # what the note asks of the reader: the full URL in place of the redacted one
    used.write_text(
        used.read_text().replace(yaml.safe_load(used.read_text())["data"]["files"]["file"]["source"], server.url)
    )
    if (tmp_path / "code/UNCOMMITTED.diff").exists():
        subprocess.run(["git", "apply", "UNCOMMITTED.diff"], cwd=tmp_path / "code", check=True)
    (tmp_path / "rebuild").mkdir()
    shutil.copy(used, tmp_path / "rebuild/config.yaml")
    assert "snakemake -s code/Snakefile -d rebuild --cores 8" in note
    cmd = [sys.executable, "-m", "snakemake", "-s", "code/Snakefile", "-d", "rebuild", "--cores", "2"]
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path / "code/src")}
    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
    assert res.returncode == 0, (res.stdout + res.stderr)[-4000:]
    check = subprocess.run(
        ["sha256sum", "-c", "../results/MANIFEST.sha256"], cwd=tmp_path / "rebuild", capture_output=True, text=True
    )
    failed = [line for line in check.stdout.splitlines() if not line.endswith(": OK")]
    assert failed == ["results/inputs.json: FAILED"], check.stdout[-3000:]


# -------------------------------------------------------------------------- 3


def tampered_copy(work: Path, dest: Path) -> Path:
    shutil.copytree(work, dest, symlinks=True)  # copy2: times kept, so only the edit is new
    return dest


def test_a_hand_edited_predictions_file_is_refused_and_the_manifest_kept(finished, tmp_path):
    work = tampered_copy(finished[1], tmp_path / "work")
    manifest = (work / "results/MANIFEST.sha256").read_bytes()
    run = next(p for p in sorted((work / "results/runs").glob("*/seed0")))
    path = run / "predictions.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    i, j = header.index("label"), header.index("predicted")
    edited = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[j] = cells[i]  # every prediction right
        edited.append(",".join(cells))
    path.write_text("\n".join(edited) + "\n")
    rc, out = snakemake(work, "all", "submission")
    assert rc != 0
    log = (work / "results/logs/compare.log").read_text()
    rel = f"results/runs/{run.parent.name}/seed0"
    assert f"{rel}/predictions.csv: its predictions give a test accuracy of 1.0, but {rel}/metrics.json records" in log
    assert f"delete {rel}/ and run snakemake again" in log
    assert (work / "results/MANIFEST.sha256").read_bytes() == manifest
    check = subprocess.run(["sha256sum", "-c", "--quiet", "results/MANIFEST.sha256"], cwd=work, capture_output=True)
    assert check.returncode != 0  # the manifest still tells the edit

    shutil.rmtree(run.parent)  # the fix the message gives
    rc, out = snakemake(work, "all", "submission")
    assert rc == 0, out[-3000:]
    assert (work / "results/MANIFEST.sha256").read_bytes() == manifest  # the same results again


def test_a_truncated_model_file_is_refused_and_the_manifest_kept(finished, tmp_path):
    work = tampered_copy(finished[1], tmp_path / "work")
    manifest = (work / "results/MANIFEST.sha256").read_bytes()
    model = sorted((work / "results/runs").glob("*/seed0/model.pt"))[-1]
    model.write_bytes(model.read_bytes()[:100])
    rc, out = snakemake(work, "all", "submission")
    assert rc != 0
    log = (work / "results/logs/compare.log").read_text()
    rel = str(model.relative_to(work))
    assert f"{rel}: cannot be loaded" in log
    assert f"or run `snakemake --forcerun {model.parent.relative_to(work)}/metrics.json`" in log
    assert (work / "results/MANIFEST.sha256").read_bytes() == manifest

    rc, out = snakemake(work, "all", "submission", "--forcerun", f"{model.parent.relative_to(work)}/metrics.json")
    assert rc == 0, out[-3000:]  # the other fix the message gives
    assert (work / "results/MANIFEST.sha256").read_bytes() == manifest


def test_the_report_counts_seeds_in_good_grammar(finished):
    """Issue 24.15: seeds: [0] gives 'one seed (0)', not 'one seeds (0)'."""
    text = " ".join((finished[1] / "results/report/programming.tex").read_text().split())
    assert "trained with one seed (0)" in text and "one seeds (0)" not in text


# -------------------------------------------------------------------------- 4


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["body", "verdict", "fold"])
        writer.writerows(rows)


def csv_rows(n: int = 90) -> list[tuple[str, str, str]]:
    rng = random.Random(9)
    rows = []
    for i in range(n):
        label = "up" if i % 2 else "down"
        words = [rng.choice(WORDS[label]) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(10)]
        rows.append((" ".join(words), label, "train" if i < 54 else ("dev" if i < 72 else "test")))
    return rows


def test_a_csv_whose_quote_swallows_rows_stops_the_split_naming_the_key(tmp_path):
    rows = csv_rows()
    lines = ["body,verdict,fold"] + [",".join(r) for r in rows]
    lines[10] = '"an opening quote that runs on,up,train'
    lines[80] = 'a dev text with a stray quote" here,down,dev'  # closes it: 70 lines become one text
    (tmp_path / "r.csv").write_text("\n".join(lines) + "\n")
    work = tmp_path / "work"
    work.mkdir()
    cfg = config(str(tmp_path / "r.csv"), sha256(tmp_path / "r.csv"))
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    rc, out = snakemake(work, "results/data/split.json", timeout=300)
    assert rc != 0
    log = (work / "results/logs/split.log").read_text()
    assert f"{tmp_path / 'r.csv'} (data.files.file.source): 90 lines of data but" in log
    assert "set data.multiline_fields: true" in log
    assert not (work / "results/data/train.parquet").exists()


def test_declared_multiline_texts_are_read_and_counted_in_the_audit(tmp_path):
    rows = csv_rows()
    rows[3] = ("a text\nover three\nlines, with a comma", "up", "train")
    rows[60] = ("a dev text\non two lines", "down", "dev")
    write_csv(tmp_path / "r.csv", rows)
    work = tmp_path / "work"
    work.mkdir()
    cfg = config(str(tmp_path / "r.csv"), sha256(tmp_path / "r.csv"))
    cfg["data"]["multiline_fields"] = True
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    rc, out = snakemake(work, "results/report/programming.tex", timeout=600)
    assert rc == 0, out[-3000:]
    stats = json.loads((work / "results/data/split.json").read_text())
    assert stats["lines_read_as_rows"] == {"file": {"lines": 93, "rows": 90}}
    assert json.loads((work / "results/data/audit.json").read_text())["lines_read_as_rows"] == {
        "file": {"lines": 93, "rows": 90}
    }
    text = " ".join((work / "results/report/programming.tex").read_text().split())
    assert (
        "Quoted texts span several lines (data.multiline\\_fields): 93 lines of the file file were read as 90 rows."
        in text
    )


def test_a_study_without_a_section_is_compared_and_checked_but_not_written_as_a_section(tmp_path):
    """``section: false``: a study whose runs and comparison other studies already show (tanh at two rates) is
    trained, compared and its claims checked, but the report gives it no section of its own."""
    write_csv(tmp_path / "r.csv", csv_rows())
    work = tmp_path / "work"
    work.mkdir()
    cfg = config(str(tmp_path / "r.csv"), sha256(tmp_path / "r.csv"))
    cfg["studies"]["pair"] = {"vary": "lr", "section": False, "configurations": [{"lr": 0.02}, {"lr": 0.05}]}
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    rc, out = snakemake(work, "results/report/programming.tex", timeout=600)
    assert rc == 0, out[-3000:]
    text = (work / "results/report/programming.tex").read_text()
    assert "sec:study-rates" in text and "sec:study-pair" not in text
    claims = (work / "results/report/claims.csv").read_text().splitlines()
    assert any(line.startswith("pair,") for line in claims)  # its claims are made and checked all the same


# -------------------------------------------------------------------------- 7-13: refused before any job


def refused(work: Path, *args: str) -> str:
    rc, out = snakemake(work, "-n", *args, timeout=120)
    assert rc != 0 and "Traceback" not in out, out[-3000:]
    assert not (work / "results").exists()
    return out


def local_config(tmp_path: Path) -> dict:
    write_table(tmp_path / "ratings.tsv", n=60)
    return config(str(tmp_path / "ratings.tsv"), sha256(tmp_path / "ratings.tsv"))


def test_a_key_given_twice_in_a_configfile_is_refused_naming_its_lines(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(local_config(tmp_path)))
    (tmp_path / "override.yaml").write_text("seeds: [0, 1]\ntraining: {device: cpu}\nseeds: [5]\n")
    out = refused(work, "--configfile", str(tmp_path / "override.yaml"))
    assert "override.yaml, line 3, column 1: the key 'seeds' is given twice, at lines 1 and 3" in out


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lr": float("nan")}, "studies.rates.configurations[0].lr is not a finite number"),
        ({"lr": 1e38}, "greater than the maximum of 1000000"),
        ({"hidden": [100000, 100000]}, "makes a model of 10,001,000,000 weights"),
    ],
)
def test_a_configuration_no_job_could_run_is_refused_up_front(tmp_path, change, message):
    cfg = local_config(tmp_path)
    cfg["studies"]["rates"]["configurations"][0].update(change)
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    assert message in refused(work)


def test_a_blank_line_in_a_title_is_refused_up_front(tmp_path):
    cfg = local_config(tmp_path)
    cfg["studies"]["rates"]["title"] = "Learning\n\nrates"
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    assert "studies.rates.title = 'Learning\\n\\nrates': holds a blank line" in refused(work)


def test_an_alias_bomb_is_refused_in_seconds(tmp_path):
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(local_config(tmp_path)) + "\n".join(lines) + "\n")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nbomb: [*l8, *l8]\n")
    out = refused(work)
    assert "config.yaml: expands to more than 100,000 values" in out
    (work / "config.yaml").write_text(yaml.safe_dump(local_config(tmp_path)))
    out = refused(work, "--configfile", str(tmp_path / "bomb.yaml"))
    assert "expands to more than 100,000 values" in out


def test_a_backslash_in_a_local_tables_name_reaches_the_manifest(tmp_path):
    """Issue 24.10: the copy's name is one sha256sum can list."""
    write_table(tmp_path / "my rev\\iews.tsv", n=60)
    cfg = config(str(tmp_path / "my rev\\iews.tsv"), sha256(tmp_path / "my rev\\iews.tsv"))
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(yaml.safe_dump(cfg))
    rc, out = snakemake(work, "results/MANIFEST.sha256", timeout=600)
    assert rc == 0, out[-3000:]
    assert "results/data/files/file/my rev_iews.tsv" in (work / "results/MANIFEST.sha256").read_text()
    check = subprocess.run(["sha256sum", "-c", "--quiet", "results/MANIFEST.sha256"], cwd=work, capture_output=True)
    assert check.returncode == 0, check.stdout
