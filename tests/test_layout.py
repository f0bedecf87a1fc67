"""The package's layout: each stage imports only the stages before it.

The stages follow the data: data -> features -> models -> train -> results ->
report. ``written`` (the checked homework answers) stands beside them: it may
draw on the stages (the MLP, the figure style) and no stage imports it. The
top-level modules (config, config_file, io, latex, provenance, runtime, scheduling, sources) are shared by all
and import no stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "textmlp"
STAGES = ("data", "features", "models", "train", "results", "report")
WRITTEN = "written"
SHARED = "shared"


def stage_of(module: str) -> str:
    """The stage of a dotted module name under textmlp (``shared`` for the top level)."""
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return SHARED


def imported_modules(path: Path) -> set[str]:
    """Every textmlp module ``path`` imports, at any depth (function-level imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (code digests follow absolute imports only)"
            names.add(node.module)
    return {n for n in names if n == "textmlp" or n.startswith("textmlp.")}


def allowed(importer: str, imported: str) -> bool:
    if importer == imported or imported == SHARED:
        return True
    if imported == WRITTEN:
        return False  # nothing outside written imports it
    if importer == WRITTEN:
        return imported in STAGES
    if importer == SHARED:
        return False
    return STAGES.index(imported) < STAGES.index(importer)


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        yield ".".join(p for p in rel.parts if p != "__init__"), path


def test_every_subpackage_is_a_known_stage():
    found = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert found == {*STAGES, WRITTEN}


@pytest.mark.parametrize("module, path", list(modules()), ids=lambda x: x if isinstance(x, str) else "")
def test_imports_follow_the_stages(module, path):
    importer = stage_of(module)
    wrong = sorted(m for m in imported_modules(path) if not allowed(importer, stage_of(m)))
    assert not wrong, f"{module} ({importer}) imports {wrong}: a stage imports only earlier stages"


def test_the_rule_catches_a_backward_import():
    assert not allowed("data", "features") and not allowed("results", "report")
    assert not allowed("train", WRITTEN) and not allowed(SHARED, "data")
    assert allowed("report", "models") and allowed(WRITTEN, "models") and allowed("data", SHARED)
