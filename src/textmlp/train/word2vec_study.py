"""The word2vec settings study: which settings give the best averaged vectors, judged on dev.

Each candidate is a declared word2vec embedding with some of its settings
changed (``word2vec_study.candidates`` in config.yaml). Every candidate is
trained on the same texts as the embedding it varies, and scored by one fixed,
cheap probe: logistic regression on the averaged review vectors, its C chosen
on dev (:func:`textmlp.train.baselines.logistic_regression`). The winner of each
embedding is the first candidate listed whose dev accuracy is within one
standard error of the best (:func:`study_table`); test accuracy is recorded
beside it but never used to choose.

Imported by the Snakefile (names and specs), so the module level stays light.
"""

from __future__ import annotations

from typing import Any, Mapping

#: The settings a candidate may change, in the order they are named.
SETTINGS = ("dim", "window", "negative", "sample", "min_count", "epochs", "sg")


def _value_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)


def candidate_name(base: str, overrides: Mapping[str, Any]) -> str:
    """A stable file name for a candidate, e.g. ``word2vec-imdb~sample0.0001_window10``."""
    unknown = set(overrides) - set(SETTINGS)
    if unknown:
        raise ValueError(f"word2vec_study: unknown setting(s) {sorted(unknown)}; known: {list(SETTINGS)}")
    parts = [f"{k}{_value_text(overrides[k])}" for k in SETTINGS if k in overrides]
    return f"{base}~{'_'.join(parts) or 'as-configured'}"


def candidates(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every candidate of ``config["word2vec_study"]`` by name: ``base``, ``overrides``
    and the full ``spec`` (the base embedding's spec with the overrides applied).

    Raises ``ValueError`` naming the key when a base is not a declared word2vec
    embedding or two candidates of one base are the same.
    """
    study = config.get("word2vec_study", {}) or {}
    embeddings = config.get("embeddings", {})
    out: dict[str, dict[str, Any]] = {}
    for base, listed in (study.get("candidates") or {}).items():
        spec = embeddings.get(base)
        if spec is None or spec.get("kind") != "word2vec":
            declared = sorted(n for n, e in embeddings.items() if e.get("kind") == "word2vec")
            raise ValueError(
                f"word2vec_study.candidates.{base}: not a declared word2vec embedding "
                f"(declared: {', '.join(declared) or 'none'})"
            )
        for i, overrides in enumerate(listed):
            name = candidate_name(base, overrides)
            if name in out:
                raise ValueError(f"word2vec_study.candidates.{base}[{i}] repeats an earlier candidate ({name})")
            out[name] = {"base": base, "order": i, "overrides": dict(overrides), "spec": {**spec, **overrides}}
    return out


def study_table(rows: list[Mapping[str, Any]], embeddings: Mapping[str, Mapping[str, Any]]):
    """The study as a table, one row per candidate in config order. Per base embedding:

    - ``dev_rank``: 1 for the best dev accuracy (ties ranked by config order);
    - ``dev_se``: the standard error of the best dev accuracy, sqrt(p(1 - p) / n_dev);
    - ``within_se``: dev accuracy within one standard error of the best: a
      difference that size is noise on a dev set of n_dev reviews;
    - ``winner``: the candidate chosen, the first listed among those within one
      standard error of the best (the one-standard-error rule: list candidates
      from the simplest and cheapest, and a costlier one must win by more than
      noise);
    - ``configured``: the candidate's settings are those the embedding has.
    """
    import numpy as np
    import pandas as pd

    table = pd.DataFrame([dict(r) for r in rows])
    if table.empty:
        return table
    table = table.sort_values(["base", "order"], kind="stable").reset_index(drop=True)
    table["dev_rank"] = (
        table.sort_values(["base", "dev_acc", "order"], ascending=[True, False, True]).groupby("base").cumcount() + 1
    ).sort_index()
    best = table.groupby("base")["dev_acc"].transform("max")
    table["dev_se"] = np.sqrt(best * (1 - best) / table["n_dev"])
    table["within_se"] = table["dev_acc"] >= best - table["dev_se"]
    first = table[table["within_se"]].groupby("base")["order"].transform("min")
    table["winner"] = table["within_se"] & (table["order"] == first.reindex(table.index))
    table["configured"] = [
        all(embeddings[row["base"]].get(k) == row.get(k) for k in SETTINGS) for _, row in table.iterrows()
    ]
    return table


def verdict(table, base: str) -> dict[str, Any]:
    """For one base embedding: the chosen candidate's row (``winner``), the best
    dev accuracy's row (``best``), the configured candidate's row (None when no
    candidate has the configured settings), whether it is the chosen one, and
    how many candidates the base had."""
    rows = table[table["base"] == base]
    winner = rows[rows["winner"]].iloc[0].to_dict()
    best = rows[rows["dev_rank"] == 1].iloc[0].to_dict()
    configured = rows[rows["configured"]]
    configured_row = configured.iloc[0].to_dict() if len(configured) else None
    return {
        "winner": winner,
        "best": best,
        "configured": configured_row,
        "candidates": len(rows),
        "configured_is_winner": bool(configured_row is not None and configured_row["candidate"] == winner["candidate"]),
    }


def score_candidate(
    texts: Mapping[str, list[str]], labels: Mapping[str, Any], corpus_texts: list[str], spec: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, float]]:
    """Train word2vec as ``spec`` says on ``corpus_texts`` and score it with the probe.

    ``texts``/``labels`` hold the train, dev and test splits. Returns
    ``(scores, timings)``: the settings, the vocabulary size and the probe's C,
    dev and test accuracy (the same in every run); and the seconds word2vec
    took, wall and CPU (the CPU seconds of its threads do not grow when other
    jobs share the cores), kept apart because they differ from run to run.
    """
    import time

    from textmlp.data.splits import SPLITS
    from textmlp.features.averaged import featurize_splits
    from textmlp.features.word_vectors import TokenizedCorpus, train_word2vec
    from textmlp.train.baselines import logistic_regression

    corpus = TokenizedCorpus(corpus_texts)
    started, cpu_started = time.perf_counter(), time.process_time()
    embedding = train_word2vec(corpus, **{k: v for k, v in spec.items() if k != "kind"})
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    arrays, _ = featurize_splits(dict(texts), dict(labels), embedding)
    probe = logistic_regression(*(arrays[f"{s}_{k}"] for s in SPLITS for k in "xy"))
    scores = {
        **{k: spec[k] for k in SETTINGS if k in spec},
        "workers": spec.get("workers", 1),
        "vocabulary": len(embedding.words),
        "C": probe.C,
        "n_dev": len(labels["dev"]),
        "dev_acc": probe.dev_acc,
        "test_acc": probe.test_acc,
    }
    return scores, {"word2vec_seconds": round(seconds, 1), "word2vec_cpu_seconds": round(cpu_seconds, 1)}
