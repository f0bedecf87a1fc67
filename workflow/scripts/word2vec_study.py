"""Glue: rule word2vec_study -> textmlp.train.word2vec_study.study_table."""

import json

from textmlp.io import atomic_write_text
from textmlp.results.tables import timings_table
from textmlp.runtime import log_to
from textmlp.train.word2vec_study import study_table

log_to(snakemake.log[0])
rows = [json.loads(open(path).read()) for path in snakemake.input.scores]
table = study_table(rows, snakemake.params.embeddings)
atomic_write_text(snakemake.output.table, table.to_csv(index=False))
atomic_write_text(snakemake.output.timings, timings_table(snakemake.input.timings).to_csv(index=False))
