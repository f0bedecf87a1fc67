"""Glue: rule baseline -> textmlp.train.baselines.fit_baselines (logistic regression, C chosen on dev)."""

from textmlp.features.store import read_features
from textmlp.io import atomic_write_json
from textmlp.runtime import host, limit_threads, log_to
from textmlp.train.baselines import fit_baselines, split_timings
from textmlp.train.predictions import split_reviews, write_predictions

log_to(snakemake.log[0])
limit_threads(snakemake.threads)
# the arrays as stored (TF-IDF read in place): fit_baselines applies any NB scaling itself, and also tries without it
arrays, pages = read_features(snakemake.input.features)
ids, labels = split_reviews(snakemake.input.test, labels=arrays["test_y"])
fitted = fit_baselines(snakemake.wildcards.embedding, arrays, pages=pages)
paths = list(snakemake.output.predictions)  # one per variant, named after it
if [p.rsplit("/", 1)[-1].removesuffix(".predictions.csv") for p in paths] != [b.variant for b in fitted]:
    raise ValueError(f"the rule declares {paths} but the baselines fitted are {[b.variant for b in fitted]}")
for baseline, path in zip(fitted, paths):
    write_predictions(path, ids, labels, baseline.predicted, baseline.probability)
results, timings = split_timings([b.record for b in fitted])
atomic_write_json(snakemake.output.timings, [{**t, "host": host()} for t in timings])
atomic_write_json(snakemake.output.results, {"baselines": results})
