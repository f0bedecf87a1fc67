"""Glue: rule html_pages -> textmlp.results.html_pages (the pages of Snakemake's HTML report)."""

import json
from pathlib import Path

from textmlp.io import atomic_write_text
from textmlp.provenance import fingerprint, parse_manifest
from textmlp.results.html_pages import TITLES, audit_page, provenance_page, table_page
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])
captions = snakemake.params.plain_captions
for key in snakemake.params.tables:
    path = Path(snakemake.input[key])
    atomic_write_text(snakemake.output[key], table_page(TITLES[key], captions[key], path.name, path.read_bytes()))
audit = json.loads(Path(snakemake.input.audit).read_text())
atomic_write_text(snakemake.output.audit, audit_page(TITLES["audit"], captions["audit"], audit))
atomic_write_text(
    snakemake.output.provenance,
    provenance_page(
        TITLES["provenance"],
        captions["provenance"],
        json.loads(Path(snakemake.input.inputs).read_text()),
        fingerprint(snakemake.input.manifest),
        parse_manifest(Path(snakemake.input.manifest).read_text()),
        snakemake.params.command,
    ),
)
log.info("pages: %s", ", ".join(sorted(k for k in snakemake.output.keys())))
