"""`handover digest` as plain text (a terminal, cron's mail, a chat bot) and as Markdown.

Plain text on purpose: it is mailed and pasted, so no colours and no markup; what people
wrote is shown literally, on one line. Mailed, piped or pasted, each entry stays one line
(mail clients and chat apps wrap to their own width, a phone's included; hard breaks at 76
would leave ragged half-lines there). On a terminal the entries are wrapped to its width,
the rest of an entry under its text, so the reference or the day stays a column of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from handover.core.agenda import AgendaEntry
from handover.core.digest import MorningDigest
from handover.domain import words
from handover.format.text import markdown as md
from handover.i18n import N_, _
from handover.render.tables import cells, wrap

Row = tuple[str, str]
"""An entry: its lead (`47일 연체 · 김민수 · `, `gim-minsu#8 `) and its text."""

NOTHING = N_("Nothing to act on today.")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _when(entry: AgendaEntry) -> str:
    if entry.kind == "zero":
        return _("now")
    if entry.overdue_days:
        return _("overdue {days}", days=words.short_days(entry.overdue_days))
    return _("today")


def _what(entry: AgendaEntry) -> str:
    return _one_line(f"{entry.ref} {entry.text}" if entry.ref else entry.text)


def subject(digest: MorningDigest) -> str:
    who = f"{digest.rep_name} ({digest.rep})" if digest.rep_name else digest.team
    return _(
        "handover digest {day} · {who} · {count} to act on",
        day=digest.today,
        who=who,
        count=digest.to_act_on,
    )


def _sections(digest: MorningDigest, escape: Callable[[str], str]) -> list[tuple[str, list[Row]]]:
    return [
        (
            _("Today"),
            [(f"{_when(e)} · {escape(e.name)} · ", escape(_what(e))) for e in digest.agenda],
        ),
        (
            _("Overdue promises"),
            [
                (
                    f"{i.ref} ",
                    f"{escape(i.name)}: {escape(_one_line(i.text))} · "
                    + _("overdue {days}", days=words.short_days(i.overdue_days or 0)),
                )
                for i in digest.overdue_promises
            ],
        ),
        (
            _("Complaints about to zero"),
            [
                (
                    f"{i.ref} ",
                    f"{escape(i.name)}: {escape(_one_line(i.text))} · "
                    + words.open_for(i.age_days)
                    + " · "
                    + (
                        _("health 0 tomorrow")
                        if i.zero_in_days == 1
                        else _("health 0 now")
                        if i.zero_in_days == 0
                        else _("health 0 in {days}", days=words.short_days(i.zero_in_days or 0))
                    ),
                )
                for i in digest.complaints_about_to_zero
            ],
        ),
        (
            _("Going silent"),
            [
                (
                    "",
                    f"{escape(c.name)} ({c.customer}): "
                    + (
                        _("no contact for {days}", days=words.days(c.days_since_last))
                        if c.days_since_last is not None
                        else _("never contacted")
                    )
                    + _(", nothing planned"),
                )
                for c in digest.going_silent
            ],
        ),
    ]


NARROWEST = 12
"""The fewest cells an entry's text keeps beside its lead; on a narrower terminal it goes under."""


def _entry(lead: str, text: str, width: int | None) -> list[str]:
    """`  lead text`, wrapped to ``width`` with the rest of the text under its start."""
    lead = "  " + lead
    if width is None or cells(lead) + cells(text) <= width:
        return [lead + text]
    indent = cells(lead) if width - cells(lead) >= NARROWEST else 4
    parts = ["".join(t for t, _style in line) for line in wrap([(text, "")], width - indent)]
    if indent < cells(lead):
        return [lead.rstrip(), *(" " * indent + part for part in parts)]
    return [lead + parts[0], *(" " * indent + part for part in parts[1:])]


def digest_text(digest: MorningDigest, width: int | None = None) -> str:
    """The digest as plain text; ``width`` (a terminal's) wraps each entry, else one line each."""
    lines = [subject(digest)]
    if digest.empty:
        return "\n".join([*lines, _(NOTHING)]) + "\n"
    for title, rows in _sections(digest, lambda text: text):
        if rows:
            lines += ["", f"{title} ({len(rows)})"]
            lines += [line for lead, text in rows for line in _entry(lead, text, width)]
    return "\n".join(lines) + "\n"


def digest_markdown(digest: MorningDigest) -> str:
    lines = [f"# {md(subject(digest))}"]
    if digest.empty:
        return "\n".join([*lines, "", _(NOTHING)]) + "\n"
    for title, rows in _sections(digest, md):
        if rows:
            lines += ["", f"## {title} ({len(rows)})", "", *(f"- {a}{b}" for a, b in rows)]
    return "\n".join(lines) + "\n"
