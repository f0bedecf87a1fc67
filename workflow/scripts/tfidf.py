"""Glue: rule tfidf -> textmlp.features.tfidf.featurize (fit on train, transform every split)."""

import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.features.tfidf import featurize
from textmlp.features.tfidf_file import save_tfidf
from textmlp.io import atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
frames = {s: pd.read_parquet(snakemake.input[s], columns=["text", "label"]) for s in SPLITS}
arrays, stats = featurize(
    {s: f["text"].tolist() for s, f in frames.items()},
    {s: f["label"].to_numpy() for s, f in frames.items()},
    snakemake.params.spec,
    where=f"embeddings.{snakemake.wildcards.tfidf}",
    hidden=[list(h) for h in snakemake.params.hidden],
)
save_tfidf(snakemake.output.tensors, arrays)
atomic_write_json(snakemake.output.stats, stats)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
