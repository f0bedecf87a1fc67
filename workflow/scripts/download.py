"""Glue: rules download / download_table -> textmlp.download.fetch."""
from textmlp.download import Checksum, fetch
from textmlp.runtime import log_to

log_to(snakemake.log[0])
sha256 = snakemake.params.sha256
fetch(snakemake.params.source, snakemake.output[0], Checksum("sha256", sha256) if sha256 else None)
