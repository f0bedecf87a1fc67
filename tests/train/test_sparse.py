"""TF-IDF vectors, the sparse-input MLP and the logistic-regression baselines."""

import math

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from torch import nn

from tests.conftest import sparse_toy
from textmlp.models.mlp import MLP
from textmlp.models.sparse import CsrRows, SparseSplit, build_sparse_model, csr_batches, to_torch_csr
from textmlp.train.baselines import logistic_regression
from textmlp.train.loop import evaluate_sparse, train_sparse

CPU = torch.device("cpu")
SPLIT_NAMES = ("train", "dev", "test")


# ---------------------------------------------------------------- toy data


def toy_splits(n_classes=3, d=120):
    return [SparseSplit(*sparse_toy(n, n_classes, seed, d)) for n, seed in ((600, 1), (200, 2), (200, 3))]


def train_toy(seed, epochs=4, hidden=(16,), lr=0.02, **model_kw):
    tr, dev, te = toy_splits()
    model = build_sparse_model(tr.x.shape[1], 3, list(hidden), "relu", seed, **model_kw)
    return train_sparse(model, tr, dev, te, lr=lr, batch_size=32, epochs=epochs, seed=seed, device=CPU)


def mapped_toy_splits(tmp_path, n_classes=3, d=120):
    """:func:`toy_splits` written to a features file with an NB-like column
    scale, read back in place: (plain splits as in memory, mapped splits, scale)."""
    from textmlp.features.tfidf_file import map_tfidf, save_tfidf

    splits = toy_splits(n_classes, d)
    scale = np.linspace(0.25, 2.0, d).astype(np.float32)
    path = tmp_path / "toy.npz"
    matrices = {f"{s}_{k}": getattr(sp_, k) for s, sp_ in zip(SPLIT_NAMES, splits) for k in "xy"}
    save_tfidf(path, {**matrices, "nb_ratio": scale})
    arrays, pages = map_tfidf(path)
    mapped = [SparseSplit(arrays[f"{s}_x"], arrays[f"{s}_y"], arrays["nb_ratio"], pages) for s in SPLIT_NAMES]
    return splits, mapped, scale


# ---------------------------------------------------------------- sparse MLP


def test_sparse_first_layer_equals_the_dense_product():
    x, _ = sparse_toy(40, d=60)
    model = build_sparse_model(60, 3, [8, 5], "tanh", seed=0)
    dense = MLP(60, [8, 5], 3, "tanh")
    with torch.no_grad():
        dense.layers[0].weight.copy_(model.first.weight.T)
        dense.layers[0].bias.copy_(model.first.bias)
        for a, b in zip(dense.layers[1:], model.layers):
            a.weight.copy_(b.weight)
            a.bias.copy_(b.bias)
    xd = torch.from_numpy(x.toarray())
    model.eval()
    assert torch.allclose(model(to_torch_csr(x)), dense(xd), atol=1e-6)
    # and the sparse gradient of the n-gram weights is the dense one
    model.zero_grad()
    dense.zero_grad()
    y = torch.zeros(40, dtype=torch.long)
    nn.functional.cross_entropy(model(to_torch_csr(x)), y).backward()
    nn.functional.cross_entropy(dense(xd), y).backward()
    assert model.first.weight.grad.is_sparse
    assert torch.allclose(model.first.weight.grad.to_dense(), dense.layers[0].weight.grad.T, atol=1e-6)


def test_batches_cover_every_row_once():
    x, _ = sparse_toy(70)
    seen = [(i, j, b.to_dense()) for i, j, b in csr_batches(x, 32)]
    assert [(i, j) for i, j, _ in seen] == [(0, 32), (32, 64), (64, 70)]
    assert torch.equal(torch.cat([b for *_, b in seen]), torch.from_numpy(x.toarray()))


def test_gathered_rows_are_the_scipy_rows_and_share_its_memory():
    x, _ = sparse_toy(50)
    x = sp.vstack([x[:10], sp.csr_matrix((3, x.shape[1]), dtype=np.float32), x[10:]]).tocsr()  # empty rows 10-12
    rows = CsrRows(x)
    order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(0))
    for pick in (order[:17], order[17:], torch.tensor([11, 0, 11, 12]), torch.tensor([], dtype=torch.int64)):
        got = rows.take(pick)
        assert got.shape == (len(pick), x.shape[1])
        assert np.array_equal(got.to_dense().numpy(), x[pick.numpy()].toarray())
    assert np.array_equal(rows.rows(5, 20).to_dense().numpy(), x[5:20].toarray())
    # on the CPU the tensors are the scipy arrays themselves (int32 indices kept), not copies
    assert rows.indices.dtype == torch.int32 and rows.indices.data_ptr() == x.indices.ctypes.data
    assert rows.values.data_ptr() == x.data.ctypes.data


