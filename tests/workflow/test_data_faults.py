"""Faults in the data, end to end (the repository's Snakefile, in a subprocess):
a corrupted or missing download and an unsafe or too small archive stop the
pipeline at the job that meets them, naming the problem, with nothing
downstream started. The same faults against fetch() and read_archive():
tests/data/.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import make_imdb_archive, sha256
from tests.workflow.pipeline import run_config, snakemake, write_config


def _corrupt(data: bytes, how: str) -> bytes:
    if how == "truncated file":
        return data[: len(data) * 2 // 3]
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    return bytes(flipped)


@pytest.mark.workflow
@pytest.mark.parametrize("how", ["truncated file"])  # a flipped byte: test_download.py
def test_corrupted_archive_over_http_stops_the_pipeline(http_server, archive, tmp_path, how):
    good = archive.read_bytes()
    (http_server.root / "aclImdb_v1.tar.gz").write_bytes(_corrupt(good, how))
    actual = sha256(http_server.root / "aclImdb_v1.tar.gz")
    expected = hashlib.sha256(good).hexdigest()
    url = http_server.url("aclImdb_v1.tar.gz")
    configfile = write_config(tmp_path / "config.yaml", run_config(url, expected))
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, configfile, "split")
    assert rc != 0
    assert "Error in rule download" in output and "results/logs/download.log" in output
    log = (workdir / "results/logs/download.log").read_text()
    assert f"sha256 mismatch for {url}: expected {expected}, got {actual}" in log
    assert http_server.requests == ["aclImdb_v1.tar.gz"]  # a wrong digest is not retried
    data = workdir / "results/data"
    assert not data.exists() or list(data.iterdir()) == []  # no archive, no partial file
    assert not list(workdir.rglob("*.parquet"))
    assert "rule split:" not in output  # nothing downstream started


@pytest.mark.workflow
def test_http_404_stops_the_pipeline_naming_the_url(http_server, archive, tmp_path):
    url = http_server.url("no/such/aclImdb_v1.tar.gz")
    configfile = write_config(tmp_path / "config.yaml", run_config(url, sha256(archive)))
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, configfile, "split")
    assert rc != 0 and "Error in rule download" in output
    log = (workdir / "results/logs/download.log").read_text()
    assert f"DownloadError: HTTP 404 Not Found fetching {url}" in log
    assert http_server.requests == ["no/such/aclImdb_v1.tar.gz"]  # a 404 is not retried
    assert not (workdir / "results/data/aclImdb.tar.gz").exists()


@pytest.mark.workflow
@pytest.mark.parametrize("fault", ["member outside the folder", "split larger than the archive", "no urls files"])
def test_split_faults_stop_the_pipeline_before_any_parquet(tmp_path, fault):
    if fault == "member outside the folder":
        path = make_imdb_archive(
            tmp_path / "aclImdb_v1.tar.gz",
            train_per_class=20,
            test_per_class=20,
            unsup=5,
            extra={"aclImdb/../../evil.txt": b"pwned"},
        )
        cfg = run_config(path, sha256(path))
        message = "UnsafeArchiveError: archive member 'aclImdb/../../evil.txt' points outside the target folder"
    elif fault == "no urls files":  # dev cannot be drawn by movie: the error says how to draw it at random
        path = make_imdb_archive(
            tmp_path / "aclImdb_v1.tar.gz", train_per_class=100, test_per_class=60, unsup=5, urls=False
        )
        cfg = run_config(path, sha256(path))
        message = "set data.split.dev_grouping: none for a dev split of single reviews drawn at random"
    else:
        path = make_imdb_archive(tmp_path / "aclImdb_v1.tar.gz", train_per_class=20, test_per_class=20, unsup=5)
        cfg = run_config(path, sha256(path))  # asks for 40 + 160 of the 40 training reviews
        message = "data.split.dev_size + train_size = 200 exceeds the 40 reviews available"
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, write_config(tmp_path / "config.yaml", cfg), "split")
    assert rc != 0 and "Error in rule split" in output
    assert message in (workdir / "results/logs/split.log").read_text()
    assert not list(workdir.rglob("*.parquet")) and not (workdir / "results/data/split.json").exists()
    assert not [p for p in tmp_path.rglob("evil.txt")]


@pytest.mark.workflow
def test_an_archive_without_urls_files_splits_with_dev_grouping_none(tmp_path):
    path = make_imdb_archive(
        tmp_path / "aclImdb_v1.tar.gz", train_per_class=100, test_per_class=60, unsup=5, urls=False
    )
    cfg = run_config(path, sha256(path))
    cfg["data"]["split"]["dev_grouping"] = "none"
    workdir = tmp_path / "work"
    rc, output = snakemake(workdir, write_config(tmp_path / "config.yaml", cfg), "results/data/audit.json")
    assert rc == 0, output[-3000:]
    stats = json.loads((workdir / "results/data/split.json").read_text())
    assert stats["sizes"]["dev"] == 40 and stats["group_by"] is None and stats["movie_lists"] == []
    assert json.loads((workdir / "results/data/audit.json").read_text())["groups"] is None


@pytest.mark.workflow
def test_the_default_split_draws_dev_by_movie_and_the_audit_counts_movies(tmp_path):
    path = make_imdb_archive(tmp_path / "aclImdb_v1.tar.gz", train_per_class=100, test_per_class=60, unsup=5)
    workdir = tmp_path / "work"
    cfg = run_config(path, sha256(path))
    rc, output = snakemake(workdir, write_config(tmp_path / "config.yaml", cfg), "results/data/audit.json")
    assert rc == 0, output[-3000:]
    stats = json.loads((workdir / "results/data/split.json").read_text())
    assert stats["split"]["dev_grouping"] == "movie" and stats["group_by"] == "movie"
    assert stats["sizes"]["dev"] == 40 and stats["label_counts"]["dev"] == {"0": 20, "1": 20}
    groups = json.loads((workdir / "results/data/audit.json").read_text())["groups"]
    assert groups["name"] == "movie" and groups["overlaps"]["train_dev"]["groups"] == 0
    assert groups["splits"]["dev"]["groups"] > 0 and groups["splits"]["dev"]["rows_group_in_train"] == 0
