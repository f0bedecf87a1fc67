"""The TF-IDF fit's peak memory and time on a vocabulary-heavy table, code against code (issue 27).

    # this tree against the commit before the first pass (a worktree of it, say /tmp/base)
    git worktree add --detach /tmp/base 351e5c3
    python bench/tfidf_counting.py --factor 4 --src before=/tmp/base/src --src after=src
    # the same on 35,000 IMDB reviews, natural text
    python bench/tfidf_counting.py --archive aclImdb_v1.tar.gz --src before=/tmp/base/src --src after=src

The corpus is the train share (60%) of ``bench/scale.py``'s synthetic table
``syn<factor>`` (:func:`scale.synthetic_texts`: most n-grams in one text, each
text sharing a passage with one other), written once to a file of one text a
line (by a process of its own, as this one stays small: on Linux a process
starts with the peak RSS of the one that started it). Each variant fits it
in a process of its own, with ``PYTHONPATH`` its
source tree: ``fit_tfidf`` as the features job calls it (word 1-3-grams,
``min_df`` 2, the vocabulary capped by the shipped ``model_budget_mb`` at the
TF-IDF MLP's 32 units, no n-gram strings kept). It reports the process's peak
RSS (``ru_maxrss``) once the texts are read and after the fit, the fit's wall
time, the distinct n-grams the counting held and the vocabulary.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The train share of a table (the split is 60/15/25).
TRAIN_SHARE = 0.6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def fit(corpus: Path) -> dict:
    """Fit the corpus as the features job does; what it cost (run in a process of its own)."""
    import yaml

    from textmlp.features import tfidf

    with corpus.open(encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f]
    loaded = peak_mb()
    held = []
    count_hashes = tfidf.count_hashes

    def counting(*args, **kwargs):  # the distinct n-grams (hashes) the counting held, in either tree
        counts, n = count_hashes(*args, **kwargs)
        held.append(len(counts))
        return counts, n

    tfidf.count_hashes = counting
    spec = yaml.safe_load((REPO / "config.yaml").read_text())["embeddings"]["tfidf-uni-bi-tri"]
    cap = tfidf.vocabulary_cap(float(spec["model_budget_mb"]), 32)
    started = time.perf_counter()
    model = tfidf.fit_tfidf(
        texts, ngram_range=(1, int(spec["ngram_max"])), min_df=int(spec["min_df"]), max_features=cap, keep_terms=False
    )
    seconds = time.perf_counter() - started
    return {
        "texts": len(texts),
        "rss_texts_mb": round(loaded),
        "peak_mb": round(peak_mb()),
        "fit_s": round(seconds, 1),
        "counted_ngrams": held[0],
        "candidate_ngrams": model.candidate_ngrams,
        "vocabulary": len(model),
    }


def write_corpus(factor: float, path: Path, archive: str | None = None) -> int:
    if archive:  # IMDB: a seeded 35,000 of its 50,000 labelled reviews
        import numpy as np
        import pandas as pd

        from textmlp.data.imdb import read_archive

        frames, _ = read_archive(archive)
        texts = pd.concat([frames["train"], frames["test"]], ignore_index=True)["text"].tolist()
        train = [texts[i] for i in np.sort(np.random.default_rng(0).permutation(len(texts))[:35_000])]
    else:
        sys.path.insert(0, str(REPO / "bench"))
        from scale import synthetic_texts

        texts, _ = synthetic_texts(factor)
        train = texts[: int(TRAIN_SHARE * len(texts)) // 2 * 2]  # whole pairs: a passage stays in one split
    path.write_text("".join(t + "\n" for t in train), encoding="utf-8")
    return len(train)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=float, default=4.0, help="the table is syn<factor>: factor x 50,000 texts")
    parser.add_argument("--src", action="append", default=[], help="LABEL=PATH: a source tree to fit with")
    parser.add_argument("--archive", help="aclImdb_v1.tar.gz: fit 35,000 IMDB reviews instead")
    parser.add_argument("--corpus", type=Path, help="the corpus file (written if missing)")
    parser.add_argument("--fit", type=Path, help=argparse.SUPPRESS)  # a child: fit this corpus
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # a child: write the corpus
    args = parser.parse_args()
    if args.fit:
        print(json.dumps(fit(args.fit)))
        return
    if args.write:
        print(f"{args.write}: {write_corpus(args.factor, args.write, args.archive):,} texts written", flush=True)
        return
    corpus = args.corpus or Path("/tmp/tfidf-counting-" + ("imdb" if args.archive else f"syn{args.factor:g}") + ".txt")
    if not corpus.exists():  # in a child too: a process's peak RSS passes to the processes it starts
        source = ["--archive", args.archive] if args.archive else ["--factor", str(args.factor)]
        subprocess.run([sys.executable, __file__, *source, "--write", str(corpus)], check=True)
    for label, src in (s.split("=", 1) for s in args.src or [f"this tree={REPO / 'src'}"]):
        env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
        done = subprocess.run(
            [sys.executable, __file__, "--fit", str(corpus)], env=env, capture_output=True, text=True, check=True
        )
        print(json.dumps({"variant": label, "src": src, **json.loads(done.stdout.splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
