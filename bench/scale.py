"""How the pipeline's time and memory grow with the data (issue 27).

    # the tables: IMDB's 50,000 labelled texts at 1/4, 1/2, 1 and 2 times, with
    # the unlabelled texts at the same share; a synthetic vocabulary-heavy table
    python bench/scale.py tables --archive /work/shared/data/aclImdb_v1.tar.gz --out /tmp/scale/data
    python bench/scale.py synthetic --out /tmp/scale/data --factor 4      # -> syn4
    # one size: a reduced study (word2vec 50-d [512] MLP, the TF-IDF MLP, their
    # baselines) in a working directory of its own (run the larger ones niced, one at a time;
    # --tfidf-only: the TF-IDF jobs and the audit alone; --data-only: the split and the audit;
    # --features-only: the split and the TF-IDF features)
    nice -n 10 python bench/scale.py run --data /tmp/scale/data --size x1 --work /tmp/scale/runs
    # every measured size -> bench/scale/measured.csv, the Markdown table, the exponents, the plot
    python bench/scale.py report --work /tmp/scale/runs --out bench/scale

Each run is ``snakemake -s <this repository>/Snakefile -d <work>/<size>`` with
a ``config.yaml`` written there: this repository's config with ``data`` a
table (layout c: 60/15/25 split, stratified, whole movies per split), the
seeds and the one study replaced. ``tables`` writes ``x0.25 x0.5 x1 x2``: 2x is
every text twice, the copy perturbed (a seeded tenth of its words dropped and
a tenth of adjacent pairs swapped), so it brings n-grams of its own as new
reviews would, and kept in its original's movie, so that copies never straddle
train and test. ``synthetic`` writes ``syn<k>``: k times IMDB's 50,000
labelled texts, vocabulary-heavy (:func:`synthetic_texts`: their columns grow
as fast as their texts), the worst case for TF-IDF; its study is the TF-IDF
MLP at two learning rates (one seed each) and its baseline.

``report`` reads every job's time and peak memory (Snakemake ``benchmark:``
files, and the ``usage:`` lines the cacheable rules log: bench/stages.py), its
inputs' size in MB (what Snakemake's ``input.size_mb`` gives the rule), and
the memory and time the rule declares for that size (``textmlp.resources``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from stages import read_benchmarks  # noqa: E402

#: The measured sizes, smallest first: IMDB fractions, then synthetic multiples.
IMDB_FACTORS = {"x0.25": 0.25, "x0.5": 0.5, "x1": 1.0, "x2": 2.0}
SEEDS = [0, 1, 2]
W2V, TFIDF = "word2vec-imdb", "tfidf-uni-bi-tri"
STUDY = {
    "title": "Input representation",
    "vary": "embedding",
    "base": {"hidden": [512], "activation": "sigmoid", "lr": 0.01, "batch_size": 64, "epochs": 20},
    "configurations": [
        {"embedding": W2V},
        {"embedding": TFIDF, "hidden": [32], "activation": "relu", "lr": 0.001, "epochs": 6, "dropout": 0.5},
    ],
}


def perturb(text: str, rng: random.Random) -> str:
    """A copy of ``text`` with about a tenth of its words dropped and a tenth of adjacent pairs swapped."""
    words = [w for w in text.split() if rng.random() >= 0.1] or text.split()
    for i in range(len(words) - 1):
        if rng.random() < 0.1:
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def imdb_tables(archive: str, out: Path, seed: int = 0) -> None:
    """``<size>.parquet`` (text, label, movie) and ``<size>-unlabeled.parquet`` (text) per IMDB size."""
    from textmlp.data.imdb import read_archive

    frames, _ = read_archive(archive)
    labelled = pd.concat([frames["train"], frames["test"]], ignore_index=True)
    labelled = pd.DataFrame(
        {
            "text": labelled["text"],
            "label": labelled["label"].astype(int),
            "movie": labelled["group"].fillna(labelled["id"]).astype(str),
        }
    )
    unlabeled = frames["unsup"][["text"]].reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    order, order_u = rng.permutation(len(labelled)), rng.permutation(len(unlabeled))
    for size, factor in IMDB_FACTORS.items():
        if factor <= 1:
            table = labelled.iloc[np.sort(order[: round(factor * len(labelled))])]
            extra = unlabeled.iloc[np.sort(order_u[: round(factor * len(unlabeled))])]
        else:
            copies = int(factor) - 1
            r = random.Random(seed)  # noqa: S311 - perturbing benchmark texts, not secrets
            table = pd.concat(
                [labelled] + [labelled.assign(text=[perturb(t, r) for t in labelled["text"]])] * copies,
                ignore_index=True,
            )
            extra = pd.concat(
                [unlabeled] + [unlabeled.assign(text=[perturb(t, r) for t in unlabeled["text"]])] * copies,
                ignore_index=True,
            )
        table.reset_index(drop=True).to_parquet(out / f"{size}.parquet")
        extra.reset_index(drop=True).to_parquet(out / f"{size}-unlabeled.parquet")
        print(f"{size}: {len(table):,} labelled, {len(extra):,} unlabelled texts", flush=True)


def synthetic_table(out: Path, factor: float, seed: int = 0, words: int = 230, shared: int = 100) -> None:
    """``syn<factor>.parquet``: the texts and labels of :func:`synthetic_texts`,
    and a group per pair of texts that share a passage, so the two stay in one split."""
    texts, labels = synthetic_texts(factor, seed, words, shared)
    n = len(texts)
    out.mkdir(parents=True, exist_ok=True)
    name = f"syn{factor:g}"
    frame = pd.DataFrame({"text": texts, "label": labels, "movie": [f"g{i // 2}" for i in range(n)]})
    frame.to_parquet(out / f"{name}.parquet")
    print(f"{name}: {n:,} labelled texts", flush=True)


def synthetic_texts(factor: float, seed: int = 0, words: int = 230, shared: int = 100) -> tuple[list[str], np.ndarray]:
    """``factor`` x 50,000 labelled texts of ``words`` words, vocabulary-heavy
    by design: words drawn uniformly from a lexicon of 30 per text (most seen
    once or twice in the whole table), and each text shares a passage of
    ``shared`` words with one other text (texts 2i and 2i + 1), so every
    n-gram of that passage reaches ``min_df`` 2 and becomes a column (IMDB's
    columns grow more slowly than its texts; these grow with them). One word
    in ten comes from its class's list, so the labels can be learnt."""
    rng = np.random.default_rng(seed)
    n = int(50_000 * factor)
    lexicon = 30 * n
    signal = {0: np.array(["awful", "dull", "boring", "poor"]), 1: np.array(["great", "fine", "superb", "fun"])}
    labels = np.arange(n) % 2
    texts = []
    for i in range(0, n, 2):
        passage = [f"w{r}" for r in rng.integers(lexicon, size=shared)]
        for label in labels[i : i + 2]:
            own = [f"w{r}" for r in rng.integers(lexicon, size=words - shared)]
            tokens = own[: len(own) // 2] + passage + own[len(own) // 2 :]
            tokens[::10] = rng.choice(signal[int(label)], size=len(tokens[::10]))
            texts.append(" ".join(tokens))
    return texts[:n], labels


def study_config(data: Path, size: str) -> dict:
    """This repository's config.yaml with the table of ``size`` as data and the reduced study."""
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    synthetic = size.startswith("syn")
    config["data"] = {
        "kind": "table",
        "name": f"IMDB scaled {size}" if size.startswith("x") else f"synthetic {size}",
        "files": {"file": {"source": str((data / f"{size}.parquet").resolve())}},
        "dev_fraction": 0.15,
        "test_fraction": 0.25,
        "group_column": "movie",
        "seed": 0,
    }
    if not synthetic:
        config["data"]["files"]["unlabeled"] = {"source": str((data / f"{size}-unlabeled.parquet").resolve())}
    config["seeds"] = SEEDS[:1] if synthetic else SEEDS
    # a synthetic table is for TF-IDF (its worst case): no word2vec there; the TF-IDF MLP at two learning rates,
    # one seed each (a study needs two configurations to compare, and the seeds train one after another: a seed
    # more adds time, not memory)
    tfidf = STUDY["configurations"][1]
    study = (
        {
            **STUDY,
            "title": "TF-IDF learning rate",
            "vary": "lr",
            "base": {**STUDY["base"], **tfidf},
            "configurations": [{"lr": 0.001}, {"lr": 0.003}],
        }
        if synthetic
        else STUDY
    )
    config["studies"] = {"representations": study}
    config["word2vec_study"] = {"in_report": False, "candidates": {}}
    config["embeddings"] = {k: v for k, v in config["embeddings"].items() if k in (W2V, TFIDF)}
    return config


#: What ``run`` builds: the reduced study's tables and the data audit.
TARGETS = ("aggregate", "audit")
#: ``run --tfidf-only``: the TF-IDF path alone (split, features, baseline, MLP) and the audit,
#: to measure those jobs again without the word2vec ones.
TFIDF_TARGETS = (
    f"results/baselines/{TFIDF}.json",
    f"results/runs/{TFIDF}_h32_relu_lr0.001_bs64_ep6_do0.5/seed0/metrics.json",
    "audit",
)

#: ``run --data-only``: the split and the audit alone, to measure them again.
DATA_TARGETS = ("results/data/split.json", "audit")
#: ``run --features-only``: the split and the TF-IDF features alone.
FEATURES_TARGETS = (f"results/features/{TFIDF}.npz",)


def run(data: Path, size: str, work: Path, cores: int, targets: tuple[str, ...] = TARGETS) -> None:
    """The reduced study at ``size`` in ``work/size`` (from scratch), up to ``targets``."""
    where = work / size
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    (where / "config.yaml").write_text(yaml.safe_dump(study_config(data, size), sort_keys=False))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "-d", str(where)]
        + ["--cores", str(cores), *targets],
        cwd=where,
        stdout=open(where / "snakemake.out", "w"),
        stderr=subprocess.STDOUT,
    )
    wall = time.perf_counter() - started
    (where / "wall.json").write_text(json.dumps({"size": size, "wall_s": wall, "returncode": done.returncode}))
    print(f"{size}: {wall:.0f} s, exit {done.returncode}", flush=True)
    if done.returncode:
        raise SystemExit(f"{size}: snakemake failed; see {where / 'snakemake.out'}")


