"""Glue: rule report_inputs -> textmlp.findings + textmlp.report."""
import json

from textmlp.findings import study_findings
from textmlp.io import atomic_write_text
from textmlp.report import curves_section, results_macros, study_section, word2vec_study_table, word_vectors_text
from textmlp.runtime import log_to
from textmlp.tables import read_table
from textmlp.word2vec_study import verdict

log_to(snakemake.log[0])
summary = read_table(snakemake.input.summary)
studies = read_table(snakemake.input.studies)
epochs = read_table(snakemake.input.epochs)
baselines = read_table(snakemake.input.baselines)
findings = [study_findings(summary, studies, epochs, s) for s in studies["study"].unique()]

split_stats = json.loads(open(snakemake.input.split).read())
feature_stats = json.loads(open(snakemake.input.features).read())
embedding = snakemake.params.embedding
study, study_tex = None, ""
if "word2vec_study" in snakemake.input.keys():
    table = read_table(snakemake.input.word2vec_study)
    if embedding in set(table["base"]):
        study = verdict(table, embedding)
    study_tex = word2vec_study_table(table)
word_vectors = word_vectors_text(embedding, snakemake.params.embedding_spec, split_stats["sizes"], study,
                                 snakemake.params.word2vec_study_declared)
atomic_write_text(snakemake.output.macros, results_macros(
    split_stats, feature_stats, summary, findings, snakemake.params.seeds, embedding, snakemake.params.data["name"],
    word_vectors))
labels = dict(zip(studies["run"], studies["label"]))
published = ({"n_test": split_stats["sizes"]["test"], "n_train": split_stats["sizes"]["train"]}
             if snakemake.params.data.get("kind", "imdb") == "imdb" else None)
atomic_write_text(snakemake.output.programming,
                  study_tex + "".join(study_section(f, baselines, published) for f in findings)
                  + curves_section((run, labels[run]) for run in summary["run"]))
