"""What a result came from, in a form anyone can check.

- :func:`code_digest`: a digest of the package modules that one pipeline
  script imports (directly or through other modules), read from the files'
  contents. Each rule passes its script's digest as a parameter, so an edit
  to package code reruns exactly the rules whose script uses that code.
- :func:`manifest_text` / :func:`fingerprint`: ``results/MANIFEST.sha256`` in
  the format ``sha256sum`` writes and ``sha256sum -c`` checks, and the short
  fingerprint of it that the report prints.
- :func:`git_state`, :func:`inputs_record`: the commit and the inputs that
  determined the results (recorded beside the manifest, not in the results).
- :func:`write_zip`: a zip whose bytes depend on its members alone.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from textmlp.layout import BENCHMARKS_DIR, HTML_DIR, LOGS_DIR, MANIFEST, REPORT_BUILD, REPRO_TEX, TIMINGS_DIR

PACKAGE = "textmlp"

#: Paths under results/ that the manifest leaves out, and why: logs, Snakemake's
#: benchmarks and the timings differ from one identical run to the next; the
#: LaTeX build folder holds latexmk's logs and auxiliary files; the appendix
#: (repro.tex) prints the manifest's fingerprint, so it is written after it, as
#: are the HTML report's pages (results/html/: views of the manifested tables,
#: the audit and the manifest itself, for `snakemake --report`).
MANIFEST_EXCLUDED = (
    f"{HTML_DIR}/",
    f"{LOGS_DIR}/",
    f"{BENCHMARKS_DIR}/",
    f"{TIMINGS_DIR}/",
    f"{REPORT_BUILD}/",
    REPRO_TEX,
    MANIFEST,
)

#: The date of every member of the zips written here (zip cannot store 1970).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def package_dir() -> Path:
    """The folder of the textmlp package that Python imports (what the jobs run)."""
    import textmlp

    return Path(textmlp.__file__).resolve().parent


def _imports(path: Path, package: str) -> set[str]:
    """Dotted names of the ``package`` modules that ``path`` imports anywhere
    (function-level imports included), plus every parent package."""
    stat = path.stat()  # the cache key only: a Snakefile asks for each module once per rule
    return set(_parsed_imports(str(path), stat.st_mtime_ns, stat.st_size, package))


@functools.lru_cache(maxsize=512)
def _parsed_imports(path: str, mtime_ns: int, size: int, package: str) -> frozenset[str]:
    tree = ast.parse(Path(path).read_bytes(), filename=path)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from textmlp import figures` imports a module, `from textmlp.<module> import f` a name
            names.update(f"{node.module}.{a.name}" for a in node.names)
    ours = {n for n in names if n == package or n.startswith(package + ".")}
    return frozenset(".".join(n.split(".")[:i]) for n in ours for i in range(1, n.count(".") + 2))


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of module ``name`` under ``root`` (the package's parent folder), if any."""
    parts = name.split(".")
    for candidate in (root.joinpath(*parts).with_suffix(".py"), root.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(
    script: str | Path, package_root: str | Path | None = None, package: str = PACKAGE
) -> dict[str, Path]:
    """Every module of ``package`` that ``script`` imports, directly or through
    other modules of the package: dotted name -> source file. ``package_root``
    is the folder holding the package (by default: the imported one's)."""
    root = Path(package_root) if package_root is not None else package_dir().parent
    found: dict[str, Path] = {}
    todo = sorted(_imports(Path(script), package))
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _module_file(name, root)
        if path is None:  # a name imported from a module, not a module
            continue
        found[name] = path
        todo.extend(sorted(_imports(path, package) - set(found)))
    return dict(sorted(found.items()))


def digest_files(files: Mapping[str, str | Path]) -> str:
    """sha256 over (name, content digest) pairs in name order: contents only, never mtimes or paths."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\0{file_digest(files[name])}\n".encode())
    return h.hexdigest()


def code_digest(script: str | Path, package_root: str | Path | None = None, length: int = 16) -> str:
    """The digest of the package code a pipeline script runs: its imported
    modules' contents (the script itself is Snakemake's own code trigger)."""
    return digest_files(imported_modules(script, package_root))[:length]


def package_digest(package_root: str | Path | None = None, package: str = PACKAGE) -> str:
    """The digest of every module of the package."""
    root = Path(package_root) if package_root is not None else package_dir().parent
    files = {p.relative_to(root).as_posix(): p for p in sorted((root / package).rglob("*.py"))}
    return digest_files(files)


def file_digest(path: str | Path, chunk: int = 1 << 20) -> str:
    """The sha256 of a file's contents (hex), read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def manifested(path: str, excluded: Iterable[str] = MANIFEST_EXCLUDED) -> bool:
    """Whether the manifest lists ``path`` (relative, as Snakemake names it)."""
    path = PurePosixPath(path).as_posix()
    return not any(path == e or (e.endswith("/") and path.startswith(e)) for e in excluded)


