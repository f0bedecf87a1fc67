"""Glue: rule report_inputs -> textmlp.report.build.report_inputs (claims checked, LaTeX written)."""

from textmlp.io import atomic_write_text
from textmlp.report.build import report_inputs
from textmlp.runtime import log_to

log_to(snakemake.log[0])
for name, text in report_inputs(snakemake.input, snakemake.params).items():
    atomic_write_text(getattr(snakemake.output, name), text)
