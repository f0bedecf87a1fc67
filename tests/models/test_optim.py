"""The optimizers on private torch APIs equal their public torch counterparts bit for bit."""

import torch
from torch import nn

from textmlp.models.mlp import build_model
from textmlp.models.optim import Adam, RowAdam


def test_lean_adam_is_bit_identical_to_torch_fused_adam():
    """optim.Adam calls the kernel torch.optim.Adam(fused=True) calls; after
    many steps of a real MLP the two sets of parameters must be equal bit for bit."""
    g = torch.Generator().manual_seed(3)
    x, y = torch.randn(256, 20, generator=g), torch.randint(0, 3, (256,), generator=g)
    ours, ref = build_model(20, 3, [16, 8], "tanh", 5), build_model(20, 3, [16, 8], "tanh", 5)
    opt_ours = Adam(ours.parameters(), lr=0.03)
    opt_ref = torch.optim.Adam(ref.parameters(), lr=0.03, fused=True)
    for step in range(40):
        rows = slice(step % 4 * 64, step % 4 * 64 + 64)
        for model, opt in ((ours, opt_ours), (ref, opt_ref)):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[rows]), y[rows]).backward()
            opt.step()
    for a, b in zip(ours.parameters(), ref.parameters()):
        assert torch.equal(a, b)
    assert not torch.equal(ours.layers[0].weight, build_model(20, 3, [16, 8], "tanh", 5).layers[0].weight)


def test_row_adam_is_sparse_adam_bit_for_bit():
    def run(optimizer, steps=30):
        torch.manual_seed(0)
        bag = nn.EmbeddingBag(400, 8, mode="sum", sparse=True)
        opt = optimizer(bag.parameters(), lr=0.01)
        g = torch.Generator().manual_seed(1)
        for _ in range(steps):
            idx = torch.randint(0, 400, (300,), generator=g)  # repeated rows within a batch
            out = bag(idx, torch.arange(0, 300, 10), per_sample_weights=torch.rand(300, generator=g))
            opt.zero_grad()
            (out**2).sum().backward()
            opt.step()
        return bag.weight.detach(), opt.state_dict()["state"][0]

    (w_ref, s_ref), (w, s) = run(torch.optim.SparseAdam), run(RowAdam)
    assert not torch.equal(w, run(torch.optim.SparseAdam, steps=29)[0])  # the steps do change it
    assert torch.equal(w, w_ref)
    assert s["step"] == s_ref["step"] == 30
    assert torch.equal(s["exp_avg"], s_ref["exp_avg"]) and torch.equal(s["exp_avg_sq"], s_ref["exp_avg_sq"])


def test_lean_adam_with_weight_decay_is_torch_fused_adam_with_it():
    g = torch.Generator().manual_seed(4)
    x, y = torch.randn(128, 10, generator=g), torch.randint(0, 2, (128,), generator=g)
    ours, ref, plain = (build_model(10, 2, [8], "relu", 1) for _ in range(3))
    opts = [
        Adam(ours.parameters(), lr=0.01, weight_decay=0.1),
        torch.optim.Adam(ref.parameters(), lr=0.01, weight_decay=0.1, fused=True),
        Adam(plain.parameters(), lr=0.01),
    ]
    for _ in range(20):
        for model, opt in zip((ours, ref, plain), opts):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
    for a, b in zip(ours.parameters(), ref.parameters()):
        assert torch.equal(a, b)
    assert not torch.equal(ours.layers[0].weight, plain.layers[0].weight)
