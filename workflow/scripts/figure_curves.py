"""Glue: rule figure_curves -> textmlp.figures.run_curves for every configuration."""
from textmlp.figures import run_curves, save
from textmlp.runtime import log_to
from textmlp.tables import read_table

log_to(snakemake.log[0])
epochs = read_table(snakemake.input.epochs)
for run, pdf, png in zip(snakemake.params.runs, snakemake.output.pdf, snakemake.output.png):
    save(run_curves(epochs, run), pdf, png)
