"""Glue: rule download_glove -> textmlp.download.fetch."""
from textmlp.download import Checksum, fetch
from textmlp.runtime import log_to

log_to(snakemake.log[0])
spec = snakemake.params.spec
algorithm = "sha256" if "sha256" in spec else "md5"
fetch(spec["source"], snakemake.output[0], Checksum(algorithm, spec[algorithm]))
