"""Training one MLP from in-memory tensors.

The loop shuffles once per epoch with its own seeded generator and walks
contiguous slices of the shuffled tensors: no DataLoader, no per-sample
Python. Each epoch records train loss/accuracy (means over the epoch's
mini-batches, as the homework did) and dev loss/accuracy (whole split); the
weights of the best dev-accuracy epoch are kept and evaluated on test. A
loss that is not finite, or larger than :data:`DIVERGENCE_FACTOR` times the
loss of a uniform guess (ln K for K classes), stops the run, which is then
recorded as diverged.
"""
from __future__ import annotations

import copy
import logging
import math
import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import torch
from torch import nn

from textmlp.models.mlp import MLP, activation
from textmlp.models.optim import adam

log = logging.getLogger(__name__)

OK, DIVERGED = "ok", "diverged"
#: A mean loss above this many times ln(K) (a uniform guess) counts as diverged.
DIVERGENCE_FACTOR = 100.0


class DeviceError(RuntimeError):
    """The configured device is not available."""


def resolve_device(name: str) -> torch.device:
    """``auto`` picks CUDA when present; ``cuda`` without CUDA is a clear error."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        build = "a CPU-only build" if torch.version.cuda is None else f"built for CUDA {torch.version.cuda}"
        raise DeviceError(
            f"config training.device is 'cuda' but no CUDA device is available here "
            f"(torch {torch.__version__}, {build}); use device: auto or cpu"
        )
    if name not in ("cpu", "cuda"):
        raise DeviceError(f"config training.device must be auto, cpu or cuda, not {name!r}")
    return torch.device(name)


@dataclass
class Split:
    x: torch.Tensor
    y: torch.Tensor

    def to(self, device: torch.device) -> "Split":
        return Split(self.x.to(device), self.y.to(device))


@dataclass
class RunResult:
    status: str
    history: list[dict] = field(default_factory=list)
    best_epoch: int | None = None
    best_dev_acc: float = math.nan
    best_dev_loss: float = math.nan
    test_acc: float = math.nan
    test_loss: float = math.nan
    train_seconds: float = 0.0
    state_dict: dict | None = None
    n_classes: int = 2
    #: On test, at the kept weights: each review's predicted class and that
    #: class's softmax probability (numpy arrays; None when no epoch was kept).
    test_predicted: "np.ndarray | None" = None
    test_probability: "np.ndarray | None" = None


def loss_limit(n_classes: int) -> float:
    """Mean loss above which a run counts as diverged (see DIVERGENCE_FACTOR)."""
    return DIVERGENCE_FACTOR * math.log(max(n_classes, 2))


def diverged(row: dict, limit: float) -> bool:
    """True when an epoch's train or dev loss is above ``limit`` or not a number."""
    return not (row["train_loss"] <= limit and row["dev_loss"] <= limit)


@torch.no_grad()
def evaluate(model: nn.Module, split: Split, batch: int = 8192, predictions: bool = False):
    """Mean cross-entropy and accuracy of ``model`` on ``split``; with
    ``predictions`` also each example's predicted class and its softmax
    probability (numpy arrays), taken from the same logits as the accuracy."""
    model.eval()
    loss_sum = torch.zeros((), device=split.x.device, dtype=torch.float64)
    correct = torch.zeros((), device=split.x.device, dtype=torch.int64)
    kept = []
    for i in range(0, len(split.y), batch):
        logits = model(split.x[i:i + batch])
        y = split.y[i:i + batch]
        loss_sum += nn.functional.cross_entropy(logits, y, reduction="sum").double()
        predicted = logits.argmax(1)
        correct += (predicted == y).sum()
        if predictions:
            kept.append(predicted_with_probability(logits, predicted))
    n = len(split.y)
    if not predictions:
        return float(loss_sum) / n, float(correct) / n
    return (float(loss_sum) / n, float(correct) / n) + gather_predictions(kept)


