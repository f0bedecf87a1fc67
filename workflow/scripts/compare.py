"""Glue: rule compare -> textmlp.results.compare (paired bootstrap of every pair) -> comparisons.csv."""

import time
from pathlib import Path

import pandas as pd

from textmlp.io import atomic_write_text
from textmlp.results.comparisons import comparison_pairs, comparisons_table, load_correctness
from textmlp.runtime import log_to
from textmlp.train.predictions import check_run_files

log = log_to(snakemake.log[0])
started = time.perf_counter()
p = snakemake.params
# a run's files edited after its training job must not reach the comparisons
for paths in p.runs.values():
    for path in paths:
        check_run_files(Path(path).with_name("metrics.json"), path, Path(path).with_name("model.pt"))
configurations = {run: load_correctness(paths) for run, paths in p.runs.items()}
for run, loaded in configurations.items():
    if loaded is None or loaded.correct.shape[0] < len(p.runs[run]):
        log.warning(
            "%s: %d of %d seeds have predictions (the others kept no model)",
            run,
            0 if loaded is None else loaded.correct.shape[0],
            len(p.runs[run]),
        )
baselines = {}
for embedding, group in p.baselines.items():
    baselines[embedding] = [(name, label) for name, label, _ in group]
    configurations.update({name: load_correctness([path]) for name, _, path in group})
studies = pd.DataFrame(list(p.studies), columns=["study", "order", "run", "label"])
pairs = comparison_pairs(studies, p.run_embedding, baselines)
stats = p.statistics
table = comparisons_table(pairs, configurations, n_boot=stats["n_boot"], level=stats["level"], seed=stats["seed"])
atomic_write_text(snakemake.output[0], table.to_csv(index=False, float_format="%.6f", lineterminator="\n"))
log.info(
    "%d comparisons (%d resolved at level %g), %d bootstrap replicates each, in %.1f s",
    len(table),
    int(table["resolved"].sum()),
    stats["level"],
    stats["n_boot"],
    time.perf_counter() - started,
)
