"""Glue: rules download / download_table -> textmlp.data.download.fetch.

The source comes from the config, not from params: params hold it redacted,
since Snakemake writes them down. So do the download settings: how a file is
fetched must not make Snakemake fetch it again."""

from textmlp.data.download import Checksum, fetch
from textmlp.runtime import exit_on_sigterm, log_to
from textmlp.sources import data_source

log_to(snakemake.log[0])
exit_on_sigterm()
sha256 = snakemake.params.sha256
fetch(
    data_source(snakemake.config, snakemake.wildcards.get("role")),
    snakemake.output[0],
    Checksum("sha256", sha256) if sha256 else None,
    **snakemake.config["download"],
)
