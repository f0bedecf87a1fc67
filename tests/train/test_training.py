"""textmlp.train.loop and textmlp.train.stacked: training one model, and several seeds
stacked in one, against training each alone."""

import math

import pytest
import torch
from torch import nn

from textmlp.models.mlp import ACTIVATIONS, build_model
from textmlp.train.loop import DeviceError, Split, evaluate, resolve_device, train


def _data(n=256, d=10, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    return Split(x, y)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_a_training_step_lowers_the_loss_for_every_activation(name):
    data = _data()
    model = build_model(10, 2, [16], name, seed=0)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    before = nn.functional.cross_entropy(model(data.x), data.y)
    optimizer.zero_grad()
    before.backward()
    optimizer.step()
    after = nn.functional.cross_entropy(model(data.x), data.y)
    assert after < before


def _train(seed, lr=0.01, epochs=4, hidden=(16,), scale=1.0):
    tr, dev, te = _data(seed=1), _data(64, seed=2), _data(64, seed=3)
    tr, dev, te = (Split(s.x * scale, s.y) for s in (tr, dev, te))
    model = build_model(10, 2, list(hidden), "sigmoid", seed)
    return train(model, tr, dev, te, lr=lr, batch_size=32, epochs=epochs, seed=seed, device=torch.device("cpu"))


def test_training_learns_and_keeps_the_best_dev_epoch():
    res = _train(0, lr=0.02, epochs=6)
    assert res.status == "ok" and len(res.history) == 6
    assert res.history[-1]["train_loss"] < res.history[0]["train_loss"]
    best = max(res.history, key=lambda r: r["dev_acc"])
    assert res.best_dev_acc == best["dev_acc"] and res.best_epoch == best["epoch"]
    assert res.test_acc > 0.8


def test_best_weights_are_the_ones_evaluated_on_test():
    tr, dev, te = _data(seed=1), _data(64, seed=2), _data(64, seed=3)
    res = train(
        build_model(10, 2, [8], "tanh", 0),
        tr,
        dev,
        te,
        lr=0.05,
        batch_size=32,
        epochs=5,
        seed=0,
        device=torch.device("cpu"),
    )
    model = build_model(10, 2, [8], "tanh", 0)
    model.load_state_dict(res.state_dict)
    assert evaluate(model, dev)[1] == res.best_dev_acc
    assert evaluate(model, te) == (res.test_loss, res.test_acc)


def test_same_seed_same_metrics_different_seed_different():
    a, b, c = _train(0), _train(0), _train(1)
    assert a.history == b.history and a.test_acc == b.test_acc
    assert a.history != c.history


def test_divergence_stops_and_is_recorded():
    res = _train(0, lr=10.0, epochs=10, hidden=(), scale=1e30)  # loss explodes
    assert res.status == "diverged"
    assert len(res.history) < 10
    assert res.history[-1]["train_loss"] > 100 * math.log(2)
    # it diverged in its first epoch, so there is no best epoch to evaluate on test
    assert res.best_epoch is None and math.isnan(res.test_acc)


def test_cuda_without_cuda_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(DeviceError, match="training.device is 'cuda'"):
        resolve_device("cuda")
    assert resolve_device("auto").type == "cpu"


def test_stacked_training_matches_training_each_seed_alone():
    """Seeds trained together follow the trajectories they follow alone (same
    initial weights, batches and Adam updates), up to float round-off."""
    from textmlp.train.stacked import train_stacked

    seeds = [0, 1, 2]
    tr, dev, te = _data(seed=1), _data(64, seed=2), _data(64, seed=3)
    kw = dict(lr=0.02, batch_size=32, epochs=3, device=torch.device("cpu"))
    alone = [train(build_model(10, 2, [16, 8], "tanh", s), tr, dev, te, seed=s, **kw) for s in seeds]
    together = train_stacked([build_model(10, 2, [16, 8], "tanh", s) for s in seeds], seeds, tr, dev, te, **kw)
    for a, b in zip(alone, together):
        assert [r["epoch"] for r in a.history] == [r["epoch"] for r in b.history]
        for ra, rb in zip(a.history, b.history):
            for key in ("train_loss", "dev_loss", "grad_rms_1", "grad_rms_2", "grad_rms_3"):
                assert rb[key] == pytest.approx(ra[key], rel=1e-4)
            assert rb["dev_acc"] == ra["dev_acc"] and rb["train_acc"] == ra["train_acc"]
        assert (a.best_epoch, a.test_acc) == (b.best_epoch, b.test_acc)
        assert a.n_classes == b.n_classes == 2
        for name, value in a.state_dict.items():
            torch.testing.assert_close(b.state_dict[name], value, rtol=1e-4, atol=1e-5)
    assert together[0].history != together[1].history


@pytest.mark.parametrize("act", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [[], [16], [16, 8]])
def test_stacked_gradients_are_autograds_bit_for_bit(act, hidden):
    """The written-out backward pass (or autograd, for activations without one)
    gives exactly autograd's losses and gradients."""
    from textmlp.models.stacked import StackedMLP

    models = [build_model(10, 3, hidden, act, s) for s in range(3)]
    manual, reference = StackedMLP(models), StackedMLP(models)
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(3, 32, 10, generator=g) * 3, torch.randint(0, 3, (3, 32), generator=g)
    losses, logits = manual.loss_and_gradients(x, y)
    ref_logits = reference(x)
    ref = nn.functional.cross_entropy(ref_logits.reshape(-1, 3), y.reshape(-1), reduction="none").view(3, -1).mean(1)
    ref.sum().backward()
    assert torch.equal(losses, ref.detach()) and torch.equal(logits, ref_logits.detach())
    assert logits.shape == (3, 32, 3) and (manual.n_models, manual.n_classes) == (3, 3)
    for (name, p), q in zip(manual.named_parameters(), reference.parameters()):
        assert torch.equal(p.grad, q.grad), name
    # each model's gradient comes from its own loss only
    assert not torch.equal(manual.weights[0].grad[0], manual.weights[0].grad[1])


def test_stacked_training_records_a_diverging_seed_and_continues_the_others():
    from textmlp.train.stacked import train_stacked

    tr, dev, te = _data(seed=1), _data(64, seed=2), _data(64, seed=3)
    models = [build_model(10, 2, [], "relu", s) for s in (0, 1)]
    with torch.no_grad():  # seed 1 starts with weights so large that its loss explodes
        models[1].layers[0].weight[0].fill_(1e6)
    res = train_stacked(models, [0, 1], tr, dev, te, lr=0.01, batch_size=32, epochs=3, device=torch.device("cpu"))
    assert res[0].status == "ok" and len(res[0].history) == 3
    assert res[1].status == "diverged" and len(res[1].history) == 1


def test_each_epoch_records_the_gradient_reaching_each_layer():
    """grad_rms_<l>: the root mean square of layer l's weight gradient, averaged over the
    epoch's steps; recomputed here by hand for one full-batch epoch."""
    tr, dev, te = _data(seed=1), _data(64, seed=2), _data(64, seed=3)
    model = build_model(10, 2, [16, 8], "sigmoid", 0)
    reference = build_model(10, 2, [16, 8], "sigmoid", 0)
    loss = torch.nn.functional.cross_entropy(reference(tr.x), tr.y)
    loss.backward()
    expected = [float(layer.weight.grad.pow(2).mean().sqrt()) for layer in reference.layers]
    res = train(model, tr, dev, te, lr=0.01, batch_size=len(tr.y), epochs=1, seed=0, device=torch.device("cpu"))
    row = res.history[0]
    assert [row[f"grad_rms_{i}"] for i in (1, 2, 3)] == pytest.approx(expected, rel=1e-5)


def test_a_new_best_epoch_frees_the_old_best_weights_before_copying():
    """At most one best-epoch copy of the weights at a time (the TF-IDF layer's
    copies are what its training job's memory is made of)."""
    from textmlp.train.loop import EpochRecord

    record = EpochRecord(n_classes=2)
    seen = []

    def weights():
        seen.append(record.best_state)  # what is held while the new copy is taken
        return {"w": len(seen)}

    for epoch, acc in ((1, 0.6), (2, 0.7), (3, 0.65), (4, 0.8)):
        row = {"epoch": epoch, "train_loss": 0.5, "train_acc": acc, "dev_loss": 0.5, "dev_acc": acc}
        assert not record.close_epoch(row, weights)
    assert seen == [None, None, None]  # three bests, none copied beside its predecessor
    assert record.best_state == {"w": 3} and record.result.best_epoch == 4
