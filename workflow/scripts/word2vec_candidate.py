"""Glue: rule word2vec_candidate -> textmlp.train.word2vec_study.score_candidate."""

import pandas as pd

from textmlp.data.splits import SPLITS
from textmlp.io import atomic_write_json
from textmlp.runtime import log_to
from textmlp.train.word2vec_study import score_candidate

log_to(snakemake.log[0])
frames = {s: pd.read_parquet(snakemake.input[s], columns=["text", "label"]) for s in SPLITS}
unlabeled = pd.read_parquet(snakemake.input.unlabeled, columns=["text"])["text"].tolist()
candidate = snakemake.params.candidate
scores, timings = score_candidate(
    {s: f["text"].tolist() for s, f in frames.items()},
    {s: f["label"].to_numpy() for s, f in frames.items()},
    frames["train"]["text"].tolist() + unlabeled,
    candidate["spec"],
)
names = {"candidate": snakemake.wildcards.candidate, "base": candidate["base"]}
atomic_write_json(snakemake.output.scores, {**names, "order": candidate["order"], **scores})
atomic_write_json(snakemake.output.timings, {**names, **timings})
