"""The package's layout: each stage imports only the stages before it.

The stages follow the data: data -> features -> models -> train -> results ->
report. ``written`` (the checked homework answers) stands beside them: it may
draw on the stages (the MLP, the figure style) and no stage imports it. The
top-level modules (config, config_file, io, latex, provenance, resources,
runtime, scheduling, sources, layout) are shared by all and import no stage.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "textmlp"
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


def dotted_references(text: str) -> set[str]:
    """The ``textmlp.a.b`` names a text mentions (a file name such as textmlp.yaml is not one)."""
    names = {m.rstrip(".") for m in re.findall(r"\btextmlp(?:\.[A-Za-z_]\w*)+", text)}
    return {n for n in names if not n.endswith((".yaml", ".yml", ".toml", ".tex", ".py"))}


def resolves(name: str) -> bool:
    """True when ``name`` is a module, or a module's attribute, of the package."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_a_renamed_module_is_caught_where_the_old_name_is_still_mentioned():
    assert dotted_references("see textmlp.data.imdb, textmlp.yaml and textmlp.train.loop.train.") == {
        "textmlp.data.imdb",
        "textmlp.train.loop.train",
    }
    assert resolves("textmlp.train.loop.EpochRecord") and resolves("textmlp.results")
    assert not resolves("textmlp.derivations.run_all") and not resolves("textmlp.train.loop.no_such_name")


def written_texts(tests: bool = True):
    """(path, text) of every file a person reads: code, rules, docs, the report, and the
    tests unless ``tests`` is False (they make up module names to test with)."""
    roots = [PACKAGE, REPO / "workflow", REPO / "docs", REPO / "report", REPO / "bench", REPO / "tools"]
    roots += [REPO / "tests"] if tests else []
    files = [p for root in roots for p in root.rglob("*") if p.suffix in (".py", ".smk", ".md", ".tex", ".sh")]
    files += [REPO / "README.md", REPO / "Snakefile", REPO / "config.yaml", REPO / "pyproject.toml"]
    for path in files:
        if path.is_file():
            yield path.relative_to(REPO), path.read_text(encoding="utf-8", errors="replace")


def test_every_module_and_name_the_code_and_docs_mention_exists():
    """Docstrings, comments, rules, docs and the report name package modules and
    functions by their dotted paths; after a move every one must still be true."""
    stale = {
        f"{path}: {name}"
        for path, text in written_texts(tests=False)
        for name in dotted_references(text)
        if not resolves(name)
    }
    assert not stale, sorted(stale)


def repository_paths(text: str) -> set[str]:
    """The repository files a text names by path (tests/..., src/..., docs/..., ...)."""
    text = text.replace("\\_", "_")  # as LaTeX writes them
    pattern = r"(?<![\w/.-])(?:tests|src|workflow|docs|bench|tools|report|envs)/[\w/.-]*\w\.(?:py|smk|md|yaml|sh|tex)\b"
    return set(re.findall(pattern, text))


def test_every_repository_file_the_code_and_docs_name_exists():
    """A moved test or module leaves no comment, docstring or doc pointing at its old path."""
    assert repository_paths(r"see tests/written/test\_derivations.py and docs/cluster.md.") == {
        "tests/written/test_derivations.py",
        "docs/cluster.md",
    }
    missing = {
        f"{path}: {name}"
        for path, text in written_texts()
        for name in repository_paths(text)
        if not (REPO / name).exists()
    }
    assert not missing, sorted(missing)


def test_the_readme_tour_lists_every_module_of_every_stage():
    """README's layout names each stage's modules; a module added, moved or removed shows there."""
    readme = (REPO / "README.md").read_text()
    for stage in (*STAGES, WRITTEN):
        listed = re.search(rf"^  {stage}/ +(.+)$", readme, re.M)
        assert listed, f"README's layout has no line for {stage}/"
        modules = {p.stem for p in (PACKAGE / stage).glob("*.py") if p.stem != "__init__"}
        assert set(listed.group(1).split()) == modules, stage
    shared = re.search(r"^  ((?:\w+ )+) +shared by every stage", readme, re.M)
    assert shared and set(shared.group(1).split()) == {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def test_the_results_layout_is_named_once_in_textmlp_layout():
    """Paths once (issue 25): no rule, Snakefile or package module spells a results folder itself; they take
    it from textmlp.layout (prose in docstrings, comments and the submission's README text aside)."""
    spelled = re.compile(r"""(?<!["'])f?["']results/""")  # a string that starts so, not a docstring
    sources = [*(REPO / "workflow" / "rules").glob("*.smk"), REPO / "Snakefile", *PACKAGE.rglob("*.py")]
    allowed = {PACKAGE / "layout.py", PACKAGE / "captions.py", PACKAGE / "report" / "submission.py"}
    offenders = [
        f"{path.relative_to(REPO)}:{i}"
        for path in sources
        if path not in allowed
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if spelled.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
