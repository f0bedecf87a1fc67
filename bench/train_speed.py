"""Training speed, side by side: the homework's DataLoader loop against this
project's trainers, on the same features and configuration ([512] sigmoid,
batch 64, Adam), alternating, several repetitions; prints medians and ratios.

    python bench/train_speed.py                       # real features if built, else random 50-d
    python bench/train_speed.py --epochs 2 --reps 3 --threads 1

Per-model-epoch seconds: for a stacked run of k seeds, its time / k. The
"minimal loop" is the floor for one model at a time (pre-sliced batches,
forward + backward + torch.optim.Adam, no bookkeeping); "vs minimal" tells how
close the project's single-model trainer stays to it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from textmlp.models.mlp import build_model
from textmlp.train.loop import Split, evaluate, train
from textmlp.train.stacked import train_stacked

CPU = torch.device("cpu")


def load(path: Path, n_random: int = 20_000) -> tuple[Split, Split, Split, str]:
    if path.exists():
        f = torch.load(path, weights_only=True)  # noqa: TID251 - a benchmark; weights_only=True as in load_features
        return (*(Split(f[f"{s}_x"].float(), f[f"{s}_y"].long()) for s in ("train", "dev", "test")), str(path))
    g = torch.Generator().manual_seed(0)
    make = lambda n: Split(torch.randn(n, 50, generator=g), torch.randint(0, 2, (n,), generator=g))  # noqa: E731
    return make(n_random), make(5000), make(10000), "random 50-d"


def homework_loop(tr: Split, dev: Split, epochs: int, lr: float, batch: int, seed: int) -> None:
    """What the homework did: a DataLoader over a TensorDataset, dev evaluated each epoch."""
    model = build_model(tr.x.shape[1], 2, [512], "sigmoid", seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loader = DataLoader(
        TensorDataset(tr.x, tr.y), batch_size=batch, shuffle=True, generator=torch.Generator().manual_seed(seed)
    )
    for _ in range(epochs):
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
        evaluate(model, dev)


def minimal_loop(tr: Split, dev: Split, epochs: int, lr: float, batch: int, seed: int) -> None:
    """The floor for one model at a time: pre-sliced batches of a per-epoch
    shuffled copy, forward + backward + ``torch.optim.Adam``, dev evaluated each
    epoch (the same work as the two loops above, with no bookkeeping)."""
    model = build_model(tr.x.shape[1], 2, [512], "sigmoid", seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    shuffle = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(tr.y), generator=shuffle)
        for xb, yb in zip(tr.x[order].split(batch), tr.y[order].split(batch)):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            optimizer.step()
        evaluate(model, dev)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--features", type=Path, default=Path("results/features/word2vec-imdb.pt"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    tr, dev, te, source = load(args.features)
    lr, batch, e = 0.02, 64, args.epochs

    def stacked(k: int):
        seeds = list(range(k))
        return lambda: train_stacked(
            [build_model(tr.x.shape[1], 2, [512], "sigmoid", s) for s in seeds],
            seeds,
            tr,
            dev,
            te,
            lr=lr,
            batch_size=batch,
            epochs=e,
            device=CPU,
        )

    contenders = {  # name -> (callable, models trained per call)
        "homework DataLoader loop": (lambda: homework_loop(tr, dev, e, lr, batch, 0), 1),
        "minimal loop": (lambda: minimal_loop(tr, dev, e, lr, batch, 0), 1),
        "single model (train)": (
            lambda: train(
                build_model(tr.x.shape[1], 2, [512], "sigmoid", 0),
                tr,
                dev,
                te,
                lr=lr,
                batch_size=batch,
                epochs=e,
                seed=0,
                device=CPU,
            ),
            1,
        ),
        "stacked, 3 seeds": (stacked(3), 3),
        "stacked, 5 seeds": (stacked(5), 5),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.reps):  # alternate, so drifting machine load hits all alike
        for name, (fn, models) in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) / (models * e))
    ref = statistics.median(times["homework DataLoader loop"])
    minimal = statistics.median(times["minimal loop"])
    print(
        f"features: {source}; [512] sigmoid, batch 64, Adam, {e} epochs x {args.reps} reps, "
        f"{args.threads} thread(s), {len(tr.y)} training reviews"
    )
    print(f"{'contender':28s} {'s/model-epoch':>14s} {'min':>7s} {'max':>7s} {'vs homework':>12s} {'vs minimal':>11s}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:28s} {med:14.3f} {min(ts):7.3f} {max(ts):7.3f} {ref / med:11.2f}x {minimal / med:10.2f}x")


if __name__ == "__main__":
    main()
