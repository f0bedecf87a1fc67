"""Several MLPs of one shape as one module: each layer's weights stacked on a model axis."""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from textmlp.models.mlp import MLP, activation

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
    slower on products with a narrow result (the 2 output classes); in this
    layout every such product, forward and backward, comes out wide.
    docs/performance.md has the measurements.
    """

    def __init__(self, models: Sequence[MLP]) -> None:
        super().__init__()
        n_layers = len(models[0].layers)
        self.weights = nn.ParameterList(
            nn.Parameter(torch.stack([m.layers[i].weight.detach() for m in models]).contiguous())
            for i in range(n_layers)
        )  # (models, out, in)
        self.biases = nn.ParameterList(
            nn.Parameter(torch.stack([m.layers[i].bias.detach() for m in models]).unsqueeze(2)) for i in range(n_layers)
        )  # (models, out, 1)
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
        (tests/train/test_training.py checks it bit for bit). Other activations
        go through autograd.
        """
        k, n = y.shape
        if self._act_backward is None:
            logits = self(x)
            losses = (
                nn.functional.cross_entropy(logits.reshape(n * k, -1), y.reshape(-1), reduction="none")
                .view(k, n)
                .mean(1)
            )
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
