"""Glue: rule source_bundle -> textmlp.report.submission.source_members (the report's LaTeX sources)."""

from textmlp.provenance import write_zip
from textmlp.report.submission import source_members
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
members = source_members(snakemake.input.tex, [f for f in snakemake.input if f != snakemake.input.tex])
write_zip(snakemake.output[0], members)
log.info("%s: %d files", snakemake.output[0], len(members))
