"""Glue: rule split (data.kind: table) -> textmlp.datasets.load_dataset."""
from textmlp.datasets import load_dataset
from textmlp.download import file_digest
from textmlp.io import atomic_path, atomic_write_json
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
paths = dict(snakemake.input.items())
frames, info = load_dataset(snakemake.params.spec, paths, where="data", files_key="data.files")
for name, frame in frames.items():
    with atomic_path(snakemake.output[name]) as tmp:
        frame.to_parquet(tmp, index=False)
    log.info("%s: %d texts", name, len(frame))
atomic_write_json(snakemake.output.stats, {
    **info,
    "sha256": {role: file_digest(path) for role, path in paths.items()},
})
