"""Glue: rule baseline -> textmlp.baselines.baselines_for (logistic regression, C chosen on dev)."""
from textmlp.baselines import baselines_for, split_timings
from textmlp.io import atomic_write_json
from textmlp.runtime import host, limit_threads, log_to
from textmlp.inputs import load_inputs

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
# the arrays as stored: baselines_for applies any NB scaling itself, and also tries without it
arrays = load_inputs(snakemake.input[0], as_model_sees=False)
results, timings = split_timings(baselines_for(snakemake.wildcards.embedding, arrays))
atomic_write_json(snakemake.output.timings, [{**t, "host": host()} for t in timings])
atomic_write_json(snakemake.output.results, {"baselines": results})
