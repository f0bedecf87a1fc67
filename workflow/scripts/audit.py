"""Glue: rule audit -> textmlp.results.audit.audit_hashed (repeated and shared texts of the split)."""

import json

from textmlp.io import atomic_write_json
from textmlp.results.audit import PAIRS, SPLITS, audit_hashed, hashed_file, pair_key
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])

# each split's texts hashed a chunk at a time, with its labels and (a review's movie, a table's group_column) groups
hashed = {name: hashed_file(snakemake.input[name]) for name in (*SPLITS, "unlabeled")}
stats = json.loads(open(snakemake.input.stats).read())
result = audit_hashed(hashed, stats.get("classes"), stats.get("group_name") or "group")
if stats.get("lines_read_as_rows"):  # quoted texts that span lines (data.multiline_fields): the report says so
    result["lines_read_as_rows"] = stats["lines_read_as_rows"]
for s in SPLITS:
    log.info(
        "%s: %d texts, %d repeat an earlier one",
        s,
        result["splits"][s]["size"],
        result["splits"][s]["duplicates"]["rows"],
    )
for a, b in PAIRS:
    log.info("%s and %s share %d texts", a, b, result["overlaps"][pair_key(a, b)]["texts"])
if result["groups"]:
    for a, b in PAIRS:
        log.info(
            "%s and %s share %d %ss",
            a,
            b,
            result["groups"]["overlaps"][pair_key(a, b)]["groups"],
            result["groups"]["name"],
        )
if result["unlabeled"]:
    log.info(
        "unlabeled texts also in dev: %d, in test: %d",
        result["unlabeled"]["shared"]["dev"]["texts"],
        result["unlabeled"]["shared"]["test"]["texts"],
    )
atomic_write_json(snakemake.output[0], result)
