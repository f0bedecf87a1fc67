"""Glue: rule download_glove -> textmlp.data.download.fetch (source and settings
from the config, as in download.py)."""

from textmlp.data.download import Checksum, fetch
from textmlp.runtime import exit_on_sigterm, log_to

log_to(snakemake.log[0])
exit_on_sigterm()
spec = snakemake.config["embeddings"][snakemake.wildcards.glove]
algorithm = "sha256" if "sha256" in spec else "md5"
fetch(spec["source"], snakemake.output[0], Checksum(algorithm, spec[algorithm]), **snakemake.config["download"])
