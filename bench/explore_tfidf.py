"""TF-IDF n-grams on the IMDB split: logistic-regression baselines and the sparse MLP.

Builds (or reuses) the TF-IDF matrices, fits logistic regression with C chosen
on dev (averaged word2vec and TF-IDF), then trains the sparse MLP for each
seed and prints one JSON line per result (dev/test accuracy, seconds, peak
memory). Nothing is written outside --out.

    OMP_NUM_THREADS=1 python bench/explore_tfidf.py --data /work/scratch/data \\
        --out /tmp/tfidf [--nb] [--hidden 32] [--dropout 0.5] [--epochs 6] [--seeds 0,1,2]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import time
from pathlib import Path

import pandas as pd
import torch

from textmlp.data.splits import SPLITS
from textmlp.features.averaged import load_features
from textmlp.features.tfidf import nb_log_count_ratio, scale_columns, tfidf_splits
from textmlp.features.tfidf_file import load_tfidf, save_tfidf
from textmlp.models.sparse import SparseSplit, build_sparse_model
from textmlp.train.baselines import logistic_regression
from textmlp.train.loop import train_sparse


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def tfidf_arrays(
    data: Path,
    out: Path,
    min_df: int,
    unlabeled: bool,
    ngram_max: int = 2,
    binary: bool = False,
    max_features: int | None = None,
) -> dict:
    """The TF-IDF matrices, from the cache in ``out`` when present."""
    tag = (
        f"n{ngram_max}-min{min_df}{'-unlab' if unlabeled else ''}{'-bin' if binary else ''}"
        f"{f'-max{max_features}' if max_features else ''}"
    )
    path = out / f"tfidf-{tag}.npz"
    if path.exists():
        return load_tfidf(path)
    frames = {s: pd.read_parquet(data / f"{s}.parquet") for s in SPLITS}
    extra = pd.read_parquet(data / "unlabeled.parquet").text.tolist() if unlabeled else []
    started = time.perf_counter()
    arrays, stats = tfidf_splits(
        {s: f.text.tolist() for s, f in frames.items()},
        {s: f.label.to_numpy() for s, f in frames.items()},
        min_df=min_df,
        extra_fit_texts=extra,
        ngram_range=(1, ngram_max),
        binary=binary,
        sublinear_tf=not binary,
        max_features=max_features,
    )
    stats["seconds"] = time.perf_counter() - started
    print(json.dumps({"tfidf": stats}, default=str), flush=True)
    save_tfidf(path, arrays)
    return arrays


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=Path("/work/scratch/data"))
    p.add_argument("--out", type=Path, default=Path("/tmp/tfidf"))
    p.add_argument("--min-df", type=int, default=2)
    p.add_argument("--ngram-max", type=int, default=2, help="n-grams of 1 to this many tokens")
    p.add_argument("--binary", action="store_true", help="tf in {0, 1} instead of 1 + log(tf)")
    p.add_argument("--max-features", type=int, default=None, help="keep the most frequent n-grams")
    p.add_argument("--weight-decay", type=float, default=0.0, help="L2 on the dense layers")
    p.add_argument("--input-dropout", type=float, default=0.0, help="drop stored input entries")
    p.add_argument("--unlabeled", action="store_true", help="fit vocabulary/idf on unlabeled texts too")
    p.add_argument("--baselines", action="store_true", help="also fit the logistic regressions")
    p.add_argument("--nb", action="store_true", help="scale columns by the NB log-count ratio (train)")
    p.add_argument("--hidden", default="32", help="comma-separated hidden sizes ('' = linear)")
    p.add_argument("--activation", default="relu")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--seeds", default="0,1,2")
    args = p.parse_args()
    torch.set_num_threads(1)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    args.out.mkdir(parents=True, exist_ok=True)
    arrays = tfidf_arrays(
        args.data, args.out, args.min_df, args.unlabeled, args.ngram_max, args.binary, args.max_features
    )
    if args.baselines:
        w2v = load_features(args.data / "word2vec-imdb.pt")
        for name, a in (("lr_word2vec", w2v), ("lr_tfidf", arrays)):
            res = logistic_regression(*(a[f"{s}_{k}"] for s in SPLITS for k in "xy"))
            print(json.dumps({name: res.as_dict()}), flush=True)
    if args.nb:
        ratio = nb_log_count_ratio(arrays["train_x"], arrays["train_y"])  # train labels only
        arrays = {k: scale_columns(v, ratio) if k.endswith("_x") else v for k, v in arrays.items()}
    splits = {s: SparseSplit(arrays[f"{s}_x"], arrays[f"{s}_y"]) for s in SPLITS}
    hidden = [int(h) for h in args.hidden.split(",") if h]
    results = []
    for seed in (int(s) for s in args.seeds.split(",")):
        model = build_sparse_model(
            splits["train"].x.shape[1], 2, hidden, args.activation, seed, args.dropout, args.input_dropout
        )
        res = train_sparse(
            model,
            splits["train"],
            splits["dev"],
            splits["test"],
            lr=args.lr,
            batch_size=args.batch_size,
            epochs=args.epochs,
            seed=seed,
            device=torch.device("cpu"),
            weight_decay=args.weight_decay,
        )
        row = {
            "seed": seed,
            "status": res.status,
            "best_epoch": res.best_epoch,
            "dev_acc": res.best_dev_acc,
            "test_acc": res.test_acc,
            "train_seconds": res.train_seconds,
            "seconds_per_epoch": res.train_seconds / len(res.history),
            "peak_rss_mb": peak_mb(),
            "dev_curve": [round(r["dev_acc"], 4) for r in res.history],
        }
        results.append(row)
        print(json.dumps({"sparse_mlp": row}), flush=True)
    if len(results) > 1:
        summary = {
            k: (statistics.mean(r[k] for r in results), statistics.stdev(r[k] for r in results))
            for k in ("dev_acc", "test_acc", "train_seconds", "seconds_per_epoch")
        }
        print(json.dumps({"summary_mean_sd": summary, "config": vars(args)}, default=str), flush=True)


if __name__ == "__main__":
    main()
