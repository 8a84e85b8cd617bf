"""How the teamwork commands look: sync, history, brief --since, CI annotations.

Kept apart from render.py, like the command modules, so each command group's presentation
can be read (and changed) on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from handover.core.changes_since import ChangesSince
from handover.core.history import History
from handover.core.sync import SyncResult
from handover.domain import words
from handover.domain.profile_diff import FieldChange, shown_field
from handover.domain.views import ItemState
from handover.format.text import markdown, visible
from handover.i18n import _, ngettext
from handover.render.lists import history_table, moments_table
from handover.render.tables import print_table
from handover.render.terminal import item_line

if TYPE_CHECKING:
    from handover.core.check import Problem

# --- sync ---------------------------------------------------------------------------------------


def render_sync(out: Console, err: Console, result: SyncResult) -> None:
    if result.committed:
        out.print(
            _(
                "Committed {count} change(s) handover had left uncommitted:",
                count=len(result.committed),
            )
        )
        for subject in result.committed:
            out.print(f"  {subject}")
    if result.untracked:
        shown = ", ".join(result.untracked[:3]) + (" …" if len(result.untracked) > 3 else "")
        err.print(
            _(
                "Left alone {count} new file(s) handover did not write: {shown}",
                count=len(result.untracked),
                shown=shown,
            )
        )
    if result.remote is None:
        out.print(
            _(
                "No remote: your work is committed here only. To share it: "
                "git remote add origin URL, then handover sync"
            )
        )
        return
    if result.received:
        out.print(
            _(
                "Received {count} commit(s) from {remote}",
                count=result.received,
                remote=result.target,
            )
        )
    if result.sent:
        out.print(_("Sent {count} commit(s) to {remote}", count=result.sent, remote=result.target))
    if result.offline is not None:
        err.print(
            _(
                "Offline: {why}. Your work is committed here; "
                "run handover sync again when the remote can be reached.",
                why=result.offline,
            ),
            style="yellow",
        )
    elif not (result.received or result.sent):
        out.print(_("Up to date with {remote}", remote=result.target))


# --- history ------------------------------------------------------------------------------------


def change_text(change: FieldChange) -> str:
    if change.added or change.removed:
        parts = [f"+ {_value(item)}" for item in change.added]
        parts += [f"- {_value(item)}" for item in change.removed]
        return f"{shown_field(change.field)}: " + "; ".join(parts)
    return f"{shown_field(change.field)}: {_value(change.before)} → {_value(change.after)}"


def _value(value: Any) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def render_history(out: Console, history: History, *, zone: dt.tzinfo | None) -> None:
    """The history in one zone, the clock's (`zone`): notes carry their writer's offset and
    commits their author's, which side by side would read out of order."""
    named = f" ({history.customer})" if history.name != history.customer else ""  # id once
    out.print(Text.assemble((history.name, "bold"), named + " · " + _("history")))
    print_table(out, history_table(history, change_text, zone))
    shown = ngettext(
        "{count} event, newest first", "{count} events, newest first", len(history.events)
    )
    if history.more:
        shown = _("{shown}; {more} older not shown", shown=shown, more=history.more)
    out.print(shown, style="dim")


# --- brief --since ------------------------------------------------------------------------------


def since_heading(changes: ChangesSince) -> str:
    if changes.base is None:
        return _("Since {since}", since=changes.since)
    if changes.base_at is None:
        return _(
            "Since {since} (compared with commit {commit})",
            since=changes.since,
            commit=changes.base[:7],
        )
    return _(
        "Since {since} (compared with commit {commit} of {when})",
        since=changes.since,
        commit=changes.base[:7],
        when=f"{changes.base_at:%Y-%m-%d %H:%M}",
    )


def _titled(title: str, count: int) -> str:
    return _("{title} ({count})", title=title, count=count)


def _item_groups(changes: ChangesSince) -> tuple[tuple[str, list[ItemState]], ...]:
    return (
        (_("Opened"), list(changes.opened)),
        (_("Closed"), list(changes.closed)),
        (_("Reopened"), list(changes.reopened)),
    )


def render_changes(out: Console, changes: ChangesSince, today: dt.date) -> None:
    out.print(Text.assemble((changes.name, "bold"), f" ({changes.customer})"))
    out.print(Text(since_heading(changes), style="bold"))
    if changes.empty:
        out.print("  " + _("nothing changed"))
        return
    if changes.profile_added:
        out.print(Text(_("Profile"), style="bold"))
        out.print("  " + _("added to the folder since then"))
    elif changes.profile:
        out.print(Text(_("Profile"), style="bold"))
        for change in changes.profile:
            out.print(f"  {change_text(change)}")
    elif not changes.profile_known:
        unknown = _("Profile  changes unknown: the folder is not in git")
        out.print(Text(unknown, style="dim"))
    for title, items in _item_groups(changes):
        if items:
            out.print(Text(_titled(title, len(items)), style="bold"))
            for item in items:
                out.print(item_line(item) if item.status == "open" else _resolved_line(item))
    if changes.corrections:
        corrected = _titled(_("Corrected"), len(changes.corrections))
        out.print(Text(corrected, style="bold"))
        for correction in changes.corrections:
            fields = ", ".join(f"{k} → {_value(v)}" for k, v in correction.changes.items())
            by = _("{note} by {rep}", note=correction.note, rep=correction.by)
            out.print(f"  {by}: {fields}")
    if changes.moments:
        out.print(Text(_titled(_("New moments"), len(changes.moments)), style="bold"))
        print_table(out, moments_table(changes.moments))


