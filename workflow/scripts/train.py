"""Glue: rule train -> textmlp.runs.run_and_write for one (configuration, seed)."""
from textmlp.runs import run_and_write
from textmlp.runtime import limit_threads, log_to

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
run_and_write(
    name=snakemake.wildcards.run,
    configuration=snakemake.params.configuration,
    seed=int(snakemake.wildcards.seed),
    features_path=snakemake.input.features,
    device_name=snakemake.params.device,
    provenance=snakemake.params.provenance,
    threads=snakemake.threads,
    outputs=snakemake.output,
)
