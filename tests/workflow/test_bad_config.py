"""Bad configuration through the real entry point (the repository's Snakefile,
in a subprocess): each bad value stops Snakemake before any job, with one
message naming the key. Every bad value against validate() and check() alone:
tests/test_config.py.
"""

from __future__ import annotations

import concurrent.futures
import re

import pytest

from tests.conftest import sha256
from tests.workflow.pipeline import EPOCHS, run_config, snakemake, write_config

CFG0 = ("studies", "learning_rates", "configurations", 0)
KEY0 = r"\['studies'\]\['learning_rates'\]\['configurations'\]\[0\]"
ACTIVATIONS = r"\['sigmoid', 'tanh', 'relu', 'gelu', 'leaky_relu', 'elu', 'silu'\]"
#: case -> (key path, bad value, patterns the message must contain)
BAD_CONFIGS = {
    "unknown activation": (
        CFG0 + ("activation",),
        "swish",
        [rf"'swish' is not one of {ACTIVATIONS}", KEY0 + r"\['activation'\]"],
    ),
    "lr zero": (CFG0 + ("lr",), 0, [r"0 is less than or equal to the minimum of 0", KEY0 + r"\['lr'\]"]),
    "duplicate configuration": (
        ("studies", "learning_rates", "configurations", 1),
        {"lr": 0.02},
        [
            r"studies\.learning_rates\.configurations\[1\] duplicates "
            r"studies\.learning_rates\.configurations\[0\] \(both are "
            rf"word2vec-imdb_h8_sigmoid_lr0\.02_bs4_ep{EPOCHS}\)"
        ],
    ),
    "split too large": (
        ("data", "split", "train_size"),
        24990,
        [r"data\.split\.dev_size \+ train_size = 25030 exceeds the 25000 reviews"],
    ),
    "missing local archive": (
        ("data", "source"),
        "/nonexistent/aclImdb_v1.tar.gz",
        [
            r"data\.source: local file '/nonexistent/aclImdb_v1\.tar\.gz' "
            r"does not exist"
        ],
    ),
    "malformed sha256": (
        ("data", "sha256"),
        "C40F74A18D3B",
        [r"'C40F74A18D3B' does not match '\^\[0-9a-f\]\{64\}\$'", r"On instance\['data'\]\['sha256'\]"],
    ),
}


def _set(cfg: dict, path: tuple, value) -> None:
    node = cfg
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.fixture(scope="module")
def bad_config_runs(archive, tmp_path_factory):
    """Each bad config (and one good one, the control) run for real against
    the `download` target, a few at a time: a config that got through would
    start the download job and create results/."""
    root = tmp_path_factory.mktemp("bad_configs")
    cases = {**{c: (p, v) for c, (p, v, _) in BAD_CONFIGS.items()}, "control": None}

    def go(case):
        cfg = run_config(archive, sha256(archive))
        if cases[case] is not None:
            _set(cfg, *cases[case])
        slug = re.sub(r"\W+", "_", case)
        configfile = write_config(root / "configs" / f"{slug}.yaml", cfg)
        workdir = root / slug
        workdir.mkdir()
        rc, output = snakemake(workdir, configfile, "download", timeout=120)
        return case, (workdir, rc, output)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(go, cases))


@pytest.mark.workflow
def test_control_config_starts_the_download(bad_config_runs):
    workdir, rc, output = bad_config_runs["control"]
    assert rc == 0, output[-3000:]
    assert (workdir / "results/data/aclImdb.tar.gz").is_file()


@pytest.mark.workflow
@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_stops_before_any_job_with_one_message_naming_the_key(bad_config_runs, case):
    workdir, rc, output = bad_config_runs[case]
    assert rc != 0
    for pattern in BAD_CONFIGS[case][2]:
        assert re.search(pattern, output), f"{pattern!r} not in:\n{output}"
    assert output.count("WorkflowError") == 1, output  # one message
    assert "Traceback" not in output, output  # not a stack trace
    assert "Job stats" not in output and not (workdir / "results").exists()  # no job ran
