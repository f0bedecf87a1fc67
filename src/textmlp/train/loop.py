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
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from torch import nn

from textmlp.features.averaged import load_features
from textmlp.models.optim import RowAdam, adam
from textmlp.models.sparse import SparseMLP, SparseSplit, csr_batches

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


def evaluate(model: nn.Module, split: Split, batch: int = 8192, predictions: bool = False):
    """Mean cross-entropy and accuracy of ``model`` on ``split``; with
    ``predictions`` also each example's predicted class and its softmax
    probability (numpy arrays), taken from the same logits as the accuracy."""
    batches = ((split.x[i : i + batch], split.y[i : i + batch]) for i in range(0, len(split.y), batch))
    return evaluate_batches(model, batches, len(split.y), split.x.device, predictions)


@torch.no_grad()
def evaluate_batches(model: nn.Module, batches, n: int, device: torch.device, predictions: bool = False):
    """:func:`evaluate` over ``batches`` of (inputs, labels), ``n`` examples in
    all, summed on ``device``: the one evaluation of the dense and the sparse
    (:func:`evaluate_sparse`) models."""
    model.eval()
    loss_sum = torch.zeros((), device=device, dtype=torch.float64)
    correct = torch.zeros((), device=device, dtype=torch.int64)
    kept = []
    for x, y in batches:
        logits = model(x)
        loss_sum += nn.functional.cross_entropy(logits, y, reduction="sum").double()
        predicted = logits.argmax(1)
        correct += (predicted == y).sum()
        if predictions:
            kept.append(predicted_with_probability(logits, predicted))
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
    return (
        torch.cat([p for p, _ in batches]).cpu().numpy().astype(np.int64),
        torch.cat([q for _, q in batches]).cpu().numpy(),
    )


#: An epoch's row (a run's epochs.csv), in order; dense models add :func:`gradient_columns`.
EPOCH_COLUMNS = ("epoch", "train_loss", "train_acc", "dev_loss", "dev_acc")


def epoch_row(
    epoch: int,
    train_loss: float,
    train_acc: float,
    dev_loss: float,
    dev_acc: float,
    grad_rms: torch.Tensor | None = None,
) -> dict:
    """One epoch's history row, as every training loop records it."""
    row = dict(zip(EPOCH_COLUMNS, (epoch, train_loss, train_acc, dev_loss, dev_acc)))
    return row if grad_rms is None else {**row, **gradient_columns(grad_rms)}


def gradient_columns(rms: torch.Tensor) -> dict[str, float]:
    """An epoch's mean weight-gradient root mean square per layer (first layer first) as
    history columns ``grad_rms_1``, ``grad_rms_2``, ...: how much gradient reaches each layer."""
    return {f"grad_rms_{i + 1}": float(v) for i, v in enumerate(rms.tolist())}


class EpochRecord:
    """What every training loop does at the end of each epoch and of the run,
    for one model: append the epoch's row to the history, stop on divergence,
    keep the weights of the best dev-accuracy epoch, and finally evaluate those
    on test once. Used by :func:`train`, :func:`train_sparse`
    and, one record per seed, :func:`textmlp.train.stacked.train_stacked`."""

    def __init__(self, n_classes: int, name: str = "") -> None:
        self.result = RunResult(status=OK, n_classes=n_classes)
        self.limit = loss_limit(n_classes)
        self.best_state: dict | SpilledWeights | None = None
        self.started = time.perf_counter()
        self.prefix = f"{name}: " if name else ""

    def close_epoch(self, row: dict, weights: Callable[[], dict]) -> bool:
        """Record ``row``; True when the run diverged and must stop.
        ``weights()`` gives a copy of the model's weights, taken only when the
        epoch is the best so far."""
        result = self.result
        result.history.append(row)
        log.info(
            "%sepoch %2d  train loss %.4f acc %.4f  dev loss %.4f acc %.4f  (%.1f s)",
            self.prefix,
            row["epoch"],
            row["train_loss"],
            row["train_acc"],
            row["dev_loss"],
            row["dev_acc"],
            time.perf_counter() - self.started,
        )
        if diverged(row, self.limit):
            result.status = DIVERGED
            log.warning(
                "%sloss %.4g at epoch %d is not finite or above %.3g: diverged, recorded as such from here",
                self.prefix,
                max(row["train_loss"], row["dev_loss"]),
                row["epoch"],
                self.limit,
            )
            return True
        if self.best_state is None or row["dev_acc"] > result.best_dev_acc:
            result.best_epoch, result.best_dev_acc, result.best_dev_loss = (
                row["epoch"],
                row["dev_acc"],
                row["dev_loss"],
            )
            self.best_state = None  # the old best is superseded: freed before the new copy is taken
            self.best_state = weights()
        return False

    def finish(self, model: nn.Module, evaluate_test, seconds: float | None = None) -> RunResult:
        """Load the best epoch's weights into ``model`` and score them with
        ``evaluate_test(model) -> (loss, accuracy, predicted, probability)``.
        ``seconds`` is the training time to record (default: since the start)."""
        result = self.result
        result.train_seconds = time.perf_counter() - self.started if seconds is None else seconds
        if self.best_state is not None:
            best = self.best_state.load() if isinstance(self.best_state, SpilledWeights) else self.best_state
            self.best_state = None
            model.load_state_dict(best)
            (result.test_loss, result.test_acc, result.test_predicted, result.test_probability) = evaluate_test(model)
            result.state_dict = {k: v.cpu() for k, v in best.items()}
        return result


