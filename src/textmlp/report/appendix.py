"""The report's reproducibility appendix: the data, the inputs' digests, the build command, the runs' software."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Mapping

import pandas as pd

from textmlp.latex import tex_escape


def source_name(source: str) -> str:
    """A data source as the report prints it: a URL whole (already without
    credentials), a local path by its file name only (never a path of the
    machine that built the report)."""
    text = str(source)
    if "://" in text and not text.startswith("file://"):
        return text
    return PurePosixPath(text.removeprefix("file://").replace("\\", "/")).name


def data_item(data: Mapping) -> str:
    """The appendix line naming the data: the archive (IMDB) or each file (a table dataset)."""
    if data.get("kind", "imdb") == "imdb":
        return (
            f"\\item Data: \\texttt{{{tex_escape(source_name(data['source']))}}}, sha256 "
            f"\\texttt{{{data['sha256'][:16]}\\ldots}}; split seed {data['split']['seed']}"
        )
    files = "; ".join(f"{role} \\texttt{{{tex_escape(source_name(f['source']))}}}" for role, f in data["files"].items())
    return f"\\item Data: {tex_escape(data.get('name', 'custom'))}: {files}"


def repro_appendix(runs: pd.DataFrame, inputs: Mapping, manifest_fingerprint: str, command: str, data: Mapping) -> str:
    """The reproducibility appendix: how the results were built and the
    fingerprint of the manifest that lists them (``inputs`` is the manifest's
    record of inputs, results/inputs.json). Nothing here changes between two
    identical builds: no timings, no host, no path of the building machine."""
    first = runs.iloc[0]
    versions = {c.split(".", 1)[1]: first[c] for c in runs.columns if c.startswith("versions.")}
    devices = sorted(runs["device_name"].astype(str).unique())
    commit = str(inputs["git_commit"])[:12] + (" with uncommitted changes" if inputs.get("git_dirty") else "")
    lines = [
        "\\begin{itemize}",
        f"\\item Built by \\texttt{{{tex_escape(command)}}}; configuration hash (config.yaml after defaults) "
        f"\\texttt{{{inputs['config_hash']}}}",
        data_item(data),
        f"\\item Code: commit \\texttt{{{tex_escape(commit)}}}; package code sha256 "
        f"\\texttt{{{str(inputs['package_code_sha256'])[:16]}\\ldots}}",
        f"\\item Runs: {len(runs)} ({runs['run'].nunique()} configurations $\\times$ "
        f"seeds {tex_escape(', '.join(map(str, sorted(runs['seed'].unique()))))}) on "
        f"{tex_escape(', '.join(devices))}, "
        f"torch threads per job: {tex_escape(', '.join(map(str, sorted(runs['threads'].unique()))))}",
        "\\item Software: " + tex_escape(", ".join(f"{k} {v}" for k, v in versions.items())),
        *[
            f"\\item Not bit-reproducible: \\texttt{{{tex_escape(name)}}} ({tex_escape(why)}); its vectors, and "
            "every result built on them, differ slightly from build to build."
            for name, why in inputs.get("not_bit_reproducible", {}).items()
        ],
        f"\\item Results: \\texttt{{results/MANIFEST.sha256}} lists every artifact with its sha256; "
        f"its own sha256 begins \\texttt{{{manifest_fingerprint}}}, and "
        "\\texttt{sha256sum -c results/MANIFEST.sha256} checks the files against it.",
        "\\item Each run's record (parameters, seed, configuration hash, versions, device) is a row of "
        "\\texttt{results/tables/runs.csv}; timings are kept apart, in \\texttt{results/timings/}.",
        "\\end{itemize}",
    ]
    return "\n".join(lines) + "\n"
