"""Quick capture: a few short questions on a terminal instead of a page of YAML.

Between two calls a rep has seconds and maybe a phone keyboard: the channel (Enter keeps the
rep's last one), the summary, the rating as one key, then one optional line each for a
promise, complaint, request, question and the next contact; Enter skips. Ctrl-C writes
nothing. What a person types is shown back literally, never as markup.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from handover.domain import words
from handover.format.channels import CHANNELS, canonical_channel, channel_choices
from handover.format.fields import RATING_LABELS
from handover.i18n import N_, _

if TYPE_CHECKING:
    from handover.core.notes import NoteInput

OPTIONAL_LINES = (
    ("promises", N_("Promise")),
    ("complaints", N_("Complaint")),
    ("requests", N_("Request")),
    ("questions", N_("Question")),
)
"""The optional lines, in the order asked, and their question (in the language in use)."""


def read_key() -> str:
    """One key press, without Enter (the terminal is put back as it was)."""
    import termios
    import tty

    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setcbreak(descriptor)
        key = sys.stdin.read(1)
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
    if key == "\x03":  # cbreak keeps Ctrl-C a signal, but be sure
        raise KeyboardInterrupt
    return key


def ask(
    out: Console,
    title: str,
    draft: NoteInput,
    last_channel: str | None,
    *,
    today: dt.date,
    key: Callable[[], str] = read_key,
) -> NoteInput:
    """The note the answers describe; KeyboardInterrupt propagates (nothing is written). Each
    answer is checked at its own question (a channel word, a due date, the next contact) and
    asked again, so nothing typed is lost to an error at the end."""
    out.print(Text(title, style="bold"))
    default = last_channel if last_channel in CHANNELS else draft.channel
    channel = _ask_channel(out, default)
    summary = ""
    while not summary.strip():
        summary = Prompt.ask(Text(_("Summary")), console=out)
    labels = " · ".join(words.rating(score) for score in RATING_LABELS)
    out.print(Text(_("Rating ({ratings}; Enter: none): ", ratings=labels)), end="")
    rating: int | None = None
    while True:
        pressed = key()
        if pressed in ("\r", "\n", ""):
            out.print(Text("–"))
            break
        if pressed.isdigit() and int(pressed) in RATING_LABELS:
            rating = int(pressed)
            out.print(Text(words.rating(rating)))
            break
    lines: dict[str, list[str]] = {}
    for field, label in OPTIONAL_LINES:
        question = _("{question} (Enter: none)", question=_(label))
        answer = _ask_valid(out, question, lambda text: _due_problem(text, today))
        lines[field] = [answer] if answer else []
    next_contact = _ask_valid(
        out, _("Next contact (+7d, 다음주 화요일; Enter: none)"), lambda t: _date_problem(t, today)
    )
    return replace(
        draft,
        channel=channel,
        summary=summary.strip(),
        rating=rating,
        promises=[*draft.promises, *lines["promises"]],
        complaints=[*draft.complaints, *lines["complaints"]],
        requests=[*draft.requests, *lines["requests"]],
        questions=[*draft.questions, *lines["questions"]],
        next_contact=next_contact or draft.next_contact,
    )


def _ask_channel(out: Console, default: str) -> str:
    """A channel as `-c` takes it (`visit`, `방문`, `전화`), offered in the language in use
    (`채널 [방문/전화/…] (전화)`); anything else is said in one line and asked again."""
    shown = "/".join(words.channel(channel) for channel in CHANNELS)
    question = Text(_("Channel [{channels}]", channels=shown))
    while True:
        typed = Prompt.ask(question, console=out, default=words.channel(default))
        channel = canonical_channel(typed)
        if channel is not None:
            return channel
        out.print(
            Text(_("unknown channel '{word}': use {choices}", word=typed,
                   choices=channel_choices()), style="red")
        )  # fmt: skip


def _ask_valid(out: Console, label: str, problem: Callable[[str], str | None]) -> str:
    """An optional line (Enter: none), asked again while ``problem`` finds one in it."""
    while True:
        answer = Prompt.ask(Text(label), console=out, default="", show_default=False).strip()
        found = problem(answer) if answer else None
        if found is None:
            return answer
        out.print(Text(found, style="red"))


def _due_problem(text: str, today: dt.date) -> str | None:
    from handover.domain.due import DueDateError, split_due

    try:
        split_due(text, today)
    except DueDateError as error:
        return _("{problem}: end it with ' by DATE' or 'DATE까지', or leave the date out",
                 problem=str(error))  # fmt: skip
    return None


def _date_problem(text: str, today: dt.date) -> str | None:
    from handover.domain.dates import parse_future_date

    try:
        parse_future_date(text, today)
    except ValueError as error:
        return str(error)
    return None
