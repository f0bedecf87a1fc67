"""The Slurm profiles against a real (local, one-node) Slurm cluster.

Needs the cluster of tools/local-slurm.sh to be up (`bash tools/local-slurm.sh up`;
.ci/run starts it before pytest). Without one the module is skipped, unless
the environment variable CI is set: then every test fails, so CI cannot pass by
skipping.

1. A reduced study through `--profile slurm` gives exactly the metrics of the
   same study run locally, and its training jobs really ran as Slurm jobs.
2. `--profile slurm-gpu`: training jobs get the (fake) GPU from Slurm, fail at
   once with the pipeline's clear CUDA error; the other rules get no GPU.
3. A job that fails on the cluster is reported and leaves no partial outputs.
   (2 and 3 run at the same time; 1 runs alone, so its wall time is clean.)

Every command that talks to Slurm runs under `timeout -k 20 N`, so a hang
fails the test instead of stalling CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import REPO, sha256
from tests.workflow.test_imdb_run import small_config
from textmlp import resources

pytestmark = pytest.mark.slurm

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
UP_STATES = {"idle", "mixed", "allocated", "alloc", "mix"}

# The reduced study: 2 configurations x 2 seeds x 3 epochs, up to rule aggregate.
SEEDS = [0, 1]
EPOCHS = 3
CONFIGURATIONS = [{"hidden": []}, {"hidden": [16]}]
TARGET = "aggregate"  # the report needs TeX; the tables are what we compare

# hard limits (seconds) for `timeout -k 20 N`, 2-3x the times measured on a
# 2-CPU machine, so a slow runner passes and a hang fails (at most ~14 min in all)
STUDY_TIMEOUT = 300  # reduced study through Slurm (90-115 s)
LOCAL_TIMEOUT = 180  # the same study with --cores 2 (20-40 s)
GPU_TIMEOUT = 330  # GPU profile: upstream jobs + failing train jobs (~150 s)
FAIL_TIMEOUT = 180  # split fails at once (~50 s, overlaps the GPU run)
SACCT_WAIT = 30  # sacct may lag a little behind a job's end

CUDA_ERROR = "config training.device is 'cuda' but no CUDA device is available"
TERMINAL_STATES = {
    "COMPLETED",
    "FAILED",
    "CANCELLED",
    "TIMEOUT",
    "OUT_OF_MEMORY",
    "NODE_FAIL",
    "BOOT_FAIL",
    "DEADLINE",
    "PREEMPTED",
}


# ---------------------------------------------------------------- helpers
def _cluster_problem() -> str | None:
    """Why the tests cannot run here, or None."""
    for tool in ("sinfo", "sbatch", "sacct", "scancel"):
        if shutil.which(tool) is None:
            return f"`{tool}` not found: Slurm is not installed (bash tools/local-slurm.sh install)"
    try:
        import snakemake_executor_plugin_slurm  # noqa: F401
    except ImportError:
        return "snakemake-executor-plugin-slurm is not installed (pip install -e '.[slurm]')"
    res = subprocess.run(["timeout", "-k", "5", "20", "sinfo", "-h", "-o", "%T"], capture_output=True, text=True)
    states = set(res.stdout.split())
    if res.returncode != 0 or not states & UP_STATES:
        detail = (res.stdout + res.stderr).strip() or f"rc={res.returncode}"
        return (
            f"the local Slurm cluster is not up (`sinfo -h -o %T`: {detail!r}); "
            "start it with `bash tools/local-slurm.sh up`"
        )
    return None


@pytest.fixture(scope="module", autouse=True)
def cluster():
    problem = _cluster_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI is set but {problem}", pytrace=False)
        pytest.skip(problem)


def study_config(archive: Path, **split) -> dict:
    cfg = small_config(str(archive), sha256(archive))
    cfg["seeds"] = SEEDS
    cfg["defaults"]["epochs"] = EPOCHS
    cfg["data"]["split"].update(split)
    cfg["studies"] = {"structures": {"vary": "hidden", "configurations": CONFIGURATIONS}}
    return cfg


def make_workdir(base: Path, cfg: dict) -> Path:
    base.mkdir(parents=True)
    (base / "config.yaml").write_text(yaml.safe_dump(cfg))
    return base


@dataclass
class Run:
    returncode: int
    output: str = field(repr=False)  # stdout + stderr
    seconds: float
    job_ids: list[str]  # Slurm job ids of the jobs Snakemake submitted


def run_snakemake(workdir: Path, *args: str, timeout: int) -> Run:
    """`snakemake TARGET -s REPO/Snakefile --configfile config.yaml ARGS` in workdir,
    under `timeout -k 20 N`. Jobs left queued after a timeout are cancelled."""
    cmd = [
        "timeout",
        "-k",
        "20",
        str(timeout),
        sys.executable,
        "-m",
        "snakemake",
        TARGET,
        "-s",
        str(REPO / "Snakefile"),
        "--configfile",
        "config.yaml",
        *args,
    ]
    t0 = time.monotonic()
    res = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout + 60)
    seconds = time.monotonic() - t0
    output = res.stdout + res.stderr
    job_ids = re.findall(r"submitted with SLURM jobid (\d+)", output)
    # 124: timed out (SIGTERM); -9: `timeout -k` had to SIGKILL its process group, itself included
    if res.returncode in (124, 137, -9):
        if job_ids:
            subprocess.run(["timeout", "-k", "5", "20", "scancel", *job_ids], capture_output=True)
        pytest.fail(
            f"snakemake {' '.join(args)} did not finish within {timeout} s "
            f"(rc {res.returncode}); output tail:\n{output[-6000:]}"
        )
    return Run(res.returncode, output, seconds, job_ids)


def sacct_jobs(job_ids: list[str]) -> pd.DataFrame:
    """One row per job (allocation only, -X): id, rule (from the comment), state, TRES.

    Polls until every job is in sacct with a final state and its comment:
    slurmdbd may lag a second or two behind a job's end."""
    assert job_ids, "no Slurm job ids found in snakemake's output"
    cols = ["JobID", "Comment", "State", "AllocTRES", "ReqTRES"]
    deadline = time.monotonic() + SACCT_WAIT
    while True:
        res = subprocess.run(
            ["timeout", "-k", "5", "20", "sacct", "-X", "-n", "-P", "-o", ",".join(cols), "-j", ",".join(job_ids)],
            capture_output=True,
            text=True,
        )
        rows = [line.split("|") for line in res.stdout.splitlines() if line.strip()]
        jobs = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
        jobs["State"] = jobs["State"].str.split().str[0]  # "CANCELLED by 0" -> "CANCELLED"
        ready = (
            res.returncode == 0
            and set(jobs["JobID"]) == set(job_ids)
            and jobs["State"].isin(TERMINAL_STATES).all()
            and (jobs["Comment"] != "").all()
        )
        if ready or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert ready, f"sacct did not report all of {job_ids} as finished within {SACCT_WAIT} s:\n{res.stdout}{res.stderr}"
    # the plugin's comment is rule_<rule> or rule_<rule>_wildcards_<values>
    jobs["rule"] = jobs["Comment"].str.extract(r"^rule_(.+?)(?:_wildcards_.*)?$", expand=False)
    return jobs


