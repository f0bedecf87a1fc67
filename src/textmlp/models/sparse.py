"""An MLP over sparse inputs (TF-IDF n-grams) that never densifies them.

The first layer, :class:`SparseLinear`, computes ``x @ W + b`` for a sparse
CSR batch ``x``: it is an ``nn.EmbeddingBag`` in ``sum`` mode whose bags are
the rows of ``x`` (column indices as the input, row pointers as the offsets,
stored values as the per-sample weights), so its gradient is sparse as well.
"""

from __future__ import annotations

import math
from typing import Sequence

import torch
from torch import nn

from textmlp.models.mlp import activation


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
                "see textmlp.train.sparse.to_torch_csr"
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
