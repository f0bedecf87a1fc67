"""textmlp.runtime's usage line (the cacheable rules' stand-in for a benchmark
file) and bench/stages.py reading it beside the benchmark files."""

from __future__ import annotations

import importlib.util
import logging
import sys

from tests.conftest import REPO
from textmlp.runtime import log_to, log_usage, package_versions


def stages_module():
    spec = importlib.util.spec_from_file_location("stages", REPO / "bench/stages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_usage_lines_of_cacheable_rules_join_the_benchmarks(tmp_path):
    results = tmp_path / "results"
    bench = results / "benchmarks"
    (bench / "train").mkdir(parents=True)
    (bench / "train/run.tsv").write_text("s\th:m:s\tmax_rss\tcpu_time\n12.5\t0:00:12\t300.0\t11.0\n")
    stderr = sys.stderr
    try:
        usage = log_usage(log_to(results / "logs/embeddings/word2vec-imdb.log"))
    finally:  # log_to sends logging and stderr to the log file
        logging.getLogger().handlers.clear()
        sys.stderr = stderr
    assert usage["s"] >= 0 and usage["max_rss"] > 10 and usage["cpu_time"] > 0
    (results / "logs/split.log").write_text(
        "... usage: s=1.00 cpu_time=0.50 max_rss=20.0\n... usage: s=7.25 cpu_time=6.00 max_rss=500.5\n"
    )
    (results / "logs/features").mkdir()
    (results / "logs/features/empty.log").write_text("")  # taken from the cache: ran nothing
    jobs = stages_module().read_benchmarks(bench).set_index("job")
    assert set(jobs.index) == {"train/run", "embeddings/word2vec-imdb", "split"}
    assert jobs.loc["split", "s"] == 7.25 and jobs.loc["split", "max_rss_mb"] == 500.5  # the last run's line
    assert jobs.loc["embeddings/word2vec-imdb", "stage"] == "embeddings"


def test_package_versions_name_python_and_each_package():
    found = package_versions(("numpy", "no-such-package-here"))
    assert set(found) == {"python", "numpy", "no-such-package-here"}
    assert found["no-such-package-here"] == "absent" and found["numpy"][0].isdigit()
