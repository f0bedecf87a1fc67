"""Glue: rule baseline -> textmlp.baselines.baselines_for (logistic regression, C chosen on dev)."""
from textmlp.baselines import baselines_for
from textmlp.io import atomic_write_json
from textmlp.runtime import limit_threads, log_to
from textmlp.runs import load_inputs

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
name = snakemake.wildcards.embedding
path = snakemake.input[0]
if path.endswith(".npz"):
    from textmlp.tfidf import load_tfidf

    arrays = load_tfidf(path)  # baselines_for applies the NB scaling itself, and also tries without
else:
    arrays = {k: v.numpy() for k, v in load_inputs(path).items()}
atomic_write_json(snakemake.output[0], {"baselines": baselines_for(name, arrays)})