#: A job (as bench/stages.py names it) -> its rule and its inputs under results/ (globs).
def job_inputs(job: str) -> tuple[str, list[str]] | None:
    splits = ["data/train.parquet", "data/dev.parquet", "data/test.parquet"]
    stage, _, name = job.partition("/")
    if job == "split":
        return "split", ["data/files/*/*"]  # the IMDB archive instead: see measured_jobs
    if job == "audit":
        return "audit", [*splits, "data/unlabeled.parquet", "data/split.json"]
    if stage == "embeddings":
        return "word2vec", ["data/train.parquet", "data/unlabeled.parquet"]
    if stage == "features":
        if name.startswith("tfidf"):
            return "tfidf", splits
        return "features", [f"embeddings/{name}.npz", *splits]
    if stage == "baselines":
        return "baseline", [f"features/{name}.np[z]", f"features/{name}.p[t]", "data/test.parquet"]
    if stage == "train":
        return "train", ["data/test.parquet"]  # + the run's features file (from its metrics.json)
    return None


def size_mb(results: Path, patterns: list[str]) -> float:
    """What Snakemake's ``input.size_mb`` gives for these inputs (MiB, links followed)."""
    return sum(f.stat().st_size for p in patterns for f in results.glob(p) if f.is_file()) / 2**20


