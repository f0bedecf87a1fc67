"""Glue: rule split (data.kind: table) -> textmlp.data.table.split_dataset, a chunk at a time into Parquet."""

from textmlp.data.table import empty_frame, split_dataset
from textmlp.io import ParquetParts, atomic_write_json
from textmlp.provenance import file_digest
from textmlp.runtime import log_to, log_usage
from textmlp.sources import recorded

log = log_to(snakemake.log[0])
paths = dict(snakemake.input.items())
# messages name each file as the user wrote it (not its copy under results/), with its key
shown = {
    role: f"{f['source']} (data.files.{role}.source)" for role, f in recorded(snakemake.config["data"]["files"]).items()
}
splits = {name: snakemake.output[name] for name in ("train", "dev", "test", "unlabeled")}
with ParquetParts(splits, empty_frame) as parts:
    info = split_dataset(snakemake.params.spec, paths, parts.write, where="data", files_key="data.files", shown=shown)
info.pop("name")  # data.name labels the report only; it is not part of the split
for name, size in info["sizes"].items():
    log.info("%s: %d texts", name, size)
atomic_write_json(
    snakemake.output.stats,
    {
        **info,
        "sha256": {role: file_digest(path) for role, path in paths.items()},
    },
)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
