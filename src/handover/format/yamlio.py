"""Round-trip YAML that keeps what people wrote, and refuses what profiles never need.

ruamel.yaml keeps comments, key order and quoting, but only when configured for it; these
functions hold that configuration and the safety limits (no anchors or aliases, bounded depth)
so that the store can treat a YAML file as text (source.py: strict UTF-8, bounded size) plus a
tree. Only a file the fast parsers doubt, an edit, or an error to point at needs this module.
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
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode
from ruamel.yaml.tokens import CommentToken

from handover.errors import DataError, Location
from handover.format.source import SourceText
from handover.i18n import N_, _

MAX_DEPTH = 32


class _SafeComposer(Composer):
    """Refuses anchors and aliases (alias bombs) and bounds nesting before recursion does."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(_("anchors and aliases (&, *) are not allowed here"), event.start_mark)
        if isinstance(parent, MappingNode) and index is None and not isinstance(event, ScalarEvent):
            raise _Refused(_("a list or mapping used as a key is not allowed"), event.start_mark)
        depth = getattr(self, "_handover_depth", 0) + 1
        if depth > MAX_DEPTH:
            deeper = _("nesting deeper than {depth} levels", depth=MAX_DEPTH)
            raise _Refused(deeper, event.start_mark)
        self._handover_depth = depth
        try:
            return super().compose_node(parent, index)
        except (YAMLError, _Refused, RecursionError):
            raise
        except Exception as exc:  # ruamel's own limits, e.g. NotImplementedError on comments
            raise _Refused(_unreadable(exc), event.start_mark, unreadable=True) from None
        finally:
            self._handover_depth = depth - 1


def _unreadable(exc: Exception) -> str:
    return _(
        "YAML that handover cannot read here ({reason})",
        reason=f"{type(exc).__name__}: {_one_line(str(exc))[:80]}",
    )


UNREADABLE_HINT = N_(
    "write plain `key: value` lines and `- item` lists, comments on their own lines"
)


class _Refused(Exception):
    def __init__(self, message: str, mark: Any, *, unreadable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.unreadable = unreadable  # beyond what handover reads: the hint says what it does


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
        hint = _(UNREADABLE_HINT) if exc.unreadable else None
        raise _error_at(path, exc.mark, exc.message, hint) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in message and exc.context_mark is not None:
            mark = exc.context_mark  # the reader noticed at the file's end; name where it opened
            if "quoted scalar" in (exc.context or ""):
                message = _("a quote opened here is never closed")
        hint = None
        if "duplicate key" in message:
            hint = _("each key may appear once; merge the two entries")
        message = _parser_words(message)
        raise _error_at(path, mark, message, hint) from None
    except YAMLError as exc:  # errors without a mark, e.g. reader errors
        raise DataError(_one_line(str(exc)), location=Location(path)) from None
    except RecursionError:
        raise DataError(_("nesting is too deep"), location=Location(path)) from None
    except Exception as exc:  # ruamel's own limits outside composing, e.g. `%YAML 1.3`
        hint = _(UNREADABLE_HINT)
        raise DataError(_unreadable(exc), location=Location(path), hint=hint) from None


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


_PARSER_WORDS = {
    "mapping values are not allowed here": N_("a `key:` cannot start here (is a line indented?)"),
    "could not find expected ':'": N_("expected ':' after a key"),
    "found duplicate key": N_("the same key appears twice"),
    "found character '\\t' that cannot start any token": N_("a tab cannot indent YAML; use spaces"),
    "invalid YAML": N_("invalid YAML"),
}
"""The YAML reader's most common complaints, in words a translation can carry; the rarer ones
are shown as the reader says them."""


_PARSER_PATTERNS = {
    re.compile(r"expected ',' or '\]', but got (?P<got>.+)"): N_(
        "an unclosed `[` list: expected ',' or ']' where {got} is"
    ),
    re.compile(r"expected ',' or '\}', but got (?P<got>.+)"): N_(
        "an unclosed `{{` mapping: expected ',' or '}}' where {got} is"
    ),
}
"""Complaints that name what the reader found, translated around it."""

_DUPLICATE = re.compile(
    r'found duplicate key "(?P<key>.*)" with value "(?P<value>.*)" '
    r'\(original value: "(?P<first>.*)"\)$',
    re.S,
)
"""ruamel's duplicate-key complaint, whose `with value "None"` (a key with nothing after it)
says nothing to a rep: rewritten whole, in English too."""


def _parser_words(message: str) -> str:
    duplicate = _DUPLICATE.match(message)
    if duplicate:
        return _(
            'the key "{key}" appears twice (first value: "{first}")',
            key=duplicate.group("key"),
            first=duplicate.group("first"),
        )
    for pattern, meant in _PARSER_PATTERNS.items():
        found = pattern.match(message)
        if found and _(meant) != meant:  # English keeps the reader's words
            return _(meant, got=found.group("got"))
    for said, meant in _PARSER_WORDS.items():
        words = _(meant)
        if message.startswith(said) and words != meant:  # English keeps the reader's words
            return words + message[len(said) :]
    return message


def _one_line(message: str) -> str:
    return " ".join(message.split())


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


def append_to_list(
    mapping: CommentedMap, key: str, value: Any, *, after: str | None = None
) -> None:
    """Append to a list in a round-trip mapping so the new item lands inside the list.

    ruamel stores a comment that follows the last item on that item, so a plain append would
    put the new item after the comment (and after any blank line before the next key). Moving
    that trailing comment onto the new item keeps the file looking as the person wrote it.
    """
    if key not in mapping or mapping[key] is None:
        items = CommentedSeq()
        items.append(value)
        position = (list(mapping).index(after) + 1) if after in mapping else len(mapping)
        mapping.insert(position, key, items)
        return
    items = mapping[key]
    if not isinstance(items, list):
        raise TypeError(f"{key} is not a list")
    if not isinstance(items, CommentedSeq) or len(items) == 0:
        items.append(value)
        return
    last = len(items) - 1
    items.append(value)
    comments = items.ca.items.get(last)
    token = comments[0] if comments else None
    if token is None or ("\n" not in token.value.rstrip("\n") and token.value.startswith("#")):
        return  # nothing after the last item but, at most, its own end-of-line comment
    if token.value.startswith("\n"):
        moved = token.value  # only lines after the item: they all follow the list
        del items.ca.items[last]
    else:  # the item's end-of-line comment stays; the lines after it move
        own, moved = token.value.split("\n", 1)
        token.value = own + "\n"
        moved = "\n" + moved
    mark = CommentMark(0)
    items.ca.items[last + 1] = [CommentToken(moved, mark), None, None, None]
