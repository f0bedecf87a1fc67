# Validate config.yaml before any job runs, then derive what the rules need.
import os
import re

from snakemake.io import report as report_flag  # `report(` opening a line reads as the keyword
from snakemake.utils import min_version, validate

from jsonschema import ValidationError

from textmlp.config import (
    BASELINE_VARIANTS,
    baseline_name,
    baseline_variants,
    check,
    data_determinants,
    data_identified,
    expand_studies,
    unreproducible,
)
from textmlp.captions import caption_rst, caption_text
from textmlp.config_file import ConfigError, check_size, schema_message
from textmlp.features.names import embedding_name
from textmlp.io import config_hash
from textmlp.layout import (  # the results' layout: each folder named once
    BASELINES_DIR,
    DATA_DIR,
    DERIVATIONS_DIR,
    DOWNLOADS_DIR,
    EMBEDDINGS_DIR,
    FEATURES_DIR,
    FIGURES_DIR,
    HTML_DIR,
    INPUTS_RECORD,
    MACROS_TEX,
    MANIFEST,
    REPORT_BUILD,
    REPORT_DIR,
    REPRO_TEX,
    RUNS_DIR,
    TABLES_DIR,
    TEX_INPUTS,
    TIMINGS_DIR,
    WORD2VEC_STUDY_DIR,
    benchmark_file,
    log_file,
)
from textmlp.sources import file_name, local_path, recorded
from textmlp.provenance import build_command, code_digest
from textmlp.features.tfidf_file import stored_shape
from textmlp.resources import (
    cluster_mem_mb,
    mem_mb as script_mem,
    on_features,
    runtime as declared_runtime,
    training_mem_mb,
    training_runtime,
)
from textmlp.runtime import package_versions
from textmlp.scheduling import baseline_priority, training_priority
from textmlp.train.word2vec_study import candidates as word2vec_candidates

min_version("9.0")


try:  # before the schema: its messages would print an alias bomb in full
    check_size(config, "config")
except ConfigError as err:
    raise WorkflowError(f"config: {err}") from None
try:
    validate(config, "../schemas/config.schema.yaml")
except WorkflowError as err:  # snakemake's message holds the whole schema: keep what matters
    if not isinstance(err.__context__, ValidationError):
        raise
    raise WorkflowError(f"config: {schema_message(err.__context__)}") from None
try:
    check(config)
except ConfigError as err:
    raise WorkflowError(f"config: {err}") from None

CONFIGURATIONS, STUDY_ENTRIES = expand_studies(config)
try:
    W2V_CANDIDATES = word2vec_candidates(config)
except ValueError as err:
    raise WorkflowError(f"config: {err}") from None
W2V_STUDY_IN_REPORT = config["word2vec_study"]["in_report"] and bool(W2V_CANDIDATES)
DATA = config["data"]
SPLIT_OUTPUTS = {
    "train": f"{DATA_DIR}/train.parquet",
    "dev": f"{DATA_DIR}/dev.parquet",
    "test": f"{DATA_DIR}/test.parquet",
    "unlabeled": f"{DATA_DIR}/unlabeled.parquet",
    "stats": f"{DATA_DIR}/split.json",
}
if DATA["kind"] == "table":
    # each file keeps its own name (its suffix tells read_table the format); a
    # URL's query string and credentials stay out of it (textmlp.sources.file_name)
    TABLE_FILES = {role: f"{DATA_DIR}/files/{role}/{file_name(f['source'])}" for role, f in DATA["files"].items()}
# What a run's results depend on from the data side (recorded in each run's hash):
# not data.name, which only labels the report, and sources without secrets.
DATA_PROVENANCE = data_determinants(DATA)
# data as it may be written down (report, Snakemake's records of params)
DATA_RECORDED = recorded(DATA)
SEEDS = config["seeds"]
EMBEDDINGS = config["embeddings"]
EMBEDDINGS_RECORDED = recorded(EMBEDDINGS)
USED_EMBEDDINGS = sorted({c.embedding for c in CONFIGURATIONS.values()})
# each input's name in words, for the figures' legends (not its configuration key)
INPUT_NAMES = {e: embedding_name(EMBEDDINGS[e]) for e in USED_EMBEDDINGS}
# studies of hidden-layer structures: their gradient figures
HIDDEN_STUDIES = [name for name, s in config["studies"].items() if s["vary"] == "hidden"]
ENV = "../../envs/textmlp.yaml"
CONFIG_HASH = config_hash(config)
# How this build was configured, for the report's reproducibility appendix
# (config.yaml is always read; config files given on the command line override it).
BUILD_COMMAND = build_command(workflow.configfiles, os.getcwd())


