"""The fast parsers of the one read path (format/reader.py is their only caller): exact-subset
parsing, and None whenever the careful round-trip loader must judge.

Reindexing 600,000 notes cannot afford the round-trip loader (milliseconds a file) nor even
libyaml (about 110 µs a note). Notes are written by the tool in one canonical form
(``note_file.record_to_yaml``), so `parse_canonical` reads exactly that form, line by line, and
returns None at the first thing it does not expect; the reader then takes the libyaml path and,
failing that, the round-trip path with its file:line errors. Whatever path read a file, the same
pydantic models validate the result.

Profiles, the team file and hand-edited notes get libyaml with the round-trip loader's rules
added back (`load_profile`): no anchors, aliases, tags or merge keys, no duplicate keys, bounded
depth, and no plain scalar that YAML 1.1 (libyaml) and YAML 1.2 (ruamel) would read differently.
Anything doubtful returns None and the reader reads the file the careful way. `is_plain_text`
is the same rule for one value, shared with the import's writer.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 32

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)$")
_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NUMBERISH_START = frozenset("0123456789+-.~=<")
_UNSAFE_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Plain scalars whose meaning depends on the YAML version or resolver: let libyaml decide.
_AMBIGUOUS = re.compile(
    r"""(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?   # numbers of any kind
    |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?0[xXoObB][0-9a-fA-F_]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?          # sexagesimal (YAML 1.1)
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
    |true|True|TRUE|false|False|FALSE|null|Null|NULL|~|=|<<
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$""",
    re.VERBOSE,
)


class _Bail(Exception):
    """Not the canonical form: the caller falls back to a general parser."""


_TOP = re.compile(r"([a-z_][a-z0-9_]*):(?: (.*))?$")


def parse_canonical(text: str) -> dict[str, Any] | None:
    """A note in the canonical form as plain data, equal to what libyaml would return;
    None for anything outside that form."""
    if not text.endswith("\n") or _UNSAFE_TEXT.search(text):
        return None
    lines = text.split("\n")
    lines.pop()
    result: dict[str, Any] = {}
    position = 0
    count = len(lines)
    top = _TOP.match
    try:
        while position < count:  # the top level inline: most lines are `key: scalar`
            match = top(lines[position])
            if match is None:
                return None
            key, rest = match.groups()
            if key in result:
                return None
            if rest is not None and rest and rest[0] not in "|'\"" and len(rest) > 5:
                first = rest[0]
                if (
                    first in _PLAIN_BAD_START
                    or first in _NUMBERISH_START
                    or rest[-1] in " :"
                    or ": " in rest
                    or " #" in rest
                ):
                    result[key] = _scalar(rest)
                else:
                    result[key] = rest
                position += 1
                continue
            value, position = _mapping(lines, position, 0, single=True)
            result[key] = value[key]
    except _Bail:
        return None
    return result


def _key(body: str) -> tuple[str, str | None]:
    """'summary: text' → ('summary', 'text'); 'topics:' → ('topics', None)."""
    colon = body.find(":")
    key = body[:colon]
    if colon <= 0 or not key.isidentifier() or not key.isascii() or key[0].isupper():
        raise _Bail
    rest = body[colon + 1 :]
    if not rest:
        return key, None
    if rest[0] != " ":
        raise _Bail
    return key, rest[1:]


def _mapping(
    lines: list[str], start: int, indent: int, *, single: bool = False
) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    pad = " " * indent
    position = start
    count = len(lines)
    while position < count and not (single and result):
        line = lines[position]
        if indent and not line.startswith(pad):
            break
        body = line[indent:] if indent else line
        if not body or body[0] == " " or body[0] == "#":
            raise _Bail
        if body[0] == "-":
            if indent:
                break  # the next item of the list this mapping sits in
            raise _Bail
        key, rest = _key(body)
        if key in result:
            raise _Bail
        position += 1
        if rest is None:  # a block below: a list at this indent, or a mapping deeper
            if position >= count:
                raise _Bail
            below = lines[position]
            if below.startswith(pad + "- "):
                result[key], position = _sequence(lines, position, indent)
            elif below.startswith(pad + "  ") and below[indent + 2] != " ":
                result[key], position = _mapping(lines, position, indent + 2)
            else:
                raise _Bail
        elif rest == "|" or rest == "|-":
            result[key], position = _literal(lines, position, indent, rest == "|-")
        else:
            result[key] = _scalar(rest)
    return result, position


def _sequence(lines: list[str], start: int, indent: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    pad = " " * indent
    dash = pad + "- "
    inner = indent + 2
    position = start
    count = len(lines)
    while position < count:
        line = lines[position]
        if not line.startswith(dash):
            if line.startswith(pad + " "):
                raise _Bail
            break
        rest = line[inner:]
        colon = rest.find(": ")
        head = rest[:colon]
        if colon > 0 and head.isidentifier() and head.isascii():
            lines[position] = " " * inner + rest  # a mapping item: first key on the dash line
            item, position = _mapping(lines, position, inner)
            items.append(item)
        else:
            items.append(_scalar(rest))
            position += 1
    return items, position


def _literal(lines: list[str], start: int, indent: int, strip: bool) -> tuple[str, int]:
    """A `|` block as record_to_yaml writes a multi-line summary."""
    position = start
    count = len(lines)
    block = indent + 2
    pad = " " * block
    if position >= count or not lines[position].startswith(pad) or lines[position][block] == " ":
        raise _Bail  # leading blank or extra-indented lines make the indentation a guess
    body: list[str] = []
    while position < count:
        line = lines[position]
        if line.startswith(pad):
            body.append(line[block:])
        elif not line:
            body.append("")
        elif not line.strip():
            raise _Bail
        else:
            break
        position += 1
    if body[-1] == "":
        raise _Bail  # trailing blank lines: keep, clip or strip is libyaml's call
    text = "\n".join(body)
    return (text if strip else text + "\n"), position


def _scalar(text: str) -> Any:
    if not text:
        raise _Bail
    first = text[0]
    if first == "'":
        if len(text) < 2 or text[-1] != "'":
            raise _Bail
        inner = text[1:-1]
        if inner.replace("''", "").count("'"):
            raise _Bail
        return inner.replace("''", "'")
    if first == '"':
        if len(text) < 2 or text[-1] != '"' or "\\" in text or '"' in text[1:-1]:
            raise _Bail
        return text[1:-1]
    if first in _PLAIN_BAD_START or text[-1] in " :" or ": " in text or " #" in text:
        raise _Bail
    if first in _NUMBERISH_START or len(text) <= 5:
        if _INT.match(text):
            return int(text)
        if _AMBIGUOUS.match(text):
            raise _Bail
    return text


# --- profiles ---------------------------------------------------------------------------------

_PROFILE_REFUSED = re.compile(r"(?:^|[\s\[{,])[&*!]|^%|<<|^---|^\.\.\.", re.MULTILINE)
_COMMENT = re.compile(r"(?:^|\s)#.*$", re.MULTILINE)
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"
    r"|[-+]?0[xXoObB][0-9a-fA-F_]+$|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$"
)
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_loader: Any = None


def _profile_loader() -> Any:
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
            raise _Bail  # a number to YAML 1.2 (ruamel), text to libyaml
        return value

    def only_true_false(loader: Any, node: Any) -> bool:
        value = str(node.value).lower()
        if value not in ("true", "false"):
            raise _Bail  # yes/no/on/off: text to YAML 1.2
        return value == "true"

    def plain_int(loader: Any, node: Any) -> int:
        if not _INT.match(node.value):
            raise _Bail  # octal, hex, binary, sexagesimal, underscores: version-dependent
        return int(node.value)

    def plain_float(loader: Any, node: Any) -> float:
        if ":" in node.value:
            raise _Bail
        return float(loader.construct_yaml_float(node))

    def plain_date(loader: Any, node: Any) -> Any:
        if not _PLAIN_DATE.match(node.value):
            raise _Bail
        return loader.construct_yaml_timestamp(node)

    def unique_keys(loader: Any, node: Any) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value]
        if len(keys) != len(set(keys)) or any(not hasattr(k, "strip") for k in keys):
            raise _Bail
        return dict(loader.construct_pairs(node, deep=True))

    Loader.add_constructor("tag:yaml.org,2002:str", plain_str)
    Loader.add_constructor("tag:yaml.org,2002:bool", only_true_false)
    Loader.add_constructor("tag:yaml.org,2002:int", plain_int)
    Loader.add_constructor("tag:yaml.org,2002:float", plain_float)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", plain_date)
    Loader.add_constructor("tag:yaml.org,2002:map", unique_keys)
    _loader = Loader
    return Loader


def load_profile(text: str) -> Any | None:
    """A hand-edited profile as plain data, or None when only the careful loader may judge it."""
    if _PROFILE_REFUSED.search(_COMMENT.sub("", text) if "#" in text else text):
        return None  # comments may say anything; only anchors, tags and merges are refused
    import yaml

    try:
        data = yaml.load(text, Loader=_profile_loader())
    except (_Bail, yaml.YAMLError, RecursionError, TypeError, ValueError):
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


_TOP_SCALAR = re.compile(r"^([a-z_][a-z0-9_]*): +(.+?) *(?: #.*)?$", re.MULTILINE)


def top_level_scalar(text: str, key: str) -> str | None:
    """One top-level field of a hand-edited profile (`name:`, `owner:`) read from its line,
    without parsing the file: a plain or quoted one-line value, exactly as YAML reads it.

    None when the line is absent or anything about it is doubtful (a block scalar, an escape,
    a value YAML would not read as text): the caller then parses the file the careful way.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in _TOP_SCALAR.finditer(text):
        if match.group(1) != key:
            continue
        following = text[match.end() + 1 :].split("\n", 1)[0]
        if following[:1] in (" ", "\t") and following.strip()[:1] not in ("", "#"):
            return None  # the value goes on over the next line
        value = match.group(2)
        quote = value[0]
        if quote in "'\"":
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != quote or quote in inner or "\\" in inner:
                return None  # an escape or a doubled quote: let the parser read it
            return inner if not _UNSAFE_TEXT.search(inner) else None
        return value if is_plain_text(value) else None
    return None


def is_plain_text(value: str) -> bool:
    """Whether YAML reads ``value``, written plain (unquoted) on one line, as this very text,
    under both YAML 1.1 (libyaml) and 1.2 (ruamel): the rule of both this reader and the
    import's writer (`core/importing/plan.py`)."""
    return (
        bool(value)
        and value == value.strip()
        and value[0] not in _PLAIN_BAD_START
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and "\n" not in value
        and value.isprintable()
        and not _UNSAFE_TEXT.search(value)
        and not _AMBIGUOUS.fullmatch(value)
    )