def predicted_with_probability(logits: torch.Tensor, predicted: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted class, softmax probability of that class) of a batch of logits."""
    probability = torch.softmax(logits.double(), 1).gather(1, predicted.unsqueeze(1)).squeeze(1)
    return predicted, probability


def gather_predictions(batches) -> tuple[np.ndarray, np.ndarray]:
    """Batches of :func:`predicted_with_probability` -> two numpy arrays on the CPU."""
    if not batches:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    return (torch.cat([p for p, _ in batches]).cpu().numpy().astype(np.int64),
            torch.cat([q for _, q in batches]).cpu().numpy())


def build_model(in_features: int, n_classes: int, hidden: list[int], activation: str,
                seed: int, dropout: float = 0.0) -> MLP:
    """The MLP with its initial weights drawn from ``seed`` alone."""
    torch.manual_seed(seed)
    return MLP(in_features, hidden, n_classes, activation, dropout)


class EpochRecord:
    """What a single-model loop does at the end of every epoch and of the run:
    append the epoch's row to the history, stop on divergence, keep the weights
    of the best dev-accuracy epoch, and finally evaluate those on test once.
    Shared by :func:`train` and :func:`textmlp.train.sparse.train_sparse`."""

    def __init__(self, n_classes: int) -> None:
        self.result = RunResult(status=OK, n_classes=n_classes)
        self.limit = loss_limit(n_classes)
        self.best_state: dict | None = None
        self.started = time.perf_counter()

    def close_epoch(self, model: nn.Module, row: dict) -> bool:
        """Record ``row``; True when the run diverged and must stop."""
        result = self.result
        result.history.append(row)
        log.info("epoch %2d  train loss %.4f acc %.4f  dev loss %.4f acc %.4f  (%.1f s)", row["epoch"],
                 row["train_loss"], row["train_acc"], row["dev_loss"], row["dev_acc"],
                 time.perf_counter() - self.started)
        if diverged(row, self.limit):
            result.status = DIVERGED
            log.warning("loss %.4g at epoch %d is not finite or above %.3g: the run diverged; "
                        "stopping", max(row["train_loss"], row["dev_loss"]), row["epoch"], self.limit)
            return True
        if self.best_state is None or row["dev_acc"] > result.best_dev_acc:
            result.best_epoch, result.best_dev_acc, result.best_dev_loss = (
                row["epoch"], row["dev_acc"], row["dev_loss"])
            self.best_state = copy.deepcopy(model.state_dict())
        return False

    def finish(self, model: nn.Module, evaluate_test) -> RunResult:
        """Load the best epoch's weights into ``model`` and score them with
        ``evaluate_test(model) -> (loss, accuracy, predicted, probability)``."""
        result = self.result
        result.train_seconds = time.perf_counter() - self.started
        if self.best_state is not None:
            model.load_state_dict(self.best_state)
            (result.test_loss, result.test_acc, result.test_predicted,
             result.test_probability) = evaluate_test(model)
            result.state_dict = {k: v.cpu() for k, v in self.best_state.items()}
        return result


def train(
    model: nn.Module,
    train_split: Split,
    dev: Split,
    test: Split,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    seed: int,
    device: torch.device,
) -> RunResult:
    """Adam on cross-entropy for ``epochs`` epochs; see the module docstring."""
    model = model.to(device)
    train_split, dev, test = train_split.to(device), dev.to(device), test.to(device)
    optimizer = adam(model, lr)
    shuffle = torch.Generator(device="cpu").manual_seed(seed)
    torch.manual_seed(seed)  # dropout masks, if the model has dropout: from this seed alone
    n = len(train_split.y)
    n_classes = int(model.layers[-1].out_features)
    record = EpochRecord(n_classes)
    step_loss = torch.empty(math.ceil(n / batch_size), device=device)
    predicted = torch.empty(n, dtype=torch.long, device=device)
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=shuffle).to(device)
        xs, ys = train_split.x[order], train_split.y[order]
        for b, i in enumerate(range(0, n, batch_size)):
            xb, yb = xs[i:i + batch_size], ys[i:i + batch_size]
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step_loss[b] = loss.detach()
            predicted[i:i + batch_size] = logits.detach().argmax(1)
        train_loss = float(step_loss.double().mean())
        dev_loss, dev_acc = evaluate(model, dev)
        row = {"epoch": epoch, "train_loss": train_loss, "train_acc": float((predicted == ys).sum()) / n,
               "dev_loss": dev_loss, "dev_acc": dev_acc}
        if record.close_epoch(model, row):
            break
    return record.finish(model, lambda m: evaluate(m, test, predictions=True))


#: Activation name -> its derivative as autograd computes it: (gradient of the
#: output, pre-activation z, output a) -> gradient of z. The same aten kernels
#: autograd calls, so the hand-written backward pass gives autograd's numbers.
_ACTIVATION_BACKWARD = {
    "sigmoid": lambda g, z, a: torch.ops.aten.sigmoid_backward(g, a),
    "tanh": lambda g, z, a: torch.ops.aten.tanh_backward(g, a),
    "relu": lambda g, z, a: torch.ops.aten.threshold_backward(g, a, 0),
    "gelu": lambda g, z, a: torch.ops.aten.gelu_backward(g, z),
}


class StackedMLP(nn.Module):
    """Several MLPs of one shape trained as one: each layer's weights stacked on
    a leading model axis, so one ``torch.baddbmm`` runs a layer of every model.

    Built from ordinary :class:`MLP` instances (so each starts from exactly the
    initial weights its seed gives it alone) and turned back into their state
    dicts by :meth:`state_dict_of`. The models share nothing: each loss term
    depends on one model's slice only, and Adam works element by element, so
    every slice follows the trajectory it would follow alone, up to
    floating-point differences between matrix kernels.

    Layout: weights as ``nn.Linear`` keeps them, (models, out, in), and
    activations feature-major inside the pass: a layer computes
    ``z^T = W a^T + b``, (models, out, batch). The matrix kernels are far
    slower on products with a narrow result (the 2 output classes: three
    (64 x 512) @ (512 x 2) products took 150 us, their transposes 40 us);
    in this layout every such product, forward and backward, comes out
    wide, and the wide ones cost about the same either way. Measured on
    one CPU thread against the batch-major layout: the forward and backward
    pass of three ``[512]`` models at batch 64 about 1.9x faster; whole
    training runs 1.2x (batch 64) to 1.4x (batch 128) faster per model.
    """

    def __init__(self, models: Sequence[MLP]) -> None:
        super().__init__()
        n_layers = len(models[0].layers)
        self.weights = nn.ParameterList(
            nn.Parameter(torch.stack([m.layers[i].weight.detach() for m in models]).contiguous())
            for i in range(n_layers))  # (models, out, in)
        self.biases = nn.ParameterList(
            nn.Parameter(torch.stack([m.layers[i].bias.detach() for m in models]).unsqueeze(2))
            for i in range(n_layers))  # (models, out, 1)
        self.act = activation(models[0].activation_name)
        self._act_backward = _ACTIVATION_BACKWARD.get(models[0].activation_name)

    @property
    def n_models(self) -> int:
        return int(self.weights[0].shape[0])

    @property
    def n_classes(self) -> int:
        return int(self.weights[-1].shape[1])  # (models, out, in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x``: (models, batch, features) -> logits (models, batch, classes)."""
        *hidden, last = range(len(self.weights))
        a = x.transpose(1, 2)  # a view: (models, features, batch)
        for i in hidden:
            a = self.act(torch.baddbmm(self.biases[i], self.weights[i], a))
        return torch.baddbmm(self.biases[last], self.weights[last], a).transpose(1, 2)

    def loss_and_gradients(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Each model's mean cross-entropy on its batch, with every parameter's
        ``.grad`` set to the gradient of that loss; returns (losses (models,),
        logits (models, batch, classes)).

        For the activations in ``_ACTIVATION_BACKWARD`` the backward pass is
        written out: the kernels autograd would call, in its order, without its
        graph bookkeeping (for three ``[512]`` models, 1.16x less time a step at
        batch 64 and 1.05x at batch 128); the gradients are the same numbers
        (tests/test_model_training.py checks it bit for bit). Other activations
        go through autograd.
        """
        k, n = y.shape
        if self._act_backward is None:
            logits = self(x)
            losses = nn.functional.cross_entropy(logits.reshape(n * k, -1), y.reshape(-1),
                                                 reduction="none").view(k, n).mean(1)
            for p in self.parameters():
                p.grad = None
            losses.sum().backward()
            return losses.detach(), logits.detach()
        with torch.no_grad():
            inputs, pre = [x.transpose(1, 2)], []  # feature-major: (models, features, batch)
            *hidden, last = range(len(self.weights))
            for i in hidden:
                z = torch.baddbmm(self.biases[i], self.weights[i], inputs[-1])
                pre.append(z)
                inputs.append(self.act(z))
            logits = torch.baddbmm(self.biases[last], self.weights[last], inputs[-1]).transpose(1, 2)
            log_p = torch.log_softmax(logits, -1)
            losses = -log_p.gather(-1, y.unsqueeze(-1)).squeeze(-1)
            losses = losses.mean(1)
            # d(mean nll)/d log_p: -1/n at each target, then through log_softmax
            g = torch.zeros_like(log_p).scatter_(-1, y.unsqueeze(-1), -1.0 / n)
            g = torch._log_softmax_backward_data(g, log_p, -1, log_p.dtype).transpose(1, 2)
            for i in reversed(range(len(self.weights))):  # g: (models, out, batch)
                self.weights[i].grad = torch.bmm(g, inputs[i].transpose(1, 2))
                self.biases[i].grad = g.sum(2, keepdim=True)
                if i:
                    g = self._act_backward(torch.bmm(self.weights[i].transpose(1, 2), g), pre[i - 1], inputs[i])
        return losses, logits

    def state_dict_of(self, k: int) -> dict[str, torch.Tensor]:
        """Model ``k`` as an :class:`MLP` state dict."""
        out = {}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            out[f"layers.{i}.weight"] = w[k].detach().cpu().clone()
            out[f"layers.{i}.bias"] = b[k, :, 0].detach().cpu().clone()
        return out


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
            per_model, logits = model.loss_and_gradients(xs[:, i:i + batch_size], ys[:, i:i + batch_size])
            optimizer.step()
            # one copy each per step; the sums and the comparison wait for the epoch's end
            step_loss[b] = per_model
            predicted[:, i:i + batch_size] = logits.argmax(-1)
        train_loss = step_loss.double().mean(0)
        correct = (predicted == ys).sum(1)
        dev_loss, dev_acc = _evaluate_stacked(model, dev)
        for j in list(active):
            row = {"epoch": epoch, "train_loss": float(train_loss[j]),
                   "train_acc": float(correct[j]) / n, "dev_loss": float(dev_loss[j]),
                   "dev_acc": float(dev_acc[j])}
            result = results[j]
            result.history.append(row)
            if diverged(row, limit):
                result.status = DIVERGED
                active.remove(j)
                log.warning("seed %d: loss %.4g at epoch %d is not finite or above %.3g: diverged",
                            seeds[j], max(row["train_loss"], row["dev_loss"]), epoch, limit)
            elif best[j] is None or row["dev_acc"] > result.best_dev_acc:
                result.best_epoch, result.best_dev_acc, result.best_dev_loss = epoch, row["dev_acc"], row["dev_loss"]
                best[j] = model.state_dict_of(j)
        log.info("epoch %2d  " + "  ".join(f"seed {seeds[j]}: dev acc {float(dev_acc[j]):.4f}" for j in active),
                 epoch)
        if not active:
            break
    elapsed = time.perf_counter() - started
    for j, result in enumerate(results):
        result.train_seconds = elapsed / k  # a share of the joint time
        if best[j] is not None:
            single = models[j].to(device)
            single.load_state_dict(best[j])
            (result.test_loss, result.test_acc, result.test_predicted,
             result.test_probability) = evaluate(single, test, predictions=True)
            result.state_dict = best[j]
    return results