# Snakemake's HTML report (`snakemake --report report.html`): its categories
# follow the sections of report/hw3.pdf (the report lists them by name, hence
# the numbers); captions come from textmlp.captions, through each rule's
# params.captions (workflow/report/captions/<key>.rst prints one of them).
REPORT_CATEGORY = {
    "report": "1 Report (PDF)",
    "activations": "2 Activation functions",
    "studies": "3 Programming: studies",
    "tables": "4 Programming: tables",
    "audit": "5 Appendix: data audit",
    "provenance": "6 Appendix: reproducibility",
}


def report_caption(key):
    """The caption file of report key ``key`` (it prints ``params.captions[key]``)."""
    return f"../report/captions/{key}.rst"


def study_title(study):
    return config["studies"][study].get("title", study)


def study_figures(prefix, ext, figure, studies=None):
    """Each study's (of ``studies``, default every one) figure ``<prefix>_<study>.<ext>``,
    marked for the HTML report under its study, captioned by textmlp.captions' ``<prefix>``."""
    return [
        report_flag(
            f"{FIGURES_DIR}/{prefix}_{study}.{ext}",
            category=REPORT_CATEGORY["studies"],
            subcategory=study_title(study),
            labels={"figure": figure, "format": ext.upper()},
            caption=report_caption(prefix),
        )
        for study in (config["studies"] if studies is None else studies)
    ]


# Snakemake's between-workflow cache (`snakemake --cache`, SNAKEMAKE_OUTPUT_CACHE;
# docs/performance.md): the split, the word vectors and the features are pure
# functions of the data and their settings, so a second working directory or
# checkout may take them from the cache. Snakemake's key for a job hashes its
# script, its params (the settings, `code`: the package modules it runs, and
# `software`: the versions of the libraries that write its bytes), the conda
# environment where one is used, and the same key of every job upstream (down
# to the download's source and sha256). Only data whose content the config pins
# may be cached (textmlp.config.data_identified). Snakemake allows no
# `benchmark:` on such a rule: their scripts log their usage instead.
CACHEABLE = data_identified(DATA)


def software(*packages):
    """The versions that decide a cached step's bytes, beside its code (a param)."""
    return package_versions(packages)


def code(script):
    """The digest of the package modules that workflow/scripts/<script> imports,
    read from their contents: a rule's `code` param, so that an edit to package
    code reruns the rules that run it (Snakemake's code trigger sees the script alone)."""
    return code_digest(os.path.join(workflow.basedir, "workflow", "scripts", script))


def _one_of(names):
    return "|".join(map(re.escape, list(names))) or "(?!)"


def embeddings_of_kind(kind):
    return [name for name, spec in EMBEDDINGS.items() if spec["kind"] == kind]


wildcard_constraints:
    run=_one_of(CONFIGURATIONS),
    seed=r"\d+",
    w2v=_one_of(embeddings_of_kind("word2vec")),
    glove=_one_of(embeddings_of_kind("glove")),
    tfidf=_one_of(embeddings_of_kind("tfidf")),
    averaged=_one_of(embeddings_of_kind("word2vec") + embeddings_of_kind("glove")),
    embedding=_one_of(EMBEDDINGS),
    split="train|dev|test|unlabeled",
    candidate=_one_of(W2V_CANDIDATES),


def feature_file(name):
    """The features file of input representation ``name``: averaged vectors or TF-IDF."""
    return f"{FEATURES_DIR}/{name}.npz" if EMBEDDINGS[name]["kind"] == "tfidf" else f"{FEATURES_DIR}/{name}.pt"


def baseline_predictions(embedding, variants):
    """The test predictions of the baselines of ``embedding``, one file per variant
    (textmlp.config.BASELINE_VARIANTS: model-inputs, plain-tfidf)."""
    return [f"{BASELINES_DIR}/{embedding}/{v}.predictions.csv" for v in variants]


