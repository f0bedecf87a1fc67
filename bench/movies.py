"""The movie table of the IMDB split: reviews, movies, and reviews whose movie is also in train, per split.

    python bench/movies.py --archive /work/shared/data/aclImdb_v1.tar.gz [--seed 42] [--grouping movie none]

Reads the archive (without extracting it), splits it with
:func:`textmlp.data.imdb.homework_split` under each ``--grouping`` (the
config's ``data.split.dev_grouping``) and prints one Markdown table per
grouping, from :func:`textmlp.results.audit.group_audit`, and the movies each
pair of splits shares. Nothing is written.
"""

from __future__ import annotations

import argparse

from textmlp.data.imdb import DEV_GROUPINGS, homework_split, read_archive
from textmlp.data.splits import SPLITS
from textmlp.results.audit import PAIRS, group_audit, pair_key


def movie_table(groups: dict) -> str:
    """The Markdown table of a :func:`group_audit` result."""
    lines = [
        "| split | reviews | movies | reviews whose movie is also in train |",
        "|---|---:|---:|---:|",
    ]
    for s in SPLITS:
        row = groups["splits"][s]
        inside = row["rows_group_in_train"]
        share = "–" if inside is None else f"{100 * inside / row['rows']:.1f}% ({inside:,})"
        lines.append(f"| {s} | {row['rows']:,} | {row['groups']:,} | {share} |")
    shared = ", ".join(f"{a}–{b} {groups['overlaps'][pair_key(a, b)]['groups']:,}" for a, b in PAIRS)
    return "\n".join(lines) + f"\n\nmovies shared: {shared}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dev-size", type=int, default=5000)
    parser.add_argument("--train-size", type=int, default=20000)
    parser.add_argument("--test-size", type=int, default=10000)
    parser.add_argument("--grouping", nargs="+", choices=DEV_GROUPINGS, default=["none", "movie"])
    args = parser.parse_args()
    parts, _ = read_archive(args.archive)
    for grouping in args.grouping:
        frames = homework_split(
            parts["train"],
            parts["test"],
            seed=args.seed,
            dev_size=args.dev_size,
            train_size=args.train_size,
            test_size=args.test_size,
            dev_grouping=grouping,
        )
        counts = {s: frames[s]["label"].value_counts().sort_index().to_dict() for s in SPLITS}
        print(f"## dev_grouping: {grouping} (seed {args.seed}); labels {counts}\n")
        print(movie_table(group_audit({s: frames[s]["group"] for s in SPLITS}, "movie")))


if __name__ == "__main__":
    main()
