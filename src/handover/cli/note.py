"""`handover note`: log a moment in about fifteen seconds."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import By, Customer, Json, NoCommit, TeamDir

if TYPE_CHECKING:
    from handover.core.notes import NoteInput
    from handover.core.workspace import Workspace

Many = list[str] | None


@tolerates_unreadable
def note(
    customer: Customer,
    channel: Annotated[
        str,
        typer.Option("--channel", "-c", help="visit, phone, email, message, video, event, other."),
    ] = "visit",
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary", "-s", help="What happened. '-' reads standard input; none opens $EDITOR."
        ),
    ] = None,
    topic: Annotated[
        Many, typer.Option("--topic", "-t", help="A topic discussed (repeat).")
    ] = None,
    material: Annotated[
        Many, typer.Option("--material", "-m", help="A brochure, sample or slide used (repeat).")
    ] = None,
    question: Annotated[
        Many,
        typer.Option(
            "--question", "-q", help="A question not answered yet: opens an item (repeat)."
        ),
    ] = None,
    asked: Annotated[
        Many, typer.Option("--asked", help="A question answered on the spot (repeat).")
    ] = None,
    request: Annotated[
        Many, typer.Option("--request", help="The customer asked for something: opens an item.")
    ] = None,
    complaint: Annotated[
        Many, typer.Option("--complaint", help="A complaint: opens an item (repeat).")
    ] = None,
    promise: Annotated[
        Many,
        typer.Option(
            "--promise", help="What we promised, optionally '… by 2026-12-05': opens an item."
        ),
    ] = None,
    resolves: Annotated[
        Many, typer.Option("--resolves", help="An item this moment resolves, e.g. gim-minsu#3.")
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option(
            "--rating",
            "-r",
            min=0,
            max=4,
            help="0 went badly · 1 poor · 2 neutral · 3 good · 4 excellent.",
        ),
    ] = None,
    next_contact: Annotated[
        str | None,
        typer.Option("--next", "-n", help="Next contact: 2026-12-03, +7d, tomorrow, next monday."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When it happened (default now): '17:30', 'yesterday 16:00'."),
    ] = None,
    tag: Annotated[Many, typer.Option("--tag", help="A tag (repeat).")] = None,
    remember: Annotated[
        Many, typer.Option("--remember", help="A never-forget fact to add to the profile (repeat).")
    ] = None,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Log a moment with a customer: flags, standard input, or an editor template.

    Examples:
      handover note 김민수 -c visit -s "글루코핀 처방 조건 문의" -r 3 --next +14d
      handover note 민수 -s "자료 요청" --promise "신장 용량 자료 전달 by 2026-12-05"
      handover note 민수 -s "자료 전달함" --resolves gim-minsu#3
      echo "Asked for renal dosing data" | handover note carter --summary - --channel phone
      handover note 민수            (opens $EDITOR on a template, like git commit)
    """
    from handover.core.customers import resolve_customer
    from handover.core.notes import NoteInput, log_moment

    ws = open_workspace(team_dir, commit=not no_commit)
    customer_id = resolve_customer(ws.folder, customer)
    draft = NoteInput(
        channel=channel,
        summary=summary,
        topics=topic or [],
        materials=material or [],
        questions=question or [],
        asked=asked or [],
        requests=request or [],
        complaints=complaint or [],
        promises=promise or [],
        resolves=resolves or [],
        rating=rating,
        next_contact=next_contact,
        at=at,
        tags=tag or [],
        remember=remember or [],
        by=by,
    )
    if summary == "-":
        draft = replace(draft, summary=sys.stdin.read())
    elif summary is None:
        draft = _from_editor(ws, customer_id, draft)
    logged = log_moment(ws, customer_id, draft)
    if as_json:
        print_json(
            {
                "customer": logged.customer_id,
                "note": logged.path.stem,
                "path": str(ws.folder.relative(logged.path)),
                "commit": logged.commit,
                "record": logged.moment.model_dump(mode="json"),
            }
        )
        return
    from handover.domain import words
    from handover.i18n import _

    where = ws.folder.relative(logged.path)
    channel = words.channel(logged.moment.channel)
    noted = _("Noted {channel} with {name} → {path}", channel=channel, name=logged.name, path=where)
    if logged.commit:
        noted += " · " + _("commit {sha}", sha=logged.commit[:7])
    out = console()
    out.print(noted)
    if logged.opened:
        out.print(_("Opened: {refs}", refs=", ".join(logged.opened)))
    if logged.resolved:
        out.print(_("Resolved: {refs}", refs=", ".join(logged.resolved)))
    if logged.remembered:
        out.print(_("Remembered: {facts}", facts="; ".join(logged.remembered)))


def _from_editor(ws: Workspace, customer_id: str, draft: NoteInput) -> NoteInput:
    """Open $VISUAL/$EDITOR on a template, like `git commit`; keep the text if it is bad."""
    from handover.core.notes import editor_template, read_template
    from handover.errors import HandoverError, UsageError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor and not sys.stdin.isatty():
        raise UsageError(
            "a note needs a summary",
            hint="pass --summary TEXT, pipe it with --summary -, or set $EDITOR",
        )
    profile, _ = ws.folder.readable_profile(customer_id)
    template = editor_template(profile, draft, ws.folder.config().vocabulary)
    descriptor, name = tempfile.mkstemp(prefix=f"handover-note-{customer_id}-", suffix=".yaml")
    path = Path(name)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(template)
    keep = False
    try:
        result = subprocess.run([*shlex.split(editor or "vi"), str(path)], check=False)
        if result.returncode != 0:
            raise UsageError(f"the editor exited with {result.returncode}: nothing written")
        text = path.read_text(encoding="utf-8")
        try:
            return read_template(text, template, draft, path)
        except HandoverError as error:
            if error.exit_code != 1:  # aborted on purpose: nothing to keep
                keep = True
                error.hint = f"your text is kept in {path}"
            raise
    finally:
        if not keep:
            path.unlink(missing_ok=True)


def register(app: typer.Typer) -> None:
    app.command("note")(note)
