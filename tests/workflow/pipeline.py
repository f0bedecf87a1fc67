"""Helpers of the end-to-end tests on a small IMDB-format archive: a config of
three configurations x two seeds, one of them diverging, and Snakemake run on
the repository's Snakefile in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

SNAKEFILE = REPO / "Snakefile"
SEEDS = [0, 1]
EPOCHS = 20
DIVERGING_LR = 10000.0  # Adam with this lr blows the loss up to ~1e4 in the first epoch
DIVERGING_RUN = f"word2vec-imdb_h8_sigmoid_lr{DIVERGING_LR:g}_bs4_ep{EPOCHS}"
#: Reviews the reader must survive: an empty file, one empty after the <br />
#: markup is removed (both skipped and counted), and Latin-1 bytes (decoded
#: with U+FFFD and counted).
ODD_REVIEWS = {
    "aclImdb/train/pos/900_8.txt": b"",
    "aclImdb/test/neg/901_2.txt": b"<br /><br />  ",
    "aclImdb/train/neg/902_3.txt": "un film d\xe9cevant et ennuyeux".encode("latin-1"),
}


def run_config(source, digest: str) -> dict:
    """Three configurations x two seeds, one of them diverging; small enough
    that the whole pipeline up to the tables takes seconds."""
    return {
        "data": {
            "source": str(source),
            "sha256": digest,
            "split": {"seed": 1, "dev_size": 40, "train_size": 160, "test_size": 100},
        },
        "embeddings": {"word2vec-imdb": {"kind": "word2vec", "dim": 8, "min_count": 1, "epochs": 5}},
        "training": {"device": "cpu"},
        "seeds": SEEDS,
        "defaults": {
            "embedding": "word2vec-imdb",
            "hidden": [8],
            "activation": "sigmoid",
            "lr": 0.02,
            "batch_size": 4,
            "epochs": EPOCHS,
        },
        "studies": {
            "structures": {"vary": "hidden", "configurations": [{"hidden": []}, {"hidden": [8]}]},
            "learning_rates": {"vary": "lr", "configurations": [{"lr": 0.02}, {"lr": DIVERGING_LR}]},
        },
    }


def write_config(path: Path, cfg: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg))
    return path


def snakemake_cmd(workdir: Path, configfile: Path, *args: str, cores: int = 1) -> list[str]:
    # the targets go before --configfile, which takes every word after it
    return [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(SNAKEFILE),
        "-d",
        str(workdir),
        "--cores",
        str(cores),
        *args,
        "--configfile",
        str(configfile),
    ]


def snakemake(workdir: Path, configfile: Path, *args: str, cores: int = 1, timeout: float = 300) -> tuple[int, str]:
    """Exit status and everything Snakemake printed."""
    res = subprocess.run(
        snakemake_cmd(workdir, configfile, *args, cores=cores), capture_output=True, text=True, timeout=timeout
    )
    return res.returncode, res.stdout + res.stderr
