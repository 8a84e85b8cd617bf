"""Quick capture: a few short questions on a terminal instead of a page of YAML.

Between two calls a rep has seconds and maybe a phone keyboard: the channel (Enter keeps the
rep's last one), the summary, the rating as one key, then one optional line each for a
promise, complaint, request, question and the next contact; Enter skips. Ctrl-C writes
nothing. What a person types is shown back literally, never as markup.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from handover.format.models import CHANNELS, RATING_LABELS

if TYPE_CHECKING:
    from handover.core.notes import NoteInput

OPTIONAL_LINES = (
    ("promises", "약속 promise"),
    ("complaints", "불만 complaint"),
    ("requests", "요청 request"),
    ("questions", "질문 question"),
)


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
    key: Callable[[], str] = read_key,
) -> NoteInput:
    """The note the answers describe; KeyboardInterrupt propagates (nothing is written)."""
    out.print(Text(title, style="bold"))
    default = last_channel if last_channel in CHANNELS else draft.channel
    channel = Prompt.ask(
        Text("채널 channel"), console=out, choices=list(CHANNELS), default=default,
        show_choices=True,
    )  # fmt: skip
    summary = ""
    while not summary.strip():
        summary = Prompt.ask(Text("내용 summary"), console=out)
    labels = " ".join(f"{n} {label}" for n, label in RATING_LABELS.items())
    out.print(Text(f"평가 rating ({labels}; Enter: none): "), end="")
    rating: int | None = None
    while True:
        pressed = key()
        if pressed in ("\r", "\n", ""):
            out.print(Text("–"))
            break
        if pressed.isdigit() and int(pressed) in RATING_LABELS:
            rating = int(pressed)
            out.print(Text(f"{rating} {RATING_LABELS[rating]}"))
            break
    lines: dict[str, list[str]] = {}
    for field, label in OPTIONAL_LINES:
        answer = Prompt.ask(Text(f"{label} (Enter: 없음)"), console=out, default="",
                            show_default=False)  # fmt: skip
        lines[field] = [answer.strip()] if answer.strip() else []
    next_contact = Prompt.ask(
        Text("다음 연락 next (+7d, 다음주 화요일; Enter: 없음)"), console=out, default="",
        show_default=False,
    )  # fmt: skip
    return replace(
        draft,
        channel=channel,
        summary=summary.strip(),
        rating=rating,
        promises=[*draft.promises, *lines["promises"]],
        complaints=[*draft.complaints, *lines["complaints"]],
        requests=[*draft.requests, *lines["requests"]],
        questions=[*draft.questions, *lines["questions"]],
        next_contact=next_contact.strip() or draft.next_contact,
    )
