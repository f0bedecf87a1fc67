"""Issue 24.17: the same bytes on every x86-64 CPU kernel. PyTorch picks its
vectorised kernels by the CPU (AVX-512, AVX2, or the portable "default");
ATEN_CPU_CAPABILITY forces one. The derivation checks (checks.json) and a
small training job (metrics.json, epochs.csv, model.pt, predictions.csv) run
under two kernels in subprocesses, and their files are compared byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

#: What each subprocess runs: checks.json, then one configuration x two seeds
#: on a small dense problem, one thread (as the pipeline's jobs run by default).
SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import numpy as np
    import pandas as pd
    import torch

    torch.set_num_threads(1)
    from textmlp.features.averaged import save_features
    from textmlp.train.job import run_and_write
    from textmlp.written.derivations import run_all, write_checks

    out = Path(sys.argv[1])
    out.mkdir(parents=True)
    print(torch.backends.cpu.get_cpu_capability())
    write_checks(out / "checks.json", run_all())
    rng = np.random.default_rng(11)
    arrays = {}
    for split, n in {"train": 240, "dev": 60, "test": 90}.items():
        x = rng.normal(size=(n, 20)).astype(np.float32)
        y = (x[:, :3].sum(1) + rng.normal(scale=0.7, size=n) > 0).astype(np.int64)
        arrays[f"{split}_x"], arrays[f"{split}_y"] = x, y
    save_features(out / "features.pt", arrays)
    ids = [f"t{i}" for i in range(90)]
    pd.DataFrame({"id": ids, "text": ["."] * 90, "label": arrays["test_y"]}).to_parquet(out / "test.parquet")
    config = {"embedding": "toy", "hidden": [16, 8], "activation": "tanh", "lr": 0.01,
              "batch_size": 16, "epochs": 3, "dropout": 0.1}
    outputs = [{name: str(out / f"seed{s}.{name}.{ext}") for name, ext in
                (("metrics", "json"), ("epochs", "csv"), ("model", "pt"), ("predictions", "csv"))}
               for s in (0, 1)]
    run_and_write("toy", config, [0, 1], str(out / "features.pt"), "cpu", {}, 1, outputs,
                  test_split=str(out / "test.parquet"))
    """
)


def run_under(capability: str, out: Path) -> tuple[str, dict[str, bytes]]:
    env = {**os.environ, "ATEN_CPU_CAPABILITY": capability, "PYTHONPATH": str(REPO / "src")}
    res = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)], env=env, capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert res.returncode == 0, res.stderr[-3000:]
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name not in ("features.pt", "test.parquet")}
    assert len(files) == 9  # checks.json + 2 seeds x 4 files
    return res.stdout.split()[-1], files


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a if a[name] != b.get(name))


@pytest.fixture(scope="module")
def kernels(tmp_path_factory) -> dict[str, tuple[str, dict[str, bytes]]]:
    root = tmp_path_factory.mktemp("kernels")
    wanted = ["default", "avx2"] + (["avx512"] if "avx512f" in _cpu_flags() else [])
    return {c: run_under(c, root / c) for c in wanted}


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags") for flag in line.split(":", 1)[1].split()}


def test_the_kernels_asked_for_were_used(kernels):
    assert {c: used for c, (used, _) in kernels.items()} == {c: c.upper() for c in kernels}


def test_checks_json_is_the_same_bytes_on_every_kernel(kernels):
    """Unrounded, the float64 checks differ in their last digits and the
    float32-initialised spread by 1e-8 (derivations.CHECKS_DECIMALS, COARSE_DECIMALS)."""
    first = kernels["default"][1]["checks.json"]
    assert all(files["checks.json"] == first for _, files in kernels.values())


def test_training_on_the_two_vector_kernels_gives_the_same_bytes(kernels):
    if "avx512" not in kernels:
        pytest.skip("this CPU has no AVX-512")
    assert differing(kernels["avx2"][1], kernels["avx512"][1]) == []


def test_training_on_the_portable_kernel_agrees_up_to_float32_rounding(kernels):
    """The portable kernels round float32 sums otherwise (no fused multiply-add):
    losses and weights differ in their last float32 digits, so the bytes of
    the model and the losses differ, but every prediction and accuracy is the same."""
    import io
    import json

    import pandas as pd
    import torch

    a, b = kernels["default"][1], kernels["avx2"][1]
    for seed in (0, 1):
        ra, rb = (json.loads(x[f"seed{seed}.metrics.json"]) for x in (a, b))
        assert ra["test_acc"] == rb["test_acc"] and ra["best_epoch"] == rb["best_epoch"]
        assert ra["best_dev_acc"] == rb["best_dev_acc"]
        ea, eb = (pd.read_csv(io.BytesIO(x[f"seed{seed}.epochs.csv"])) for x in (a, b))
        assert ea.shape == eb.shape and (ea.filter(like="acc") == eb.filter(like="acc")).all().all()
        # float32: about 1e-7 relative per operation, amplified a little over 3 epochs
        la, lb = ea.filter(like="loss"), eb.filter(like="loss")
        assert ((la - lb).abs() <= 1e-5 * lb.abs()).all().all()
        ma, mb = (torch.load(io.BytesIO(x[f"seed{seed}.model.pt"]), weights_only=True) for x in (a, b))
        assert ma.keys() == mb.keys() and all(torch.allclose(ma[k], mb[k], rtol=1e-5, atol=1e-6) for k in ma)
        pa, pb = (pd.read_csv(io.BytesIO(x[f"seed{seed}.predictions.csv"])) for x in (a, b))
        assert (pa["predicted"] == pb["predicted"]).all()
        assert (pa["probability"] - pb["probability"]).abs().max() <= 1e-5
