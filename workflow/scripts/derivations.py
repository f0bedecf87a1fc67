"""Glue: rule derivations -> textmlp.written.derivations (checks.json + report macros)."""

from textmlp.io import atomic_write_json
from textmlp.runtime import limit_threads, log_to
from textmlp.written.derivations import run_all, write_report_macros

log = log_to(snakemake.log[0])
limit_threads(snakemake.threads)
results = run_all()
atomic_write_json(snakemake.output.checks, results)
write_report_macros(snakemake.output.macros, results)
log.info(
    "derivation checks: %d numbers, largest Jacobian error %.3g, largest activation-derivative error %.3g",
    len(results),
    results["jacobian.max_error"],
    results["activation.max_derivative_error"],
)
