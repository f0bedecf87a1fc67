"""The two zips handed in: the homework's submission and the report's LaTeX sources.

- :func:`source_members`: ``hw3.tex`` at the top and every file it inputs at
  the relative path it names, so ``latexmk -pdf hw3.tex`` compiles in an
  empty folder (what Overleaf and arXiv take). No hidden or build files.
- :func:`submission_members`: the report, the LaTeX sources, the code base as
  committed (``git archive`` of the commit the results came from), the result
  tables, the manifest and its inputs record, and ``SUBMISSION.txt`` saying
  what the zip holds and whether the code differs from that commit.

Both are written by :func:`textmlp.provenance.write_zip` (fixed dates, sorted).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

CODE = "code/"
DIFF = "code/UNCOMMITTED.diff"
NOTE = "SUBMISSION.txt"


def _relative(path: str) -> str:
    posix = PurePosixPath(Path(path).as_posix())
    if posix.is_absolute() or ".." in posix.parts:
        raise ValueError(f"a bundled file must lie under the workflow's folder, by a relative path: {path}")
    if any(part.startswith(".") for part in posix.parts):
        raise ValueError(f"hidden files do not belong in a bundle: {path}")
    return posix.as_posix()


def source_members(tex: str | Path, inputs: Iterable[str], root: str | Path = ".") -> list[tuple[str, bytes]]:
    """``tex`` as ``hw3.tex`` (its own name) and each of ``inputs`` (paths
    relative to ``root``, as the .tex names them) at that path."""
    root = Path(root)
    members = {Path(tex).name: Path(tex).read_bytes()}
    for path in inputs:
        name = _relative(path)
        members[name] = (root / name).read_bytes()
    return sorted(members.items())


def submission_note(inputs: Mapping, fingerprint: str, head: Mapping, diff: str) -> tuple[str, list[str]]:
    """SUBMISSION.txt and the warnings it holds: the work tree's uncommitted
    changes (their diff travels as code/UNCOMMITTED.diff) or a checkout at
    another commit than the results'."""
    warnings = []
    if inputs.get("git_dirty") or diff:
        warnings.append(
            "the work tree had uncommitted changes to tracked files: code/ holds the commit, "
            f"{DIFF} the changes on top of it (git apply)"
        )
    if head.get("commit") != inputs.get("git_commit"):
        warnings.append(
            f"the checkout is at commit {head.get('commit')}, the results came from "
            f"{inputs.get('git_commit')}: code/ holds the latter"
        )
    lines = [
        "Homework 3 submission",
        "",
        "hw3.pdf                  the report (plots and answers)",
        "hw3-source.zip           its LaTeX sources: unzip, then latexmk -pdf hw3.tex",
        f"{CODE:<25}the code base at commit {inputs.get('git_commit')} (its tracked files)",
        "results/tables/          the result tables",
        "results/MANIFEST.sha256  every artifact's sha256 (sha256sum -c); fingerprint " + fingerprint,
        "results/inputs.json      what determined them: data digest, configuration hash, code digest, versions",
        "",
        *(f"WARNING: {w}" for w in warnings),
    ]
    return "\n".join(lines).rstrip() + "\n", warnings


def submission_members(
    *,
    pdf: str | Path,
    source_zip: str | Path,
    results: Iterable[str],
    code: Iterable[tuple[str, bytes]],
    note: str,
    diff: str = "",
    root: str | Path = ".",
) -> list[tuple[str, bytes]]:
    """Every member of the submission zip (``results``: paths relative to ``root``, kept as they are)."""
    root = Path(root)
    members = {"hw3.pdf": Path(pdf).read_bytes(), "hw3-source.zip": Path(source_zip).read_bytes(), NOTE: note.encode()}
    for path in results:
        name = _relative(path)
        members[name] = (root / name).read_bytes()
    for name, data in code:
        if not name.startswith(CODE):
            raise ValueError(f"code members go under {CODE}: {name}")
        members[name] = data
    if diff:
        members[DIFF] = diff.encode()
    return sorted(members.items())