def baseline_prediction_files():
    """Every baseline on a used input representation: embedding -> [(name, label, predictions file)]."""
    return {
        e: [
            (baseline_name(e, v), f"logistic regression, {BASELINE_VARIANTS[v]}", path)
            for v, path in zip(
                baseline_variants(EMBEDDINGS[e]), baseline_predictions(e, baseline_variants(EMBEDDINGS[e]))
            )
        ]
        for e in USED_EMBEDDINGS
    }


def local_digest(source):
    """sha256 of a local source file (None for a URL): a param of the job that
    copies it, so that editing the file in place reruns what depends on it,
    while touching it without a change reruns nothing."""
    from textmlp.provenance import file_digest

    path = local_path(source)
    return file_digest(path) if path is not None and path.is_file() else None


def run_keys():
    return [f"{run}/seed{seed}" for run in CONFIGURATIONS for seed in SEEDS]


def run_dirs():
    return [f"{RUNS_DIR}/{key}" for key in run_keys()]


# Training jobs: one per configuration with all its seeds (batch_seeds), or one per seed.
BATCH_SEEDS = config["training"]["batch_seeds"]
SEED_DIRS = [f"seed{s}" for s in SEEDS] if BATCH_SEEDS else ["seed{seed}"]
TRAIN_JOB = "{run}" if BATCH_SEEDS else "{run}/seed{seed}"

# Scheduling: the rules that make inputs go before any training or baseline
# job (they unlock the most work); training and baseline jobs then go
# costliest first (textmlp.scheduling.training_priority), so the cores end on
# short jobs instead of one long job running alone.
UPSTREAM_PRIORITY = 1000


def run_outputs(name):
    """The per-seed paths of file ``name`` that one training job writes."""
    return [f"{RUNS_DIR}/{{run}}/{d}/{name}" for d in SEED_DIRS]


def run_timings():
    """The per-seed timing files of one training job (kept apart from the results)."""
    return [f"{TIMINGS_DIR}/runs/{{run}}/{d}.json" for d in SEED_DIRS]


def data_files():
    """The downloaded data: the IMDB archive or a table dataset's files."""
    return list(rules.download.output) if DATA["kind"] == "imdb" else list(TABLE_FILES.values())


def embedding_files(name):
    """The word-vector files behind input representation ``name`` (none for TF-IDF)."""
    kind = EMBEDDINGS[name]["kind"]
    downloads = [f"{DOWNLOADS_DIR}/{name}.txt.gz"] if kind == "glove" else []
    return [] if kind == "tfidf" else downloads + [f"{EMBEDDINGS_DIR}/{name}.npz"]


def on_cluster():
    """Whether this Snakemake submits jobs to a cluster, where each job also holds
    two Snakemake processes (textmlp.resources.CLUSTER_WRAPPER_MB); false in a
    local run and inside a cluster job. Known once the executor is: ask when a job is made."""
    return workflow.non_local_exec and not workflow.remote_exec


def declared_mem(rule, input_mb):
    """MiB a data-sized rule declares for inputs of ``input_mb`` MiB (textmlp.resources.mem_mb)."""
    return cluster_mem_mb(script_mem(rule, input_mb), on_cluster())


def fixed_mem(mb):
    """A non-local rule's fixed memory (MiB), plus the wrappers' under a cluster executor."""
    return lambda wildcards: cluster_mem_mb(mb, on_cluster())


def train_mem(wildcards, input):
    """MiB a training job declares (textmlp.resources.training_mem_mb); a TF-IDF file's columns from its header."""
    c = CONFIGURATIONS[wildcards.run]
    if not str(input.features).endswith(".npz"):
        return cluster_mem_mb(training_mem_mb(input.size_mb, c.hidden), on_cluster())
    _, columns, classes = stored_shape(input.features)
    return cluster_mem_mb(training_mem_mb(input.size_mb, c.hidden, columns, classes), on_cluster())


def train_runtime(wildcards, input):
    """Minutes a training job declares (textmlp.resources.training_runtime)."""
    c = CONFIGURATIONS[wildcards.run]
    seeds = len(SEEDS) if BATCH_SEEDS else 1
    dim = EMBEDDINGS[c.embedding].get("dim", 100)  # GloVe's file sets it; 100 for scheduling
    sparse = str(input.features).endswith(".npz")
    return training_runtime(input.size_mb, c.hidden, c.epochs, seeds, dim, sparse)
