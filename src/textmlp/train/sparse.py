"""Training the sparse MLP (:mod:`textmlp.models.sparse`) on TF-IDF n-grams, on CPU in seconds per epoch.

The n-gram weights get sparse gradients (only the rows whose n-grams occur in
the batch) and are updated by :class:`~textmlp.models.optim.RowAdam`, so a
step costs time in proportion to the n-grams in the batch, not to the
vocabulary; the small dense layers after them use ordinary Adam.

:func:`train_sparse` follows :func:`textmlp.train.loop.train` to the letter:
the same seeded shuffling, per-epoch history rows, best-dev-epoch weights
(evaluated once on test) and divergence rule, and it returns the same
:class:`~textmlp.train.loop.RunResult`.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import scipy.sparse as sp
import torch
from torch import nn

from textmlp.models.optim import RowAdam
from textmlp.models.sparse import SparseMLP
from textmlp.train.loop import EpochRecord, RunResult, epoch_row, evaluate_batches, model_weights

log = logging.getLogger(__name__)

# torch warns once per process that sparse CSR tensors are "in beta"; the few
# CSR operations used here (construction, crow/col indices, values) are stable.
warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta", category=UserWarning)


class CsrRows:
    """A scipy CSR matrix's arrays as torch tensors, from which row batches are cut.

    On the CPU the tensors share memory with the scipy arrays (no copy; int32
    indices stay int32, which ``nn.EmbeddingBag`` takes as they are). A batch
    of consecutive rows (:meth:`rows`) is made of views; a batch of any rows
    (:meth:`take`, a shuffled training batch) gathers just those rows, so an
    epoch in a new order never copies the whole matrix.
    """

    def __init__(self, x: sp.csr_matrix, device: torch.device | None = None) -> None:
        x = x.tocsr()
        index_dtype = np.promote_types(x.indptr.dtype, x.indices.dtype)  # CSR tensors want one dtype
        self.indptr = torch.from_numpy(x.indptr.astype(index_dtype, copy=False)).to(device)
        self.indices = torch.from_numpy(x.indices.astype(index_dtype, copy=False)).to(device)
        self.values = torch.from_numpy(x.data.astype(np.float32, copy=False)).to(device)
        self.shape = x.shape

    def __len__(self) -> int:
        return self.shape[0]

    def _batch(self, crow: torch.Tensor, indices: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
        return torch.sparse_csr_tensor(
            crow, indices, values, size=(len(crow) - 1, self.shape[1]), check_invariants=False
        )

    def rows(self, start: int, stop: int) -> torch.Tensor:
        """Rows ``start:stop`` as a torch sparse CSR tensor of views."""
        a, b = int(self.indptr[start]), int(self.indptr[stop])
        return self._batch(self.indptr[start : stop + 1] - a, self.indices[a:b], self.values[a:b])

    def take(self, rows: torch.Tensor) -> torch.Tensor:
        """Rows ``rows`` (in that order) as a torch sparse CSR tensor, like ``x[rows]``."""
        rows = rows.to(self.indptr.device)
        starts = self.indptr[rows].long()
        lengths = self.indptr[rows + 1].long() - starts
        crow = torch.zeros(len(rows) + 1, dtype=torch.int64, device=starts.device)
        torch.cumsum(lengths, 0, out=crow[1:])
        # position k of the batch reads entry starts[r] + (k - crow[r]) of the row r it falls in
        shift = torch.repeat_interleave(starts - crow[:-1], lengths, output_size=int(crow[-1]))
        where = shift + torch.arange(len(shift), device=shift.device)
        return self._batch(crow.to(self.indices.dtype), self.indices[where], self.values[where])


@dataclass
class SparseSplit:
    """One split: a scipy CSR feature matrix (rows = reviews) and integer labels."""

    x: sp.csr_matrix
    y: torch.Tensor

    def __post_init__(self) -> None:
        if not sp.issparse(self.x):
            raise TypeError(f"SparseSplit.x must be a scipy sparse matrix, not {type(self.x).__name__}")
        self.x = self.x.tocsr().astype(np.float32, copy=False)
        self.y = torch.as_tensor(np.asarray(self.y) if not torch.is_tensor(self.y) else self.y, dtype=torch.int64)
        if self.x.shape[0] != len(self.y):
            raise ValueError(f"{self.x.shape[0]} feature rows but {len(self.y)} labels")
        self._rows: dict[str, CsrRows] = {}

    def __len__(self) -> int:
        return len(self.y)

    def on(self, device: torch.device) -> CsrRows:
        """The matrix as :class:`CsrRows` on ``device`` (made once per device)."""
        key = str(device)
        if key not in self._rows:
            self._rows[key] = CsrRows(self.x, device)
        return self._rows[key]


def to_torch_csr(x: sp.csr_matrix) -> torch.Tensor:
    """``x`` as a torch sparse CSR tensor (float32 values), sharing the scipy arrays."""
    return CsrRows(x).rows(0, x.shape[0])


def csr_batches(
    x: sp.csr_matrix | CsrRows, batch_size: int, device: torch.device | None = None
) -> Iterator[tuple[int, int, torch.Tensor]]:
    """Consecutive row slices of ``x`` as torch CSR tensors: yields (start, stop, batch)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, not {batch_size}")
    rows = x if isinstance(x, CsrRows) else CsrRows(x, device)
    n = len(rows)
    for i in range(0, n, batch_size):
        j = min(i + batch_size, n)
        yield i, j, rows.rows(i, j)


def build_sparse_model(
    in_features: int,
    n_classes: int,
    hidden: list[int],
    activation_name: str,
    seed: int,
    dropout: float = 0.0,
    input_dropout: float = 0.0,
) -> SparseMLP:
    """The sparse MLP with its initial weights drawn from ``seed`` alone."""
    torch.manual_seed(seed)
    return SparseMLP(in_features, hidden, n_classes, activation_name, dropout, input_dropout)


def evaluate_sparse(
    model: SparseMLP,
    split: SparseSplit,
    batch: int = 4096,
    device: torch.device | None = None,
    predictions: bool = False,
):
    """Mean cross-entropy and accuracy of ``model`` on ``split``; with
    ``predictions`` also each row's predicted class and its softmax
    probability (:func:`textmlp.train.loop.evaluate_batches` on its CSR batches)."""
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

    Mirrors :func:`textmlp.train.loop.train`: a ``torch.Generator`` seeded with
    ``seed`` shuffles the rows each epoch (and draws the dropout masks, via
    the global generator seeded with ``seed`` too), the history rows hold
    epoch, train_loss, train_acc (means over the epoch's batches), dev_loss
    and dev_acc; the best dev-accuracy epoch's weights are evaluated on test
    once; a non-finite or exploding loss stops the run as diverged.
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
        if record.close_epoch(row, model_weights(model)):
            break
    return record.finish(model, lambda m: evaluate_sparse(m, test, device=device, predictions=True))
