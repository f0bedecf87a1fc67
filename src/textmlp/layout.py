"""Where the pipeline writes: the results' layout, each folder and shared file named once, here.

The rules (workflow/rules/*.smk) name their files from these folders and from :func:`log_file` /
:func:`benchmark_file`; the package takes the same names where it needs a path (the manifest's
exclusions in :mod:`textmlp.provenance`, the figures' folder in :mod:`textmlp.results`).

report/hw3.tex ``\\input``s the generated LaTeX by macro (``\\InputProgramming`` ...), which
``results/report/results_macros.tex`` defines (:func:`textmlp.report.sections.results_macros`),
so it names no path but that file's.
"""

from __future__ import annotations

RESULTS = "results"
DATA_DIR = f"{RESULTS}/data"  # the downloaded archive or table, the splits, the audit
EMBEDDINGS_DIR = f"{RESULTS}/embeddings"  # trained or converted word vectors
DOWNLOADS_DIR = f"{RESULTS}/downloads"  # pretrained vectors as downloaded
FEATURES_DIR = f"{RESULTS}/features"  # one input matrix per embedding, with its stats
BASELINES_DIR = f"{RESULTS}/baselines"  # logistic regression per input
RUNS_DIR = f"{RESULTS}/runs"  # one folder per training configuration (and seed)
WORD2VEC_STUDY_DIR = f"{RESULTS}/word2vec_study"
DERIVATIONS_DIR = f"{RESULTS}/derivations"
TABLES_DIR = f"{RESULTS}/tables"  # the tidy tables every figure and sentence is made from
FIGURES_DIR = f"{RESULTS}/figures"
REPORT_DIR = f"{RESULTS}/report"  # the report's generated LaTeX and its build
HTML_DIR = f"{RESULTS}/html"  # the HTML report's pages
TIMINGS_DIR = f"{RESULTS}/timings"  # wall times, kept apart from the results
LOGS_DIR = f"{RESULTS}/logs"
BENCHMARKS_DIR = f"{RESULTS}/benchmarks"
MANIFEST = f"{RESULTS}/MANIFEST.sha256"
INPUTS_RECORD = f"{RESULTS}/inputs.json"

REPORT_BUILD = f"{REPORT_DIR}/build"  # latexmk's folder: its logs and auxiliary files

#: The generated folder of the report's LaTeX (the macros file itself: hw3.tex names it, the only path it names).
MACROS_TEX = f"{REPORT_DIR}/results_macros.tex"

#: macro name -> the generated file hw3.tex inputs through it.
TEX_INPUTS = {
    "InputDerivations": f"{REPORT_DIR}/derivations.tex",
    "InputProgramming": f"{REPORT_DIR}/programming.tex",
    "InputAppendix": f"{REPORT_DIR}/appendix.tex",
    "InputRepro": f"{REPORT_DIR}/repro.tex",
}
REPRO_TEX = TEX_INPUTS["InputRepro"]


def log_file(job: str) -> str:
    """A job's log: ``log_file("features/{tfidf}")`` -> ``results/logs/features/{tfidf}.log``."""
    return f"{LOGS_DIR}/{job}.log"


def benchmark_file(job: str) -> str:
    """A job's Snakemake benchmark, beside its log's name under ``results/benchmarks``."""
    return f"{BENCHMARKS_DIR}/{job}.tsv"
