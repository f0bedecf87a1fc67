"""Glue: rule features -> textmlp.features.averaged (tokenize, average, save tensors once)."""

import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.features.averaged import featurize_splits, save_features
from textmlp.features.word_vectors import Embedding
from textmlp.io import atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
frames = {s: pd.read_parquet(snakemake.input[s], columns=["text", "label"]) for s in SPLITS}
arrays, stats = featurize_splits(
    {s: f["text"].tolist() for s, f in frames.items()},
    {s: f["label"].to_numpy() for s, f in frames.items()},
    Embedding.load(snakemake.input.embedding),
)
save_features(snakemake.output.tensors, arrays)
atomic_write_json(snakemake.output.stats, stats)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
