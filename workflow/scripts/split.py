"""Glue: rule split -> textmlp.data.imdb (read the archive; dev by whole movies, or at random as the homework did)."""

from textmlp.data.imdb import CLASS_NAMES, homework_split, read_archive
from textmlp.data.table import split_warnings
from textmlp.io import atomic_path, atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
parts, stats = read_archive(snakemake.input[0], snakemake.params.max_review_bytes)
splits = homework_split(parts["train"], parts["test"], **snakemake.params.split)
splits["unlabeled"] = parts["unsup"]
for name, frame in splits.items():
    with atomic_path(snakemake.output[name]) as tmp:
        frame.to_parquet(tmp, index=False)
    log.info("%s: %d reviews", name, len(frame))
sizes = {name: len(frame) for name, frame in splits.items()}
warnings = split_warnings(sizes)
for warning in warnings:
    log.warning("%s", warning)
atomic_write_json(
    snakemake.output.stats,
    {
        "classes": CLASS_NAMES,
        "n_classes": len(CLASS_NAMES),
        **stats.as_dict(),
        "sizes": sizes,
        "label_counts": {name: frame["label"].value_counts().sort_index().to_dict() for name, frame in splits.items()},
        "split": snakemake.params.split,
        # what dev was drawn by (whole groups of it), for the audit and the report
        "group_by": "movie" if snakemake.params.split.get("dev_grouping", "movie") == "movie" else None,
        "group_name": "movie",
        "grouped_splits": ["dev"] if snakemake.params.split.get("dev_grouping", "movie") == "movie" else [],
        "max_review_bytes": snakemake.params.max_review_bytes,
        "warnings": warnings,
    },
)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