def model_weights(model: nn.Module) -> Callable[[], dict]:
    """A getter of a copy of ``model``'s current weights (for :meth:`EpochRecord.close_epoch`)."""
    return lambda: copy.deepcopy(model.state_dict())


class SpilledWeights:
    """A copy of a model's weights kept in a temporary file (in ``$TMPDIR``)
    instead of memory; :meth:`load` reads it back, the same tensors. The file
    has no name from the start (``tempfile.TemporaryFile``), so its space comes
    back when this object goes or the process dies, even killed."""

    def __init__(self, state: dict) -> None:
        self.file = tempfile.TemporaryFile(prefix="textmlp-best-")  # unlinked at once: nothing left to clean up
        weakref.finalize(self, self.file.close)  # closed with this object, not whenever the file object is collected
        torch.save(state, self.file)
        self.file.flush()

    def load(self) -> dict:
        self.file.seek(0)
        return load_features(self.file, map_location="cpu")


def spilled_weights(model: nn.Module) -> Callable[[], SpilledWeights]:
    """:func:`model_weights`, the copy written to a temporary file: the TF-IDF
    model's n-gram layer is most of its job's memory, and a copy of it in
    memory would be one more."""
    return lambda: SpilledWeights(model.state_dict())


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
    **optimizer_settings: float,
) -> RunResult:
    """Adam on cross-entropy for ``epochs`` epochs; see the module docstring.
    ``optimizer_settings``: Adam's other settings (:func:`~textmlp.models.optim.adam`)."""
    model = model.to(device)
    train_split, dev, test = train_split.to(device), dev.to(device), test.to(device)
    optimizer = adam(model, lr, **optimizer_settings)
    shuffle = torch.Generator(device="cpu").manual_seed(seed)
    torch.manual_seed(seed)  # dropout masks, if the model has dropout: from this seed alone
    n = len(train_split.y)
    n_classes = int(model.layers[-1].out_features)
    record = EpochRecord(n_classes)
    step_loss = torch.empty(math.ceil(n / batch_size), device=device)
    predicted = torch.empty(n, dtype=torch.long, device=device)
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    sizes = torch.tensor([m.weight.numel() for m in layers], device=device, dtype=torch.float64)
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=shuffle).to(device)
        grad_norms = torch.zeros(len(layers), device=device)
        xs, ys = train_split.x[order], train_split.y[order]
        for b, i in enumerate(range(0, n, batch_size)):
            xb, yb = xs[i : i + batch_size], ys[i : i + batch_size]
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
            optimizer.zero_grad()
            loss.backward()
            grad_norms += torch.stack([m.weight.grad.norm() for m in layers])
            optimizer.step()
            step_loss[b] = loss.detach()
            predicted[i : i + batch_size] = logits.detach().argmax(1)
        train_loss = float(step_loss.double().mean())
        dev_loss, dev_acc = evaluate(model, dev)
        row = epoch_row(
            epoch,
            train_loss,
            float((predicted == ys).sum()) / n,
            dev_loss,
            dev_acc,
            grad_norms.double() / len(step_loss) / sizes.sqrt(),
        )
        if record.close_epoch(row, model_weights(model)):
            break
    return record.finish(model, lambda m: evaluate(m, test, predictions=True))


