"""Glue: rule tfidf -> textmlp.features.tfidf.featurize (fit on train, transform every split)."""

from textmlp.data.splits import SPLITS, SplitTexts, read_split_columns
from textmlp.features.tfidf import featurize
from textmlp.features.tfidf_file import save_tfidf
from textmlp.io import atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
arrays, stats = featurize(
    {s: SplitTexts(snakemake.input[s]) for s in SPLITS},  # read from the file on each pass, a chunk at a time
    {s: read_split_columns(snakemake.input[s], ["label"])["label"] for s in SPLITS},
    snakemake.params.spec,
    where=f"embeddings.{snakemake.wildcards.tfidf}",
    hidden=[list(h) for h in snakemake.params.hidden],
)
save_tfidf(snakemake.output.tensors, arrays)
atomic_write_json(snakemake.output.stats, stats)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
