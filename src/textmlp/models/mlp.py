"""The MLP classifier and the registry of activation functions it can use.

The registry is the single place that lists the activations: the config
schema, the derivation checks and the activation figure all read it (their
names in figures and sentences: :data:`textmlp.parameters.ACTIVATION_NAMES`).
"""

from __future__ import annotations

from typing import Callable, Sequence

import torch
from torch import nn

#: Activation name (as written in config.yaml) -> module factory.
ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "gelu": nn.GELU,
    "leaky_relu": nn.LeakyReLU,
    "elu": nn.ELU,
    "silu": nn.SiLU,
}


def activation(name: str) -> nn.Module:
    """A fresh activation module for ``name`` (a key of :data:`ACTIVATIONS`)."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None


class MLP(nn.Module):
    """Linear layers in an ``nn.ModuleList``, an activation after each hidden one.

    ``hidden=[]`` is the homework's single-layer model (one linear map from the
    features to the logits); ``hidden=[512, 512]`` has two hidden layers.
    """

    def __init__(
        self,
        in_features: int,
        hidden: Sequence[int],
        n_classes: int = 2,
        activation_name: str = "sigmoid",
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        sizes = [in_features, *hidden, n_classes]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.activations = nn.ModuleList(activation(activation_name) for _ in hidden)
        self.activation_name = activation_name
        # dropout has no parameters: the state dict is the same with or without it
        self.dropout = nn.Dropout(dropout) if dropout else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        *hidden_layers, output = self.layers
        for layer, act in zip(hidden_layers, self.activations):
            x = self.dropout(act(layer(x)))
        return output(x)


def build_model(
    in_features: int, n_classes: int, hidden: list[int], activation: str, seed: int, dropout: float = 0.0
) -> MLP:
    """The MLP with its initial weights drawn from ``seed`` alone."""
    torch.manual_seed(seed)
    return MLP(in_features, hidden, n_classes, activation, dropout)
