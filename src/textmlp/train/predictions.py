"""Test-set predictions of a kept model, one row per test review.

``predictions.csv`` (written beside each run's metrics.json, and for each
logistic-regression baseline) has the columns of :data:`COLUMNS`:

- ``id``: the review's id, from the ``id`` column of ``results/data/test.parquet``;
- ``label``: the true class index;
- ``predicted``: the class index the model predicts (empty when the run kept no
  model, i.e. it diverged in its first epoch);
- ``probability``: the model's probability of the predicted class, written
  with :data:`FLOAT_FORMAT`, so the same model gives the same bytes.

Rows follow the test split's order: the split parquet is the one source of
that order (the feature files are built from it, row for row, and carry no ids).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

COLUMNS = ["id", "label", "predicted", "probability"]
FLOAT_FORMAT = "%.6f"


def split_reviews(split_path: str | Path, labels=None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, labels) of the test split in its order, read from the split parquet.

    ``labels`` (the labels of a features file, if given) must equal the
    split's: a features file built from another split would pair each
    prediction with the wrong review."""
    frame = pd.read_parquet(split_path, columns=["id", "label"])
    ids = frame["id"].astype(str).to_numpy(dtype=object)
    split_labels = frame["label"].to_numpy(dtype=np.int64)
    if labels is not None:
        labels = np.asarray(labels.cpu() if hasattr(labels, "cpu") else labels).ravel()
        if len(labels) != len(split_labels) or not np.array_equal(labels, split_labels):
            raise ValueError(
                f"the features' test labels ({len(labels)}) are not those of {split_path} "
                f"({len(split_labels)} reviews): the features were not built from this split"
            )
    return ids, split_labels


def predictions_frame(ids: Sequence, labels, predicted=None, probability=None) -> pd.DataFrame:
    """The table of :data:`COLUMNS`; ``predicted`` None: a run that kept no model."""
    n = len(ids)
    labels = np.asarray(labels, dtype=np.int64).ravel()
    if len(labels) != n:
        raise ValueError(f"{n} ids but {len(labels)} labels")
    if predicted is None:
        predicted = pd.array([pd.NA] * n, dtype="Int64")
        probability = np.full(n, np.nan)
    else:
        predicted = np.asarray(predicted, dtype=np.int64).ravel()
        probability = np.asarray(probability, dtype=np.float64).ravel()
        if len(predicted) != n or len(probability) != n:
            raise ValueError(f"{n} reviews but {len(predicted)} predictions and {len(probability)} probabilities")
    return pd.DataFrame(
        {"id": np.asarray(ids, dtype=object), "label": labels, "predicted": predicted, "probability": probability},
        columns=COLUMNS,
    )


def predictions_csv(ids: Sequence, labels, predicted=None, probability=None) -> str:
    """The text of a predictions file (fixed float format, ``\\n`` line ends)."""
    return predictions_frame(ids, labels, predicted, probability).to_csv(
        index=False, float_format=FLOAT_FORMAT, lineterminator="\n"
    )


def write_predictions(path: str | Path, ids: Sequence, labels, predicted=None, probability=None) -> None:
    from textmlp.io import atomic_write_text

    atomic_write_text(path, predictions_csv(ids, labels, predicted, probability))


def read_predictions(path: str | Path) -> pd.DataFrame:
    """A predictions file: ids as text, ``predicted`` a nullable integer."""
    return pd.read_csv(
        path,
        dtype={"id": str, "label": "int64", "predicted": "Int64", "probability": "float64"},
        keep_default_na=False,
        na_values={"predicted": [""], "probability": [""]},
    )


def accuracy(frame: pd.DataFrame) -> float:
    """Share of correct predictions, computed as the training loops compute
    test accuracy (correct count / reviews); NaN when there are no predictions."""
    if frame["predicted"].isna().any():
        return float("nan")
    return float(int((frame["predicted"].to_numpy(dtype=np.int64) == frame["label"].to_numpy()).sum())) / len(frame)


class ArtifactError(ValueError):
    """A file a training job wrote no longer agrees with the job's own record
    (edited, truncated or replaced after the job): nothing downstream may use it."""


def _rerun_hint(metrics_path: str | Path) -> str:
    run_dir = Path(metrics_path).parent
    return (
        f"rerun the training job that wrote it: delete {run_dir}/ and run snakemake again, "
        f"or run `snakemake --forcerun {metrics_path}`"
    )


def _same_accuracy(recorded, computed: float) -> bool:
    """Exactly equal, or both absent (a run that kept no model)."""
    missing = recorded is None or (isinstance(recorded, float) and np.isnan(recorded))
    return (missing and np.isnan(computed)) or (not missing and recorded == computed)


def check_run_files(
    metrics_path: str | Path, predictions_path: str | Path, model_path: str | Path | None = None
) -> None:
    """Check a run's ``predictions.csv`` (and ``model.pt``) against its ``metrics.json``.

    The training job computes the test accuracy of metrics.json from the same
    predictions it writes, so :func:`accuracy` of the file gives it back
    exactly; a model file must load (``torch.load`` with ``weights_only``) as
    a dict of tensors, empty exactly when the run kept no model. Raises
    :class:`ArtifactError` naming the file that disagrees and how to rebuild it.
    """
    hint = _rerun_hint(metrics_path)
    try:
        import json

        rec = json.loads(Path(metrics_path).read_text(encoding="utf-8"))
        recorded = rec["test_acc"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ArtifactError(f"{metrics_path}: not a run record the training job wrote ({err}); {hint}") from err
    try:
        computed = accuracy(read_predictions(predictions_path))
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError) as err:
        raise ArtifactError(f"{predictions_path}: cannot be read as the training job wrote it ({err}); {hint}") from err
    if not _same_accuracy(recorded, computed):
        raise ArtifactError(
            f"{predictions_path}: its predictions give a test accuracy of {computed!r}, but "
            f"{metrics_path} records {recorded!r}: the file was changed after the training job wrote it; {hint}"
        )
    if model_path is None:
        return
    import torch

    from textmlp.features.averaged import load_features

    try:
        state = load_features(model_path, map_location="cpu")
    except Exception as err:  # whatever torch raises for a damaged file
        raise ArtifactError(f"{model_path}: cannot be loaded ({type(err).__name__}: {err}); {hint}") from err
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ArtifactError(f"{model_path}: holds no model weights (not a dict of tensors); {hint}")
    if bool(state) == bool(np.isnan(computed)):
        raise ArtifactError(
            f"{model_path}: {'holds weights' if state else 'holds no weights'}, but {predictions_path} "
            f"{'has no predictions' if np.isnan(computed) else 'has predictions'}: the files are not of one run; {hint}"
        )
