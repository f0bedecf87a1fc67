"""Glue: rule split -> textmlp.data.imdb.split_archive (the archive read; dev by whole movies, or at random)."""

from textmlp.data.imdb import split_archive
from textmlp.io import atomic_path, atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
frames, record = split_archive(snakemake.input[0], snakemake.params.max_review_bytes, snakemake.params.split)
for name, frame in frames.items():
    with atomic_path(snakemake.output[name]) as tmp:
        frame.to_parquet(tmp, index=False)
    log.info("%s: %d reviews", name, len(frame))
for warning in record["warnings"]:
    log.warning("%s", warning)
atomic_write_json(snakemake.output.stats, record)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
