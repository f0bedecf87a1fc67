"""Glue: rule timings -> textmlp.results.tables.timings_table (the runs' and baselines' timings)."""

from textmlp.io import atomic_write_text
from textmlp.results.tables import timings_table
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
for name in ("runs", "baselines"):
    table = timings_table(snakemake.input[name])
    atomic_write_text(snakemake.output[name], table.to_csv(index=False))
    log.info("%s: %d timing rows", name, len(table))
