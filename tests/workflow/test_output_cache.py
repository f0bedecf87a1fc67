"""Snakemake's between-workflow cache (`--cache`, SNAKEMAKE_OUTPUT_CACHE) on the
small archive: a second working directory with the same settings takes the
split and the word vectors from it (no word2vec job runs) and gets the bytes a
fresh training gives; a changed word2vec setting, or changed package code,
trains anew."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import sha256
from tests.workflow.pipeline import run_config, snakemake_cmd, write_config

pytestmark = pytest.mark.workflow

VECTORS = "results/embeddings/word2vec-imdb.npz"
W2V_LOG = "results/logs/embeddings/word2vec-imdb.log"


def build(workdir: Path, config: dict, cache: Path | None, *extra: str, package: Path | None = None) -> str:
    """Snakemake on the word vectors in ``workdir`` (with the cache in ``cache``, if given); what it printed."""
    configfile = write_config(workdir / "config.yaml", config)
    args = [VECTORS, *(["--cache"] if cache else []), *extra]
    env = dict(os.environ)
    if cache:
        env["SNAKEMAKE_OUTPUT_CACHE"] = str(cache)
    if package:
        env["PYTHONPATH"] = str(package)
    cmd = snakemake_cmd(workdir, configfile, *args)
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-3000:]
    return out


def trained(workdir: Path) -> bool:
    """Whether word2vec ran in ``workdir`` (its log holds the training; a job taken from the cache writes none)."""
    log = workdir / W2V_LOG
    return log.is_file() and "word2vec:" in log.read_text()


@pytest.fixture(scope="module")
def cached(tmp_path_factory, archive):
    """The vectors built once with the cache on: the cache and the config."""
    root = tmp_path_factory.mktemp("cache")
    cache = root / "cache"
    cache.mkdir()
    config = run_config(archive, sha256(archive))
    out = build(root / "first", config, cache)
    assert trained(root / "first")
    assert f"Moving output file {VECTORS} to cache" in out
    return cache, config


def test_a_second_directory_takes_the_vectors_from_the_cache_with_the_same_bytes(cached, tmp_path):
    cache, config = cached
    out = build(tmp_path / "second", config, cache)
    assert f"Symlinking output file {VECTORS} from cache" in out
    assert "Symlinking output file results/data/train.parquet from cache" in out  # the split too
    assert not trained(tmp_path / "second")
    vectors = tmp_path / "second" / VECTORS
    assert vectors.is_symlink() and Path(os.readlink(vectors)).parent == cache
    # the same bytes as word2vec trained afresh without the cache
    build(tmp_path / "fresh", config, None)
    assert trained(tmp_path / "fresh")
    assert vectors.read_bytes() == (tmp_path / "fresh" / VECTORS).read_bytes()


def test_a_changed_word2vec_setting_trains_anew(cached, tmp_path):
    cache, config = cached
    changed = {**config, "embeddings": {"word2vec-imdb": {**config["embeddings"]["word2vec-imdb"], "epochs": 6}}}
    entries = set(cache.iterdir())
    out = build(tmp_path / "changed", changed, cache)
    assert trained(tmp_path / "changed")
    assert f"Moving output file {VECTORS} to cache" in out
    assert "Symlinking output file results/data/train.parquet from cache" in out  # the split's settings did not change
    assert len(set(cache.iterdir()) - entries) == 1  # a new entry for the new vectors


def test_changed_package_code_is_not_served_from_the_cache(cached, tmp_path):
    """A copy of the package with word2vec's module edited: the dry run plans to
    write the vectors to the cache, not to take them from it (the key holds the
    rule's code digest)."""
    import textmlp

    cache, config = cached
    src = tmp_path / "src"
    shutil.copytree(Path(textmlp.__file__).parent, src / "textmlp", ignore=shutil.ignore_patterns("__pycache__"))
    same = build(tmp_path / "same", config, cache, "-n", package=src)
    assert f"Output file {VECTORS} will be obtained from global between-workflow cache" in same
    with open(src / "textmlp/features/word_vectors.py", "a") as fh:
        fh.write("\nEDITED_BY_A_TEST = True\n")
    edited = build(tmp_path / "edited", config, cache, "-n", package=src)
    assert f"Output file {VECTORS} will be written to global between-workflow cache" in edited
    assert "Output file results/data/train.parquet will be obtained from global between-workflow cache" in edited
