"""How results look: rich for people, Markdown for git hosts, JSON for programs.

The core returns views; these functions decide nothing but presentation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from handover.domain import words
from handover.domain.ownership import history_line
from handover.format.profile import NeverForget
from handover.format.text import markdown as md
from handover.format.text import visible
from handover.i18n import _
from handover.render.hanging import Hanging
from handover.render.lists import health_style, moments_table
from handover.render.tables import print_table

if TYPE_CHECKING:
    from handover.core.brief import Brief
    from handover.core.check import Problem
    from handover.domain.health import Health
    from handover.domain.views import ItemState
    from handover.format.profile import Preferences

LABEL_CELLS = 14


def label(text: str) -> str:
    """A brief's line label, padded to one width in cells whatever the language."""
    return text + " " * max(1, LABEL_CELLS - cell_len(text))


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
    return Text(words.rating(rating), style=style)


def day_text(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "–"
    return f"{day.isoformat()} ({words.age((today - day).days)})"


def fact_line(fact: NeverForget) -> str:
    if isinstance(fact, str):
        return fact
    if fact.confirmed:
        return _("{fact} (confirmed {day})", fact=fact.fact, day=fact.confirmed.isoformat())
    return fact.fact


# --- brief ----------------------------------------------------------------------------------


def shown_from_text(brief: Brief) -> str:
    """Why the facts below are an older version's: the profile on disk does not parse."""
    day = brief.shown_from.date().isoformat() if brief.shown_from else ""
    return _("the profile could not be read: showing it as committed on {date}", date=day)


def render_brief(out: Console, brief: Brief, today: dt.date) -> None:
    """The brief, each line wrapped at words to the terminal (a reference is never split)."""

    def say(*parts: Any) -> None:
        out.print(*parts, soft_wrap=False)

    who = Text()
    who.append(visible(brief.name), style="bold")
    who.append(f" ({brief.id}) · {words.customer_kind(brief.kind)}")
    place = ", ".join(p for p in (brief.role, brief.organisation) if p)
    if place:
        who.append(f" · {visible(place)}")
    say(who)
    if brief.shown_from is not None:
        say(Text(shown_from_text(brief), style="yellow"))
    say(health_line(brief.health))
    for factor in brief.health.factors[1:]:
        say(Hanging(label(""), Text(_("also {reason}", reason=factor.reason), style="dim")))
    if brief.open_items:
        say(Text(_("Open items ({count})", count=len(brief.open_items)), style="bold"))
        for item in brief.open_items:
            say(item_line(item))
    say(labelled(_("Owner"), visible(brief.owner_label)))
    history = history_line(brief.ownership)
    if history:
        say(labelled(_("History"), visible(history)))
    contact = brief.contact
    last = Text()
    if contact.last is None:
        last.append(_("never"), style="bold red")
    else:
        last.append(day_text(contact.last.at.date(), today))
        last.append(f" · {words.channel(contact.last.channel)} · ")
        last.append_text(rating_text(contact.last.rating))
    say(labelled(_("Last contact"), last))
    planned = Text()
    if contact.next_contact is None:
        planned.append(_("none planned"), style="yellow")
    else:
        overdue = contact.next_contact < today
        planned.append(day_text(contact.next_contact, today), style="bold red" if overdue else "")
        if overdue:
            planned.append(" " + _("overdue"), style="bold red")
    say(labelled(_("Next contact"), planned))
    if brief.never_forget:
        say(Text(_("Never forget"), style="bold magenta"))
        for fact in brief.never_forget:
            say(Hanging(Text("  ! ", style="bold magenta"), visible(fact_line(fact))))
    else:
        say(Text(label(_("Never forget")) + _("none recorded"), style="yellow"))
    say()
    if brief.recent:
        say(Text(_("Recent moments ({count} in all)", count=contact.moments), style="bold"))
        print_table(out, moments_table(brief.recent))
    if brief.related:
        say(Text(_("Related"), style="bold"))
        for related in brief.related:
            ref = f" ({related.customer})" if related.customer else ""
            say(Hanging("  ", f"{related.name}{ref} — {related.relation}"))
    prefs = preference_parts(brief.preferences)
    if prefs:
        say(Text(_("Preferences"), style="bold"))
        say(Hanging("  ", prefs))
    if brief.contacts:
        say(Text(_("Contacts"), style="bold"))
        shown = [f"{words.contact_key(key)}: {value}" for key, value in brief.contacts.items()]
        say(Hanging("  ", shown))


def preference_parts(preferences: Preferences) -> list[str]:
    parts: list[str] = []
    if preferences.best_days:
        days = ", ".join(words.weekday(d) for d in preferences.best_days)
        parts.append(_("best days {days}", days=days))
    if preferences.best_time:
        parts.append(_("best time {time}", time=preferences.best_time))
    if preferences.channel:
        parts.append(_("prefers {channel}", channel=words.channel(preferences.channel)))
    if preferences.notes:
        parts.append(preferences.notes)
    return parts


def brief_markdown(brief: Brief, today: dt.date) -> str:
    """The brief as Markdown, in the language in use; every piece of text from a file goes
    through `markdown`, the escaper the handover pack uses too."""
    contact = brief.contact
    place = ", ".join(p for p in (brief.role, brief.organisation) if p)

    def field(name: str, value: str) -> str:
        return f"- **{name}:** {value}"

    lines = [
        f"# {md(brief.name)} ({md(brief.id)})",
        "",
        f"**{md(words.customer_kind(brief.kind))}**" + (f" · {md(place)}" if place else ""),
        "",
        field(_("Health"), md(brief.health.headline())),
    ]
    if brief.shown_from is not None:
        lines[3:3] = ["", f"_{md(shown_from_text(brief))}_"]
    lines += [f"  - {md(_('also {reason}', reason=f.reason))}" for f in brief.health.factors[1:]]
    lines.append(field(_("Owner"), md(brief.owner_label)))
    history = history_line(brief.ownership)
    if history:
        lines.append(field(_("History"), md(history)))
    if contact.last is None:
        lines.append(field(_("Last contact"), _("never")))
    else:
        rating = "–" if contact.last.rating is None else words.rating(contact.last.rating)
        last = day_text(contact.last.at.date(), today)
        channel = md(words.channel(contact.last.channel))
        lines.append(field(_("Last contact"), f"{last} · {channel} · {md(rating)}"))
    planned = day_text(contact.next_contact, today) if contact.next_contact else _("none planned")
    if contact.next_contact and contact.next_contact < today:
        planned += f" **{_('overdue')}**"
    lines.append(field(_("Next contact"), planned))
    if brief.open_items:
        lines += ["", f"## {_('Open items ({count})', count=len(brief.open_items))}", ""]
        lines += [f"- `{item.ref}` {markdown_item(item)}" for item in brief.open_items]
    lines += ["", f"## {_('Never forget')}", ""]
    lines += [f"- {md(fact_line(f))}" for f in brief.never_forget] or [f"_{_('none recorded')}_"]
    if brief.recent:
        lines += ["", f"## {_('Recent moments ({count} in all)', count=contact.moments)}", ""]
        heads = (_("date"), _("by"), _("channel"), _("rating"), _("summary"))
        lines += ["| " + " | ".join(heads) + " |", "| --- | --- | --- | --- | --- |"]
        for m in brief.recent:
            rating = "–" if m.rating is None else str(m.rating)
            day = m.at.date().isoformat()
            cells = (day, md(m.by), md(words.channel(m.channel)), rating, md(m.summary))
            lines.append("| " + " | ".join(cells) + " |")
    if brief.related:
        lines += ["", f"## {_('Related')}", ""]
        lines += [
            f"- {md(r.name)}{f' (`{r.customer}`)' if r.customer else ''} — {md(r.relation)}"
            for r in brief.related
        ]
    prefs = preference_parts(brief.preferences)
    if prefs:
        lines += ["", f"## {_('Preferences')}", "", "- " + " · ".join(md(p) for p in prefs)]
    return "\n".join(lines) + "\n"


def markdown_item(item: ItemState) -> str:
    """`promise: text · open 3d · **overdue 2d**`, the item line of the terminal brief."""
    line = f"{md(words.item_kind(item.kind))}: {md(item.text)} · {words.open_for(item.age_days)}"
    if item.overdue_days:
        line += f" · **{_('overdue {days}', days=words.short_days(item.overdue_days))}**"
    elif item.due:
        line += " · " + _("due {day}", day=item.due.isoformat())
    if item.due_before:
        line += " " + _(
            "(was due {dates})", dates=", ".join(d.isoformat() for d in item.due_before)
        )
    return line


# --- lists ----------------------------------------------------------------------------------


def render_problems(console: Console, problems: Sequence[Problem]) -> None:
    for problem in problems:
        line = Text(str(problem))
        if problem.hint:
            line.append(_(" — hint: {hint}", hint=problem.hint), style="dim")
        console.print(line, soft_wrap=True, highlight=False)


# --- items and health -----------------------------------------------------------------------


def health_line(health: Health) -> Hanging:
    lead = Text(label(_("Health")), style="dim")
    lead.append(f" {health.percent} ", style=health_style(health.percent))
    return Hanging(lead.append(" "), visible(health.reason))


def labelled(name: str, value: Text | str) -> Hanging:
    """A brief's `label  value` line; a long value wraps under itself."""
    return Hanging(Text(label(name), style="dim"), value)


def item_line(item: ItemState) -> Hanging:
    """`  ref kind: text · open 3d …`; a long text wraps under the text, the ref alone."""
    lead = Text("  ")
    lead.append(item.ref, style="bold")
    return Hanging(lead.append(" "), item_text(item))


def item_text(item: ItemState) -> Text:
    line = Text(f"{words.item_kind(item.kind)}: {visible(item.text)}")
    line.append(" · " + words.open_for(item.age_days), style="dim")
    if item.overdue_days:
        overdue = _("overdue {days}", days=words.short_days(item.overdue_days))
        line.append(" · " + overdue, style="bold red")
    elif item.due:
        line.append(" · " + _("due {day}", day=item.due.isoformat()), style="dim")
    if item.due_before:  # a renegotiated promise: what was promised first stays visible
        earlier = ", ".join(day.isoformat() for day in item.due_before)
        line.append(" " + _("(was due {dates})", dates=earlier), style="dim")
    return line
