"""The same code path on a CUDA GPU: skipped where torch sees no CUDA device.

Run on a machine with one: ``python3 -m pytest -m cuda -s`` (``-s`` shows
the CPU and CUDA training times). The trainers and optimizers are checked
against their CPU results, and the small workflow (averaged word2vec vectors
and a sparse TF-IDF representation) runs once with ``training.device: cpu``
and once with ``cuda``; every run's metrics must agree within TOLERANCE.

Why a tolerance and not equality: the GPU sums in another order (cuBLAS
blocking, atomic ``index_add_`` in the sparse layer), so float32 results
differ in the last bits, and small differences can flip a prediction near
the decision boundary. One review of the small test split is 1/150 of accuracy.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
import yaml

from tests.conftest import make_imdb_archive, sha256

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: torch.cuda.is_available() is False"),
]

CPU, CUDA = torch.device("cpu"), torch.device("cuda")
DEVICES = {"cpu": CPU, "cuda": CUDA}
#: Largest allowed |CUDA - CPU| per metric of a run (accuracy: 3 of 150 test reviews; loss: absolute).
TOLERANCE = {"best_dev_acc": 0.02, "test_acc": 0.02, "best_dev_loss": 0.02, "test_loss": 0.02, "final_train_loss": 0.02}


def dense_splits(n=(512, 128, 128), d=12, seed=0):
    from textmlp.train.loop import Split

    g = torch.Generator().manual_seed(seed)
    out = []
    for size in n:
        x = torch.randn(size, d, generator=g)
        out.append(Split(x, (x[:, 0] - 0.7 * x[:, 1] > 0).long()))
    return out


def test_fused_adam_runs_on_cuda_as_on_cpu():
    from textmlp.models.optim import Adam

    def steps(device, steps=20):
        torch.manual_seed(0)
        layer = torch.nn.Linear(12, 3).to(device)
        opt = Adam(layer.parameters(), lr=0.01)
        g = torch.Generator().manual_seed(1)
        for _ in range(steps):
            x = torch.randn(64, 12, generator=g).to(device)
            opt.zero_grad()
            (layer(x) ** 2).mean().backward()
            opt.step()
        assert all(s.device.type == device.type for s in opt.steps)
        return layer.weight.detach().cpu()

    assert torch.allclose(steps(CUDA), steps(CPU), atol=1e-5)


def test_row_adam_runs_on_cuda_as_sparse_adam_does():
    from textmlp.models.optim import RowAdam

    def run(optimizer, device, steps=30):
        torch.manual_seed(0)
        bag = torch.nn.EmbeddingBag(400, 8, mode="sum", sparse=True).to(device)
        opt = optimizer(bag.parameters(), lr=0.01)
        g = torch.Generator().manual_seed(1)
        for _ in range(steps):
            idx = torch.randint(0, 400, (300,), generator=g).to(device)  # repeated rows within a batch
            offsets = torch.arange(0, 300, 10).to(device)
            out = bag(idx, offsets, per_sample_weights=torch.rand(300, generator=g).to(device))
            opt.zero_grad()
            (out**2).sum().backward()
            opt.step()
        return bag.weight.detach().cpu()

    on_gpu = run(RowAdam, CUDA)
    assert torch.allclose(on_gpu, run(torch.optim.SparseAdam, CUDA), atol=1e-6)
    assert torch.allclose(on_gpu, run(RowAdam, CPU), atol=1e-5)


def test_stacked_trainer_runs_on_cuda_as_on_cpu():
    from textmlp.models.mlp import build_model
    from textmlp.train.stacked import train_stacked

    tr, dev, te = dense_splits()
    seeds = [0, 1, 2]
    kw = dict(lr=0.01, batch_size=32, epochs=3)
    runs = {
        name: train_stacked(
            [build_model(12, 2, [16], "tanh", s) for s in seeds], seeds, tr, dev, te, device=device, **kw
        )
        for name, device in DEVICES.items()
    }
    for cpu, gpu in zip(runs["cpu"], runs["cuda"]):
        assert gpu.status == cpu.status == "ok"
        for a, b in zip(cpu.history, gpu.history):
            assert b["train_loss"] == pytest.approx(a["train_loss"], abs=1e-4)
            assert abs(b["dev_acc"] - a["dev_acc"]) <= 2 / len(dev.y)
        assert abs(gpu.test_acc - cpu.test_acc) <= 2 / len(te.y)


def test_sparse_trainer_runs_on_cuda_as_on_cpu():
    import scipy.sparse as sp

    from textmlp.models.sparse import SparseSplit, build_sparse_model
    from textmlp.train.loop import train_sparse

    rng = np.random.default_rng(0)
    splits = []
    for n in (600, 200, 200):
        y = rng.integers(0, 2, n)
        cols = np.concatenate(
            [y[:, None] * 40 + rng.integers(0, 40, (n, 6)), 80 + rng.integers(0, 40, (n, 6))], axis=1
        ).ravel()
        x = sp.csr_matrix(
            (rng.uniform(0.5, 1.5, 12 * n).astype(np.float32), (np.repeat(np.arange(n), 12), cols)),
            shape=(n, 120),
            dtype=np.float32,
        )
        splits.append(SparseSplit(x, y.astype(np.int64)))
    results = {}
    for name, device in DEVICES.items():
        model = build_sparse_model(120, 2, [16], "relu", 0)
        results[name] = train_sparse(model, *splits, lr=0.01, batch_size=32, epochs=3, seed=0, device=device)
    cpu, gpu = results["cpu"], results["cuda"]
    assert gpu.status == cpu.status == "ok"
    assert gpu.best_dev_loss == pytest.approx(cpu.best_dev_loss, abs=1e-3)
    assert abs(gpu.test_acc - cpu.test_acc) <= 2 / 200


# ---------------------------------------------------------------- the workflow on CUDA


def cuda_config(source: str, digest: str, device: str) -> dict:
    from tests.workflow.test_imdb_run import small_config

    config = small_config(source, digest)
    config["training"] = {"device": device}
    config["embeddings"]["tfidf"] = {"kind": "tfidf", "ngram_max": 2, "min_df": 1, "nb_scaling": True}
    config["studies"]["representations"] = {
        "vary": "embedding",
        "configurations": [
            {"embedding": "word2vec-imdb"},
            {"embedding": "tfidf", "hidden": [8], "activation": "relu", "dropout": 0.5},
        ],
    }
    return config


@pytest.fixture(scope="module")
def cpu_and_cuda_runs(tmp_path_factory):
    from tests.workflow.test_imdb_run import snakemake

    root = tmp_path_factory.mktemp("cuda")
    archive = make_imdb_archive(root / "aclImdb_v1.tar.gz")
    out = {}
    for device in ("cpu", "cuda"):
        workdir = root / device
        workdir.mkdir()
        (workdir / "config.yaml").write_text(yaml.safe_dump(cuda_config(str(archive), sha256(archive), device)))
        res = snakemake(workdir, "aggregate", "timings", timeout=900)
        assert res.returncode == 0, res.stderr[-4000:]
        out[device] = workdir
    return out


def test_workflow_on_cuda_matches_cpu_within_tolerance(cpu_and_cuda_runs, capsys):
    runs = {
        d: pd.read_csv(w / "results/tables/runs.csv").sort_values(["run", "seed"]).reset_index(drop=True)
        for d, w in cpu_and_cuda_runs.items()
    }
    cpu, gpu = runs["cpu"], runs["cuda"]
    assert list(gpu["run"]) == list(cpu["run"]) and len(cpu) == 5 * 2
    assert set(gpu["device"]) == {"cuda"} and set(cpu["device"]) == {"cpu"}
    assert any(r.startswith("tfidf") for r in gpu["run"])  # the sparse trainer ran on the GPU too
    assert (gpu["status"] == cpu["status"]).all()
    worst = {m: float((gpu[m] - cpu[m]).abs().max()) for m in TOLERANCE}
    timings = {d: pd.read_csv(w / "results/timings/runs.csv") for d, w in cpu_and_cuda_runs.items()}
    with capsys.disabled():
        print(f"\nCUDA vs CPU, largest difference per metric: {worst}")
        print(f"GPU: {gpu['device_name'].iloc[0]}")
        for d, t in timings.items():
            print(
                f"{d}: training {t['train_seconds'].sum():.2f} s over {len(t)} runs "
                f"(per run: {t.groupby('run')['train_seconds'].first().round(3).to_dict()})"
            )
        for d, w in cpu_and_cuda_runs.items():
            stages = {
                p.stem: float(pd.read_csv(p, sep="\t")["s"].iloc[-1])
                for p in sorted((w / "results/benchmarks/train").rglob("*.tsv"))
            }
            print(f"{d}: train job seconds {stages}")
    assert all(worst[m] <= TOLERANCE[m] for m in TOLERANCE), worst
    # the epochs agree too, not only the summaries
    epochs = {d: pd.read_csv(w / "results/tables/epochs.csv") for d, w in cpu_and_cuda_runs.items()}
    assert (epochs["cuda"]["loss"] - epochs["cpu"]["loss"]).abs().max() <= 0.02
    rec = json.loads(next(Path(cpu_and_cuda_runs["cuda"]).glob("results/runs/*/seed0/metrics.json")).read_text())
    assert rec["device"] == "cuda" and rec["device_name"] == torch.cuda.get_device_name(0)
