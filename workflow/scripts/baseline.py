"""Glue: rule baseline -> textmlp.baselines.baselines_for (logistic regression, C chosen on dev)."""
from textmlp.baselines import baselines_for
from textmlp.io import atomic_write_json
from textmlp.runtime import limit_threads, log_to
from textmlp.runs import load_inputs

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
# the arrays as stored: baselines_for applies any NB scaling itself, and also tries without it
arrays = load_inputs(snakemake.input[0], as_model_sees=False)
atomic_write_json(snakemake.output[0], {"baselines": baselines_for(snakemake.wildcards.embedding, arrays)})