def has_gpu(tres: str) -> bool:
    return bool(re.search(r"(^|,)gres/gpu(:[^=,]*)?=[1-9]", tres))


def planned_jobs(output: str, rule: str) -> int:
    """How many jobs of RULE Snakemake planned (its `Job stats:` table, `train    4`)."""
    counts = re.findall(rf"^{re.escape(rule)}\s+(\d+)\s*$", output, flags=re.M)
    assert counts, f"no `{rule}` line in the Job stats of:\n{output[:3000]}"
    return int(counts[0])


def scheduled_rules(output: str) -> tuple[set[str], set[str]]:
    """The rules Snakemake started jobs of, as (cluster rules, local rules), read
    from its `rule NAME:` and `localrule NAME:` job headers."""
    found = re.findall(r"^\s*(local)?rule (\w+):\s*$", output, flags=re.M)
    return ({name for local, name in found if not local}, {name for local, name in found if local})


def report(capsys, text: str) -> None:
    with capsys.disabled():
        print(f"\n[test_slurm] {text}")


# ---------------------------------------------------------------- 1. slurm == local
@pytest.fixture(scope="module")
def study(tmp_path_factory, small_archive):
    """The reduced study run twice: through `--profile slurm`, then locally."""
    base = tmp_path_factory.mktemp("slurm_study")
    cfg = study_config(small_archive)
    slurm_dir = make_workdir(base / "slurm", cfg)
    local_dir = make_workdir(base / "local", cfg)
    slurm = run_snakemake(slurm_dir, "--profile", str(REPO / "slurm"), timeout=STUDY_TIMEOUT)
    assert slurm.returncode == 0, slurm.output[-6000:]
    local = run_snakemake(local_dir, "--cores", "2", timeout=LOCAL_TIMEOUT)
    assert local.returncode == 0, local.output[-6000:]
    return slurm_dir, slurm, local_dir, local


