"""textmlp.resources: each data-sized rule's declared memory and time, against
the jobs bench/scale.py measured (bench/scale/measured.csv, committed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from tests.conftest import REPO
from textmlp import resources
from textmlp.features.tfidf_file import save_tfidf, stored_shape

MEASURED = REPO / "bench" / "scale" / "measured.csv"


@pytest.fixture(scope="module")
def measured() -> pd.DataFrame:
    return pd.read_csv(MEASURED)


def declared_mem(row) -> int:
    return resources.mem_mb(row.rule, row.input_mb, row.extra_mb)


def test_every_measured_job_declares_at_least_its_peak_and_at_most_twice_it(measured):
    assert len(measured) >= 20 and measured["size"].nunique() >= 3  # several sizes, every data-sized rule
    assert set(measured["rule"]) >= {"split", "word2vec", "features", "tfidf", "baseline", "train", "train_sparse"}
    for row in measured.itertuples():
        declared = declared_mem(row)
        assert row.max_rss_mb <= declared <= 2 * row.max_rss_mb, (row.size, row.job, row.max_rss_mb, declared)


def test_every_measured_job_declares_more_time_than_it_took(measured):
    for row in measured.itertuples():
        minutes = resources.runtime(row.rule, row.input_mb, row.work)
        assert row.s <= 60 * minutes, (row.size, row.job, row.s, minutes)


def test_declared_memory_follows_the_data():
    small, large = resources.mem_mb("tfidf", 10), resources.mem_mb("tfidf", 160)
    assert small < large and small % resources.STEP_MB == 0
    assert resources.mem_mb("train_sparse", 100, extra_mb=560) > resources.mem_mb("train_sparse", 100)
    with pytest.raises(KeyError, match="no resource formula for rule 'nope'"):
        resources.mem_mb("nope", 1)
    with pytest.raises(ValueError, match="negative"):
        resources.runtime("split", -1)
    assert resources.runtime("split", 0) == resources.MIN_RUNTIME


def test_train_work_counts_epochs_seeds_and_layers():
    ref = resources.train_work(20, 1, [512], 50)
    assert ref == pytest.approx(1.0)
    assert resources.train_work(40, 3, [512], 50) == pytest.approx(6.0)
    assert resources.train_work(20, 1, [512, 512, 512], 50) > 5 * ref  # 21x the products, plus the fixed share


def test_training_memory_adds_the_tfidf_layer_from_the_files_columns(tmp_path):
    x = sp.random(6, 4000, density=0.01, format="csr", dtype=np.float32, random_state=0)
    path = tmp_path / "t.npz"
    save_tfidf(path, {"train_x": x, "train_y": np.array([0, 1, 2, 0, 1, 2])})
    assert stored_shape(path) == (6, 4000, 3)
    layer = resources.layer_bytes(4000, 32, copies=3) / 2**20  # the weights and Adam's two moments
    assert resources.training_layer_mb([32], 4000, 3) == layer == 4000 * 32 * 4 * 3 / 2**20
    assert resources.training_mem_mb(1.0, [32], 4000, 3) == resources.mem_mb("train_sparse", 1.0, layer)
    # a linear model: n-grams straight to the 3 classes
    assert resources.training_mem_mb(1.0, [], 4000, 3) == resources.mem_mb(
        "train_sparse", 1.0, resources.layer_bytes(4000, 3, copies=3) / 2**20
    )
    assert resources.training_mem_mb(1.0, [32]) == resources.mem_mb("train", 1.0)
    assert resources.on_features("baseline", "f.npz") == "baseline_sparse"
    assert resources.on_features("baseline", "f.pt") == "baseline"


def test_a_cluster_job_declares_its_snakemake_wrappers_too():
    assert resources.cluster_mem_mb(950, on_cluster=False) == 950
    assert resources.cluster_mem_mb(950, on_cluster=True) == 950 + resources.CLUSTER_WRAPPER_MB
    # two Snakemake processes of ~180-192 MiB each (sacct), rounded up
    assert 2 * 192 <= resources.CLUSTER_WRAPPER_MB <= 2 * 250
    with pytest.raises(ValueError, match="negative"):
        resources.cluster_mem_mb(-1, on_cluster=True)


def test_a_formula_with_a_flatter_line_takes_the_lesser():
    line = resources.Linear(300.0, 6.0, flatter=resources.Linear(680.0, 0.55))
    assert line(10) == 360.0 and line(400) == 680.0 + 0.55 * 400  # the steep line first, then the flatter one
    assert str(line) == "min(300 + 6 x MiB, 680 + 0.55 x MiB)"
    assert resources.mem_mb("tfidf", 400) < resources.mem_mb("tfidf", 800)  # it still grows
