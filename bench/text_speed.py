"""Reading and tokenizing the reviews, side by side with the homework's way.

- archive: streaming every review out of the .tar.gz (textmlp.data.read_archive,
  no extraction) against extracting the archive to disk with tarfile;
- tokenization: textmlp.text (one compiled regular expression) against NLTK's
  Treebank tokenizer (the homework's), on the same lower-cased reviews.

    python bench/text_speed.py --archive ../shared/data/aclImdb_v1.tar.gz [--sample 5000] [--reps 3]

Needs `pip install -e ".[bench]"` (nltk). Prints medians and ratios.
"""
from __future__ import annotations

import argparse
import statistics
import tarfile
import tempfile
import time
from pathlib import Path

from textmlp.data import read_archive
from textmlp.text import tokenize_all


def timed(fn, reps: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def extract(archive: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--sample", type=int, default=5000, help="reviews for the NLTK comparison")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    from nltk.tokenize import TreebankWordTokenizer

    t_extract, _ = timed(lambda: extract(args.archive), 1)
    t_stream, (parts, _) = timed(lambda: read_archive(args.archive), 1)
    print(f"archive: extract to disk {t_extract:.1f} s, stream all reviews {t_stream:.1f} s "
          f"({t_extract / t_stream:.1f}x)")

    texts = [t.lower() for part in ("train", "test", "unsup") for t in parts[part]["text"]]
    sample = texts[:: max(1, len(texts) // args.sample)][: args.sample]
    treebank = TreebankWordTokenizer()
    t_nltk, nltk_tokens = timed(lambda: [treebank.tokenize(t) for t in sample], args.reps)
    t_ours, our_tokens = timed(lambda: tokenize_all(sample), args.reps)
    n_nltk, n_ours = sum(map(len, nltk_tokens)), sum(map(len, our_tokens))
    print(f"tokenize {len(sample)} reviews: NLTK Treebank {t_nltk:.2f} s ({n_nltk} tokens), "
          f"textmlp {t_ours:.3f} s ({n_ours} tokens): {t_nltk / t_ours:.1f}x faster")
    t_all, _ = timed(lambda: tokenize_all(texts), 1)
    print(f"tokenize all {len(texts)} reviews with textmlp: {t_all:.1f} s "
          f"(NLTK, extrapolated: {t_nltk * len(texts) / len(sample):.0f} s)")


if __name__ == "__main__":
    main()
