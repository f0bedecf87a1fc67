"""Glue: rule manifest -> textmlp.provenance (results/MANIFEST.sha256 and results/inputs.json)."""

import json
from pathlib import Path

from textmlp.io import atomic_write_json, atomic_write_text
from textmlp.provenance import git_state, inputs_record, manifest_text, manifested, package_digest
from textmlp.runtime import log_to, versions
from textmlp.train.predictions import check_run_files

log = log_to(snakemake.log[0])
files = sorted({str(f) for f in snakemake.input})
left_out = [f for f in files if not manifested(f)]
if left_out:
    raise ValueError(f"inputs of the manifest that it would leave out: {left_out}")
# what the training jobs wrote must agree with their records before the manifest vouches for it
for metrics in (f for f in snakemake.input.runs if f.endswith("/metrics.json")):
    run = Path(metrics).parent
    check_run_files(metrics, run / "predictions.csv", run / "model.pt")
record = inputs_record(
    config_hash=snakemake.params.config_hash,
    data=snakemake.params.data,
    split_stats=json.loads(open(snakemake.input.split_stats).read()),
    git=git_state(snakemake.scriptdir),  # the checkout this workflow runs from
    package_code=package_digest(),
    versions=versions(),
    unreproducible=snakemake.params.unreproducible,
)
atomic_write_json(snakemake.output.inputs, record)
atomic_write_text(snakemake.output.manifest, manifest_text([*files, snakemake.output.inputs]))
log.info(
    "manifest: %d files; commit %s%s",
    len(files) + 1,
    record["git_commit"],
    " (uncommitted changes)" if record["git_dirty"] else "",
)