def _resolved_line(item: ItemState) -> Text:
    line = Text("  ")
    line.append(item.ref, style="bold")
    line.append(f" {words.item_kind(item.kind)}: {visible(item.text)}")
    when = f"{item.resolved_at:%Y-%m-%d}" if item.resolved_at else "?"
    if item.age_days <= 0:
        resolved = _("resolved {day} by {rep} the same day", day=when, rep=item.resolved_by)
    else:
        resolved = _(
            "resolved {day} by {rep} after {days}",
            day=when,
            rep=item.resolved_by,
            days=words.short_days(item.age_days),
        )
    line.append(" · " + resolved, style="green")
    if item.how:
        line.append(f": {visible(item.how)}", style="dim")
    return line


def changes_markdown(changes: ChangesSince) -> str:
    lines = [f"# {changes.name} ({changes.customer})", "", f"_{since_heading(changes)}_", ""]
    if changes.empty:
        return "\n".join([*lines, _("Nothing changed.")]) + "\n"
    if changes.profile_added:
        lines += [f"## {_('Profile')}", "", f"- {_('added to the folder since then')}", ""]
    elif changes.profile:
        lines += [f"## {_('Profile')}", ""]
        lines += [f"- {markdown(change_text(change))}" for change in changes.profile]
        lines.append("")
    for title, items in _item_groups(changes):
        if items:
            lines += [f"## {title}", ""]
            lines += [f"- **{i.ref}** {i.kind}: {markdown(i.text)} ({i.status})" for i in items]
            lines.append("")
    if changes.corrections:
        lines += ["## Corrected", ""]
        for correction in changes.corrections:
            fields = ", ".join(f"{k} → {_value(v)}" for k, v in correction.changes.items())
            lines.append(f"- `{correction.note}` by {correction.by}: {markdown(fields)}")
        lines.append("")
    if changes.moments:
        lines += ["## New moments", "", "| date | by | channel | rating | summary |"]
        lines.append("| --- | --- | --- | --- | --- |")
        for m in changes.moments:
            rating = "–" if m.rating is None else str(m.rating)
            summary = markdown(m.summary)
            lines.append(f"| {m.at.date()} | {m.by} | {m.channel} | {rating} | {summary} |")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- check --format github ----------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


SUMMARY_ROWS = 1000
"""Rows of the step summary (GitHub allows 1 MiB); the rest are counted."""


def github_summary(problems: Sequence[Problem], prefix: Path, *, since: str | None) -> str:
    """The job summary GitHub shows on the run page: every problem in a Markdown table."""
    from handover.format.text import markdown as md

    scope = f" (files changed since {md(since)})" if since else ""
    if not problems:
        return f"### handover check{scope}\n\nNo problems.\n\n"
    lines = [
        f"### handover check{scope}: {len(problems)} problem(s)",
        "",
        "| file | line | problem | hint |",
        "| --- | ---: | --- | --- |",
    ]
    for problem in problems[:SUMMARY_ROWS]:
        path = problem.path if str(prefix) == "." else f"{prefix.as_posix()}/{problem.path}"
        message = problem.message + (f" ({problem.field})" if problem.field else "")
        lines.append(
            f"| `{posixpath.normpath(path)}` | {problem.line or ''} | {md(message)} | "
            f"{md(problem.hint or '')} |"
        )
    if len(problems) > SUMMARY_ROWS:
        lines += ["", f"… and {len(problems) - SUMMARY_ROWS} more: run `handover check` locally."]
    return "\n".join(lines) + "\n\n"


def github_annotations(problems: Sequence[Problem], prefix: Path) -> str:
    """GitHub Actions workflow commands, one ``::error`` per problem, with paths from the
    repository root (``prefix`` is the team folder's place in the repository)."""
    lines: list[str] = []
    for problem in problems:
        path = problem.path if str(prefix) == "." else f"{prefix.as_posix()}/{problem.path}"
        path = posixpath.normpath(path)  # ../CODEOWNERS of a subfolder team: the root's
        properties = [f"file={_escape_property(path)}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
            if problem.column is not None:
                properties.append(f"col={problem.column}")
        properties.append("title=handover check")
        message = problem.message + (f" ({problem.field})" if problem.field else "")
        if problem.hint:
            message += f" — hint: {problem.hint}"
        lines.append(f"::error {','.join(properties)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