def manifest_text(paths: Iterable[str], root: str | Path = ".") -> str:
    """``sha256sum`` lines ("<digest>  <path>") of the files ``paths`` (relative
    to ``root``), sorted by path, duplicates once."""
    lines = []
    for path in sorted(set(PurePosixPath(p).as_posix() for p in paths)):
        if path.startswith("/") or ".." in PurePosixPath(path).parts:
            raise ValueError(f"manifest paths must be relative and inside the workflow: {path}")
        if any(c in path for c in "\\\n\r"):
            raise ValueError(f"sha256sum would escape this path; rename it: {path!r}")
        lines.append(f"{file_digest(Path(root) / path)}  {path}\n")
    return "".join(lines)


def parse_manifest(text: str) -> dict[str, str]:
    """path -> digest of a manifest written by :func:`manifest_text`."""
    out = {}
    for line in text.splitlines():
        digest, path = line.split("  ", 1)
        out[path] = digest
    return out


def fingerprint(path: str | Path, length: int = 16) -> str:
    """The first ``length`` hex digits of the manifest file's sha256 (what ``sha256sum`` prints)."""
    return file_digest(path)[:length]


def repo_root(path: str | Path) -> Path | None:
    """The top folder of the git checkout holding ``path`` (None outside one)."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(proc.stdout.strip()) if proc.returncode == 0 else None


def git_state(repo: str | Path) -> dict[str, object]:
    """The commit checked out in ``repo`` and whether tracked files differ from it
    (``commit`` is "unknown" outside a git checkout)."""

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=30)

    try:
        head = git("rev-parse", "HEAD")
        status = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": False}
    if head.returncode != 0:
        return {"commit": "unknown", "dirty": False}
    return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip())}


def inputs_record(
    *,
    config_hash: str,
    data: Mapping,
    split_stats: Mapping,
    git: Mapping,
    package_code: str,
    versions: Mapping[str, str],
    unreproducible: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """What determined the results: the data's digests, the configuration's
    hash, the package code's digest, the commit and the software versions;
    and which inputs differ from run to run, and why
    (:func:`textmlp.config.unreproducible`; empty when every number reproduces)."""
    if data.get("kind", "imdb") == "imdb":
        data_digests = {"archive": data.get("sha256")}
    else:
        data_digests = dict(split_stats.get("sha256", {}))
    return {
        "data_sha256": data_digests,
        "config_hash": config_hash,
        "package_code_sha256": package_code,
        "git_commit": git["commit"],
        "git_dirty": git["dirty"],
        "versions": dict(versions),
        "not_bit_reproducible": dict(unreproducible or {}),
    }


def build_command(configfiles: Iterable[str | Path], cwd: str | Path, default: str = "config.yaml") -> str:
    """The snakemake command line of a build, config files named relative to the
    workflow's folder (``cwd``), or by their file name alone where they lie outside it:
    no path of the building machine in the report (review 37: '../../runs/local-data.yaml'
    told the reader about the builder's folders; the configuration hash pins the content).
    The default config file (always read) is left out."""
    import os

    args = ["snakemake"]
    for f in configfiles:
        rel = Path(os.path.relpath(Path(f), cwd)).as_posix()
        if rel.startswith("../"):
            rel = Path(f).name
        if rel != default:
            args += ["--configfile", rel]
    return " ".join(args)


def write_zip(path: str | Path, members: Iterable[tuple[str, bytes]]) -> None:
    """A deflated zip of ``(name, bytes)`` members, sorted by name, every date
    and permission fixed: the bytes depend on the members alone. Written atomically."""
    from textmlp.io import atomic_path

    members = sorted(members)
    names = [n for n, _ in members]
    if len(set(names)) != len(names):
        raise ValueError("duplicate zip member names")
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        for name, data in members:
            if name.startswith("/") or ".." in PurePosixPath(name).parts:
                raise ValueError(f"zip members must have relative paths: {name}")
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever builds it
            zf.writestr(info, data)


def git_archive(repo: str | Path, commit: str, prefix: str = "") -> list[tuple[str, bytes]]:
    """The tracked files of ``commit`` (``git archive`` at the top of the checkout
    holding ``repo``) as zip members under ``prefix``; links are left out."""
    import stat

    repo = repo_root(repo) or repo
    proc = subprocess.run(["git", "-C", str(repo), "archive", "--format=zip", commit], capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"git archive {commit} failed: {proc.stderr.decode(errors='replace')}")
    members = []
    with zipfile.ZipFile(io.BytesIO(proc.stdout)) as zf:
        for info in zf.infolist():
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            if info.filename.startswith("/") or ".." in PurePosixPath(info.filename).parts:
                raise RuntimeError(f"git archive {commit}: member outside the tree: {info.filename}")
            members.append((prefix + info.filename, zf.read(info)))
    return members


def uncommitted_diff(repo: str | Path) -> str:
    """``git diff HEAD`` of the tracked files (empty when the work tree is clean)."""
    proc = subprocess.run(
        ["git", "-C", str(repo), "diff", "HEAD", "--no-color", "--no-ext-diff"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.stdout if proc.returncode == 0 else ""
