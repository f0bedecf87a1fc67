"""Glue: rule train -> textmlp.train.job.run_and_write for one configuration and its seeds."""

from textmlp.runtime import limit_threads, log_to
from textmlp.train.job import run_and_write

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
out = snakemake.output
run_and_write(
    name=snakemake.wildcards.run,
    configuration=snakemake.params.configuration,
    seeds=snakemake.params.seeds,
    features_path=snakemake.input.features,
    device_name=snakemake.params.device,
    provenance=snakemake.params.provenance,
    threads=snakemake.threads,
    outputs=[
        {"metrics": m, "epochs": e, "model": p, "predictions": q, "timings": t}
        for m, e, p, q, t in zip(out.metrics, out.epochs, out.model, out.predictions, out.timings)
    ],
    test_split=snakemake.input.test,
)