def evaluate_sparse(
    model: SparseMLP,
    split: SparseSplit,
    batch: int = 4096,
    device: torch.device | None = None,
    predictions: bool = False,
):
    """Mean cross-entropy and accuracy of ``model`` on ``split``; with
    ``predictions`` also each row's predicted class and its softmax
    probability (:func:`evaluate_batches` on its CSR batches)."""
    device = device or next(model.parameters()).device
    y = split.y.to(device)
    batches = ((xb, y[i:j]) for i, j, xb in csr_batches(split.on(device), batch))
    return evaluate_batches(model, batches, len(split), device, predictions)


def optimizers(
    model: SparseMLP, lr: float, weight_decay: float = 0.0
) -> tuple[torch.optim.SparseAdam, torch.optim.Adam]:
    """Lazy Adam (:class:`RowAdam`) for the n-gram weights (sparse gradients),
    Adam for the rest.

    Lazy Adam is SparseAdam: only the rows of n-grams present in the batch
    have their moment estimates and weights updated at that step.

    ``weight_decay`` (L2, as in ``torch.optim.Adam``) applies to the dense
    layers' weights only: SparseAdam has none, and decaying all n-gram rows at
    every step would cost a pass over the whole vocabulary.
    """
    sparse = RowAdam([model.first.weight], lr=lr)
    dense_w = [p for n, p in model.named_parameters() if n != "first.bag.weight" and p.ndim > 1]
    dense_b = [p for n, p in model.named_parameters() if p.ndim == 1]
    groups = [{"params": dense_b, "weight_decay": 0.0}]
    if dense_w:
        groups.insert(0, {"params": dense_w, "weight_decay": weight_decay})
    return sparse, torch.optim.Adam(groups, lr=lr)


def train_sparse(
    model: SparseMLP,
    train_split: SparseSplit,
    dev: SparseSplit,
    test: SparseSplit,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    seed: int,
    device: torch.device,
    **optimizer_settings: float,
) -> RunResult:
    """Adam (SparseAdam on the first layer) on cross-entropy for ``epochs`` epochs.

    Mirrors :func:`train`: a ``torch.Generator`` seeded with
    ``seed`` shuffles the rows each epoch (and draws the dropout masks, via
    the global generator seeded with ``seed`` too), the history rows hold
    epoch, train_loss, train_acc (means over the epoch's batches), dev_loss
    and dev_acc; the best dev-accuracy epoch's weights are evaluated on test
    once; a non-finite or exploding loss stops the run as diverged. The
    best epoch's weights wait in a temporary file (:class:`SpilledWeights`).
    ``optimizer_settings``: :func:`optimizers`' further settings (``weight_decay``).
    """
    if train_split.x.shape[1] != model.first.in_features:
        raise ValueError(f"features have {train_split.x.shape[1]} columns, the model expects {model.first.in_features}")
    model = model.to(device)
    sparse_opt, dense_opt = optimizers(model, lr, **optimizer_settings)
    rows = train_split.on(device)
    shuffle = torch.Generator(device="cpu").manual_seed(seed)
    torch.manual_seed(seed)  # dropout masks
    n = len(train_split)
    record = EpochRecord(model.n_classes)
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=shuffle)
        ys = train_split.y[order].to(device)
        loss_sum = torch.zeros((), device=device, dtype=torch.float64)
        correct = torch.zeros((), device=device, dtype=torch.int64)
        batches = 0
        for i in range(0, n, batch_size):
            xb, yb = rows.take(order[i : i + batch_size]), ys[i : i + batch_size]
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
            sparse_opt.zero_grad(set_to_none=True)
            dense_opt.zero_grad(set_to_none=True)
            loss.backward()
            sparse_opt.step()
            dense_opt.step()
            loss_sum += loss.detach().double()
            correct += (logits.detach().argmax(1) == yb).sum()
            batches += 1
        train_loss = float(loss_sum) / batches
        dev_loss, dev_acc = evaluate_sparse(model, dev, device=device)
        row = epoch_row(epoch, train_loss, float(correct) / n, dev_loss, dev_acc)
        if record.close_epoch(row, spilled_weights(model)):
            break
    sparse_opt = dense_opt = None  # Adam's moments (two more copies of the n-gram layer): not needed on test
    return record.finish(model, lambda m: evaluate_sparse(m, test, device=device, predictions=True))
