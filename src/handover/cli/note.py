"""`handover note`: log a moment in about fifteen seconds."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# core and render are imported inside each command, for a fast start: see cli/__init__.py
from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import By, Json, NoCommit, TeamDir
from handover.errors import HandoverError

if TYPE_CHECKING:
    from handover.core.notes import NoteInput
    from handover.core.workspace import Workspace

Many = list[str] | None


@tolerates_unreadable
def note(
    customer: Annotated[
        str | None,
        typer.Argument(
            help="The customer: id, name, or a part of either (Hangul too, e.g. 민수).",
            show_default=False,
        ),
    ] = None,
    channel: Annotated[
        str,
        typer.Option(
            "--channel",
            "-c",
            # {channel_words} is filled from format/channels.py where help is drawn
            # (cli/help_screen.py), so adding a word changes neither this text nor the .po.
            help="{channel_words}; stored in English.",
        ),
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
    editor: Annotated[
        bool,
        typer.Option("--editor", "-e", help="Write the note in your editor (a YAML template)."),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Reopen the template that failed validation last time."),
    ] = False,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Log a moment with a customer: flags, standard input, quick questions or a template.

    Examples:
      handover note 김민수 -c visit -s "글루코핀 처방 조건 문의" -r 3 --next +14d
      handover note 민수 -s "자료 요청" --promise "신장 용량 자료 전달 by 2026-12-05"
      handover note 민수 -s "자료 전달함" --resolves gim-minsu#3
      echo "Asked for renal dosing data" | handover note carter --summary - --channel phone
      handover note 민수            (on a terminal: a few quick questions)
      handover note 민수 --editor   (a YAML template in your editor, like git commit)
      handover note --resume        (reopen the template that failed validation)
    """
    from handover.core.names import resolve_customer
    from handover.core.notes import NoteInput, log_moment
    from handover.errors import UsageError

    ws = open_workspace(team_dir, commit=not no_commit)
    from handover.core import drafts

    kept: Path | None = None
    if resume:
        kept = drafts.latest(ws, customer)
        customer_id = drafts.customer_of(kept)
    elif customer is None:
        from handover.i18n import _

        raise UsageError(_("name a customer"), hint=_("handover note 김민수 (or --resume)"))
    else:
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
    template: Path | None = None
    if summary == "-":
        draft = replace(draft, summary=sys.stdin.read())
    elif kept is not None or (summary is None and (editor or _editor_wanted())):
        if kept is None:
            kept = _reopen_kept(ws, customer_id)
        draft, template = _from_editor(ws, customer_id, draft, kept)
    elif summary is None:
        draft = _from_prompts(ws, customer_id, draft, channel_given=_given("--channel", "-c"))
    try:
        logged = log_moment(ws, customer_id, draft)
    except HandoverError as error:
        if template is not None:
            drafts.keep(error, template)
        raise
    if template is not None:
        template.unlink(missing_ok=True)
    from handover.render.note import note_json, note_lines

    where = ws.folder.relative(logged.path)
    if as_json:
        print_json(note_json(logged, where))
        return
    out = console()
    for line in note_lines(logged, where, ws.today()):
        out.print(line)


def _given(*flags: str) -> bool:
    return any(arg in flags or arg.startswith(f"{flags[0]}=") for arg in sys.argv[1:])


def _editor_wanted() -> bool:
    """$VISUAL or $EDITOR set: the person chose the template, as for `git commit`."""
    return bool(os.environ.get("VISUAL") or os.environ.get("EDITOR"))


def _editor_command(ws: Workspace) -> str:
    """The editor git would open: $GIT_EDITOR, core.editor, $VISUAL, $EDITOR, then vi."""
    if os.environ.get("GIT_EDITOR"):
        return os.environ["GIT_EDITOR"]
    if ws.git.is_repository:
        configured = ws.git.run("config", "core.editor", check=False).stdout.strip()
        if configured:
            return configured
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def _from_prompts(
    ws: Workspace, customer_id: str, draft: NoteInput, *, channel_given: bool
) -> NoteInput:
    """A few short questions on a terminal; Ctrl-C leaves with nothing written."""
    from handover.cli.quick_note import ask
    from handover.core.notes import last_channel
    from handover.errors import UsageError
    from handover.i18n import _

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            _("a note needs a summary"),
            hint=_("pass --summary TEXT, pipe it with --summary -, or use --editor"),
        )
    profile = ws.folder.profile_model(customer_id)
    rep = ws.current_rep(draft.by)
    last = None if channel_given else last_channel(ws, customer_id, rep.id)
    title = _(
        "{name} ({id}) · {rep} · Ctrl-C: leave without saving",
        name=profile.name,
        id=profile.id,
        rep=rep.name,
    )
    return ask(console(), title, draft, last, today=ws.today())


def _reopen_kept(ws: Workspace, customer_id: str) -> Path | None:
    """A template kept from a failed try is the rep's unsaved note: reopen it, never replace it."""
    from handover.core import drafts
    from handover.i18n import _

    kept = drafts.kept_for(ws, customer_id)
    if kept is not None:
        name = ws.folder.readable_profile(customer_id)[0].name
        said = _(
            "reopening the kept note template for {name} ({path}); empty its summary to discard it",
            name=name,
            path=kept,
        )
        console(stderr=True).print(said, markup=False, highlight=False)
    return kept


def _from_editor(
    ws: Workspace, customer_id: str, draft: NoteInput, kept: Path | None
) -> tuple[NoteInput, Path]:
    """Open the editor on a template, like `git commit`; a bad one is kept for --resume."""
    from handover.core import drafts
    from handover.core.note_template import editor_template, read_template
    from handover.errors import HandoverError, UsageError
    from handover.i18n import _

    profile, _problem = ws.folder.readable_profile(customer_id)
    template = editor_template(profile, draft, ws.folder.config().vocabulary)
    path = kept or drafts.new_path(ws, customer_id)
    if kept is None:
        path.write_text(template, encoding="utf-8")
    result = subprocess.run([*shlex.split(_editor_command(ws)), str(path)], check=False)
    try:
        if result.returncode != 0:
            raise UsageError(
                _("the editor exited with {code}: nothing written", code=result.returncode)
            )
        text = path.read_text(encoding="utf-8")
        return read_template(text, template, draft, path), path
    except HandoverError as error:
        if path.is_file() and path.read_text(encoding="utf-8") == template:  # nothing of theirs
            path.unlink(missing_ok=True)
        else:
            drafts.keep(error, path)
        raise


def register(app: typer.Typer) -> None:
    app.command("note")(note)
