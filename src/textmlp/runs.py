"""One run = one configuration trained with one seed: train it, record it.

A run's record is flat (DVC style): the configuration's parameters, the seed,
status, best dev accuracy and its epoch, test metrics, timings, device,
software versions and a hash of everything that determines the result.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Mapping, Sequence

import pandas as pd

from textmlp.config import config_hash
from textmlp.io import atomic_path, atomic_write_json, atomic_write_text
from textmlp.runtime import git_commit, host, versions

log = logging.getLogger(__name__)

EPOCH_COLUMNS = ["epoch", "train_loss", "train_acc", "dev_loss", "dev_acc"]


def execute(features: Mapping[str, Any], configuration: Mapping[str, Any], seeds: Sequence[int],
            device_name: str):
    """Train ``configuration`` once per seed on loaded feature tensors.

    One seed trains a plain :class:`~textmlp.model.MLP`; several train together
    as one stacked model (:func:`~textmlp.training.train_stacked`), each with
    the initial weights and shuffling it would get alone.
    """
    import torch

    from textmlp.training import Split, build_model, resolve_device, train, train_stacked

    device = resolve_device(device_name)  # fails at once if cuda is asked for and absent
    splits = {s: Split(features[f"{s}_x"].float(), features[f"{s}_y"].long())
              for s in ("train", "dev", "test")}
    n_classes = int(torch.cat([s.y for s in splits.values()]).max()) + 1
    models = [build_model(splits["train"].x.shape[1], n_classes, list(configuration["hidden"]),
                          configuration["activation"], seed) for seed in seeds]
    kwargs = dict(lr=configuration["lr"], batch_size=configuration["batch_size"],
                  epochs=configuration["epochs"], device=device)
    if len(seeds) == 1:
        results = [train(models[0], splits["train"], splits["dev"], splits["test"], seed=seeds[0], **kwargs)]
    else:
        results = train_stacked(models, seeds, splits["train"], splits["dev"], splits["test"], **kwargs)
    return results, device


def record(name: str, configuration: Mapping[str, Any], seed: int, result, device,
           provenance: Mapping[str, Any], threads: int, wall_seconds: float,
           seeds_together: int = 1) -> dict[str, Any]:
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
        "train_seconds": result.train_seconds,
        "wall_seconds": wall_seconds,
        "seeds_trained_together": seeds_together,
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "threads": threads,
        "config_hash": config_hash(determinants),
        "git_commit": git_commit(),
        "versions": versions(),
        "host": host(),
        "determinants": determinants,
    }


def write_run(outputs: Mapping[str, str], rec: Mapping[str, Any], result) -> None:
    """metrics.json, epochs.csv and model.pt, each written atomically."""
    import torch

    history = pd.DataFrame(result.history, columns=EPOCH_COLUMNS)
    atomic_write_text(outputs["epochs"], history.to_csv(index=False))
    with atomic_path(outputs["model"]) as tmp:
        torch.save(result.state_dict or {}, tmp)
    atomic_write_json(outputs["metrics"], rec)  # last: its presence means the run is complete


def run_and_write(name: str, configuration: Mapping[str, Any], seeds: Sequence[int],
                  features_path: str, device_name: str, provenance: Mapping[str, Any], threads: int,
                  outputs: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Train every seed of one configuration and write each seed's files
    (``outputs[k]`` maps metrics/epochs/model to the paths of ``seeds[k]``)."""
    from textmlp.features import load_features

    started = time.perf_counter()
    results, device = execute(load_features(features_path), configuration, seeds, device_name)
    wall = (time.perf_counter() - started) / len(seeds)
    records = []
    for seed, result, paths in zip(seeds, results, outputs):
        rec = record(name, configuration, seed, result, device, provenance, threads, wall, len(seeds))
        write_run(paths, rec, result)
        log.info("%s seed %d: %s, best dev acc %.4f (epoch %s), test acc %.4f", name, seed,
                 rec["status"], rec["best_dev_acc"], rec["best_epoch"], rec["test_acc"])
        records.append(rec)
    return records
