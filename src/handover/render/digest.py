"""`handover digest` as plain text (a terminal, cron's mail, a chat bot) and as Markdown.

Plain text on purpose: it is mailed and pasted, so no colours and no markup; what people
wrote is shown literally, on one line.
"""

from __future__ import annotations

from collections.abc import Callable

from handover.core.agenda import AgendaEntry
from handover.core.digest import MorningDigest
from handover.format.text import markdown as md


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _when(entry: AgendaEntry, today_word: str = "today") -> str:
    if entry.kind == "zero":
        return "now"
    if entry.overdue_days:
        return f"overdue {entry.overdue_days}d"
    return today_word


def _what(entry: AgendaEntry) -> str:
    return _one_line(f"{entry.ref} {entry.text}" if entry.ref else entry.text)


def subject(digest: MorningDigest) -> str:
    who = f"{digest.rep_name} ({digest.rep})" if digest.rep_name else digest.team
    return f"handover digest {digest.today} · {who} · {digest.to_act_on} to act on"


def _sections(digest: MorningDigest, escape: Callable[[str], str]) -> list[tuple[str, list[str]]]:
    return [
        (
            "Today",
            [f"{_when(e)} · {escape(e.name)} · {escape(_what(e))}" for e in digest.agenda],
        ),
        (
            "Overdue promises",
            [
                f"{i.ref} {escape(i.name)}: {escape(_one_line(i.text))} · overdue {i.overdue_days}d"
                for i in digest.overdue_promises
            ],
        ),
        (
            "Complaints about to zero",
            [
                f"{i.ref} {escape(i.name)}: {escape(_one_line(i.text))} · open {i.age_days}d · "
                + (
                    "health 0 tomorrow"
                    if i.zero_in_days == 1
                    else "health 0 now"
                    if i.zero_in_days == 0
                    else f"health 0 in {i.zero_in_days}d"
                )
                for i in digest.complaints_about_to_zero
            ],
        ),
        (
            "Going silent",
            [
                f"{escape(c.name)} ({c.customer}): "
                + (
                    f"no contact for {c.days_since_last} days"
                    if c.days_since_last is not None
                    else "never contacted"
                )
                + ", nothing planned"
                for c in digest.going_silent
            ],
        ),
    ]


def digest_text(digest: MorningDigest) -> str:
    lines = [subject(digest)]
    if digest.empty:
        return "\n".join([*lines, "Nothing to act on today."]) + "\n"
    for title, rows in _sections(digest, lambda text: text):
        if rows:
            lines += ["", f"{title} ({len(rows)})", *(f"  {row}" for row in rows)]
    return "\n".join(lines) + "\n"


def digest_markdown(digest: MorningDigest) -> str:
    lines = [f"# {md(subject(digest))}"]
    if digest.empty:
        return "\n".join([*lines, "", "Nothing to act on today."]) + "\n"
    for title, rows in _sections(digest, md):
        if rows:
            lines += ["", f"## {title} ({len(rows)})", "", *(f"- {row}" for row in rows)]
    return "\n".join(lines) + "\n"
