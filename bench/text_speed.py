"""Reading and tokenizing the reviews, side by side with the homework's way.

- archive: streaming every review out of the .tar.gz (textmlp.data.imdb.read_archive,
  no extraction) against extracting the archive to disk with tarfile;
- tokenization: textmlp.features.tokenize.tokenize_all against NLTK's Treebank tokenizer
  (the homework's) and against textmlp.features.tokenize.TOKEN.findall (the reference
  regular expression, which tokenize_all matches token for token), on the
  same lower-cased reviews; the three run in turn, rep after rep, so load
  from other processes falls on all of them alike.

    python bench/text_speed.py --archive ../shared/data/aclImdb_v1.tar.gz [--sample 5000] [--reps 5]

Needs `pip install -e ".[bench]"` (nltk). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tarfile
import tempfile
import time
from pathlib import Path

from textmlp.data.imdb import read_archive
from textmlp.features.tokenize import TOKEN, tokenize_all


def timed(fn, reps: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def alternating(fns: dict, reps: int) -> tuple[dict[str, list[float]], dict]:
    """Run each function once per rep, in turn; per function the times and its last output."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    outs = {}
    for _ in range(reps):
        for name, fn in fns.items():
            start = time.perf_counter()
            outs[name] = fn()
            times[name].append(time.perf_counter() - start)
    return times, outs


def extract(archive: Path) -> None:
    # the baseline being measured: extracting to disk (filter="data"), as read_archive never does
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive) as tar:  # noqa: TID251
        tar.extractall(tmp, filter="data")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--sample", type=int, default=5000, help="reviews for the NLTK comparison")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    from nltk.tokenize import TreebankWordTokenizer

    t_extract, _ = timed(lambda: extract(args.archive), 1)
    t_stream, (parts, _) = timed(lambda: read_archive(args.archive), 1)
    print(
        f"archive: extract to disk {t_extract:.1f} s, stream all reviews {t_stream:.1f} s ({t_extract / t_stream:.1f}x)"
    )

    texts = [t.lower() for part in ("train", "test", "unsup") for t in parts[part]["text"]]
    sample = texts[:: max(1, len(texts) // args.sample)][: args.sample]
    treebank = TreebankWordTokenizer()
    tokenizers = {
        "NLTK Treebank": lambda: [treebank.tokenize(t) for t in sample],
        "textmlp.features.tokenize.tokenize_all": lambda: tokenize_all(sample),
        "reference regex (TOKEN.findall)": lambda: [TOKEN.findall(t.lower()) for t in sample],
    }
    times, tokens = alternating(tokenizers, args.reps)
    assert tokens["textmlp.features.tokenize.tokenize_all"] == tokens["reference regex (TOKEN.findall)"]
    t_nltk = statistics.median(times["NLTK Treebank"])
    print(f"tokenize {len(sample)} lower-cased reviews, {args.reps} reps in turn, median (min) seconds:")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(
            f"  {name:32s} {med:7.3f} ({min(ts):.3f})  {sum(map(len, tokens[name])):>8d} tokens  "
            f"NLTK / this: {t_nltk / med:5.1f}x"
        )
    paired = [n / o for n, o in zip(times["NLTK Treebank"], times["textmlp.features.tokenize.tokenize_all"])]
    print(
        f"  NLTK / textmlp within each rep: median {statistics.median(paired):.1f}x "
        f"(range {min(paired):.1f}-{max(paired):.1f}x)"
    )
    t_all, _ = timed(lambda: tokenize_all(texts), 1)
    print(
        f"tokenize all {len(texts)} reviews with textmlp: {t_all:.1f} s "
        f"(NLTK, extrapolated: {t_nltk * len(texts) / len(sample):.0f} s)"
    )


if __name__ == "__main__":
    main()
