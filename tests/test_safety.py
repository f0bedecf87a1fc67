"""Safe by construction: no YAML or pickle loader that builds objects, no tensor
file read with pickle, no shell, no archive extracted unchecked.

In Python files ruff enforces this (pyproject.toml, `ruff check` in
tests/test_style.py): S506, S301, S602/S604/S605, S202, and banned APIs
(TID251) for the YAML loaders S506 misses, for torch.load outside
load_features and for tarfile.open outside read_archive. The tests below
check that those rules stay in the configuration, and do what ruff cannot:
Snakemake files (which ruff does not read: checked here on the Python that
Snakemake's own parser makes of them) and numpy.load's allow_pickle.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from snakemake import parser

from tests.conftest import REPO
from tests.test_style import tool

PY_SOURCES = sorted(
    [*(REPO / "src").rglob("*.py"), *(REPO / "workflow").rglob("*.py"), *(REPO / "tools").rglob("*.py")]
)
SMK_SOURCES = sorted([REPO / "Snakefile", *(REPO / "workflow").rglob("*.smk")])

#: A Snakemake shell command must not format these into its text.
SHELL_FIELDS = re.compile(r"\{(config|params|wildcards)\b")


def _dotted(func: ast.AST) -> str:
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _dotted(n.func) == name]


def snakemake_python(path: Path) -> str:
    """The Python that Snakemake's parser makes of a Snakefile (nothing runs)."""
    source = SimpleNamespace(get_path_or_uri=lambda secret_free=True: str(path))
    workflow = SimpleNamespace(sourcecache=SimpleNamespace(open=lambda _: io.StringIO(path.read_text())))
    code, _ = parser.parse(source, workflow, {})
    return code


def shell_problems(path: Path) -> list[str]:
    """Shell commands of a Snakemake file that format a config value, a param
    or a wildcard into their text, and shell() calls outside `shell:` directives."""
    tree = ast.parse(snakemake_python(path))
    problems, generated = [], set()
    for rule in ast.walk(tree):
        if isinstance(rule, ast.FunctionDef):
            commands = [
                d for d in rule.decorator_list if isinstance(d, ast.Call) and _dotted(d.func) == "workflow.shellcmd"
            ]
            for command in commands:
                text = "".join(
                    c.value for c in ast.walk(command) if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
                if SHELL_FIELDS.search(text):
                    problems.append(f"{path}:{command.lineno}: shell command {text!r}")
                elif command.args and not (
                    isinstance(command.args[0], ast.Constant) and isinstance(command.args[0].value, str)
                ):  # an f-string, a concatenation, a variable: values put into the text in Python
                    problems.append(f"{path}:{command.lineno}: shell command built in Python")
            if commands:  # Snakemake turns `shell:` into a shell() call in the rule's function
                generated |= {id(c) for c in _calls(rule, "shell")}
    problems += [f"{path}:{c.lineno}: shell() call" for c in _calls(tree, "shell") if id(c) not in generated]
    return problems


def ruff_codes(code: str, as_file: Path, select: str = "S,TID251") -> set[str]:
    """The rules ruff (with this repository's configuration) reports on ``code``
    as if it were the file ``as_file``."""
    res = subprocess.run(
        [tool("ruff"), "check", "--no-cache", "--select", select, "--output-format", "concise"]
        + ["--stdin-filename", str(as_file), "-"],
        input=code,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert res.returncode in (0, 1) and "invalid-syntax" not in res.stdout, res.stdout + res.stderr
    return set(re.findall(r":\d+:\d+: ([A-Z]+\d+) ", res.stdout))


def numpy_pickle_loads(path: Path) -> list[str]:
    """numpy.load calls that may unpickle (allow_pickle not left out or False)."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for name in ("np.load", "numpy.load"):
        for call in _calls(tree, name):
            for kw in call.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{path}:{call.lineno}")
    return found


def test_sources_are_found():
    assert len(PY_SOURCES) > 20 and len(SMK_SOURCES) > 5


#: unsafe code -> the rule that rejects it in the package and in workflow scripts
UNSAFE = {
    "import yaml\nyaml.load(open('c.yaml'))\n": "S506",
    "import yaml\nyaml.load(open('c.yaml'), Loader=yaml.Loader)\n": "S506",
    "import yaml\nyaml.unsafe_load(open('c.yaml'))\n": "TID251",
    "import yaml\nyaml.full_load(open('c.yaml'))\n": "TID251",
    "from yaml import load\n": "TID251",
    "import pickle\npickle.loads(b'')\n": "S301",
    "import pandas as pd\npd.read_pickle('f')\n": "S301",
    "import torch\ntorch.load('m.pt', weights_only=True)\n": "TID251",
    "from torch import load\n": "TID251",
    "import subprocess\nsubprocess.run('ls', shell=True)\n": "S602",
    "import os\nos.system('ls')\n": "S605",
    "import subprocess\nsubprocess.getoutput('ls')\n": "S605",
    "import tarfile\ntarfile.open('a.tar.gz')\n": "TID251",
    "import tarfile\ndef f(tar: tarfile.TarFile):\n    tar.extractall('out')\n": "S202",
}


@pytest.mark.parametrize("folder", ["src/textmlp", "workflow/scripts"])
@pytest.mark.parametrize("code", list(UNSAFE), ids=[c.splitlines()[-1].strip() for c in UNSAFE])
def test_the_linter_rejects_each_unsafe_call(code, folder):
    assert UNSAFE[code] in ruff_codes(code, REPO / folder / "probe.py")


def test_snakemake_files_pass_the_same_rules(tmp_path):
    for path in SMK_SOURCES:
        assert ruff_codes(snakemake_python(path), path.with_suffix(".py")) == set(), path
    bad = tmp_path / "bad.smk"
    bad.write_text("import yaml\n\nrule a:\n    output: 'x'\n    run:\n        yaml.load(open('c.yaml'))\n")
    assert {"S506", "TID251"} <= ruff_codes(snakemake_python(bad), REPO / "workflow" / "rules" / "bad.py")


def test_no_config_value_reaches_a_shell(tmp_path):
    for path in SMK_SOURCES:
        assert shell_problems(path) == []
    bad = tmp_path / "bad.smk"
    bad.write_text(
        "rule a:\n    output: 'x'\n    shell: 'cp {config[source]} {output}'\n\n"
        "rule b:\n    output: 'y'\n    shell: 'touch {output}'\n\n"
        "rule c:\n    output: 'z'\n    run:\n        shell('ls {wildcards.name}')\n\n"
        "rule d:\n    output: 'w'\n    shell: f\"cp {config['source']} {{output}}\"\n"
    )
    problems = shell_problems(bad)
    assert len(problems) == 3 and "{config[source]}" in problems[0], problems
    assert "built in Python" in problems[1] and "shell() call" in problems[2]


def test_numpy_load_never_allows_pickle(tmp_path):
    assert [p for path in PY_SOURCES for p in numpy_pickle_loads(path)] == []
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import numpy as np\nnp.load('a.npy')\nnp.load('b.npz', allow_pickle=False)\nnp.load('c', allow_pickle=True)\n"
    )
    assert numpy_pickle_loads(bad) == [f"{bad}:4"]
