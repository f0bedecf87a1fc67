"""An MLP over sparse inputs (TF-IDF n-grams) that never densifies them, and what feeds it.

The first layer, :class:`SparseLinear`, computes ``x @ W + b`` for a sparse
CSR batch ``x``: it is an ``nn.EmbeddingBag`` in ``sum`` mode whose bags are
the rows of ``x`` (column indices as the input, row pointers as the offsets,
stored values as the per-sample weights), so its gradient is sparse as well.

The rest is the model's plumbing: :class:`CsrRows` cuts torch CSR batches out of
a scipy matrix without copying it, and :class:`SparseSplit` holds one split
(:func:`textmlp.train.loop.train_sparse` trains the model on them).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
import scipy.sparse as sp
import torch
from torch import nn

from textmlp.features.tfidf_file import MappedFile
from textmlp.models.mlp import activation

#: Bytes of a mapped feature matrix a :class:`CsrRows` maps before handing its pages back.
RELEASE_BYTES = 64 * 2**20
#: What one read of a mapped file may map: Linux maps the cached pages around a
#: faulting one too (``fault_around_bytes``, 64 KiB by default).
FAULT_AROUND_BYTES = 64 * 2**10

# torch warns once per process that sparse CSR tensors are "in beta"; the few
# CSR operations used here (construction, crow/col indices, values) are stable.
warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta", category=UserWarning)


class SparseLinear(nn.Module):
    """``x @ weight + bias`` for a sparse CSR ``x`` of shape (batch, in_features).

    ``weight`` (in_features x out_features, one row per n-gram) lives in an
    ``nn.EmbeddingBag`` with sparse gradients; it starts like ``nn.Linear``'s
    (uniform in +-1/sqrt(in_features)), as does ``bias``.
    ``input_dropout`` drops each stored input entry with that probability
    while training (survivors scaled by 1/(1-p)), like dropping n-grams.
    """

    def __init__(self, in_features: int, out_features: int, input_dropout: float = 0.0) -> None:
        super().__init__()
        if not 0.0 <= input_dropout < 1.0:
            raise ValueError(f"input_dropout must be in [0, 1), not {input_dropout}")
        self.in_features, self.out_features = in_features, out_features
        self.bag = nn.EmbeddingBag(in_features, out_features, mode="sum", sparse=True, include_last_offset=True)
        self.bias = nn.Parameter(torch.empty(out_features))
        self.input_dropout = input_dropout
        bound = 1.0 / math.sqrt(in_features)
        with torch.no_grad():
            self.bag.weight.uniform_(-bound, bound)
            self.bias.uniform_(-bound, bound)

    @property
    def weight(self) -> nn.Parameter:
        """(in_features, out_features): the transpose of ``nn.Linear.weight``."""
        return self.bag.weight

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.layout != torch.sparse_csr:
            raise TypeError(
                f"SparseLinear takes a torch sparse CSR batch, got layout {x.layout}; "
                "see textmlp.models.sparse.to_torch_csr"
            )
        if x.shape[1] != self.in_features:
            raise ValueError(f"batch has {x.shape[1]} columns but the layer expects {self.in_features}")
        values = x.values()
        if self.training and self.input_dropout > 0:
            keep = torch.rand_like(values) >= self.input_dropout
            values = values * keep / (1.0 - self.input_dropout)
        out = self.bag(x.col_indices(), x.crow_indices(), per_sample_weights=values)
        return out + self.bias


class SparseMLP(nn.Module):
    """:class:`SparseLinear` then dense ``nn.Linear`` layers, an activation
    (a name in :data:`textmlp.models.mlp.ACTIVATIONS`) after each hidden layer.

    ``hidden=[]`` is a linear model on the sparse features; ``dropout``
    applies after each hidden activation while training.
    """

    def __init__(
        self,
        in_features: int,
        hidden: Sequence[int],
        n_classes: int = 2,
        activation_name: str = "relu",
        dropout: float = 0.0,
        input_dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), not {dropout}")
        sizes = [in_features, *hidden, n_classes]
        self.first = SparseLinear(sizes[0], sizes[1], input_dropout)
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[1:-1], sizes[2:]))
        self.activations = nn.ModuleList(activation(activation_name) for _ in hidden)
        self.dropout = nn.Dropout(dropout)
        self.activation_name = activation_name
        self.n_classes = n_classes

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.first(x)
        for layer, act in zip(self.layers, self.activations):
            h = layer(self.dropout(act(h)))
        return h


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


class CsrRows:
    """A scipy CSR matrix's arrays as torch tensors, from which row batches are cut.

    On the CPU the tensors share memory with the scipy arrays (no copy; int32
    indices stay int32, which ``nn.EmbeddingBag`` takes as they are). A batch
    of consecutive rows (:meth:`rows`) is made of views; a batch of any rows
    (:meth:`take`, a shuffled training batch) gathers just those rows, so an
    epoch in a new order never copies the whole matrix.

    ``scale`` multiplies each column's values as batches are cut (the NB
    ratio: the matrix itself stays as stored). With ``pages``, the mapped file
    the matrix reads (:func:`textmlp.features.tfidf_file.map_tfidf`), the
    pages read are handed back every :data:`RELEASE_BYTES`, so the matrix is
    never resident as a whole, however many rows it has.
    """

    def __init__(
        self,
        x: sp.csr_matrix,
        device: torch.device | None = None,
        scale: np.ndarray | None = None,
        pages: MappedFile | None = None,
    ) -> None:
        x = x.tocsr()
        index_dtype = np.promote_types(x.indptr.dtype, x.indices.dtype)  # CSR tensors want one dtype
        with warnings.catch_warnings():  # a mapped file's arrays are read-only; nothing here writes them
            warnings.filterwarnings("ignore", message="The given NumPy array is not writable", category=UserWarning)
            self.indptr = torch.from_numpy(x.indptr.astype(index_dtype, copy=False)).to(device)
            self.indices = torch.from_numpy(x.indices.astype(index_dtype, copy=False)).to(device)
            self.values = torch.from_numpy(x.data.astype(np.float32, copy=False)).to(device)
        self.scale = None if scale is None else torch.from_numpy(np.asarray(scale, dtype=np.float32)).to(device)
        self.shape = x.shape
        # the parts still read from the file: hand back its pages as batches pass (on a GPU they were copied)
        self.pages = pages if pages is not None and self.values.device.type == "cpu" else None
        if pages is not None and self.pages is None:
            pages.release()
        self._touched = 0

    def __len__(self) -> int:
        return self.shape[0]

    def _read(self, entries: int, rows: int) -> None:
        """Count the file's bytes a batch reads, releasing its pages once :data:`RELEASE_BYTES` were."""
        if self.pages is None:
            return
        if self._touched > RELEASE_BYTES:
            self.pages.release()
            self._touched = 0
        self._touched += 8 * entries + 2 * FAULT_AROUND_BYTES * rows  # each row's values and indices

    def _batch(self, crow: torch.Tensor, indices: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
        if self.scale is not None:  # the same float32 products as scaling the whole matrix first
            values = values * self.scale[indices]
        return torch.sparse_csr_tensor(
            crow, indices, values, size=(len(crow) - 1, self.shape[1]), check_invariants=False
        )

    def rows(self, start: int, stop: int) -> torch.Tensor:
        """Rows ``start:stop`` as a torch sparse CSR tensor of views (values scaled: a copy)."""
        a, b = int(self.indptr[start]), int(self.indptr[stop])
        self._read(b - a, stop - start)
        return self._batch(self.indptr[start : stop + 1] - a, self.indices[a:b], self.values[a:b])

    def take(self, rows: torch.Tensor) -> torch.Tensor:
        """Rows ``rows`` (in that order) as a torch sparse CSR tensor, like ``x[rows]``."""
        rows = rows.to(self.indptr.device)
        starts = self.indptr[rows].long()
        lengths = self.indptr[rows + 1].long() - starts
        crow = torch.zeros(len(rows) + 1, dtype=torch.int64, device=starts.device)
        torch.cumsum(lengths, 0, out=crow[1:])
        self._read(int(crow[-1]), len(rows))
        # position k of the batch reads entry starts[r] + (k - crow[r]) of the row r it falls in
        shift = torch.repeat_interleave(starts - crow[:-1], lengths, output_size=int(crow[-1]))
        where = shift + torch.arange(len(shift), device=shift.device)
        return self._batch(crow.to(self.indices.dtype), self.indices[where], self.values[where])


@dataclass
class SparseSplit:
    """One split: a scipy CSR feature matrix (rows = reviews) and integer labels."""

    x: sp.csr_matrix
    y: torch.Tensor
    #: Column weights applied as batches are cut (:class:`CsrRows`), and the mapped file ``x`` reads, if any.
    scale: np.ndarray | None = None
    pages: MappedFile | None = None

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
            self._rows[key] = CsrRows(self.x, device, self.scale, self.pages)
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
