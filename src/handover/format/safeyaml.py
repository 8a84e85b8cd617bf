"""libyaml with the round-trip loader's refusals added back: the middle path of the one read
path, for a profile, the team file or a hand-edited note that the line readers of fastyaml.py
do not take. No anchors, aliases, tags or merge keys (refused before), no duplicate keys,
bounded depth, and no plain scalar that YAML 1.1 (libyaml) and YAML 1.2 (ruamel) would read
differently: anything doubtful returns None and the reader reads the file the careful way.
PyYAML is imported on the first call (10–20 ms CPU to import): most reads never get here,
and this module itself stays cheap to import.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 32
"""Nesting as the round-trip loader counts it (every node, scalars included): deeper is refused."""
PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)$")
"""An integer both YAML versions read as this integer (no octal, hex, underscores or `+`)."""
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")
"""The one date form both YAML versions read as a date (`2026-09-15`, `confirmed:` in profiles)."""


class _VersionsDiffer(Exception):
    """A value YAML 1.1 and 1.2 would read differently: the careful loader decides."""


_YAML12_NUMBER = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"
    r"|[-+]?0[xXoObB][0-9a-fA-F_]+$|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$"
)
_loader: Any = None


def _loader_class() -> Any:
    """libyaml's safe loader with the round-trip loader's refusals, built on first use."""
    global _loader
    if _loader is not None:
        return _loader
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    def plain_str(loader: Any, node: Any) -> str:
        value: str = node.value
        if not node.style and _YAML12_NUMBER.match(value):
            raise _VersionsDiffer  # a number to YAML 1.2 (ruamel), text to libyaml
        return value

    def only_true_false(loader: Any, node: Any) -> bool:
        value = str(node.value).lower()
        if value not in ("true", "false"):
            raise _VersionsDiffer  # yes/no/on/off: text to YAML 1.2
        return value == "true"

    def plain_int(loader: Any, node: Any) -> int:
        if not PLAIN_INT.match(node.value):
            raise _VersionsDiffer  # octal, hex, binary, sexagesimal, underscores: version-dependent
        return int(node.value)

    def plain_float(loader: Any, node: Any) -> float:
        if ":" in node.value:
            raise _VersionsDiffer
        return float(loader.construct_yaml_float(node))

    def plain_date(loader: Any, node: Any) -> Any:
        if not PLAIN_DATE.match(node.value):
            raise _VersionsDiffer
        return loader.construct_yaml_timestamp(node)

    def unique_keys(loader: Any, node: Any) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value]
        if len(keys) != len(set(keys)) or any(not hasattr(k, "strip") for k in keys):
            raise _VersionsDiffer
        return dict(loader.construct_pairs(node, deep=True))

    Loader.add_constructor("tag:yaml.org,2002:str", plain_str)
    Loader.add_constructor("tag:yaml.org,2002:bool", only_true_false)
    Loader.add_constructor("tag:yaml.org,2002:int", plain_int)
    Loader.add_constructor("tag:yaml.org,2002:float", plain_float)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", plain_date)
    Loader.add_constructor("tag:yaml.org,2002:map", unique_keys)
    _loader = Loader
    return Loader


def load(text: str) -> Any | None:
    """The file as plain data by libyaml, or None when only the careful loader may judge it."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader_class())
    except (_VersionsDiffer, yaml.YAMLError, RecursionError, TypeError, ValueError):
        return None
    if _depth(data) > MAX_DEPTH:
        return None
    return data


def _depth(node: Any, level: int = 1) -> int:
    """Nesting counted as the round-trip loader counts it: every node, scalars included."""
    if level > MAX_DEPTH:
        return level
    if isinstance(node, dict):
        return max((_depth(v, level + 1) for v in node.values()), default=level)
    if isinstance(node, list):
        return max((_depth(v, level + 1) for v in node), default=level)
    return level