def test_sparse_mlp_learns_a_separable_three_class_problem():
    res = train_toy(0)
    assert res.status == "ok" and res.n_classes == 3
    assert res.history[-1]["train_loss"] < res.history[0]["train_loss"]
    assert res.best_dev_acc >= 0.98 and res.test_acc >= 0.98
    assert set(res.history[0]) == {"epoch", "train_loss", "train_acc", "dev_loss", "dev_acc"}


def test_linear_model_and_dropout_variants_learn_too():
    assert train_toy(0, hidden=()).test_acc >= 0.98
    assert train_toy(0, dropout=0.3, input_dropout=0.3).test_acc >= 0.95


def test_best_dev_weights_are_the_ones_evaluated_on_test():
    tr, dev, te = toy_splits()
    res = train_toy(1, epochs=5, lr=0.005)
    best = max(res.history, key=lambda r: r["dev_acc"])
    assert res.best_epoch == best["epoch"] and res.best_dev_acc == best["dev_acc"]
    model = build_sparse_model(tr.x.shape[1], 3, [16], "relu", seed=99)
    model.load_state_dict(res.state_dict)
    assert evaluate_sparse(model, dev)[1] == res.best_dev_acc
    assert evaluate_sparse(model, te) == (res.test_loss, res.test_acc)


def test_same_seed_same_history_different_seed_different():
    a, b, c = train_toy(0, epochs=2, dropout=0.2), train_toy(0, epochs=2, dropout=0.2), train_toy(1, epochs=2)
    assert a.history == b.history and a.test_acc == b.test_acc
    assert a.history != c.history


def test_divergence_stops_and_is_recorded():
    tr, dev, te = (SparseSplit(s.x * np.float32(1e30), s.y) for s in toy_splits())
    model = build_sparse_model(tr.x.shape[1], 3, [], "relu", seed=0)
    res = train_sparse(model, tr, dev, te, lr=10.0, batch_size=32, epochs=5, seed=0, device=CPU)
    assert res.status == "diverged" and len(res.history) < 5
    assert not res.history[-1]["train_loss"] <= 100 * math.log(3)


def test_sparse_split_and_layer_reject_wrong_inputs():
    x, y = sparse_toy(10)
    with pytest.raises(ValueError, match="10 feature rows but 9 labels"):
        SparseSplit(x, y[:9])
    with pytest.raises(TypeError, match="scipy sparse"):
        SparseSplit(x.toarray(), y)
    model = build_sparse_model(x.shape[1], 3, [4], "relu", seed=0)
    with pytest.raises(TypeError, match="sparse CSR batch"):
        model(torch.from_numpy(x.toarray()))


# ---------------------------------------------------------------- logistic regression


def test_logistic_regression_keeps_the_dev_best_C():
    rng = np.random.default_rng(0)

    def blobs(n):
        y = rng.integers(0, 2, n)
        return rng.normal(size=(n, 5)) + 1.0 * (2 * y[:, None] - 1) * np.array([1, 0.5, 0, 0, 0]), y

    (trx, try_), (dvx, dvy), (tex, tey) = blobs(300), blobs(200), blobs(200)
    res = logistic_regression(trx, try_, dvx, dvy, tex, tey, Cs=[1e-4, 1e-2, 1.0, 100.0])
    assert sorted(res.dev_acc_by_C) == [1e-4, 1e-2, 1.0, 100.0]
    best = max(res.dev_acc_by_C.values())
    assert res.dev_acc == best and res.C == min(c for c, a in res.dev_acc_by_C.items() if a == best)
    from sklearn.linear_model import LogisticRegression  # the chosen C, refitted, scores the same

    again = LogisticRegression(C=res.C, solver="lbfgs", max_iter=1000, tol=1e-8).fit(trx, try_)  # from zero
    assert (again.predict(dvx) == dvy).mean() == res.dev_acc and (again.predict(tex) == tey).mean() == res.test_acc
    flat = res.as_dict()
    assert flat["C"] == res.C and flat["dev_acc_C=100"] == res.dev_acc_by_C[100.0]
    assert res.test_acc > 0.8 and res.n_features == 5 and res.solver == "lbfgs"  # dense inputs
    sparse = logistic_regression(sp.csr_matrix(trx), try_, sp.csr_matrix(dvx), dvy, sp.csr_matrix(tex), tey, Cs=[1.0])
    assert sparse.solver == "lbfgs" and sparse.test_acc > 0.8