RUN_COLUMNS = [
    "run",
    "seed",
    "status",
    "hidden",
    "activation",
    "lr",
    "batch_size",
    "epochs",
    "epochs_completed",
    "best_epoch",
    "best_dev_acc",
    "best_dev_loss",
    "test_acc",
    "test_loss",
    "final_train_loss",
]


def read_runs(workdir: Path) -> pd.DataFrame:
    runs = pd.read_csv(workdir / "results/tables/runs.csv")
    return runs.sort_values(["run", "seed"]).reset_index(drop=True)


def test_slurm_study_matches_local_run_exactly(study, capsys):
    slurm_dir, slurm, local_dir, local = study
    report(
        capsys,
        f"reduced study ({len(CONFIGURATIONS)} configurations x {len(SEEDS)} seeds x "
        f"{EPOCHS} epochs, up to rule {TARGET}): --profile slurm {slurm.seconds:.1f} s, "
        f"local --cores 2 {local.seconds:.1f} s",
    )
    on_slurm, here = read_runs(slurm_dir), read_runs(local_dir)
    assert len(here) == len(CONFIGURATIONS) * len(SEEDS)
    assert (here["status"] == "ok").all()
    missing = [c for c in RUN_COLUMNS if c not in here.columns]
    assert not missing, f"runs.csv lacks {missing}"
    # bit-identical: same seeds, same CPU code path, one thread each
    pd.testing.assert_frame_equal(on_slurm[RUN_COLUMNS], here[RUN_COLUMNS], check_exact=True)
    epochs_slurm = pd.read_csv(slurm_dir / "results/tables/epochs.csv")
    epochs_here = pd.read_csv(local_dir / "results/tables/epochs.csv")
    assert len(epochs_here) == len(here) * EPOCHS * 2
    keys = ["run", "seed", "split", "epoch"]
    pd.testing.assert_frame_equal(
        epochs_slurm.sort_values(keys).reset_index(drop=True),
        epochs_here.sort_values(keys).reset_index(drop=True),
        check_exact=True,
    )
    # and the per-run files the tables were built from
    for path in sorted(local_dir.glob("results/runs/*/seed*/epochs.csv")):
        twin = slurm_dir / path.relative_to(local_dir)
        pd.testing.assert_frame_equal(pd.read_csv(twin), pd.read_csv(path), check_exact=True)


def test_slurm_study_ran_its_jobs_on_slurm(study):
    slurm_dir, slurm, _, local = study
    jobs = sacct_jobs(slurm.job_ids)
    assert (jobs["State"] == "COMPLETED").all(), jobs.to_string()
    # every job of a non-local rule went to Slurm; the localrules (download, aggregate) did not
    remote, kept_local = scheduled_rules(slurm.output)
    assert {"split", "word2vec", "features", "train"} <= remote, slurm.output[-6000:]
    assert {"download", "aggregate"} <= kept_local and not remote & kept_local, slurm.output[-6000:]
    assert set(jobs["rule"]) == remote, jobs.to_string()
    train = jobs[jobs["rule"] == "train"]
    assert len(train) == planned_jobs(local.output, "train") == planned_jobs(slurm.output, "train"), jobs.to_string()
    assert not jobs["AllocTRES"].map(has_gpu).any(), "the CPU profile asked for a GPU"
    assert re.search(r"^\s*localrule download:", slurm.output, flags=re.M)
    assert re.search(r"^\s*localrule aggregate:", slurm.output, flags=re.M)
    # the training code saw the Slurm job it ran in (the host is in each run's timings file)
    timings = [json.loads(p.read_text()) for p in slurm_dir.glob("results/timings/runs/*/seed*.json")]
    assert len(timings) == len(CONFIGURATIONS) * len(SEEDS)
    assert {str(t["host"]["slurm_job_id"]) for t in timings} == set(train["JobID"])


