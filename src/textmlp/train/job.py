"""One run = one configuration trained with one seed: train it, record it.

A run's record is flat (DVC style): the configuration's parameters, the seed,
status, best dev accuracy and its epoch, test metrics, device, software
versions and a hash of everything that determines the result. What changes
from one identical computation to the next (timings, the host) goes to a
timing record of its own (:func:`timing_record`), so the result files of two
runs of the same configuration are byte-identical.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.features.store import read_features
from textmlp.io import atomic_torch_save, atomic_write_json, atomic_write_text, config_hash
from textmlp.runtime import host, versions
from textmlp.train.predictions import split_reviews, write_predictions

log = logging.getLogger(__name__)


#: A configuration's keys (textmlp.parameters) by what they set: the input, the
#: model and the loop; every other one is the optimizer's (``lr``, ``weight_decay``).
#: Named here, not read from textmlp.parameters, so that an edit to a parameter's
#: words reruns no training (tests/test_parameters.py checks they agree).
INPUT_KEYS = ("embedding",)
MODEL_KEYS = ("hidden", "activation", "dropout")
LOOP_KEYS = ("batch_size", "epochs")


def optimizer_settings(configuration: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration's optimizer settings: every key not an input's, a model's or a loop's."""
    return {k: v for k, v in configuration.items() if k not in INPUT_KEYS + MODEL_KEYS + LOOP_KEYS}


class Trained(NamedTuple):
    """What :func:`execute` gives: each seed's result (in the order of the seeds;
    lazily where seeds train one by one), the device, and how many seeds trained
    together as one stacked model (1: each on its own)."""

    results: Iterable[Any]
    device: Any
    together: int


def execute(
    features: Mapping[str, Any],
    configuration: Mapping[str, Any],
    seeds: Sequence[int],
    device_name: str,
    pages: Any = None,
) -> Trained:
    """Train ``configuration`` once per seed on loaded features (:func:`read_features`).

    Dense features and no dropout: the seeds train together as one stacked
    model (:func:`~textmlp.train.stacked.train_stacked`), each with the initial
    weights and shuffling it would get alone (one seed: a plain
    :class:`~textmlp.models.mlp.MLP`). With dropout each seed trains on its own
    (its masks come from its own seed). Sparse (TF-IDF) features train a
    :class:`~textmlp.models.sparse.SparseMLP` per seed; when the features
    hold ``nb_ratio`` their matrices are plain TF-IDF, scaled by it batch by
    batch, and ``pages`` is the mapped file they read, if they do.

    Seeds trained one by one come as a lazy iterator in :class:`Trained`, so
    each can be written, and its weights dropped, before the next one trains.
    """
    import numpy as np
    import scipy.sparse as sp
    import torch

    from textmlp.models.mlp import build_model
    from textmlp.train.loop import Split, resolve_device, train
    from textmlp.train.stacked import train_stacked

    device = resolve_device(device_name)  # fails at once if cuda is asked for and absent
    n_classes = int(max(np.asarray(features[f"{s}_y"]).max() for s in SPLITS)) + 1
    hidden, act = list(configuration["hidden"]), configuration["activation"]
    dropout = float(configuration.get("dropout", 0.0))
    kwargs = dict(
        batch_size=configuration["batch_size"],
        epochs=configuration["epochs"],
        device=device,
        **optimizer_settings(configuration),
    )
    if sp.issparse(features["train_x"]):
        from textmlp.models.sparse import SparseSplit, build_sparse_model
        from textmlp.train.loop import train_sparse

        scale = features.get("nb_ratio")  # plain TF-IDF as stored: the batches are NB-scaled as they are cut
        splits = {s: SparseSplit(features[f"{s}_x"], features[f"{s}_y"], scale, pages) for s in SPLITS}
        in_features = splits["train"].x.shape[1]
        results = (
            train_sparse(
                build_sparse_model(in_features, n_classes, hidden, act, seed, dropout=dropout),
                splits["train"],
                splits["dev"],
                splits["test"],
                seed=seed,
                **kwargs,
            )
            for seed in seeds
        )
        return Trained(results, device, 1)
    splits = {
        s: Split(torch.as_tensor(features[f"{s}_x"]).float(), torch.as_tensor(features[f"{s}_y"]).long())
        for s in SPLITS
    }
    models = [build_model(splits["train"].x.shape[1], n_classes, hidden, act, seed, dropout) for seed in seeds]
    if len(seeds) == 1 or dropout:
        results = (
            train(model, splits["train"], splits["dev"], splits["test"], seed=seed, **kwargs)
            for model, seed in zip(models, seeds)
        )
        return Trained(results, device, 1)
    stacked = train_stacked(models, seeds, splits["train"], splits["dev"], splits["test"], **kwargs)
    return Trained(stacked, device, len(seeds))


