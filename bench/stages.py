"""Where a pipeline run spent its time and memory, from Snakemake's `benchmark:` files.

    python bench/stages.py                    # results/benchmarks of this directory
    python bench/stages.py path/to/results/benchmarks --top 8

Every rule that does work writes results/benchmarks/<stage>[/<job>].tsv (one
row: seconds, max_rss in MB, cpu_time, ...), but for the rules Snakemake may
take from its between-workflow cache (split, word2vec, features, tfidf), which
may have no benchmark: their scripts log a ``usage:`` line instead
(textmlp.runtime.log_usage), read here from results/logs/ beside the benchmarks
(stages ``split``, ``embeddings`` and ``features``; a job taken from the cache
ran nothing and logs nothing). This prints, per stage, the jobs,
their summed and longest seconds and the largest peak RSS, then the longest
jobs. The summed seconds over all stages is the CPU-side work; divide by
--cores for the least wall time any schedule could reach.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd


def read_benchmarks(root: Path) -> pd.DataFrame:
    """One row per job: stage (first folder, or the file's name at the top), job, s, max_rss, cpu_time."""
    rows = []
    for path in sorted(root.rglob("*.tsv")):
        rel = path.relative_to(root)
        frame = pd.read_csv(path, sep="\t", na_values=["-", "NA"])
        if frame.empty:
            continue
        last = frame.iloc[-1]  # a file holds one row per repeat when the rule asks for repeats
        rows.append(
            {
                "stage": rel.parts[0] if len(rel.parts) > 1 else rel.stem,
                "job": str(rel.with_suffix("")),
                "s": float(last["s"]),
                "max_rss_mb": float(last.get("max_rss", float("nan"))),
                "cpu_s": float(last.get("cpu_time", float("nan"))),
            }
        )
    rows += read_logged_usage(root.parent / "logs")
    if not rows:
        raise SystemExit(f"no benchmark files under {root}: run the pipeline first")
    return pd.DataFrame(rows)


#: The logs of the cacheable rules, which carry a usage line instead of a benchmark file.
USAGE_LOGS = ("split.log", "embeddings/*.log", "features/*.log")
_USAGE = re.compile(r"usage: s=([\d.]+) cpu_time=([\d.]+) max_rss=([\d.]+)")


def read_logged_usage(logs: Path) -> list[dict]:
    """One row per job whose log ends its last run with a ``usage:`` line."""
    rows = []
    for pattern in USAGE_LOGS:
        for path in sorted(logs.glob(pattern)):
            found = _USAGE.findall(path.read_text(errors="replace"))
            if found:
                s, cpu, rss = map(float, found[-1])
                rel = path.relative_to(logs).with_suffix("")
                stage = rel.parts[0] if len(rel.parts) > 1 else rel.stem
                rows.append({"stage": stage, "job": str(rel), "s": s, "max_rss_mb": rss, "cpu_s": cpu})
    return rows


def by_stage(jobs: pd.DataFrame) -> pd.DataFrame:
    table = jobs.groupby("stage").agg(
        jobs=("job", "size"), sum_s=("s", "sum"), max_s=("s", "max"), max_rss_mb=("max_rss_mb", "max")
    )
    return table.sort_values("sum_s", ascending=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", type=Path, default=Path("results/benchmarks"))
    ap.add_argument("--top", type=int, default=6, help="how many of the longest jobs to list")
    ap.add_argument("--cores", type=int, default=2)
    args = ap.parse_args()
    jobs = read_benchmarks(args.root)
    pd.set_option("display.width", 140)
    print(by_stage(jobs).round(1).to_string())
    total = jobs["s"].sum()
    print(
        f"\n{len(jobs)} jobs, {total:.0f} s of job time in all: at least {total / args.cores:.0f} s "
        f"of wall time on {args.cores} cores; largest peak RSS {jobs['max_rss_mb'].max():.0f} MB "
        f"({jobs.loc[jobs['max_rss_mb'].idxmax(), 'job']})"
    )
    print(f"\nlongest {args.top} jobs:")
    print(jobs.nlargest(args.top, "s")[["job", "s", "max_rss_mb"]].round(1).to_string(index=False))


if __name__ == "__main__":
    main()