def measured_jobs(where: Path) -> pd.DataFrame:
    """One row per data-sized job of one run: time, peak, inputs' size, what the rule declares for it."""
    from textmlp import resources

    results = where / "results"
    split = json.loads((results / "data" / "split.json").read_text())
    rows = []
    for _, job in read_benchmarks(results / "benchmarks").iterrows():
        known = job_inputs(job["job"])
        if known is None:
            continue
        rule, patterns = known
        if rule == "split" and (results / "data" / "aclImdb.tar.gz").exists():
            rule, patterns = "split_imdb", ["data/aclImdb.tar.gz"]
        row = {"job": job["job"], "rule": rule, "s": job["s"], "max_rss_mb": job["max_rss_mb"]}
        if rule == "train":
            run_dir = results / "runs" / job["job"].split("/", 1)[1]
            metrics = json.loads(next(run_dir.glob("seed*/metrics.json")).read_text())
            embedding = metrics["embedding"]
            features = next(f for f in (results / "features").glob(f"{embedding}.*") if f.suffix in (".npz", ".pt"))
            x = size_mb(results, patterns) + features.stat().st_size / 2**20
            seeds = len(list(run_dir.glob("seed*")))
            stats = json.loads(features.with_suffix(".json").read_text())
            sparse = features.suffix == ".npz"
            hidden, columns = metrics["hidden"], int(stats["dim"])
            extra = resources.training_layer_mb(hidden, columns) if sparse else 0.0
            row.update(
                input_mb=x,
                extra_mb=extra,
                columns=columns,
                declared_mem_mb=resources.training_mem_mb(x, hidden, columns if sparse else None),
                declared_runtime_min=resources.training_runtime(x, hidden, metrics["epochs"], seeds, columns, sparse),
                rule="train_sparse" if sparse else "train",
                work=resources.train_work(metrics["epochs"], seeds, hidden, 0 if sparse else columns),
            )
        else:
            x = size_mb(results, patterns)
            if rule == "baseline" and (results / "features" / f"{job['job'].split('/', 1)[1]}.npz").exists():
                rule = row["rule"] = "baseline_sparse"
            row.update(
                input_mb=x,
                extra_mb=0.0,
                declared_mem_mb=resources.mem_mb(rule, x),
                declared_runtime_min=resources.runtime(rule, x),
                work=1.0,
            )
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(
        0, "labelled_texts", sum(split["sizes"][s] for s in ("train", "dev", "test")) if "sizes" in split else None
    )
    return frame


