"""What each data-sized rule declares to the scheduler: memory and run time from the size of its inputs.

The rules call these from their ``resources:`` (``mem_mb=lambda wc, input:
mem_mb("tfidf", input.size_mb)``), so a job on a table several times IMDB's
size asks Slurm for what it will use, and one on a small table does not
reserve gigabytes. Each formula is linear in the inputs' size in MiB (what
Snakemake's ``input.size_mb`` sums), fitted to the peak RSS and wall time of
the jobs ``bench/scale.py`` measured at 1/4 to 2 times IMDB's texts
(``bench/scale/measured.csv``; docs/cluster.md shows the fit):

- memory: ``declared = ceil((base + per_mb * input_mb + extra) * MEMORY_HEADROOM)``
  rounded up to :data:`STEP_MB`; ``extra`` is what the inputs' size does not
  show, the TF-IDF MLP's n-gram layer (:func:`textmlp.features.tfidf.layer_bytes`);
- time: ``declared = ceil((base + per_mb * input_mb * work) * RUNTIME_HEADROOM / 60)``
  minutes (at least :data:`MIN_RUNTIME`); ``work`` is 1 except for training,
  where it counts epochs, seeds and the network's size.

Rules whose inputs do not grow with the data (tables of results, figures,
the report) keep fixed values in their rules.

Under a cluster executor each job holds more than its script: the batch
step's and the job step's Snakemake processes run beside it, and a cluster
that enforces memory (cgroups) charges them to the job. The Snakefile adds
:data:`CLUSTER_WRAPPER_MB` to every non-local rule's memory there
(:func:`cluster_mem_mb`); a local run declares the script's memory alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

#: Declared memory over the fitted peak: room for what the fit misses (every
#: measured job then declares 1.12 to 1.84 times its peak), and under twice it.
MEMORY_HEADROOM = 1.3
#: Declared memory is a multiple of this (MiB).
STEP_MB = 50
#: Declared time over the fitted time: a shared or slower node runs 2-3x slower.
RUNTIME_HEADROOM = 4.0
#: The least run time any rule declares (minutes): start-up, imports, a busy file system.
MIN_RUNTIME = 5
#: MiB a cluster job holds besides its script: two Snakemake processes (the
#: batch step's jobstep executor, 191-192 MiB RSS in sacct, and the job step's,
#: about 180 MiB, which runs the script), measured on Slurm 22.05 with
#: Snakemake 9.27 and its Slurm plugin 2.8 (docs/cluster.md); rounded up.
CLUSTER_WRAPPER_MB = 400


@dataclass(frozen=True)
class Linear:
    """``base + per_mb * x``: MiB (or seconds) at no input, and per MiB of input; with ``flatter``, the lesser
    of this line and that one (a job whose growth slows past some size)."""

    base: float
    per_mb: float
    flatter: Linear | None = None

    def __call__(self, x: float) -> float:
        y = self.base + self.per_mb * x
        return y if self.flatter is None else min(y, self.flatter(x))

    def __str__(self) -> str:
        line = f"{self.base:g} + {self.per_mb:g} x MiB"
        return line if self.flatter is None else f"min({line}, {self.flatter})"


#: Peak RSS (MiB) of each rule's job against its inputs' size in MiB.
MEMORY: dict[str, Linear] = {
    "split": Linear(300.0, 0.7),
    "split_imdb": Linear(300.0, 6.0),
    "audit": Linear(200.0, 0.4),
    "word2vec": Linear(250.0, 2.0),
    "features": Linear(330.0, 2.6),
    # below about 70 MiB of splits the texts' n-gram counts grow with them; past it (the synthetic tables) the
    # counting goes in shares of COUNT_BUDGET_MB (textmlp.features.tfidf) and what grows is the matrices
    "tfidf": Linear(300.0, 6.0, flatter=Linear(680.0, 0.55)),
    "baseline": Linear(400.0, 1.5),
    "baseline_sparse": Linear(520.0, 1.2),
    "train": Linear(420.0, 4.5),
    "train_sparse": Linear(460.0, 0.3),
}

#: Wall seconds of each rule's job against its inputs' size in MiB (times ``work``).
SECONDS: dict[str, Linear] = {
    "split": Linear(10.0, 0.2),
    "split_imdb": Linear(10.0, 1.0),
    "audit": Linear(10.0, 0.3),
    "word2vec": Linear(230.0, 3.0),
    "features": Linear(15.0, 0.2),
    "tfidf": Linear(100.0, 2.0),
    "baseline": Linear(10.0, 1.0),
    "baseline_sparse": Linear(140.0, 1.0),
    "train": Linear(20.0, 0.6),
    "train_sparse": Linear(150.0, 2.0),
}


def _known(rule: str, table: dict) -> Linear:
    if rule not in table:
        raise KeyError(f"no resource formula for rule {rule!r}; known: {sorted(table)}")
    return table[rule]


def on_features(rule: str, features: str) -> str:
    """The formula of ``rule`` for its features file: ``<rule>_sparse`` for
    TF-IDF (an ``.npz``), whose jobs grow differently from those on dense vectors."""
    return f"{rule}_sparse" if str(features).endswith(".npz") else rule


def mem_mb(rule: str, input_mb: float, extra_mb: float = 0.0) -> int:
    """The memory (MiB) ``rule`` declares for inputs of ``input_mb`` MiB (plus ``extra_mb`` it cannot see)."""
    if input_mb < 0 or extra_mb < 0:
        raise ValueError(f"sizes cannot be negative: input {input_mb} MB, extra {extra_mb} MB")
    need = (_known(rule, MEMORY)(input_mb) + extra_mb) * MEMORY_HEADROOM
    return int(math.ceil(need / STEP_MB) * STEP_MB)


def cluster_mem_mb(script_mb: int, on_cluster: bool) -> int:
    """A job's declared memory from its script's: plus :data:`CLUSTER_WRAPPER_MB`
    where the job runs under a cluster executor (``on_cluster``), unchanged locally."""
    if script_mb < 0:
        raise ValueError(f"memory cannot be negative: {script_mb} MB")
    return int(script_mb) + (CLUSTER_WRAPPER_MB if on_cluster else 0)


def runtime(rule: str, input_mb: float, work: float = 1.0) -> int:
    """The run time (minutes) ``rule`` declares for inputs of ``input_mb`` MiB."""
    if input_mb < 0 or work < 0:
        raise ValueError(f"sizes cannot be negative: input {input_mb} MB, work {work}")
    fit = _known(rule, SECONDS)
    seconds = (fit.base + fit.per_mb * input_mb * work) * RUNTIME_HEADROOM
    return max(MIN_RUNTIME, int(math.ceil(seconds / 60)))


#: The recipe ``train_work`` counts in units of: 20 epochs of one model of one 512-unit layer on 50-d inputs.
REFERENCE = {"epochs": 20, "seeds": 1, "macs": 50 * 512 + 512 * 2}


def train_work(epochs: int, seeds: int, hidden: Sequence[int], width: int, n_classes: int = 2) -> float:
    """A training job's work relative to :data:`REFERENCE`: epochs x seeds x the
    multiply-adds per row of its dense layers, plus a fixed share per row
    (batching, the optimizer's call, evaluation) that keeps a small network from
    counting as almost free. For a TF-IDF input ``width`` is 0 (its first layer
    costs per stored entry, which the input's size already counts)."""
    sizes = [width, *hidden, n_classes]
    macs = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    ref = REFERENCE["macs"]
    per_row = (ref + macs) / (2 * ref)  # the fixed share: as much as the reference's products
    return epochs * seeds * per_row / (REFERENCE["epochs"] * REFERENCE["seeds"])


#: float32 copies of a TF-IDF MLP's n-gram weight matrix its training job holds
#: at once, and ``model_budget_mb`` counts (the vocabulary cap,
#: :func:`textmlp.features.tfidf.vocabulary_cap`): the weights and Adam's two
#: moments. The best epoch's copy waits on disk
#: (:class:`textmlp.train.loop.SpilledWeights`) and is read back after the moments
#: are dropped. Until 2026-12-06 it was 5 (two best copies in memory) with a
#: 560 MiB default budget: 336 MiB for 3 copies is the same cap, 917,504 columns at 32 units.
LAYER_COPIES = 3


def layer_bytes(columns: int, width: int, copies: int = LAYER_COPIES) -> int:
    """Bytes of a TF-IDF MLP's n-gram layer, weights and optimizer state, at
    ``columns`` n-grams into ``width`` units (float32, :data:`LAYER_COPIES` copies)."""
    return 4 * int(columns) * int(width) * copies


def training_layer_mb(hidden: Sequence[int], columns: int, classes: int = 2) -> float:
    """MiB of the n-gram layer a TF-IDF training job holds (the
    :data:`LAYER_COPIES`): ``columns`` n-grams into the first layer
    (``hidden[0]``, or the ``classes`` for a linear model)."""
    width = hidden[0] if len(hidden) else max(classes, 2)
    return layer_bytes(columns, width) / 2**20


def training_mem_mb(input_mb: float, hidden: Sequence[int], columns: int | None = None, classes: int = 2) -> int:
    """A training job's memory. On TF-IDF features (``columns`` n-grams, read
    from the file by :func:`textmlp.features.tfidf_file.stored_shape`) it adds
    the n-gram layer (:func:`training_layer_mb`), which the file's size does not show."""
    if columns is None:
        return mem_mb("train", input_mb)
    return mem_mb("train_sparse", input_mb, training_layer_mb(hidden, columns, classes))


def training_runtime(input_mb: float, hidden: Sequence[int], epochs: int, seeds: int, dim: int, sparse: bool) -> int:
    """A training job's run time: :func:`train_work` of its configuration on
    inputs of ``dim`` dimensions (dense), or per stored entry (``sparse``, TF-IDF)."""
    work = train_work(epochs, seeds, hidden, 0 if sparse else dim)
    return runtime("train_sparse" if sparse else "train", input_mb, work)
