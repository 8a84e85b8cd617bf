"""Round-trip YAML that keeps what people wrote, and refuses what profiles never need.

ruamel.yaml keeps comments, key order and quoting, but only when configured for it; these
functions hold that configuration and the safety limits (no anchors or aliases, bounded depth
and size, strict UTF-8) so that the store can treat a YAML file as text plus a tree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode

from handover.errors import DataError, Location

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """A file's text with the newline style and BOM it came with, so a rewrite keeps them."""

    text: str
    newline: str = "\n"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(raw: bytes, path: Path) -> SourceText:
    """Strict UTF-8 (an Excel CP949 file is named, never guessed) with BOM and CRLF noted."""
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            f"file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            location=Location(path),
            hint="a profile or note should be a few kilobytes; split or trim it",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save it as UTF-8"
        try:
            raw.decode("cp949")
            hint = "it looks like CP949 (Korean Excel/Windows): iconv -f cp949 -t utf-8"
        except UnicodeDecodeError:
            pass
        raise DataError(
            "file is not valid UTF-8", location=Location(path, line), hint=hint
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        text = text.replace("\r\n", "\n")
    return SourceText(text=text, newline=newline, bom=bom)


class _SafeComposer(Composer):
    """Refuses anchors and aliases (alias bombs) and bounds nesting before recursion does."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("anchors and aliases (&, *) are not allowed here", event.start_mark)
        if isinstance(parent, MappingNode) and index is None and not isinstance(event, ScalarEvent):
            raise _Refused("a list or mapping used as a key is not allowed", event.start_mark)
        depth = getattr(self, "_handover_depth", 0) + 1
        if depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        self._handover_depth = depth
        try:
            return super().compose_node(parent, index)
        except (YAMLError, _Refused, RecursionError):
            raise
        except Exception as exc:  # ruamel's own limits, e.g. NotImplementedError on comments
            raise _Refused(_unreadable(exc), event.start_mark) from None
        finally:
            self._handover_depth = depth - 1


def _unreadable(exc: Exception) -> str:
    return f"YAML that handover cannot read here ({type(exc).__name__}: {_one_line(str(exc))[:80]})"


UNREADABLE_HINT = "write plain `key: value` lines and `- item` lists, comments on their own lines"


class _Refused(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


@dataclass(frozen=True)
class Indent:
    """The indentation a person wrote, so a rewrite does not re-indent their lists."""

    mapping: int = 2
    sequence: int = 2
    offset: int = 0


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_CHILD_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def guess_indent(text: str) -> Indent:
    """Read the list and mapping indentation from the first block that shows each."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mapping: int | None = None
    offset: int | None = None
    for previous, line in itertools.pairwise(lines):
        opener = _KEY_LINE.match(previous)
        if not opener:
            continue
        parent = len(opener.group(1))
        dash = _DASH_LINE.match(line)
        if dash and offset is None:
            offset = max(0, len(dash.group(1)) - parent)
        child = _CHILD_KEY.match(line)
        if child and not dash and mapping is None and len(child.group(1)) > parent:
            mapping = len(child.group(1)) - parent
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = offset or 0
    return Indent(mapping=mapping, sequence=offset + 2, offset=offset)


class _SafeConstructor(RoundTripConstructor):
    """Names the line of an impossible date (2025-13-03) instead of failing without one."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise ConstructorError(
                None, None, f"'{node.value}' is not a valid date or time ({exc})", node.start_mark
            ) from None


_SafeConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _SafeConstructor.construct_yaml_timestamp
)


def round_trip_yaml(indent: Indent | None = None) -> YAML:
    """A ruamel instance configured so that load then dump changes nothing people wrote."""
    yaml = YAML(typ="rt")
    yaml.Composer = _SafeComposer
    yaml.Constructor = _SafeConstructor
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_duplicate_keys = False
    indent = indent or Indent()
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


def load(source: SourceText, path: Path) -> Any:
    """Parse with positions kept; any YAML problem becomes a DataError with line and column."""
    yaml = round_trip_yaml()
    try:
        return yaml.load(source.text)
    except _Refused as exc:
        hint = UNREADABLE_HINT if exc.message.startswith("YAML that") else None
        raise _error_at(path, exc.mark, exc.message, hint) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        hint = None
        if "duplicate key" in message:
            hint = "each key may appear once; merge the two entries"
        raise _error_at(path, mark, message, hint) from None
    except YAMLError as exc:  # errors without a mark, e.g. reader errors
        raise DataError(_one_line(str(exc)), location=Location(path)) from None
    except RecursionError:
        raise DataError("nesting is too deep", location=Location(path)) from None
    except Exception as exc:  # ruamel's own limits outside composing, e.g. `%YAML 1.3`
        raise DataError(_unreadable(exc), location=Location(path), hint=UNREADABLE_HINT) from None


def _error_at(path: Path, mark: Any, message: str, hint: str | None) -> DataError:
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    return DataError(
        _one_line(message),
        location=Location(
            path,
            None if line is None else line + 1,
            None if column is None else column + 1,
        ),
        hint=hint,
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())


_NOT_CANONICAL = re.compile(r"[&*!\[{]|^%|\t", re.MULTILINE)


def load_canonical(source: SourceText) -> Any | None:
    """Fast parse of a note in the canonical form the tool writes, with libyaml when present.

    Returns None (so the caller uses the round-trip loader, with its positions and refusals)
    for anything that could hold an anchor, alias, tag or flow collection, or fails to parse.
    """
    from handover.format.fastyaml import parse_canonical

    exact = parse_canonical(source.text)
    if exact is not None:
        return exact
    if _NOT_CANONICAL.search(source.text):
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(source.text, Loader=loader)
    except yaml.YAMLError:
        return None


def dump(data: Any, indent: Indent | None = None) -> str:
    stream = StringIO()
    round_trip_yaml(indent).dump(data, stream)
    return stream.getvalue()


def to_plain(node: Any) -> Any:
    """ruamel's tree as plain Python values, so pydantic and JSON see ordinary types."""
    if isinstance(node, dict):
        return {
            str(key) if not isinstance(key, str) else key: to_plain(v) for key, v in node.items()
        }
    if isinstance(node, list):
        return [to_plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime.fromisoformat(node.isoformat())
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if node is None:
        return None
    return str(node)  # tagged scalars and the like: validation will name the field


def position(tree: Any, loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
    """1-based line and column of the value at ``loc`` (a pydantic error path) in the tree."""
    node = tree
    line: int | None = None
    column: int | None = None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            found = node.lc.value(part)  # None in a tagged mapping such as `!!omap`
            if found is None:
                break
            line, column = found
            node = node[part]
        elif isinstance(node, CommentedMap) and isinstance(part, str):
            break  # a missing key: point at the mapping that lacks it
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            continue  # a pydantic union tag such as 'str' or 'ConfirmedFact'
    if line is None and isinstance(tree, CommentedMap | CommentedSeq):
        line, column = tree.lc.line, tree.lc.col  # the whole document is wrong
    return (None if line is None else line + 1, None if column is None else column + 1)