def test_logistic_regression_on_sparse_three_class_input():
    (trx, try_), (dvx, dvy), (tex, tey) = (sparse_toy(n, 3, s) for n, s in ((300, 1), (100, 2), (100, 3)))
    res = logistic_regression(trx, try_, dvx, dvy, tex, tey, Cs=[0.1, 10.0])
    assert res.n_classes == 3 and res.solver == "lbfgs"
    assert res.test_acc >= 0.98


def test_logistic_regression_checks_its_inputs():
    x, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="Cs is empty"):
        logistic_regression(x, y, x, y, x, y, Cs=[])
    with pytest.raises(ValueError, match="different feature counts"):
        logistic_regression(x, y, np.zeros((4, 3)), y, x, y)
    with pytest.raises(ValueError, match="single class"):
        logistic_regression(x, np.zeros(4, dtype=int), x, y, x, y)


# ------------------------------------------------ features read in place, scaled by the batch


class CountedPages:
    """A mapped file's pages, counting how often they are handed back."""

    def __init__(self, pages):
        self.pages, self.released = pages, 0

    def release(self):
        self.released += 1
        self.pages.release()


def test_mapped_scaled_batches_are_the_scaled_matrix_bit_for_bit(tmp_path, monkeypatch):
    import textmlp.models.sparse as sparse

    (train, *_), (mapped, *_), scale = mapped_toy_splits(tmp_path)
    scaled = sp.csr_matrix(train.x.multiply(scale[None, :]), dtype=np.float32)  # float32 x float32: the same products
    monkeypatch.setattr(sparse, "RELEASE_BYTES", 1)  # hand the pages back before every batch
    pages = CountedPages(mapped.pages)
    rows = CsrRows(mapped.x, CPU, mapped.scale, pages)
    order = torch.randperm(len(mapped), generator=torch.Generator().manual_seed(0))
    for pick in (order[:64], order[64:]):
        assert np.array_equal(rows.take(pick).to_dense().numpy(), scaled[pick.numpy()].toarray())
    assert np.array_equal(rows.rows(10, 90).to_dense().numpy(), scaled[10:90].toarray())
    assert pages.released == 2  # before the second and the third batch
    assert torch.equal(rows.indices, torch.from_numpy(train.x.indices))  # read back after each release


def test_training_on_the_mapped_file_equals_training_on_the_scaled_matrices_in_memory(tmp_path, monkeypatch):
    import textmlp.models.sparse as sparse

    plain, mapped, scale = mapped_toy_splits(tmp_path)
    in_memory = [SparseSplit(sp.csr_matrix(s.x.multiply(scale[None, :]), dtype=np.float32), s.y) for s in plain]
    monkeypatch.setattr(sparse, "RELEASE_BYTES", 4096)
    results = []
    for splits in (in_memory, mapped):
        model = build_sparse_model(120, 3, [16], "relu", seed=3, dropout=0.2)
        results.append(train_sparse(model, *splits, lr=0.02, batch_size=32, epochs=3, seed=3, device=CPU))
    a, b = results
    assert a.history == b.history and a.best_epoch == b.best_epoch and a.test_acc == b.test_acc
    assert all(torch.equal(a.state_dict[k], b.state_dict[k]) for k in a.state_dict)
    assert np.array_equal(a.test_probability, b.test_probability)


def test_the_best_epoch_waits_on_disk_in_a_file_without_a_name(tmp_path, monkeypatch):
    import os

    from textmlp.train.loop import SpilledWeights

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    weights = {"w": torch.randn(500, 70), "b": torch.randn(70)}
    spilled = SpilledWeights(weights)
    on_disk = os.fstat(spilled.file.fileno())
    assert on_disk.st_dev == os.stat(tmp_path).st_dev  # in $TMPDIR's file system
    assert on_disk.st_size > 500 * 70 * 4  # the weights are in the file, not only in memory
    assert on_disk.st_nlink == 0 and list(tmp_path.iterdir()) == []  # nothing a killed job could leave behind
    back = spilled.load()
    assert all(torch.equal(back[k], weights[k]) for k in weights)
    again = spilled.load()  # read again from the start
    assert all(torch.equal(again[k], weights[k]) for k in weights)
    descriptor = spilled.file.fileno()
    del spilled
    with pytest.raises(OSError):  # closed, its space handed back, with the object
        os.fstat(descriptor)
    train_toy(seed=0, epochs=3)
    assert list(tmp_path.iterdir()) == []