def declared_memory(output: str, cluster_only: bool) -> dict[str, list[int]]:
    """Each rule's declared ``mem_mb`` per job (sorted), read from the job blocks
    Snakemake prints (`rule NAME:` ... `resources: ..., mem_mb=N, ...`). A cluster
    run heads its cluster jobs `rule` and its local ones `localrule`; a local run
    heads every job `localrule`. ``cluster_only``: the `rule` blocks alone."""
    blocks = re.split(r"^\s*(?=(?:local)?rule \w+:\s*$)", output, flags=re.M)
    mems: dict[str, list[int]] = {}
    for block in blocks:
        head = re.match(r"rule (\w+):" if cluster_only else r"(?:local)?rule (\w+):", block)
        mem = re.search(r"^\s*resources: .*\bmem_mb=(\d+)", block, flags=re.M)
        if head and mem:
            mems.setdefault(head.group(1), []).append(int(mem.group(1)))
    return {rule: sorted(values) for rule, values in mems.items()}


def mebibytes(value: str) -> float:
    """sacct's ReqMem / MaxRSS (``950M``, ``123456K``, ``1.5G``; bare: bytes) in MiB; empty: 0."""
    if not value:
        return 0.0
    scale = {"K": 2**-10, "M": 1.0, "G": 2**10, "T": 2**20}
    unit = value[-1].upper()
    return float(value[:-1]) * scale[unit] if unit in scale else float(value) / 2**20


