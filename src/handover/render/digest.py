"""`handover digest` as plain text (a terminal, cron's mail, a chat bot) and as Markdown.

Plain text on purpose: it is mailed and pasted, so no colours and no markup; what people
wrote is shown literally, on one line.
"""

from __future__ import annotations

from collections.abc import Callable

from handover.core.agenda import AgendaEntry
from handover.core.digest import MorningDigest
from handover.domain import words
from handover.format.text import markdown as md
from handover.i18n import N_, _

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


def _sections(digest: MorningDigest, escape: Callable[[str], str]) -> list[tuple[str, list[str]]]:
    return [
        (
            _("Today"),
            [f"{_when(e)} · {escape(e.name)} · {escape(_what(e))}" for e in digest.agenda],
        ),
        (
            _("Overdue promises"),
            [
                f"{i.ref} {escape(i.name)}: {escape(_one_line(i.text))} · "
                + _("overdue {days}", days=words.short_days(i.overdue_days or 0))
                for i in digest.overdue_promises
            ],
        ),
        (
            _("Complaints about to zero"),
            [
                f"{i.ref} {escape(i.name)}: {escape(_one_line(i.text))} · "
                + words.open_for(i.age_days)
                + " · "
                + (
                    _("health 0 tomorrow")
                    if i.zero_in_days == 1
                    else _("health 0 now")
                    if i.zero_in_days == 0
                    else _("health 0 in {days}", days=words.short_days(i.zero_in_days or 0))
                )
                for i in digest.complaints_about_to_zero
            ],
        ),
        (
            _("Going silent"),
            [
                f"{escape(c.name)} ({c.customer}): "
                + (
                    _("no contact for {days}", days=words.days(c.days_since_last))
                    if c.days_since_last is not None
                    else _("never contacted")
                )
                + _(", nothing planned")
                for c in digest.going_silent
            ],
        ),
    ]


def digest_text(digest: MorningDigest) -> str:
    lines = [subject(digest)]
    if digest.empty:
        return "\n".join([*lines, _(NOTHING)]) + "\n"
    for title, rows in _sections(digest, lambda text: text):
        if rows:
            lines += ["", f"{title} ({len(rows)})", *(f"  {row}" for row in rows)]
    return "\n".join(lines) + "\n"


def digest_markdown(digest: MorningDigest) -> str:
    lines = [f"# {md(subject(digest))}"]
    if digest.empty:
        return "\n".join([*lines, "", _(NOTHING)]) + "\n"
    for title, rows in _sections(digest, md):
        if rows:
            lines += ["", f"## {title} ({len(rows)})", "", *(f"- {row}" for row in rows)]
    return "\n".join(lines) + "\n"
