"""How results look: rich for people, Markdown for git hosts, JSON for programs.

The core returns views; these functions decide nothing but presentation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from handover.domain.dates import format_age
from handover.domain.ownership import history_line
from handover.domain.views import MomentView
from handover.format.models import RATING_LABELS, NeverForget
from handover.format.text import markdown as md
from handover.format.text import visible

WEEKDAY_NAMES = {
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}


def to_json(value: Any) -> str:
    """Models, lists and dicts of them, as JSON with Hangul kept readable."""

    def plain(item: Any) -> Any:
        if isinstance(item, BaseModel):
            return item.model_dump(mode="json")
        if isinstance(item, dict):
            return {key: plain(v) for key, v in item.items()}
        if isinstance(item, list | tuple):
            return [plain(v) for v in item]
        return item

    return json.dumps(plain(value), ensure_ascii=False, indent=2, default=str)


def rating_text(rating: int | None) -> Text:
    if rating is None:
        return Text("–", style="dim")
    style = "bold red" if rating == 0 else "yellow" if rating <= 1 else "green"
    return Text(f"{rating} {RATING_LABELS[rating]}", style=style)


def day_text(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "–"
    return f"{day.isoformat()} ({format_age((today - day).days)})"


def fact_line(fact: NeverForget) -> str:
    if isinstance(fact, str):
        return fact
    confirmed = f" (confirmed {fact.confirmed.isoformat()})" if fact.confirmed else ""
    return f"{fact.fact}{confirmed}"


# --- brief ----------------------------------------------------------------------------------


def render_brief(console: Console, brief: Any, today: dt.date) -> None:
    who = Text()
    who.append(visible(brief.name), style="bold")
    who.append(f" ({brief.id}) · {visible(brief.kind)}")
    place = ", ".join(p for p in (brief.role, brief.organisation) if p)
    if place:
        who.append(f" · {visible(place)}")
    console.print(who)
    console.print(health_line(brief.health))
    for factor in brief.health.factors[1:]:
        console.print(Text(f"              also {factor.reason}", style="dim"))
    if brief.open_items:
        console.print(Text(f"Open items ({len(brief.open_items)})", style="bold"))
        for item in brief.open_items:
            console.print(item_line(item))
    console.print(Text.assemble(("Owner         ", "dim"), visible(brief.owner_label)))
    history = history_line(brief.ownership)
    if history:
        console.print(Text.assemble(("History       ", "dim"), visible(history)))
    contact = brief.contact
    last = Text("Last contact  ", style="dim")
    if contact.last is None:
        last.append("never", style="bold red")
    else:
        last.append(day_text(contact.last.at.date(), today))
        last.append(f" · {contact.last.channel} · ")
        last.append_text(rating_text(contact.last.rating))
    console.print(last)
    planned = Text("Next contact  ", style="dim")
    if contact.next_contact is None:
        planned.append("none planned", style="yellow")
    else:
        overdue = contact.next_contact < today
        planned.append(day_text(contact.next_contact, today), style="bold red" if overdue else "")
        if overdue:
            planned.append(" overdue", style="bold red")
    console.print(planned)
    if brief.never_forget:
        console.print(Text("Never forget", style="bold magenta"))
        for fact in brief.never_forget:
            console.print(Text.assemble(("  ! ", "bold magenta"), visible(fact_line(fact))))
    else:
        console.print(Text("Never forget  none recorded", style="yellow"))
    console.print()
    if brief.recent:
        console.print(Text(f"Recent moments ({contact.moments} in all)", style="bold"))
        console.print(moments_table(brief.recent))
    if brief.related:
        console.print(Text("Related", style="bold"))
        for related in brief.related:
            ref = f" ({related.customer})" if related.customer else ""
            console.print(f"  {related.name}{ref} — {related.relation}")
    prefs = preference_parts(brief.preferences)
    if prefs:
        console.print(Text("Preferences", style="bold"))
        console.print("  " + " · ".join(prefs))
    if brief.contacts:
        console.print(Text("Contacts", style="bold"))
        console.print("  " + " · ".join(f"{k}: {v}" for k, v in brief.contacts.items()))


def preference_parts(preferences: Any) -> list[str]:
    parts: list[str] = []
    if preferences.best_days:
        parts.append("best days " + ", ".join(WEEKDAY_NAMES[d] for d in preferences.best_days))
    if preferences.best_time:
        parts.append(f"best time {preferences.best_time}")
    if preferences.channel:
        parts.append(f"prefers {preferences.channel}")
    if preferences.notes:
        parts.append(preferences.notes)
    return parts


def moments_table(moments: Sequence[MomentView]) -> Table:
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("by", no_wrap=True)
    table.add_column("channel", no_wrap=True)
    table.add_column("rating", no_wrap=True)
    table.add_column("summary", overflow="fold")
    for moment in moments:
        table.add_row(
            moment.at.date().isoformat(),
            moment.by,
            moment.channel,
            rating_text(moment.rating),
            moment.summary,
        )
    return table


def brief_markdown(brief: Any, today: dt.date) -> str:
    """The brief as Markdown; every piece of text from a file goes through `markdown`, the
    escaper the handover pack uses too."""
    contact = brief.contact
    place = ", ".join(p for p in (brief.role, brief.organisation) if p)
    lines = [
        f"# {md(brief.name)} ({md(brief.id)})",
        "",
        f"**{md(brief.kind)}**" + (f" · {md(place)}" if place else ""),
    ]
    lines += ["", f"- **Owner:** {md(brief.owner_label)}"]
    history = history_line(brief.ownership)
    if history:
        lines.append(f"- **History:** {md(history)}")
    if contact.last is None:
        lines.append("- **Last contact:** never")
    else:
        rating = (
            "–"
            if contact.last.rating is None
            else f"{contact.last.rating} {RATING_LABELS[contact.last.rating]}"
        )
        lines.append(
            f"- **Last contact:** {day_text(contact.last.at.date(), today)} · "
            f"{md(contact.last.channel)} · {rating}"
        )
    planned = day_text(contact.next_contact, today) if contact.next_contact else "none planned"
    if contact.next_contact and contact.next_contact < today:
        planned += " **overdue**"
    lines.append(f"- **Next contact:** {planned}")
    lines.insert(4, f"- **Health:** {md(brief.health.headline())}")
    for position, factor in enumerate(brief.health.factors[1:], start=5):
        lines.insert(position, f"  - also {md(factor.reason)}")
    if brief.open_items:
        lines += ["", f"## Open items ({len(brief.open_items)})", ""]
        for item in brief.open_items:
            late = f" · **overdue {item.overdue_days}d**" if item.overdue_days else ""
            due = f" · due {item.due}" if item.due and not item.overdue_days else ""
            lines.append(
                f"- `{item.ref}` {md(item.kind)}: {md(item.text)} · open {item.age_days}d"
                f"{due}{late}"
            )
    lines += ["", "## Never forget", ""]
    lines += [f"- {md(fact_line(f))}" for f in brief.never_forget] or ["_none recorded_"]
    if brief.recent:
        lines += ["", f"## Recent moments ({contact.moments} in all)", ""]
        lines += ["| date | by | channel | rating | summary |", "| --- | --- | --- | --- | --- |"]
        for m in brief.recent:
            rating = "–" if m.rating is None else str(m.rating)
            day = m.at.date().isoformat()
            lines.append(f"| {day} | {md(m.by)} | {md(m.channel)} | {rating} | {md(m.summary)} |")
    if brief.related:
        lines += ["", "## Related", ""]
        lines += [
            f"- {md(r.name)}{f' (`{r.customer}`)' if r.customer else ''} — {md(r.relation)}"
            for r in brief.related
        ]
    prefs = preference_parts(brief.preferences)
    if prefs:
        lines += ["", "## Preferences", "", "- " + " · ".join(md(p) for p in prefs)]
    return "\n".join(lines) + "\n"


# --- lists ----------------------------------------------------------------------------------


def customers_table(rows: Sequence[Any], today: dt.date) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("customer", "id", "kind", "owner", "last contact", "days"):
        table.add_column(column, no_wrap=True, justify="right" if column == "days" else "left")
    for row in rows:
        days = "–" if row.days_since is None else str(row.days_since)
        style = "red" if row.days_since is None or row.days_since > 90 else ""
        table.add_row(
            row.name,
            row.id,
            row.kind,
            row.owner,
            row.last_contact.isoformat() if row.last_contact else "never",
            Text(days, style=style),
        )
    return table


def render_problems(console: Console, problems: Sequence[Any]) -> None:
    for problem in problems:
        line = Text(str(problem))
        if problem.hint:
            line.append(f" — hint: {problem.hint}", style="dim")
        console.print(line, soft_wrap=True, highlight=False)


# --- items and health -----------------------------------------------------------------------


def health_style(percent: int) -> str:
    return (
        "bold white on red"
        if percent == 0
        else "red"
        if percent < 50
        else "yellow"
        if percent < 80
        else "green"
    )


def health_line(health: Any) -> Text:
    line = Text("Health        ", style="dim")
    line.append(f" {health.percent} ", style=health_style(health.percent))
    worst = health.worst
    line.append(f" {visible(worst.reason)}" if worst else " nothing open, nothing overdue")
    return line


def item_line(item: Any) -> Text:
    line = Text("  ")
    line.append(item.ref, style="bold")
    line.append(f" {item.kind}: {visible(item.text)}")
    line.append(f" · open {item.age_days}d", style="dim")
    if item.overdue_days:
        line.append(f" · overdue {item.overdue_days}d", style="bold red")
    elif item.due:
        line.append(f" · due {item.due.isoformat()}", style="dim")
    return line


def open_items_table(rows: Sequence[Any]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("item", "customer", "kind", "age", "due", "rep", "text"):
        wraps = column in ("text", "customer", "item")
        table.add_column(
            column, no_wrap=not wraps, overflow="fold", min_width=20 if column == "text" else None
        )
    for row in rows:
        item = row.item
        due = item.due.isoformat() if item.due else "–"
        if item.overdue_days:
            due_text = Text(f"{due[5:]} +{item.overdue_days}d", style="bold red")
        else:
            due_text = Text(due)
        table.add_row(
            item.ref, row.name, item.kind, f"{item.age_days}d", due_text, item.owner, item.text
        )
    return table


def agenda_table(entries: Sequence[Any], today: dt.date) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("when", "customer", "what"):
        table.add_column(
            column,
            no_wrap=column == "when",
            overflow="fold",
            min_width=24 if column == "what" else None,
        )
    for entry in entries:
        when = Text(entry.day.isoformat())
        if entry.kind == "zero":
            when = Text("now", style="bold white on red")
        elif entry.overdue_days:
            when = Text(f"{entry.day.isoformat()} overdue {entry.overdue_days}d", style="bold red")
        elif entry.day == today:
            when = Text("today", style="yellow")
        what = f"{entry.ref} {entry.text}" if entry.ref else entry.text
        table.add_row(when, entry.name, what)
    return table


def health_table(summaries: Sequence[Any]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("health", "customer", "owner", "why"):
        table.add_column(
            column,
            no_wrap=column in ("health", "owner"),
            justify="right" if column == "health" else "left",
            overflow="fold",
            min_width=24 if column == "why" else None,
        )
    for summary in summaries:
        health = summary.health
        reasons = "; ".join(f.reason for f in health.factors) or "–"
        table.add_row(
            Text(str(health.percent), style=health_style(health.percent)),
            summary.name,
            summary.owner,
            reasons,
        )
    return table


# --- search ---------------------------------------------------------------------------------


def search_table(hits: Sequence[Any]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("customer", "date", "where", "match"):
        table.add_column(column, no_wrap=column != "match", overflow="fold")
    for hit in hits:
        snippet = Text(visible(hit.snippet))
        for start, end in hit.marks:
            snippet.stylize("bold reverse", start, end)
        where = hit.ref if hit.where in ("note", "item") and "#" in hit.ref else hit.where
        table.add_row(
            f"{hit.name} ({hit.customer})",
            hit.date.isoformat() if hit.date else "–",
            where,
            snippet,
        )
    return table
