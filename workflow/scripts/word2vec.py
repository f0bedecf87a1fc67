"""Glue: rule word2vec -> textmlp.features.word_vectors.train_word2vec on train + unlabelled reviews."""

import pandas as pd

from textmlp.features.word_vectors import TokenizedCorpus, train_word2vec
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
texts = pd.concat([pd.read_parquet(p, columns=["text"])["text"] for p in snakemake.input])
spec = {k: v for k, v in snakemake.params.spec.items() if k != "kind"}
corpus = TokenizedCorpus(texts.tolist())  # tokenized once, kept as token ids
del texts
embedding = train_word2vec(corpus, **spec, where=f"embeddings.{snakemake.wildcards.w2v}")
embedding.save(snakemake.output[0])
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
