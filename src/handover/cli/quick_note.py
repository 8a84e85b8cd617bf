"""Quick capture: a few short questions on a terminal instead of a page of YAML.

Between two calls a rep has seconds and maybe a phone keyboard: the channel (Enter keeps the
rep's last one), the summary, the rating as one key, then one optional line each for a
promise, complaint, request, question and the next contact; Enter skips. Ctrl-C writes
nothing. What a person types is shown back literally, never as markup.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO, cast

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
        wait_for_typing(descriptor)
        key = os.read(descriptor, 16).decode(sys.stdin.encoding or "utf-8", errors="replace")
        if key[:1] == "\x03":  # cbreak keeps Ctrl-C a signal, but be sure
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        if sys.stdout.isatty():  # cbreak echoes nothing: shown as the terminal shows it
            sys.stdout.write("^C")
            sys.stdout.flush()
        raise
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
    return key[:1]


def read_line() -> str:
    """A line typed on the terminal, without its Enter (what ``input()`` gives; EOFError at
    Ctrl-D), read so that a Ctrl-C pressed as the question appeared is never missed."""
    descriptor = sys.stdin.fileno()
    wait_for_typing(descriptor)
    typed = os.read(descriptor, 1 << 16)  # the terminal gives one line a read
    if not typed:
        raise EOFError
    return typed.decode(sys.stdin.encoding or "utf-8", errors="replace").removesuffix("\n")


def wait_for_typing(descriptor: int) -> None:
    """Until there is something to read. ``input()`` misses a Ctrl-C that lands in the moment
    between Python's last look for signals and the start of its read (CPython looks again
    only when a read is interrupted): the note then waited for the next key. Here the signal
    also writes to a pipe the wait watches (`signal.set_wakeup_fd`), so the wait ends and
    Python raises KeyboardInterrupt as it returns."""
    import select
    import signal

    woken, wake = os.pipe()
    try:
        os.set_blocking(wake, False)
        try:
            before = signal.set_wakeup_fd(wake, warn_on_full_buffer=False)
        except ValueError:  # not the main thread: no signal comes here
            before = None
        try:
            while descriptor not in select.select([descriptor, woken], [], [])[0]:
                os.read(woken, 512)  # a signal whose handler did not raise
        finally:
            if before is not None:
                signal.set_wakeup_fd(before)
    finally:
        os.close(woken)
        os.close(wake)


class _Terminal:
    """What rich's prompts read from (they call only ``readline``): `read_line`."""

    def readline(self) -> str:
        return read_line()


TERMINAL = cast("TextIO", _Terminal())


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
        summary = Prompt.ask(Text(_("Summary")), console=out, stream=TERMINAL)
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
        typed = Prompt.ask(question, console=out, default=words.channel(default), stream=TERMINAL)
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
        answer = Prompt.ask(
            Text(label), console=out, default="", show_default=False, stream=TERMINAL
        ).strip()
        found = problem(answer) if answer else None
        if found is None:
            return answer
        out.print(Text(found, style="red"))
        out.print(Text(_("  you typed: {text}", text=answer)))  # to copy, not to type again


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
