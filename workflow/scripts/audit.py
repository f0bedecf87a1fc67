"""Glue: rule audit -> textmlp.results.audit.audit (repeated and shared texts of the split)."""

import json

import pandas as pd
import pyarrow.parquet as pq

from textmlp.io import atomic_write_json
from textmlp.results.audit import PAIRS, SPLITS, audit, pair_key
from textmlp.runtime import log_to

log = log_to(snakemake.log[0])


def read(path):
    """text, label and, where the split wrote one, group (a review's movie, a table's group_column)."""
    columns = [c for c in ("text", "label", "group") if c in pq.read_schema(path).names]
    return pd.read_parquet(path, columns=columns)


frames = {name: read(snakemake.input[name]) for name in (*SPLITS, "unlabeled")}
stats = json.loads(open(snakemake.input.stats).read())
result = audit(frames, stats.get("classes"), stats.get("group_name") or "group")
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
