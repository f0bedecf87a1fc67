"""The optimizers the training loops use, both on private torch APIs, in one place.

- :class:`Adam`: ``torch.optim.Adam(fused=True)``'s kernel called directly;
- :class:`RowAdam`: ``torch.optim.SparseAdam``'s update on gathered rows.

Each gives its torch counterpart's parameters bit for bit (tests/models/test_optim.py).
"""

from __future__ import annotations

import math

import torch
from torch import nn


class Adam:
    """Adam (PyTorch's defaults: betas 0.9/0.999, eps 1e-8, no weight decay)
    through the fused kernel that ``torch.optim.Adam(fused=True)`` calls.
    ``weight_decay`` is torch's: an L2 term added to every parameter's gradient.

    The optimizer class spends most of a small model's step in Python
    bookkeeping (hooks, grouping tensors by device and dtype); on CPU that was
    about a sixth of a ``[512]`` step. This keeps the state in four lists and
    calls the kernel directly, so each step is one call. The update is the
    same kernel with the same state: tests/models/test_optim.py checks the
    parameters stay bit-identical to ``torch.optim.Adam(fused=True)``.
    """

    def __init__(
        self,
        params,
        lr: float,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.betas, self.eps, self.weight_decay = float(lr), betas, eps, float(weight_decay)
        self.exp_avg = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [torch.zeros_like(p) for p in self.params]
        # float32 step counters on the parameters' device, as the fused path keeps them
        self.steps = [torch.zeros((), dtype=torch.float32, device=p.device) for p in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        torch._foreach_add_(self.steps, 1)
        torch._fused_adam_(
            self.params,
            [p.grad for p in self.params],
            self.exp_avg,
            self.exp_avg_sq,
            [],
            self.steps,
            amsgrad=False,
            lr=self.lr,
            beta1=self.betas[0],
            beta2=self.betas[1],
            weight_decay=self.weight_decay,
            eps=self.eps,
            maximize=False,
        )


def adam(model: nn.Module, lr: float, **settings: float) -> Adam:
    """The optimizer the dense training loops use (see :class:`Adam`); ``settings``:
    its other keyword arguments, as a configuration's parameters give them."""
    return Adam(model.parameters(), lr, **settings)


class RowAdam(torch.optim.SparseAdam):
    """``torch.optim.SparseAdam``, the same numbers, computed on gathered rows.

    SparseAdam builds sparse tensors and adds them to its dense moment
    buffers several times a step, which costs about 20 ms a step for
    ~15,000 touched rows of 32. Here the touched rows are gathered once
    (``index_select``), updated as small dense blocks, and written back
    (``index_copy_``, ``index_add_``), in the same floating-point operations
    in the same order, so the weights equal SparseAdam's bit for bit (a test
    checks it); state keys and ``state_dict`` are SparseAdam's too.
    """

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            eps, lr = group["eps"], float(group["lr"])
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = param.grad
                if not grad.is_sparse:
                    raise RuntimeError("RowAdam takes sparse gradients; use Adam for dense ones")
                if group.get("maximize", False):
                    grad = -grad
                state = self.state[param]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(param, memory_format=torch.preserve_format)
                    state["exp_avg_sq"] = torch.zeros_like(param, memory_format=torch.preserve_format)
                state["step"] += 1
                grad = grad.coalesce()  # one row per index: the update is not linear
                rows, values = grad._indices()[0], grad._values()
                if values.numel() == 0:
                    continue
                exp_avg, exp_avg_sq, step = state["exp_avg"], state["exp_avg_sq"], state["step"]
                # old <- old + (1 - b) * (new - old), as SparseAdam writes it
                old_avg = exp_avg.index_select(0, rows)
                avg = values.sub(old_avg).mul_(1 - beta1).add_(old_avg)
                exp_avg.index_copy_(0, rows, avg)
                old_sq = exp_avg_sq.index_select(0, rows)
                sq = values.pow(2).sub_(old_sq).mul_(1 - beta2).add_(old_sq)
                exp_avg_sq.index_copy_(0, rows, sq)
                denom = sq.sqrt_().add_(eps)
                step_size = lr * math.sqrt(1 - beta2**step) / (1 - beta1**step)
                param.index_add_(0, rows, avg.div_(denom).mul_(-step_size))
        return loss