def record(
    name: str,
    configuration: Mapping[str, Any],
    seed: int,
    result,
    device,
    provenance: Mapping[str, Any],
    threads: int,
    seeds_together: int = 1,
) -> dict[str, Any]:
    """The run's result record (metrics.json): the same bytes for the same computation."""
    import torch

    determinants = {"configuration": dict(configuration), "seed": seed, **provenance}
    return {
        "run": name,
        **{k: v for k, v in configuration.items()},
        "seed": seed,
        "status": result.status,
        "n_classes": result.n_classes,
        "epochs_completed": len(result.history),
        "best_epoch": result.best_epoch,
        "best_dev_acc": result.best_dev_acc,
        "best_dev_loss": result.best_dev_loss,
        "test_acc": result.test_acc,
        "test_loss": result.test_loss,
        "final_train_loss": result.history[-1]["train_loss"] if result.history else None,
        "seeds_trained_together": seeds_together,
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "threads": threads,
        "config_hash": config_hash(determinants),
        "versions": versions(),
        "determinants": determinants,
    }


def timing_record(name: str, seed: int, result, wall_seconds: float, seeds_together: int = 1) -> dict[str, Any]:
    """What differs between two identical runs: timings and the host (the run's timings file)."""
    return {
        "run": name,
        "seed": seed,
        "train_seconds": result.train_seconds,
        "wall_seconds": wall_seconds,
        "seeds_trained_together": seeds_together,
        "host": host(),
    }


def write_run(
    outputs: Mapping[str, str],
    rec: Mapping[str, Any],
    result,
    timings: Mapping[str, Any] | None = None,
    test_ids: Sequence[str] | None = None,
    test_labels: Sequence[int] | None = None,
) -> None:
    """metrics.json, epochs.csv, model.pt, predictions.csv (when ``outputs``
    names it: the kept model's test predictions, rows labelled by ``test_ids``
    and ``test_labels`` in test-split order) and the timings file, each
    written atomically."""
    from textmlp.train.loop import EPOCH_COLUMNS  # here: importing this module needs no torch

    gradients = [c for c in (result.history[0] if result.history else {}) if c.startswith("grad_rms_")]
    history = pd.DataFrame(result.history, columns=[*EPOCH_COLUMNS, *gradients])
    atomic_write_text(outputs["epochs"], history.to_csv(index=False))
    atomic_torch_save(outputs["model"], result.state_dict or {})
    if "predictions" in outputs:
        if test_ids is None or test_labels is None:
            raise ValueError("writing predictions.csv needs the test reviews' ids and labels")
        write_predictions(outputs["predictions"], test_ids, test_labels, result.test_predicted, result.test_probability)
    if timings is not None and "timings" in outputs:
        atomic_write_json(outputs["timings"], timings)
    atomic_write_json(outputs["metrics"], rec)  # last: its presence means the run is complete


def run_and_write(
    name: str,
    configuration: Mapping[str, Any],
    seeds: Sequence[int],
    features_path: str,
    device_name: str,
    provenance: Mapping[str, Any],
    threads: int,
    outputs: Sequence[Mapping[str, str]],
    test_split: str | None = None,
) -> list[dict[str, Any]]:
    """Train every seed of one configuration and write each seed's files
    (``outputs[k]`` maps metrics/epochs/model/predictions/timings to the paths
    of ``seeds[k]``). ``test_split``, the test split's parquet, gives the ids
    of the rows of predictions.csv (needed when ``outputs`` name one)."""
    started = time.perf_counter()
    features, pages = read_features(features_path)
    test_ids = test_labels = None
    if test_split is not None:
        test_ids, test_labels = split_reviews(test_split, labels=features["test_y"])
    trained = execute(features, configuration, seeds, device_name, pages)
    device, together = trained.device, trained.together
    records = []
    results = iter(trained.results)
    # next() here, not a third iterable of zip: zip's reused tuple would hold the last
    # seed's result (its best weights: a whole n-gram layer) while the next seed trains
    for seed, paths in zip(seeds, outputs):
        result = next(results, None)
        if result is None:
            raise RuntimeError(f"{name}: training gave fewer results than the {len(seeds)} seeds {list(seeds)}")
        if together == 1 or not records:  # a seed's own time, or the stacked batch's share
            wall = (time.perf_counter() - started) / together
            started = time.perf_counter()
        rec = record(name, configuration, seed, result, device, provenance, threads, together)
        write_run(paths, rec, result, timing_record(name, seed, result, wall, together), test_ids, test_labels)
        del result  # its weights are on disk: not held while the next seed trains
        log.info(
            "%s seed %d: %s, best dev acc %.4f (epoch %s), test acc %.4f",
            name,
            seed,
            rec["status"],
            rec["best_dev_acc"],
            rec["best_epoch"],
            rec["test_acc"],
        )
        records.append(rec)
    return records
