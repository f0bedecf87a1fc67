"""Glue: rule report_inputs -> textmlp.findings + textmlp.report."""
import json

from textmlp.findings import study_findings
from textmlp.io import atomic_write_text
from textmlp.report import curves_section, results_macros, study_section
from textmlp.runtime import log_to
from textmlp.tables import read_table

log_to(snakemake.log[0])
summary = read_table(snakemake.input.summary)
studies = read_table(snakemake.input.studies)
epochs = read_table(snakemake.input.epochs)
baselines = read_table(snakemake.input.baselines)
findings = [study_findings(summary, studies, epochs, s) for s in studies["study"].unique()]

split_stats = json.loads(open(snakemake.input.split).read())
feature_stats = json.loads(open(snakemake.input.features).read())
atomic_write_text(snakemake.output.macros, results_macros(
    split_stats, feature_stats, summary, findings, snakemake.params.seeds, snakemake.params.embedding))
labels = dict(zip(studies["run"], studies["label"]))
atomic_write_text(snakemake.output.programming,
                  "".join(study_section(f, baselines) for f in findings)
                  + curves_section((run, labels[run]) for run in summary["run"]))
