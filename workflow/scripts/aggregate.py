"""Glue: rule aggregate -> textmlp.results.tables."""

from textmlp.io import atomic_write_text
from textmlp.results.tables import (
    baselines_table,
    epochs_table,
    gradients_table,
    runs_table,
    studies_table,
    summary_table,
)
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
runs = runs_table(snakemake.input.metrics, dataset=snakemake.params.dataset)
tables = {
    "runs": runs,
    "epochs": epochs_table(runs, snakemake.input.epochs),
    "gradients": gradients_table(runs, snakemake.input.epochs),
    "summary": summary_table(runs),
    "studies": studies_table(snakemake.params.studies, snakemake.params.study_specs),
    "baselines": baselines_table(snakemake.input.baselines),
}
for name, table in tables.items():
    atomic_write_text(snakemake.output[name], table.to_csv(index=False))
    log.info("%s: %d rows", name, len(table))
