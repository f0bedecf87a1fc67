"""Training several seeds of one configuration at once (:class:`~textmlp.models.stacked.StackedMLP`),
with what :func:`textmlp.train.loop.train` gives each seed alone."""

from __future__ import annotations

import logging
import math
import time
from typing import Sequence

import torch
from torch import nn

from textmlp.models.mlp import MLP
from textmlp.models.optim import adam
from textmlp.models.stacked import StackedMLP
from textmlp.train.loop import DIVERGED, OK, RunResult, Split, diverged, evaluate, loss_limit

log = logging.getLogger(__name__)


@torch.no_grad()
def _evaluate_stacked(model: StackedMLP, split: Split) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-model mean cross-entropy and accuracy on ``split``."""
    k = model.n_models
    logits = model(split.x.unsqueeze(0).expand(k, -1, -1))
    n, c = split.y.shape[0], logits.shape[-1]
    loss = nn.functional.cross_entropy(logits.reshape(-1, c), split.y.repeat(k), reduction="none")
    correct = (logits.argmax(-1) == split.y).sum(1)
    return loss.view(k, n).double().mean(1), correct.double() / n


def train_stacked(
    models: Sequence[MLP],
    seeds: Sequence[int],
    train_split: Split,
    dev: Split,
    test: Split,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    device: torch.device,
) -> list[RunResult]:
    """Train ``models[k]`` with ``seeds[k]`` (its own shuffling) all at once.

    Gives, per seed, what :func:`train` gives for that model and seed alone:
    the same mini-batches in the same order, the same Adam updates. A seed
    whose loss diverges is recorded as diverged at that epoch; the others go on.
    """
    model = StackedMLP(models).to(device)
    train_split, dev, test = train_split.to(device), dev.to(device), test.to(device)
    optimizer = adam(model, lr)
    shuffles = [torch.Generator(device="cpu").manual_seed(s) for s in seeds]
    k, n = len(seeds), len(train_split.y)
    n_classes = model.n_classes
    limit = loss_limit(n_classes)
    results = [RunResult(status=OK, n_classes=n_classes) for _ in seeds]
    best: list[dict | None] = [None] * k
    active = list(range(k))
    step_loss = torch.empty(math.ceil(n / batch_size), k, device=device)
    predicted = torch.empty(k, n, dtype=torch.long, device=device)
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.stack([torch.randperm(n, generator=g) for g in shuffles]).to(device)
        xs, ys = train_split.x[order], train_split.y[order]  # (models, n, features), (models, n)
        for b, i in enumerate(range(0, n, batch_size)):
            # each model's parameters get the gradient of its own loss only
            per_model, logits = model.loss_and_gradients(xs[:, i : i + batch_size], ys[:, i : i + batch_size])
            optimizer.step()
            # one copy each per step; the sums and the comparison wait for the epoch's end
            step_loss[b] = per_model
            predicted[:, i : i + batch_size] = logits.argmax(-1)
        train_loss = step_loss.double().mean(0)
        correct = (predicted == ys).sum(1)
        dev_loss, dev_acc = _evaluate_stacked(model, dev)
        for j in list(active):
            row = {
                "epoch": epoch,
                "train_loss": float(train_loss[j]),
                "train_acc": float(correct[j]) / n,
                "dev_loss": float(dev_loss[j]),
                "dev_acc": float(dev_acc[j]),
            }
            result = results[j]
            result.history.append(row)
            if diverged(row, limit):
                result.status = DIVERGED
                active.remove(j)
                log.warning(
                    "seed %d: loss %.4g at epoch %d is not finite or above %.3g: diverged",
                    seeds[j],
                    max(row["train_loss"], row["dev_loss"]),
                    epoch,
                    limit,
                )
            elif best[j] is None or row["dev_acc"] > result.best_dev_acc:
                result.best_epoch, result.best_dev_acc, result.best_dev_loss = epoch, row["dev_acc"], row["dev_loss"]
                best[j] = model.state_dict_of(j)
        log.info("epoch %2d  " + "  ".join(f"seed {seeds[j]}: dev acc {float(dev_acc[j]):.4f}" for j in active), epoch)
        if not active:
            break
    elapsed = time.perf_counter() - started
    for j, result in enumerate(results):
        result.train_seconds = elapsed / k  # a share of the joint time
        if best[j] is not None:
            single = models[j].to(device)
            single.load_state_dict(best[j])
            (result.test_loss, result.test_acc, result.test_predicted, result.test_probability) = evaluate(
                single, test, predictions=True
            )
            result.state_dict = best[j]
    return results