def exponent(x: pd.Series, y: pd.Series) -> float:
    """The slope of log y against log x (least squares): y grows as x to this power."""
    return float(np.polyfit(np.log(x.astype(float)), np.log(y.astype(float)), 1)[0])


def report(work: Path, out: Path, also: list[str] = (), keep: Path | None = None) -> None:
    """Every measured size under ``work`` -> ``out``/measured.csv, the table, exponents and the plot.

    ``also`` adds working directories of other runs as ``PATH=NAME`` (e.g. a
    default run of the whole pipeline, whose jobs check the formulas on
    configurations the reduced study lacks); they join measured.csv and the
    fit table, not the growth table. ``keep``: an earlier measured.csv whose
    jobs not measured again here (same size and job) are kept (their declared
    memory and time recomputed with today's formulas), so one size, or one
    stage at every size, can be measured again at a time."""
    frames = []
    for where in sorted(work.iterdir()):
        wall = where / "wall.json"
        if not wall.exists() or json.loads(wall.read_text())["returncode"]:
            continue
        frame = measured_jobs(where)
        frame.insert(0, "size", where.name)
        frames.append(frame)
    for spec in also:
        path, _, name = spec.partition("=")
        frame = measured_jobs(Path(path))
        frame.insert(0, "size", name or Path(path).name)
        frames.append(frame)
    jobs = pd.concat(frames, ignore_index=True)
    if keep is not None:
        from textmlp import resources

        old = pd.read_csv(keep)
        again = set(zip(jobs["size"], jobs["job"]))
        old = old[[(size, job) not in again for size, job in zip(old["size"], old["job"])]].drop(columns=["stage"])
        old["declared_mem_mb"] = [resources.mem_mb(r.rule, r.input_mb, r.extra_mb) for r in old.itertuples()]
        old["declared_runtime_min"] = [resources.runtime(r.rule, r.input_mb, r.work) for r in old.itertuples()]
        jobs = pd.concat([old, jobs], ignore_index=True)
    jobs["stage"] = jobs["job"].str.replace(r"_h.*", "", regex=True)
    out.mkdir(parents=True, exist_ok=True)
    jobs.round(2).to_csv(out / "measured.csv", index=False)
    jobs["ratio"] = jobs["declared_mem_mb"] / jobs["max_rss_mb"]
    pd.set_option("display.width", 200)
    print(
        jobs[["size", "stage", "input_mb", "s", "max_rss_mb", "declared_mem_mb", "ratio", "declared_runtime_min"]]
        .round(2)
        .to_string(index=False)
    )
    print("\nleast-squares fits (for textmlp.resources): peak - extra = base + per_mb * input_mb; s / work likewise")
    for rule, g in jobs.groupby("rule"):
        if g["input_mb"].nunique() > 1:
            m = np.polyfit(g["input_mb"], g["max_rss_mb"] - g["extra_mb"], 1)
            t = np.polyfit(g["input_mb"] * g["work"], g["s"], 1)
            print(
                f"  {rule}: memory Linear({m[1]:.0f}, {m[0]:.2f}); seconds Linear({t[1]:.0f}, {t[0]:.2f}) "
                f"[{len(g)} jobs]"
            )
    imdb = jobs[jobs["size"].isin(IMDB_FACTORS)]
    print("\ngrowth exponents (IMDB sizes, against labelled texts):")
    for stage, g in imdb.groupby("stage"):
        if g["labelled_texts"].nunique() > 1:
            print(
                f"  {stage}: time {exponent(g['labelled_texts'], g['s']):.2f}, "
                f"memory {exponent(g['labelled_texts'], g['max_rss_mb']):.2f}"
            )
    (out / "tables.md").write_text(markdown(jobs))
    print(f"tables: {out / 'tables.md'}")
    plot(jobs, out / "scale.png")


