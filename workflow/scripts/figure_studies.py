"""Glue: rule figure_studies -> textmlp.results.figures.study_curves for every study."""

from textmlp.results.figure_style import save
from textmlp.results.figures import n_classes_of, study_curves
from textmlp.results.tables import read_table
from textmlp.runtime import log_to

log_to(snakemake.log[0])
epochs = read_table(snakemake.input.epochs)
studies = read_table(snakemake.input.studies)
runs = read_table(snakemake.input.runs)
classes = n_classes_of(runs)
for study, pdf, png in zip(snakemake.params.studies, snakemake.output.pdf, snakemake.output.png):
    save(study_curves(epochs, studies, study, n_classes=classes, runs=runs, inputs=snakemake.params.inputs), pdf, png)
