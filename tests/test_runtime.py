"""textmlp.runtime.log_to: a job's messages reach someone even when its log file cannot take them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

JOB = textwrap.dedent(
    """
    import sys
    from textmlp.runtime import log_to

    log = log_to(sys.argv[1])
    log.info("reading results/tables/runs.csv")
    raise ValueError("data.name: the real reason the job stopped")
    """
)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a file that is always full)")
def test_a_log_on_a_full_disk_sends_the_error_to_the_console():
    """Issue 24.14: not exit 120 with an empty log and nothing said."""
    res = subprocess.run(
        [sys.executable, "-c", JOB, "/dev/full"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert res.returncode == 1, (res.returncode, res.stderr)
    assert "cannot write the log /dev/full" in res.stderr and "No space left on device" in res.stderr
    assert "ValueError: data.name: the real reason the job stopped" in res.stderr
    assert "reading results/tables/runs.csv" in res.stderr


def test_a_log_that_can_be_written_gets_everything(tmp_path):
    res = subprocess.run(
        [sys.executable, "-c", JOB, str(tmp_path / "job.log")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    log = (tmp_path / "job.log").read_text()
    assert res.returncode == 1 and res.stderr == ""
    assert "reading results/tables/runs.csv" in log and "ValueError: data.name: the real reason" in log


def test_release_freed_memory_trims_glibcs_heap_where_there_is_one():
    import ctypes

    from textmlp.runtime import release_freed_memory

    try:
        glibc = callable(ctypes.CDLL("libc.so.6").malloc_trim)
    except (OSError, AttributeError):
        glibc = False
    kept = list(range(100_000))  # memory still in use is untouched
    assert release_freed_memory() is glibc
    assert kept[-1] == 99_999
