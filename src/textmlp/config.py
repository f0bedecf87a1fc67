"""The experiment as config.yaml declares it: configurations, run names, checks.

Imported by the Snakefile at parse time, so it stays light (no torch, no
pandas). The JSON schema checks types and ranges; :func:`check` adds the
rules a schema cannot express (names that must exist, duplicates, sizes).

No job's computation imports this module (the data, word2vec, features and
training jobs take what they need from the modules it draws on: ``sources``,
``runtime``, ``io``, ``config_file``), so an edit here, a message say, reruns
no training: a rule reruns when a module its script imports changes
(docs/reproducibility.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, make_dataclass
from typing import Any, Mapping

from textmlp import parameters

# The baselines' C grid and variants, named here too for the Snakefile and the
# report; the baseline job imports them from textmlp.baseline_grid, not from here.
from textmlp.baseline_grid import BASELINE_C_EXPONENTS as BASELINE_C_EXPONENTS
from textmlp.baseline_grid import BASELINE_CS as BASELINE_CS
from textmlp.baseline_grid import BASELINE_FITS as BASELINE_FITS
from textmlp.baseline_grid import BASELINE_VARIANTS as BASELINE_VARIANTS
from textmlp.baseline_grid import baseline_name as baseline_name
from textmlp.baseline_grid import baseline_variants as baseline_variants
from textmlp.charset import unrenderable
from textmlp.config_file import ConfigError
from textmlp.parameters import PARAMETERS as TABLE
from textmlp.parameters import run_name
from textmlp.runtime import word2vec_reproducible
from textmlp.sources import local_path, recorded, redact

#: The training parameters' names, in order (each declared in textmlp.parameters).
PARAMETERS = tuple(TABLE)
#: Reviews per labelled part of the IMDB archive (train and test each).
IMDB_PART_SIZE = 25_000


class _Configuration:
    """One trainable configuration; with a seed it makes one run. Its fields
    are the parameters of :data:`textmlp.parameters.PARAMETERS`, in order."""

    @property
    def name(self) -> str:
        """Stable, readable run name derived from the parameters alone."""
        return run_name(asdict(self))

    def as_dict(self) -> dict[str, Any]:
        """The configuration as its run records it (JSON types)."""
        return parameters.recorded(asdict(self))

    def label(self, field: str) -> str:
        """How this configuration is named in a study that varies ``field``."""
        return parameters.label(field, getattr(self, field))


Configuration = make_dataclass(
    "Configuration",
    [(n, Any) if p.required else (n, Any, field(default=p.default)) for n, p in TABLE.items()],
    bases=(_Configuration,),
    frozen=True,
)
Configuration.__module__ = __name__


@dataclass(frozen=True)
class StudyEntry:
    study: str
    order: int
    run: str  # Configuration.name
    label: str


def unreproducible(embeddings: Mapping[str, Mapping[str, Any]], used: Any = None) -> dict[str, str]:
    """The input representations (of ``used``, or all) whose vectors differ from
    run to run, with the reason (:func:`word2vec_reproducible`)."""
    return {
        name: f"word2vec trained on {int(spec['workers'])} threads"
        for name, spec in embeddings.items()
        if (used is None or name in used)
        and spec.get("kind") == "word2vec"
        and not word2vec_reproducible(spec.get("workers", 1))
    }


def _configuration(params: Mapping[str, Any], where: str) -> Configuration:
    missing = [n for n, p in TABLE.items() if p.required and n not in params]
    if missing:
        raise ConfigError(
            f"{where} lacks {', '.join(missing)}: set it in `defaults`, the study's `base`, or the configuration itself"
        )
    return Configuration(**{n: p.value(params[n]) for n, p in TABLE.items() if n in params})


def expand_studies(config: Mapping[str, Any]) -> tuple[dict[str, Configuration], list[StudyEntry]]:
    """All distinct configurations (by run name, in first-seen order) and each
    study's entries. A configuration shared by two studies appears once in the
    first result and in both studies' entries."""
    configurations: dict[str, Configuration] = {}
    entries: list[StudyEntry] = []
    defaults = config.get("defaults", {})
    for study, spec in config["studies"].items():
        seen: dict[str, int] = {}
        for i, own in enumerate(spec["configurations"]):
            where = f"studies.{study}.configurations[{i}]"
            cfg = _configuration({**defaults, **spec.get("base", {}), **own}, where)
            if cfg.name in seen:
                raise ConfigError(
                    f"{where} duplicates studies.{study}.configurations[{seen[cfg.name]}] (both are {cfg.name})"
                )
            seen[cfg.name] = i
            configurations.setdefault(cfg.name, cfg)
            entries.append(StudyEntry(study, i, cfg.name, cfg.label(spec["vary"])))
    return configurations, entries


