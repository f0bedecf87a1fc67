"""Glue: rule word2vec -> textmlp.features.word_vectors.train_word2vec on train + unlabelled reviews."""

from itertools import chain

from textmlp.data.splits import SplitTexts
from textmlp.features.word_vectors import TokenizedCorpus, train_word2vec
from textmlp.runtime import log_to, log_usage

log = log_to(snakemake.log[0])
spec = {k: v for k, v in snakemake.params.spec.items() if k != "kind"}
# tokenized once, kept as token ids; the texts read a chunk at a time, never all held
corpus = TokenizedCorpus(chain.from_iterable(SplitTexts(p) for p in snakemake.input))
embedding = train_word2vec(corpus, **spec, where=f"embeddings.{snakemake.wildcards.w2v}")
embedding.save(snakemake.output[0])
log_usage(log)  # no benchmark: file on a cacheable rule (workflow/rules/common.smk)
