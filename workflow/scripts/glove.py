"""Glue: rule glove -> textmlp.features.word_vectors.load_glove."""

from textmlp.features.word_vectors import load_glove
from textmlp.runtime import log_to

log_to(snakemake.log[0])
load_glove(snakemake.input[0]).save(snakemake.output[0])
