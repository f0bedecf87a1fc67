"""Glue: rule report_appendix -> textmlp.report.appendix.repro_appendix."""

import json

from textmlp.io import atomic_write_text
from textmlp.provenance import fingerprint
from textmlp.report.appendix import repro_appendix
from textmlp.results.tables import read_table
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
inputs = json.loads(open(snakemake.input.inputs).read())
print_ = fingerprint(snakemake.input.manifest)
atomic_write_text(
    snakemake.output[0],
    repro_appendix(read_table(snakemake.input.runs), inputs, print_, snakemake.params.command, snakemake.params.data),
)
log.info("manifest fingerprint %s", print_)