#: data keys that only name things in tables and the report: they do not make
#: a result, so they stay out of what decides a rerun (see data_determinants).
DISPLAY_ONLY = ("name",)


def data_determinants(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a result depends on from the ``data`` config: everything but the
    display-only keys, sources redacted."""
    return {k: v for k, v in recorded(data).items() if k not in DISPLAY_ONLY}


def data_identified(data: Mapping[str, Any]) -> bool:
    """Whether the ``data`` config pins the content of the data it names: an
    IMDB archive always does (its sha256 is required), a table dataset when
    every file has a sha256 or is a local file (whose content the download job
    digests). Only then may the steps made from the data be taken from
    Snakemake's between-workflow cache, whose key sees the config, not the
    bytes a URL serves."""
    if data.get("kind", "imdb") == "imdb":
        return bool(data.get("sha256"))
    return all("sha256" in f or local_path(f["source"]) is not None for f in data.get("files", {}).values())


#: Weights one MLP may have (its hidden layers and the output layer, and the
#: input layer where the input's dimension is known before any data is read):
#: 1e8 float32 weights are 400 MB, and Adam keeps two more copies.
MAX_WEIGHTS = 100_000_000


def _not_finite(obj: Any, key: str = "") -> str | None:
    """The key of the first NaN or infinite number in ``obj`` (None if none)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return key or "(the top level)"
    if isinstance(obj, Mapping):
        obj = {f"{key}.{k}" if key else str(k): v for k, v in obj.items()}.items()
    elif isinstance(obj, list):
        obj = [(f"{key}[{i}]", v) for i, v in enumerate(obj)]
    else:
        return None
    for k, v in obj:
        found = _not_finite(v, k)
        if found:
            return found
    return None


def _check_sizes(configurations: Mapping[str, Configuration], config: Mapping[str, Any]) -> None:
    """Each model's weights fit :data:`MAX_WEIGHTS`."""
    for name, cfg in configurations.items():
        spec = config.get("embeddings", {}).get(cfg.embedding, {})
        known_in = [int(spec["dim"])] if spec.get("kind") in ("word2vec", "glove") and "dim" in spec else []
        widths = [*known_in, *cfg.hidden, 2]
        weights = sum(a * b for a, b in zip(widths, widths[1:]))
        if weights > MAX_WEIGHTS:
            raise ConfigError(
                f"configuration {name}: hidden = {list(cfg.hidden)} makes a model of {weights:,} weights "
                f"({4 * weights / 2**30:.1f} GiB in float32, three times that with Adam's state); the limit is "
                f"{MAX_WEIGHTS:,}: use smaller hidden layers"
            )


def check(config: Mapping[str, Any]) -> None:
    """Checks beyond the schema; raises :class:`ConfigError` naming the key."""
    bad = _not_finite(dict(config))
    if bad:
        raise ConfigError(f"{bad} is not a finite number (.nan or .inf in YAML); give a number")
    configurations, _ = expand_studies(config)
    _check_studies_vary(config)
    _check_report_text(config)
    _check_sizes(configurations, config)
    known = sorted(config.get("embeddings", {}))
    for name, cfg in configurations.items():
        if cfg.embedding not in known:
            raise ConfigError(
                f"configuration {name} uses embedding {cfg.embedding!r}, which is not declared "
                f"under `embeddings` (declared: {', '.join(known) or 'none'})"
            )
    data = config["data"]
    if data.get("kind", "imdb") == "imdb":
        split = data["split"]
        for key, want in (
            ("dev_size + train_size", split["dev_size"] + split["train_size"]),
            ("test_size", split["test_size"]),
        ):
            if want > IMDB_PART_SIZE:
                raise ConfigError(
                    f"data.split.{key} = {want} exceeds the {IMDB_PART_SIZE} reviews of the IMDB part it is drawn from"
                )
        sources = [("data.source", data["source"])]
    else:
        sources = [(f"data.files.{role}.source", f["source"]) for role, f in data["files"].items()]
        for (key, source), f in zip(sources, data["files"].values()):
            if local_path(source) is None and "sha256" not in f:
                raise ConfigError(
                    f"{key} is a URL ({redact(source)}); give its sha256 next to it "
                    f"({key.rsplit('.', 1)[0]}.sha256) so the download can be verified"
                )
    sources += [
        (f"embeddings.{n}.source", e["source"]) for n, e in config.get("embeddings", {}).items() if "source" in e
    ]
    for key, source in sources:
        path = local_path(source)
        if path is not None and not path.is_file():
            raise ConfigError(f"{key}: local file {str(path)!r} does not exist")


def _check_studies_vary(config: Mapping[str, Any]) -> None:
    """Each configuration of a study has its own value of the study's ``vary``:
    the study compares those values (and its report says which is best)."""
    defaults = config.get("defaults", {})
    for study, spec in config["studies"].items():
        vary, seen = spec["vary"], {}
        for i, own in enumerate(spec["configurations"]):
            cfg = _configuration({**defaults, **spec.get("base", {}), **own}, f"studies.{study}.configurations[{i}]")
            value = cfg.label(vary)
            if value in seen:
                raise ConfigError(
                    f"studies.{study}: configurations[{seen[value]}] and [{i}] both have {vary} = {value}; "
                    f"a study compares values of its `vary` ({vary}), so give each configuration its own "
                    "(or make `vary` the parameter they differ in)"
                )
            seen[value] = i
        if len(seen) < 2:
            raise ConfigError(
                f"studies.{study}: one configuration ({vary} = {next(iter(seen))}) leaves "
                f"nothing to compare; a study needs two or more values of {vary}"
            )


def _check_report_text(config: Mapping[str, Any]) -> None:
    """Free text that the report prints must be text pdflatex can set."""
    texts = [("data.name", config["data"].get("name"))]
    texts += [(f"studies.{s}.title", spec.get("title")) for s, spec in config["studies"].items()]
    texts += [(f"report.{k}", config.get("report", {}).get(k)) for k in ("author", "collaborators", "sources")]
    for key, text in texts:
        if isinstance(text, str) and re.search(r"\n[ \t]*\n", text):
            raise ConfigError(
                f"{key} = {text!r}: holds a blank line, which ends a paragraph where the report "
                "sets it (a title, a caption); write it without one"
            )
        bad = unrenderable(text) if isinstance(text, str) else ""
        if bad:
            raise ConfigError(
                f"{key} = {text!r}: the report cannot set {', '.join(f'{c!r} (U+{ord(c):04X})' for c in bad)} "
                "(pdflatex sets Latin letters with their accents and common punctuation, not CJK, emoji or "
                "other scripts); write it with those"
            )


if __name__ == "__main__":  # python3 -m textmlp.config FILE...: textmlp.config_file's YAML check
    import runpy

    # by name, not an import: the pipeline's code digests follow imports, and
    # no job runs this command
    runpy.run_module("textmlp.config_file", run_name="__main__")
