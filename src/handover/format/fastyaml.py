"""The fast parsers of the one read path (format/reader.py is their only caller): exact-subset
parsing, and None whenever the careful round-trip loader must judge.

Reindexing 600,000 notes cannot afford the round-trip loader (milliseconds a file) nor even
libyaml (about 110 µs a note). Notes are written by the tool in one canonical form
(``note_file.record_to_yaml``), so `parse_canonical` reads exactly that form, line by line, and
returns None at the first thing it does not expect; the reader then takes the libyaml path and,
failing that, the round-trip path with its file:line errors. Whatever path read a file, the same
pydantic models validate the result.

Profiles, the team file and hand-edited notes (`load_profile`) are read line by line when they
are in the plain block form nearly all are written in (`plain_blocks`: `key: value`, indented
mappings and lists, `[a, b]`, comments), else by libyaml with the round-trip loader's rules
added back (safeyaml.py, which imports libyaml only then): no anchors, aliases, tags or merge
keys, no duplicate keys, bounded depth, and no plain scalar that YAML 1.1 (libyaml) and YAML 1.2
(ruamel) would read differently. Anything doubtful returns None and the reader reads the file
the careful way. `is_plain_text` is the same rule for one value, shared with the import's writer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from handover.format import safeyaml
from handover.format.safeyaml import MAX_DEPTH, PLAIN_DATE, PLAIN_INT

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
        if PLAIN_INT.match(text):
            return int(text)
        if _AMBIGUOUS.match(text):
            raise _Bail
    return text


# --- profiles ---------------------------------------------------------------------------------

_PROFILE_REFUSED = re.compile(r"(?:^|[\s\[{,])[&*!]|^%|<<|^---|^\.\.\.", re.MULTILINE)
_COMMENT = re.compile(r"(?:^|\s)#.*$", re.MULTILINE)


def load_profile(text: str) -> Any | None:
    """A hand-edited profile (or the team file, or a hand-edited note) as plain data, or None
    when only the careful loader may judge it: line by line when it is in the plain block form
    (`plain_blocks`), else by libyaml with the round-trip loader's refusals (safeyaml.py)."""
    if _PROFILE_REFUSED.search(_COMMENT.sub("", text) if "#" in text else text):
        return None  # comments may say anything; only anchors, tags and merges are refused
    plain = plain_blocks(text)
    return plain if plain is not None else safeyaml.load(text)


# --- profiles and the team file in the plain block form ---------------------------------------


def plain_blocks(text: str) -> dict[str, Any] | None:
    """A profile or team file in the plain block form, equal to what libyaml reads, or None.

    The form: `key: value` lines, `key:` over an indented mapping or a `- item` list (items may
    be mappings), `[a, b]` lists of plain words, blank lines and `# comments`. Anything else (a
    block scalar, a flow mapping, a quote next to a `#`, a key or value YAML versions read
    differently) returns None and libyaml decides (safeyaml.py). Nearly every profile and team
    file is in this form; reading the 100-rep team file so costs ~0.5 ms, against ~3 ms for
    libyaml and 10–20 ms to import it."""
    if _UNSAFE_TEXT.search(text):
        return None
    rows: list[tuple[int, str]] = []
    try:
        for line in text.split("\n"):
            body = line.lstrip(" ")
            if body and body[0] != "#":
                rows.append((len(line) - len(body), _without_comment(body)))
        result, position = _plain_mapping(rows, 0, 0, 1)
    except (_Bail, ValueError):
        return None
    return result if rows and position == len(rows) else None  # an empty file is None to YAML


def _without_comment(body: str) -> str:
    if "#" not in body:
        return body.rstrip(" ")
    if "'" in body or '"' in body:
        raise _Bail  # a quote and a `#`: which one starts a comment is the parser's call
    at = body.find(" #")
    return (body if at < 0 else body[:at]).rstrip(" ")


def _plain_mapping(
    rows: list[tuple[int, str]], position: int, indent: int, level: int
) -> tuple[dict[str, Any], int]:
    if level > MAX_DEPTH:
        raise _Bail
    result: dict[str, Any] = {}
    while position < len(rows):
        at, body = rows[position]
        if at < indent:
            break
        if at > indent or body[0] == "-":
            raise _Bail  # a line going on from the last, or a list where keys are
        key, rest = _plain_key(body)
        if key in result:
            raise _Bail
        position += 1
        if rest is not None:
            result[key] = _plain_value(rest)
            continue
        below = rows[position] if position < len(rows) else (-1, "")
        if below[1][:2] == "- " and below[0] >= indent:
            result[key], position = _plain_sequence(rows, position, below[0], level + 1)
        elif below[0] > indent:
            result[key], position = _plain_mapping(rows, position, below[0], level + 1)
        else:
            result[key] = None  # `key:` with nothing under it: null, as YAML reads it
    return result, position


def _plain_key(body: str) -> tuple[str, str | None]:
    """`내선: "5639"` → ('내선', '"5639"'); a key YAML reads as a bool, null or number
    (`on:`, `no:`, `1:`) is libyaml's call."""
    colon = body.find(":")
    key, rest = body[:colon], body[colon + 1 :]
    if colon <= 0 or rest[:1] not in ("", " ") or not is_plain_text(key):
        raise _Bail
    return key, rest[1:] if rest else None


def _plain_sequence(
    rows: list[tuple[int, str]], position: int, indent: int, level: int
) -> tuple[list[Any], int]:
    if level > MAX_DEPTH:
        raise _Bail
    items: list[Any] = []
    while position < len(rows):
        at, body = rows[position]
        if at != indent or body[:2] != "- ":
            if at > indent:
                raise _Bail  # a line going on from the last item
            break
        item = body[2:].lstrip(" ")
        colon = item.find(":")
        if colon > 0 and (item[colon + 1 : colon + 2] in ("", " ")) and item[0] not in "'\"[":
            rows[position] = (at + len(body) - len(item), item)  # a mapping: its first key
            mapping, position = _plain_mapping(rows, position, rows[position][0], level + 1)
            items.append(mapping)
        else:
            items.append(_plain_value(item))
            position += 1
    return items, position


def _plain_value(text: str) -> Any:
    if text in ("[]", "{}"):
        return [] if text == "[]" else {}
    if text[:1] != "[":
        if PLAIN_DATE.match(text):
            return dt.date.fromisoformat(text)  # 2026-13-45 raises ValueError: libyaml's call
        return _scalar(text)
    words = [word.strip(" ") for word in text[1:-1].split(",")] if text[-1] == "]" else [""]
    if any(not word or any(c in word for c in "[]{}'\":") for word in words):
        raise _Bail  # quotes, nesting, `a: b` or an empty item in a flow list: libyaml's
    return [_scalar(word) for word in words]


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
