"""The two zips handed in: the homework's submission and the report's LaTeX sources.

- :func:`source_members`: ``hw3.tex`` at the top and every file it inputs at
  the relative path it names, so ``latexmk -pdf hw3.tex`` compiles in an
  empty folder (what Overleaf and arXiv take). No hidden or build files.
- :func:`submission_members`: the report, the LaTeX sources, the code base as
  committed (``git archive`` of the commit the results came from), the result
  tables, the manifest and its inputs record, the configuration the results
  came from (``config.yaml``, sources redacted), the data files where they are
  small and local (``data/``), ``SUBMISSION.txt`` saying what the zip holds,
  whether the code differs from that commit and how to rebuild the results
  (:func:`data_plan`, :func:`used_config`), and ``SHA256SUMS``, the sha256 of
  every other member (``sha256sum -c SHA256SUMS`` in the unzipped folder).

Both are written by :func:`textmlp.provenance.write_zip` (fixed dates, sorted).
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

CODE = "code/"
DIFF = "code/UNCOMMITTED.diff"
NOTE = "SUBMISSION.txt"
CONFIG = "config.yaml"
DATA = "data/"
CHECKSUMS = "SHA256SUMS"
#: A data file given as a local path travels in the zip up to this size; a
#: larger one, or one fetched by URL, is named by its source and sha256.
INCLUDE_DATA_MAX_BYTES = 20 * 2**20
#: Where the IMDB archive is published (named in the rebuild steps when the
#: configuration pointed at a local copy of it).
IMDB_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"


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


def submission_note(
    inputs: Mapping, fingerprint: str, head: Mapping, diff: str, rebuild: Iterable[str] = ()
) -> tuple[str, list[str]]:
    """SUBMISSION.txt and the warnings it holds: the work tree's uncommitted
    changes (their diff travels as code/UNCOMMITTED.diff) or a checkout at
    another commit than the results'; ``rebuild``: the lines of
    :func:`rebuild_steps`, after the contents."""
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
        f"{CONFIG:<25}the configuration they came from (sources without credentials or query strings)",
        f"{DATA:<25}the data files small enough to travel with it (when it has them)",
        f"{CHECKSUMS:<25}the sha256 of every other file here: sha256sum -c {CHECKSUMS}",
        "",
        "results/MANIFEST.sha256 lists every artifact of the full results folder, most of them not in",
        "this zip: check it against a rebuild (below).",
        "",
        *rebuild,
        *([""] if rebuild else []),
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
    config: str | None = None,
    data: Iterable[Mapping[str, Any]] = (),
) -> list[tuple[str, bytes]]:
    """Every member of the submission zip (``results``: paths relative to
    ``root``, kept as they are; ``config``: the text of :func:`used_config`;
    ``data``: :func:`data_plan`'s entries, those with a ``member`` included),
    and :data:`CHECKSUMS` over all of them."""
    root = Path(root)
    members = {"hw3.pdf": Path(pdf).read_bytes(), "hw3-source.zip": Path(source_zip).read_bytes(), NOTE: note.encode()}
    if config is not None:
        members[CONFIG] = config.encode()
    for entry in data:
        if entry["member"] is not None:
            members[entry["member"]] = Path(entry["copy"]).read_bytes()
    for path in results:
        name = _relative(path)
        members[name] = (root / name).read_bytes()
    for name, data in code:
        if not name.startswith(CODE):
            raise ValueError(f"code members go under {CODE}: {name}")
        members[name] = data
    if diff:
        members[DIFF] = diff.encode()
    members[CHECKSUMS] = checksums_text(members.items()).encode()
    return sorted(members.items())


def data_plan(data: Mapping[str, Any], copies: Mapping[str | None, str | Path]) -> list[dict[str, Any]]:
    """How a rebuild gets each data file.

    ``data`` is the ``data`` config as the user wrote it; ``copies`` maps a file
    role of a table dataset (None: the IMDB archive) to the pipeline's verified
    copy of it. One entry per file: ``key`` (the config key of its source),
    ``recorded`` (the source with its secrets removed,
    :func:`textmlp.sources.redact`), ``sha256``, ``bytes``, ``copy``, and
    ``member``: where the zip holds the file (``data/<role>/<name>``), or None
    when it is not included (a URL, or over :data:`INCLUDE_DATA_MAX_BYTES`);
    ``secret``: the URL lost credentials or a query string on the way."""
    from textmlp.provenance import file_digest
    from textmlp.sources import file_name, local_path, redact

    plan = []
    for role, path in copies.items():
        source = data["source"] if role is None else data["files"][role]["source"]
        key = "data.source" if role is None else f"data.files.{role}.source"
        size = Path(path).stat().st_size
        local = local_path(source) is not None
        member = None
        if local and size <= INCLUDE_DATA_MAX_BYTES:
            member = f"{DATA}{role or 'imdb'}/{file_name(source)}"
        plan.append(
            {
                "role": role,
                "key": key,
                "recorded": redact(source),
                "secret": redact(source) != source,
                "local": local,
                "sha256": file_digest(path),
                "bytes": size,
                "copy": str(path),
                "member": member,
            }
        )
    return plan


def used_config(config: Mapping[str, Any], plan: Iterable[Mapping[str, Any]]) -> str:
    """``config.yaml`` of the zip: the configuration the results came from (as
    Snakemake had it, defaults filled in), every source redacted
    (:func:`textmlp.sources.recorded`); a data file the zip holds is named by
    its path in the zip, and every data file by its sha256."""
    import yaml

    from textmlp.sources import recorded

    out = copy.deepcopy(recorded(dict(config)))
    for entry in plan:
        spec = out["data"] if entry["role"] is None else out["data"]["files"][entry["role"]]
        if entry["member"] is not None:
            spec["source"] = entry["member"]
        spec["sha256"] = entry["sha256"]
    header = (
        "# The configuration these results came from (textmlp's submission; see SUBMISSION.txt).\n"
        "# Sources are recorded without credentials or query strings.\n"
    )
    return header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


def rebuild_steps(plan: Iterable[Mapping[str, Any]], kind: str = "table", diff: bool = False) -> list[str]:
    """SUBMISSION.txt's lines on rebuilding the results from the zip alone."""
    plan = list(plan)
    lines = [
        "Rebuild the results (Linux, Python >= 3.11), in the unzipped folder:",
        "",
        "  bash code/tools/install.sh            # the pinned packages and TeX Live",
    ]
    if diff:
        lines.append(f"  (cd code && git apply {DIFF[len(CODE) :]})   # the uncommitted changes the results came from")
    copy_data = " && cp -r data rebuild/" if any(e["member"] for e in plan) else ""
    lines += [
        f"  mkdir rebuild && cp {CONFIG} rebuild/{copy_data}",
        "  snakemake -s code/Snakefile -d rebuild --cores 8",
        "  (cd rebuild && sha256sum -c ../results/MANIFEST.sha256)",
        "",
        "The last command checks every rebuilt artifact against the submitted manifest; all but",
        "results/inputs.json (it records the commit and the machine's software versions) should",
        "say OK. Data:",
    ]
    for e in plan:
        if e["member"]:
            lines.append(f"  {e['key']}: included as {e['member']} ({e['bytes']} bytes, sha256 {e['sha256']})")
            continue
        where = f"a local file ({e['bytes']} bytes), not included" if e["local"] else f"fetched from {e['recorded']}"
        lines.append(f"  {e['key']}: {where}, sha256 {e['sha256']}")
        if e["secret"]:
            lines.append(
                f"    the URL's credentials or query string were left out: put the full URL in {CONFIG} ({e['key']})"
            )
        elif e["local"]:
            published = f" (the IMDB archive is published at {IMDB_URL})" if kind == "imdb" else ""
            lines.append(f"    get the file with this sha256{published} and set {e['key']} in {CONFIG} to it")
    return lines


def checksums_text(members: Iterable[tuple[str, bytes]]) -> str:
    """``sha256sum`` lines of ``members`` (name, bytes), sorted by name:
    ``sha256sum -c`` in the unzipped folder checks exactly what the zip holds."""
    lines = []
    for name, data in sorted(members):
        if any(c in name for c in "\\\n\r"):
            raise ValueError(f"sha256sum would escape this member's name; rename it: {name!r}")
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
    return "".join(lines)
