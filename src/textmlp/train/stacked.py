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
from textmlp.train.loop import EpochRecord, RunResult, Split, epoch_row, evaluate

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
    **optimizer_settings: float,
) -> list[RunResult]:
    """Train ``models[k]`` with ``seeds[k]`` (its own shuffling) all at once
    (``optimizer_settings``: as :func:`~textmlp.train.loop.train`'s).

    Gives, per seed, what :func:`train` gives for that model and seed alone:
    the same mini-batches in the same order, the same Adam updates. A seed
    whose loss diverges is recorded as diverged at that epoch; the others go on.
    """
    model = StackedMLP(models).to(device)
    train_split, dev, test = train_split.to(device), dev.to(device), test.to(device)
    optimizer = adam(model, lr, **optimizer_settings)
    shuffles = [torch.Generator(device="cpu").manual_seed(s) for s in seeds]
    k, n = len(seeds), len(train_split.y)
    records = [EpochRecord(model.n_classes, name=f"seed {s}") for s in seeds]
    active = list(range(k))
    step_loss = torch.empty(math.ceil(n / batch_size), k, device=device)
    # per model and layer, the sum over the epoch's steps of the weight gradient's norm
    grad_norms = torch.zeros(k, len(model.weights), device=device)
    sizes = torch.tensor([w[0].numel() for w in model.weights], device=device, dtype=torch.float64)
    predicted = torch.empty(k, n, dtype=torch.long, device=device)
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.stack([torch.randperm(n, generator=g) for g in shuffles]).to(device)
        grad_norms.zero_()
        xs, ys = train_split.x[order], train_split.y[order]  # (models, n, features), (models, n)
        for b, i in enumerate(range(0, n, batch_size)):
            # each model's parameters get the gradient of its own loss only
            per_model, logits = model.loss_and_gradients(xs[:, i : i + batch_size], ys[:, i : i + batch_size])
            grad_norms += torch.stack([w.grad.flatten(1).norm(dim=1) for w in model.weights], 1)
            optimizer.step()
            # one copy each per step; the sums and the comparison wait for the epoch's end
            step_loss[b] = per_model
            predicted[:, i : i + batch_size] = logits.argmax(-1)
        train_loss = step_loss.double().mean(0)
        correct = (predicted == ys).sum(1)
        dev_loss, dev_acc = _evaluate_stacked(model, dev)
        grad_rms = grad_norms.double() / len(step_loss) / sizes.sqrt()
        for j in list(active):
            row = epoch_row(
                epoch, float(train_loss[j]), float(correct[j]) / n, float(dev_loss[j]), float(dev_acc[j]), grad_rms[j]
            )
            # a diverged seed stops being recorded; the others go on
            if records[j].close_epoch(row, lambda j=j: model.state_dict_of(j)):
                active.remove(j)
        if not active:
            break
    share = (time.perf_counter() - started) / k  # each seed's share of the joint time
    return [
        record.finish(single.to(device), lambda m: evaluate(m, test, predictions=True), seconds=share)
        for record, single in zip(records, models)
    ]
