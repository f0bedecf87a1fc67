"""Glue: rule report_inputs -> textmlp.results.findings (facts) + textmlp.report (LaTeX)."""

import json

from textmlp.io import atomic_write_text
from textmlp.report.claims_table import claims_appendix, claims_table
from textmlp.report.questions import Context
from textmlp.report.sections import results_macros, setup_section, unlabeled_overlap_note
from textmlp.report.studies import losses_appendix, study_section
from textmlp.report.word_vectors import other_word_vectors, word2vec_study_table, word_vectors_text
from textmlp.report.words import embedding_name, input_names
from textmlp.report.writeup import Prose, Study
from textmlp.results.audit_tex import audit_tex
from textmlp.results.check import Tables, check_all, require_true
from textmlp.results.claims import all_claims
from textmlp.results.findings import study_findings
from textmlp.results.tables import read_table
from textmlp.runtime import log_to
from textmlp.train.word2vec_study import verdict

log = log_to(snakemake.log[0])
inputs, params = snakemake.input, snakemake.params
summary = read_table(inputs.summary)
studies = read_table(inputs.studies)
epochs = read_table(inputs.epochs)
baselines = read_table(inputs.baselines)
comparisons = read_table(inputs.comparisons)
runs = read_table(inputs.runs)
gradients = read_table(inputs.gradients)
split_stats = json.loads(open(inputs.split).read())
sizes = split_stats["sizes"]
level = params.statistics["level"]
findings = [
    study_findings(summary, studies, epochs, s, comparisons, sizes["dev"], sizes["test"], level)
    for s in studies["study"].unique()
]
for f in findings:  # inputs by what they are, not by their configuration names
    f.display = input_names(f, params.embedding_specs)
    f.inputs = {name: embedding_name(spec) for name, spec in params.embedding_specs.items()}
claims = all_claims(summary, studies, epochs, comparisons, sizes["dev"], gradients, baselines)
prose = Prose()
written = {
    f.study: Study(f, claims, prose, sections={g.study: f"sec:study-{g.study}" for g in findings}) for f in findings
}
for s in written.values():
    s.others = written
ctx = Context(
    baselines=baselines,
    comparisons=comparisons,
    level=level,
    others={f.vary: f for f in findings},
    sections={f.vary: f"sec:study-{f.study}" for f in findings},
)

embedding = params.embedding
study, study_tex = None, ""
if "word2vec_study" in inputs.keys():
    table = read_table(inputs.word2vec_study)
    if embedding in set(table["base"]):
        study = verdict(table, embedding)
    study_tex = word2vec_study_table(table)
audit = json.loads(open(inputs.audit).read())
word_vectors = (
    word_vectors_text(embedding, params.embedding_spec, sizes, study, params.word2vec_study_declared)
    + other_word_vectors(embedding, params.embedding_specs)
    + unlabeled_overlap_note(audit, params.embedding_specs)
)
columns = {
    name: json.loads(open(path).read())["dim"] for name, path in zip(params.used_embeddings, inputs.all_features)
}
# every claim checked against the tables before anything is written: a false one stops the build
verdicts = check_all(Tables(runs, epochs, comparisons, studies, sizes["dev"], gradients, baselines), claims)
imdb = params.data.get("kind", "imdb") == "imdb"
published = {"n_test": sizes["test"], "n_train": sizes["train"], "level": level} if imdb else None
programming = setup_section(
    split_stats,
    params.data["name"],
    params.seeds,
    word_vectors,
    params.statistics,
    audit_tex(audit, params.data["name"]),
    study_tex,
    "~\\cite{maas2011}" if published else "",
) + "".join(
    study_section(written[f.study], ctx, baselines, published, params.embedding_specs, columns, params.beyond[f.study])
    for f in findings
)
table = claims_table(verdicts, prose)
require_true(verdicts)
atomic_write_text(snakemake.output.claims, table.to_csv(index=False))
if not params.header["author"].strip():
    log.warning("report.author is not set in config.yaml: the title page of report/hw3.pdf names no author")
atomic_write_text(snakemake.output.macros, results_macros(params.header, params.figures))
atomic_write_text(snakemake.output.programming, programming)
atomic_write_text(snakemake.output.appendix, claims_appendix(table) + losses_appendix(findings))
