"""The comparisons table (results/tables/comparisons.csv): which pairs are
compared, each configuration's correctness read from its predictions files, and
each pair's paired bootstrap (:mod:`textmlp.results.compare`)."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from textmlp.results.compare import Correctness, check_aligned, compare_pairs

#: Columns of results/tables/comparisons.csv.
COMPARISON_COLUMNS = [
    "study",
    "run_a",
    "label_a",
    "run_b",
    "label_b",
    "kind",
    "diff",
    "low",
    "high",
    "se",
    "resolved",
    "n_reviews",
    "seeds_a",
    "seeds_b",
]


def load_correctness(paths: Sequence, names: Sequence[str] | None = None) -> Correctness | None:
    """One configuration's predictions files (one per seed) -> its correctness.

    Seeds whose run kept no model (empty ``predicted``) are left out; None when
    no seed is left. The files must list the same reviews in the same order."""
    from textmlp.train.predictions import read_predictions

    names = [str(p) for p in paths] if names is None else list(names)
    frames = [read_predictions(p) for p in paths]
    kept = [(f, n) for f, n in zip(frames, names) if not f["predicted"].isna().any()]
    if not kept:
        return None
    first, first_name = kept[0]
    for frame, name in kept[1:]:
        check_aligned(first["id"].to_numpy(dtype=object), frame["id"].to_numpy(dtype=object), (first_name, name))
    correct = np.stack(
        [f["predicted"].to_numpy(dtype=np.int64) == f["label"].to_numpy(dtype=np.int64) for f, _ in kept]
    )
    return Correctness(first["id"].to_numpy(dtype=object), correct)


def comparison_pairs(
    studies, run_embedding: Mapping[str, str], baselines: Mapping[str, Sequence[tuple[str, str]]]
) -> list[dict]:
    """The pairs of the comparisons table, as rows of study, run_a, label_a,
    run_b, label_b, kind.

    ``studies``: the studies table (study, order, run, label). Per study, in
    the table's order, every unordered pair of its configurations, ``a`` the
    one earlier in the study's order (kind ``configuration``). Then, per
    embedding in order of first use, every configuration using it against
    each of its baselines (``baselines``: embedding -> [(name, label)]), ``a``
    the configuration (kind ``baseline``); their ``study`` and ``label_a``
    list every study the configuration appears in and its label there,
    joined by ``;`` (empty when it is in none). Last, per embedding with more
    than one baseline, its first baseline (on the MLP's own inputs) against each
    other (kind ``variant``, no study): logistic regression on, e.g., NB-scaled
    against plain TF-IDF.
    """
    rows = []
    for study, entries in studies.groupby("study", sort=False):
        entries = entries.sort_values("order", kind="stable")
        runs, labels = entries["run"].tolist(), entries["label"].astype(str).tolist()
        for i in range(len(runs)):
            for j in range(i + 1, len(runs)):
                rows.append(
                    {
                        "study": study,
                        "run_a": runs[i],
                        "label_a": labels[i],
                        "run_b": runs[j],
                        "label_b": labels[j],
                        "kind": "configuration",
                    }
                )
    appears: dict[str, list[tuple[str, str]]] = {}
    for study, run, label in zip(studies["study"], studies["run"], studies["label"].astype(str)):
        appears.setdefault(run, []).append((study, label))
    runs = list(dict.fromkeys([*appears, *run_embedding]))  # studied runs first, in table order
    embeddings = list(dict.fromkeys(run_embedding[r] for r in runs if r in run_embedding))
    for embedding in embeddings:
        for run in (r for r in runs if run_embedding.get(r) == embedding):
            where = appears.get(run, [])
            for name, label in baselines.get(embedding, ()):
                rows.append(
                    {
                        "study": ";".join(s for s, _ in where),
                        "run_a": run,
                        "label_a": ";".join(lab for _, lab in where),
                        "run_b": name,
                        "label_b": label,
                        "kind": "baseline",
                    }
                )
    for embedding in embeddings:
        (first, first_label), *others = baselines.get(embedding, ()) or [(None, None)]
        for name, label in others:
            rows.append(
                {
                    "study": "",
                    "run_a": first,
                    "label_a": first_label,
                    "run_b": name,
                    "label_b": label,
                    "kind": "variant",
                }
            )
    return rows


def comparisons_table(
    pairs: Sequence[Mapping],
    configurations: Mapping[str, Correctness | None],
    *,
    n_boot: int = 4000,
    level: float = 0.95,
    seed: int = 0,
):
    """The pairs (see :func:`comparison_pairs`) with their paired bootstrap
    (:func:`compare_pairs`); a pair with a configuration without predictions
    (every seed diverged at once) gets empty statistics."""
    import pandas as pd

    usable = [
        (p["run_a"], p["run_b"])
        for p in pairs
        if configurations.get(p["run_a"]) is not None and configurations.get(p["run_b"]) is not None
    ]
    results = dict(
        zip(
            usable,
            compare_pairs(
                {k: v for k, v in configurations.items() if v is not None},
                usable,
                n_boot=n_boot,
                level=level,
                seed=seed,
            ),
        )
    )
    rows = []
    for p in pairs:
        result = results.get((p["run_a"], p["run_b"]))
        if result is None:
            stats = {
                "diff": np.nan,
                "low": np.nan,
                "high": np.nan,
                "se": np.nan,
                "resolved": False,
                "n_reviews": 0,
                "seeds_a": 0,
                "seeds_b": 0,
            }
        else:
            stats = result.as_dict()
        rows.append({**p, **stats})
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
