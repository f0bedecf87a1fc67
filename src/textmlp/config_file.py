"""Reading a config file and explaining what is wrong with it: YAML syntax
errors with their line and column, schema errors in the few lines that matter.
Light (no torch, no pandas): the Snakefile imports it at parse time."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Mapping

from textmlp.config import ConfigError

#: The configuration's JSON schema (types, ranges and defaults), where the workflow keeps it.
SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "config.schema.yaml"


def load_config_file(path: str | Path) -> Any:
    """A YAML (or JSON) config file; a syntax error raises :class:`ConfigError`
    naming the file, line and column (1-based)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except yaml.MarkedYAMLError as err:

        def at(mark) -> str:
            return f"line {mark.line + 1}, column {mark.column + 1}"

        mark = err.problem_mark or err.context_mark
        what = f"{path}, {at(mark)}: {err.problem or err.context}"
        if err.context and err.context_mark and err.problem:  # where the open construct began
            what += f" ({err.context} at {at(err.context_mark)})"
        if "\\t" in str(err.problem) or "tab" in str(err.problem):
            what += "; YAML indents with spaces, never tabs"
        raise ConfigError(what) from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None


def table_defaults() -> dict[str, Any]:
    """The defaults :data:`SCHEMA` gives the ``data:`` keys of a table dataset
    (``kind: table``): the one statement of them, which the dataset reader uses too.
    A new dict on every call."""
    branches = _schema()["properties"]["data"]["allOf"]
    table = next(b["then"] for b in branches if b["if"]["properties"]["kind"]["const"] == "table")
    return {key: rule["default"] for key, rule in table["properties"].items()}


@functools.cache
def _schema() -> Any:
    if not SCHEMA.is_file():
        raise ConfigError(f"the configuration schema {SCHEMA} is missing: textmlp runs from its repository")
    return load_config_file(SCHEMA)


def schema_message(error: Any) -> str:
    """A jsonschema ValidationError in the few lines that matter: what is wrong,
    where (the config key), the value when short, and the keys allowed when
    the problem is an unknown key (never the schema or the whole config)."""
    path = "".join(f"[{p!r}]" for p in error.absolute_path)
    lines = [error.message, f"On instance{path}:"]
    value = repr(error.instance)
    if len(value) <= 200:
        lines.append(f"    {value}")
    if error.validator == "additionalProperties" and isinstance(error.schema.get("properties"), Mapping):
        where = ".".join(map(str, error.absolute_path)) or "the top level"
        lines.append(f"Keys allowed at {where}: {', '.join(error.schema['properties'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python3 -m textmlp.config FILE...`` (or ``-m textmlp.config_file``): each file's YAML syntax, with the
    line and column of an error (Snakemake reads a --configfile before the
    workflow can say where it is wrong)."""
    import sys

    status = 0
    for path in argv if argv is not None else sys.argv[1:]:
        try:
            load_config_file(path)
            print(f"{path}: valid YAML")
        except (ConfigError, OSError) as err:
            print(err, file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
