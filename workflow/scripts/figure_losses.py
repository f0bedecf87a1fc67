"""Glue: rule figure_losses -> textmlp.results.figures.loss_grid for every study."""

from textmlp.results.figure_style import save
from textmlp.results.figures import loss_grid, n_classes_of
from textmlp.results.tables import read_table
from textmlp.runtime import log_to

log_to(snakemake.log[0])
epochs = read_table(snakemake.input.epochs)
studies = read_table(snakemake.input.studies)
classes = n_classes_of(read_table(snakemake.input.runs))
for study, pdf, png in zip(snakemake.params.studies, snakemake.output.pdf, snakemake.output.png):
    save(loss_grid(epochs, studies, study, n_classes=classes, inputs=snakemake.params.inputs), pdf, png)
