"""Glue: rule tfidf -> textmlp.features.tfidf.featurize (fit on train, transform every split)."""

from textmlp.data.splits import SPLITS, read_split_columns
from textmlp.features.tfidf import featurize
from textmlp.features.tfidf_file import save_tfidf
from textmlp.io import atomic_write_json
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
columns = {s: read_split_columns(snakemake.input[s], ["text", "label"]) for s in SPLITS}
arrays, stats = featurize(
    {s: c["text"] for s, c in columns.items()},
    {s: c["label"] for s, c in columns.items()},
    snakemake.params.spec,
    where=f"embeddings.{snakemake.wildcards.tfidf}",
    hidden=[list(h) for h in snakemake.params.hidden],
)
del columns  # the texts: the file is written from the matrices alone
save_tfidf(snakemake.output.tensors, arrays)
atomic_write_json(snakemake.output.stats, stats)
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
