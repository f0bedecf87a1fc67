"""Glue: rule submission -> textmlp.report.submission (the zip to hand in)."""

import json

from textmlp.provenance import fingerprint, git_archive, git_state, repo_root, uncommitted_diff, write_zip
from textmlp.report.submission import (
    CODE,
    data_plan,
    rebuild_steps,
    submission_members,
    submission_note,
    used_config,
)
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
repo = repo_root(snakemake.scriptdir)  # the checkout this workflow runs from
inputs = json.loads(open(snakemake.input.inputs).read())
if repo is None or inputs["git_commit"] == "unknown":
    raise RuntimeError(
        "the results were not built from a git checkout: the submission holds the code "
        "as committed, so build them from one"
    )
diff = uncommitted_diff(repo)
data = snakemake.config["data"]
copies = dict(zip(snakemake.params.data_roles, snakemake.input.data))
plan = data_plan(data, copies)
rebuild = rebuild_steps(plan, kind=data.get("kind", "imdb"), diff=bool(diff))
note, warnings = submission_note(inputs, fingerprint(snakemake.input.manifest), git_state(repo), diff, rebuild)
for warning in warnings:
    log.warning("%s", warning)
members = submission_members(
    pdf=snakemake.input.pdf,
    source_zip=snakemake.input.source,
    note=note,
    diff=diff,
    results=[*snakemake.input.tables, snakemake.input.manifest, snakemake.input.inputs],
    code=git_archive(repo, inputs["git_commit"], prefix=CODE),
    config=used_config(snakemake.config, plan),
    data=plan,
)
write_zip(snakemake.output[0], members)
log.info("%s: %d files", snakemake.output[0], len(members))
