"""Reading a config file and explaining what is wrong with it: YAML syntax
errors with their line and column, schema errors in the few lines that matter.
Light (no torch, no pandas): the Snakefile imports it at parse time."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Mapping


class ConfigError(ValueError):
    """config.yaml is invalid; the message names the key (here, not in
    :mod:`textmlp.config`, so that the data jobs, which read the schema's
    defaults through this module, do not import the experiment's checks)."""


#: The configuration's JSON schema (types, ranges and defaults), where the workflow keeps it.
SCHEMA = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "config.schema.yaml"


#: Values a configuration may hold once its aliases are expanded: the
#: pipeline's own config has under a thousand. An alias bomb (each level a
#: list of references to the one before) expands to billions, which a
#: validator's messages would print out in full.
MAX_CONFIG_VALUES = 100_000


def expanded_size(obj: Any, limit: int = MAX_CONFIG_VALUES) -> int:
    """How many values ``obj`` holds with every shared reference (a YAML alias)
    counted each time it is used; counting stops just above ``limit``. Shared
    parts are counted once and multiplied, so a bomb costs no time."""
    memo: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        if depth > 100:
            return limit + 1  # deeper than any configuration (and a cycle)
        if id(node) in memo:
            return memo[id(node)]
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > limit:
                break
        memo[id(node)] = min(total, limit + 1)
        return memo[id(node)]

    return size(obj, 0)


def check_size(obj: Any, where: str) -> None:
    """:class:`ConfigError` when ``obj`` expands past :data:`MAX_CONFIG_VALUES`."""
    if expanded_size(obj) > MAX_CONFIG_VALUES:
        raise ConfigError(
            f"{where}: expands to more than {MAX_CONFIG_VALUES:,} values (YAML aliases that refer to aliases, "
            "an 'alias bomb'?); write the values out"
        )


def _loader():
    """yaml.SafeLoader that refuses a key given twice in one mapping (YAML
    itself would keep the last silently)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen: dict[Any, int] = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue  # `<<: *defaults` may be overridden: that is what it is for
                    key = self.construct_object(key_node, deep=True)
                    try:
                        first = seen.setdefault(key, key_node.start_mark.line + 1)
                    except TypeError:  # an unhashable key: SafeLoader's own error follows
                        continue
                    if first != key_node.start_mark.line + 1:
                        raise yaml.constructor.ConstructorError(
                            "in the mapping that starts",
                            node.start_mark,
                            f"the key {key!r} is given twice, at lines {first} and {key_node.start_mark.line + 1} "
                            "(YAML would keep only the last); keep one",
                            key_node.start_mark,
                        )
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def load_config_file(path: str | Path) -> Any:
    """A YAML (or JSON) config file; a syntax error, a key given twice in one
    mapping, or aliases that expand past :data:`MAX_CONFIG_VALUES` raise
    :class:`ConfigError` naming the file, line and column (1-based)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            loader = _loader()(f)  # what yaml.safe_load does, with a SafeLoader that refuses repeated keys
            try:
                loaded = loader.get_single_data()
            finally:
                loader.dispose()
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
    check_size(loaded, str(path))
    return loaded


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
