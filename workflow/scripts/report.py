"""Glue: rule report -> textmlp.latex.compile_pdf."""

from textmlp.latex import compile_pdf
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
compile_pdf(
    snakemake.input.tex,
    snakemake.params.build_dir,
    snakemake.output.pdf,
    source_date_epoch=snakemake.params.source_date_epoch,
)
log.info("wrote %s", snakemake.output.pdf)
