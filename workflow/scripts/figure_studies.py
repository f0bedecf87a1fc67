"""Glue: rule figure_studies -> textmlp.figures.study_curves for every study."""
import json

from textmlp.figures import dataset_caption, save, study_curves
from textmlp.runtime import log_to
from textmlp.tables import read_table

log_to(snakemake.log[0])
epochs = read_table(snakemake.input.epochs)
studies = read_table(snakemake.input.studies)
dataset = dataset_caption(json.loads(open(snakemake.input.split).read()), snakemake.params.dataset)
for study, pdf, png in zip(snakemake.params.studies, snakemake.output.pdf, snakemake.output.png):
    save(study_curves(epochs, studies, study, dataset), pdf, png)
