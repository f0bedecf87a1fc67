"""Glue: rule derivations -> textmlp.written.derivations (checks.json + report macros)."""

from textmlp.runtime import limit_threads, log_to
from textmlp.written.derivations import checks_json, run_all, write_checks, write_report_macros

log = log_to(snakemake.log[0])
limit_threads(snakemake.threads)
checks = run_all()
write_checks(snakemake.output.checks, checks)
write_report_macros(snakemake.output.macros, checks)
results = checks_json(checks)
log.info(
    "derivation checks: %d numbers, largest Jacobian error %.3g, largest activation-derivative error %.3g",
    len(results),
    results["jacobian.max_error"],
    results["activation.max_derivative_error"],
)
