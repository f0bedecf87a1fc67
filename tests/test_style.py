"""Style: ruff (lint and format) and snakefmt report nothing (versions pinned in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SNAKE_FILES = ["Snakefile", "workflow/rules"]


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def tool(name: str) -> str:
    """The tool installed beside this Python (the test extras), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


@pytest.mark.parametrize(
    "cmd",
    [
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--no-cache", "--check", "."),
        ("snakefmt", "--check", *SNAKE_FILES),
    ],
    ids=["ruff check", "ruff format", "snakefmt"],
)
def test_style_is_clean(cmd):
    res = run(tool(cmd[0]), *cmd[1:])
    assert res.returncode == 0, f"{' '.join(cmd)}:\n{res.stdout}{res.stderr}"