def job_memory(job_ids: list[str]) -> pd.DataFrame:
    """Per job: the memory it asked Slurm for and the peak RSS of its steps summed
    (the batch step's Snakemake, and the step running the job's Snakemake and script),
    which is what a cluster enforcing memory charges the job (sampled every second)."""
    res = subprocess.run(
        ["timeout", "-k", "5", "20", "sacct", "-n", "-P", "-o", "JobID,ReqMem,MaxRSS", "-j", ",".join(job_ids)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    rows = [line.split("|") for line in res.stdout.splitlines() if line.strip()]
    steps = pd.DataFrame(rows, columns=["step", "ReqMem", "MaxRSS"])
    steps["job"] = steps["step"].str.split(".").str[0]
    steps["rss_mb"] = steps["MaxRSS"].map(mebibytes)
    steps["sampled"] = steps["MaxRSS"] != ""
    allocations = steps[~steps["step"].str.contains(r"\.")].set_index("job")
    used = steps[steps["step"].str.contains(r"\.")].groupby("job")
    return pd.DataFrame(
        {
            "requested_mb": allocations["ReqMem"].map(mebibytes),
            "peak_mb": used["rss_mb"].sum(),
            "steps_sampled": used["sampled"].sum(),
        }
    )


def test_slurm_jobs_ask_for_their_script_and_its_snakemake_wrappers(study, capsys):
    _, slurm, _, local = study
    # the same jobs on the same data: each cluster job declares the local job's memory plus the wrappers'
    on_slurm, here = declared_memory(slurm.output, cluster_only=True), declared_memory(local.output, False)
    assert {"split", "features", "train"} <= set(on_slurm), slurm.output[-3000:]
    assert on_slurm == {rule: [mb + resources.CLUSTER_WRAPPER_MB for mb in here[rule]] for rule in on_slurm}, (
        on_slurm,
        here,
    )
    # and that covers what the whole job held (script + both Snakemake processes), as a cgroup would count it
    memory = job_memory(slurm.job_ids)
    assert (memory["steps_sampled"] >= 2).mean() >= 0.5, memory.to_string()  # most jobs sampled in both steps
    assert (memory["peak_mb"] <= memory["requested_mb"]).all(), memory.to_string()
    wrapped = memory[memory["steps_sampled"] >= 2]
    assert (wrapped["peak_mb"] > 0.5 * resources.CLUSTER_WRAPPER_MB).all(), wrapped.to_string()
    report(capsys, "job memory (MiB), requested vs peak of its steps summed:\n" + memory.to_string())


# ---------------------------------------------------------------- 2. GPU profile
@pytest.fixture(scope="module")
def failing_runs(tmp_path_factory, small_archive):
    """The two runs expected to fail, started together: the GPU-profile study and
    a study whose split job fails. They are independent (own workdirs, own Slurm
    jobs, told apart by job id) and mostly wait for Snakemake's status polls, so
    overlapping them saves about a minute. Each test waits for its own run."""
    base = tmp_path_factory.mktemp("slurm_failures")
    gpu_dir = make_workdir(base / "gpu", study_config(small_archive))
    # the small archive has 300 labelled training reviews; ask for more
    split_dir = make_workdir(base / "split", study_config(small_archive, train_size=10_000))
    with ThreadPoolExecutor(max_workers=2) as pool:
        gpu = pool.submit(run_snakemake, gpu_dir, "--profile", str(REPO / "slurm-gpu"), timeout=GPU_TIMEOUT)
        split = pool.submit(run_snakemake, split_dir, "--profile", str(REPO / "slurm"), timeout=FAIL_TIMEOUT)
        yield {"gpu": (gpu_dir, gpu), "split": (split_dir, split)}


def test_gpu_profile_gives_train_jobs_the_gpu_and_they_fail_clearly(failing_runs, capsys):
    workdir, future = failing_runs["gpu"]
    run = future.result()
    report(capsys, f"GPU profile (expected to fail): {run.seconds:.1f} s")
    assert run.returncode != 0, run.output[-6000:]
    assert "Error in rule train" in run.output, run.output[-6000:]
    # the upstream rules succeeded (on CPU nodes); the training outputs are gone
    assert (workdir / "results/data/train.parquet").is_file()
    assert list(workdir.glob("results/features/*.pt"))
    assert not list(workdir.glob("results/runs/**/metrics.json"))
    assert not (workdir / "results/tables/runs.csv").exists()

    jobs = sacct_jobs(run.job_ids)
    remote, _ = scheduled_rules(run.output)
    assert {"split", "word2vec", "features", "train"} <= remote, run.output[-6000:]
    assert set(jobs["rule"]) == remote, jobs.to_string()
    others = jobs[jobs["rule"] != "train"]
    assert (others["State"] == "COMPLETED").all(), jobs.to_string()
    assert not others["AllocTRES"].map(has_gpu).any(), jobs.to_string()
    assert not others["ReqTRES"].map(has_gpu).any(), jobs.to_string()
    train = jobs[jobs["rule"] == "train"]
    assert len(train) and train["ReqTRES"].map(has_gpu).all(), jobs.to_string()
    # train jobs queue for the one GPU; each that got it must have failed
    started = train[train["AllocTRES"] != ""]
    assert len(started) >= 1, jobs.to_string()
    assert started["AllocTRES"].str.contains("gres/gpu=1", regex=False).all(), jobs.to_string()
    assert (started["State"] == "FAILED").all(), jobs.to_string()

    # ... with the pipeline's clear message, in the rule's log or the Slurm job log
    logs = [p for d in ("results/logs/train", ".snakemake/slurm_logs/rule_train") for p in (workdir / d).rglob("*.log")]
    for job_id in started["JobID"]:
        slurm_log = [p for p in logs if p.name == f"{job_id}.log"]
        assert slurm_log, f"no Slurm log for train job {job_id} among {logs}"
    with_error = [p for p in logs if CUDA_ERROR in p.read_text(errors="replace")]
    assert with_error, f"{CUDA_ERROR!r} not in any of {logs}"
    rule_logs = [p for p in with_error if "slurm_logs" not in p.parts]
    assert len(rule_logs) >= len(started), (rule_logs, started.to_string())
    assert CUDA_ERROR in run.output  # show-failed-logs prints it


# ---------------------------------------------------------------- 3. failing job
def test_failing_cluster_job_is_reported_and_leaves_no_outputs(failing_runs, capsys):
    workdir, future = failing_runs["split"]
    run = future.result()
    report(capsys, f"failing split job (overlapping the GPU run): {run.seconds:.1f} s")
    assert run.returncode != 0, run.output[-6000:]
    assert "Error in rule split" in run.output, run.output[-6000:]
    assert "exceeds the 300 reviews available" in run.output, run.output[-6000:]
    data = workdir / "results/data"
    assert not list(data.glob("*.parquet")), sorted(data.iterdir())
    assert not (data / "split.json").exists()
    assert (data / "aclImdb.tar.gz").is_file()  # the local download rule did run
    jobs = sacct_jobs(run.job_ids)
    assert list(jobs["rule"]) == ["split"] and list(jobs["State"]) == ["FAILED"], jobs.to_string()