def markdown(jobs: pd.DataFrame) -> str:
    """The scale table (time / peak / declared per stage and size) and the growth exponents, in Markdown."""
    fits = jobs
    jobs = jobs[jobs["size"].str.match(r"(x|syn)[0-9.]+$")]
    # IMDB's sizes, then the synthetic ones, each smallest first
    sizes = sorted(set(jobs["size"]), key=lambda s: (s.startswith("syn"), float(s.lstrip("xsyn"))))
    texts = jobs.groupby("size")["labelled_texts"].first()
    lines = ["| stage | " + " | ".join(f"{s} ({texts[s]:,} texts)" for s in sizes) + " |"]
    lines.append("| --- |" + " ---: |" * len(sizes))
    for stage, g in jobs.groupby("stage", sort=False):
        cells = []
        for size in sizes:
            r = g[g["size"] == size]
            cells.append(
                "–"
                if r.empty
                else f"{r['s'].iloc[0]:.0f} s / {r['max_rss_mb'].iloc[0]:.0f} / {r['declared_mem_mb'].iloc[0]:.0f}"
            )
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines += ["", "| stage | time exponent | memory exponent | sizes |", "| --- | ---: | ---: | --- |"]
    for prefix, label in (("x", "IMDB"), ("syn", "synthetic")):
        part = jobs[jobs["size"].str.startswith(prefix)]
        for stage, g in part.groupby("stage", sort=False):
            if g["labelled_texts"].nunique() > 1:
                lines.append(
                    f"| {stage} ({label}) | {exponent(g['labelled_texts'], g['s']):.2f} | "
                    f"{exponent(g['labelled_texts'], g['max_rss_mb']):.2f} | {', '.join(g['size'])} |"
                )
    return "\n".join(lines) + "\n\n" + fit_table(fits)


def fit_table(jobs: pd.DataFrame) -> str:
    """Each rule's formula (textmlp.resources) and how its declared memory compares with the measured peaks."""
    from textmlp import resources

    lines = [
        "| formula | memory: base + per MiB of input | seconds: base + per MiB x work | jobs | "
        "peak MiB, smallest - largest | declared / peak |",
        "| --- | --- | --- | ---: | --- | --- |",
    ]
    for rule, g in jobs.groupby("rule"):
        m, t = resources.MEMORY[rule], resources.SECONDS[rule]
        g = g.sort_values("input_mb")
        ratio = g["declared_mem_mb"] / g["max_rss_mb"]
        extra = " + layer" if rule == "train_sparse" else ""
        lines.append(
            f"| `{rule}` | {m}{extra} | {t} x work | "
            f"{len(g)} | {g['max_rss_mb'].iloc[0]:.0f} - {g['max_rss_mb'].iloc[-1]:.0f} | "
            f"{ratio.min():.2f} - {ratio.max():.2f} |"
        )
    return "\n".join(lines) + "\n"


def plot(jobs: pd.DataFrame, path: Path) -> None:
    """Time and peak memory per stage against the labelled texts, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for stage, g in jobs.sort_values("labelled_texts").groupby("stage"):
        for ax, col in zip(axes, ("s", "max_rss_mb")):
            ax.plot(g["labelled_texts"], g[col], marker="o", label=stage)
    for ax, title in zip(axes, ("wall time per job (s)", "peak RSS per job (MiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("labelled texts")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    axes[1].axhline(1000, color="grey", linestyle="--", linewidth=1)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot: {path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tables")
    t.add_argument("--archive", required=True)
    t.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("synthetic")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--factor", type=float, required=True)
    r = sub.add_parser("run")
    r.add_argument("--data", type=Path, required=True)
    r.add_argument("--size", required=True)
    r.add_argument("--work", type=Path, required=True)
    r.add_argument("--cores", type=int, default=2)
    only = r.add_mutually_exclusive_group()
    only.add_argument("--tfidf-only", action="store_true", help="the TF-IDF jobs and the audit, no word2vec")
    only.add_argument("--data-only", action="store_true", help="the split and the audit alone")
    only.add_argument("--features-only", action="store_true", help="the split and the TF-IDF features alone")
    p = sub.add_parser("report")
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--out", type=Path, default=REPO / "bench" / "scale")
    p.add_argument("--also", nargs="*", default=[], help="PATH=NAME: other runs' working directories")
    p.add_argument("--keep", type=Path, help="an earlier measured.csv: its jobs not measured under --work are kept")
    args = ap.parse_args()
    if args.command == "tables":
        imdb_tables(args.archive, args.out)
    elif args.command == "synthetic":
        synthetic_table(args.out, args.factor)
    elif args.command == "run":
        targets = (
            TFIDF_TARGETS
            if args.tfidf_only
            else DATA_TARGETS
            if args.data_only
            else FEATURES_TARGETS
            if args.features_only
            else TARGETS
        )
        run(args.data, args.size, args.work, args.cores, targets)
    else:
        report(args.work, args.out, args.also, args.keep)


if __name__ == "__main__":
    main()
