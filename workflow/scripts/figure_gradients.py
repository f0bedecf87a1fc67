"""Glue: rule figure_gradients -> textmlp.results.figures.gradient_curves for each study of structures."""

from textmlp.results.figure_style import save
from textmlp.results.figures import gradient_curves
from textmlp.results.tables import read_table
from textmlp.runtime import log_to

log_to(snakemake.log[0])
gradients = read_table(snakemake.input.gradients)
studies = read_table(snakemake.input.studies)
for study, pdf, png in zip(snakemake.params.studies, snakemake.output.pdf, snakemake.output.png):
    save(gradient_curves(gradients, studies, study), pdf, png)
