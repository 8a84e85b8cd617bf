"""`resolve`, `reopen`, `amend`, and the team views `open`, `agenda` and `health`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handover.cli.context import (
    check_format,
    console,
    open_team_view,
    open_workspace,
    print_json,
    tolerates_unreadable,
    write_sheet,
)
from handover.cli.options import (
    By,
    Customer,
    Format,
    Json,
    NoCommit,
    NoPager,
    Output,
    Rep,
    Strict,
    TeamDir,
)
from handover.format.output import output_path

Ref = Annotated[
    str, typer.Argument(help="The item, e.g. gim-minsu#3 (the customer part may be a name).")
]


@tolerates_unreadable
def resolve(
    ref: Ref,
    how: Annotated[str, typer.Argument(help="How it was resolved.", show_default=False)],
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Close an open item with how it was resolved (a new record; nothing is edited).

    Example: handover resolve gim-minsu#3 "신장 용량 자료 메일로 전달"
    """
    from handover.core.items import resolve_item

    ws = open_workspace(team_dir, commit=not no_commit)
    done = resolve_item(ws, ref, how, by=by)
    from handover.render.confirmations import resolved_json, resolved_line

    if as_json:
        print_json(resolved_json(done, ws.folder.relative(done.path)))
        return
    console().print(resolved_line(done))


@tolerates_unreadable
def reopen(
    ref: Ref,
    why: Annotated[str | None, typer.Argument(help="Why it is open again.")] = None,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
) -> None:
    """Open a resolved item again.

    Example: handover reopen gim-minsu#3 "자료가 구버전이었음"
    """
    from handover.core.items import reopen_item

    ws = open_workspace(team_dir, commit=not no_commit)
    done = reopen_item(ws, ref, why, by=by)
    from handover.render.confirmations import reopened_line

    console().print(reopened_line(done))


@tolerates_unreadable
def amend(
    customer: Customer,
    note: Annotated[
        str | None,
        typer.Argument(
            help="The note: a unique part of its id, or an item it opened (gim-minsu#3); "
            "default: the latest."
        ),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", "-s", help="Corrected summary.")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", "-c", help="Corrected channel: visit/방문, phone/전화 …"),
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option("--rating", "-r", help="Corrected rating: 0 went badly … 4 excellent."),
    ] = None,
    next_contact: Annotated[
        str | None, typer.Option("--next", "-n", help="Corrected next contact.")
    ] = None,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
) -> None:
    """Correct fields of a note by a correction record; every view shows the corrected values.

    Examples:
      handover amend 김민수 --rating 2
      handover amend 김민수 3f9a1c --summary "처방 논의 (샘플 없음)"
      handover amend 김민수 gim-minsu#3 --rating 1
    """
    from handover.core.amend import amend_note
    from handover.core.notes import check_rating
    from handover.domain import dates
    from handover.errors import UsageError
    from handover.i18n import _

    check_rating(rating)  # the one message `note -r` gives, not typer's range box
    ws = open_workspace(team_dir, commit=not no_commit)
    planned = None
    if next_contact is not None:
        try:
            planned = dates.parse_future_date(next_contact, ws.today())
        except ValueError as exc:
            raise UsageError(_("{option}: {message}", option="--next", message=exc)) from None
    changes = {"summary": summary, "channel": channel, "rating": rating, "next_contact": planned}
    done = amend_note(ws, customer, note, changes, by=by)
    from handover.render.confirmations import amended_line

    console().print(amended_line(done))


def _days(value: str | None) -> int | None:
    from handover.domain.durations import parse_age_days

    return None if value is None else parse_age_days(value)  # 7d, 2w, 7일, 2주, 삼일


@tolerates_unreadable
def open_(
    rep: Annotated[
        str | None, typer.Option("--rep", help="Items this rep is responsible for, or owns.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="request, complaint, promise or question.")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    older_than: Annotated[
        str | None, typer.Option("--older-than", help="Only items open longer: 7d, 2w.")
    ] = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
    fmt: Format = "table",
    output: Output = None,
    no_pager: NoPager = False,
) -> None:
    """Every open item across the team, most urgent first.

    Examples:
      handover open
      handover open --rep sylee --overdue
      handover open --kind complaint --older-than 7d --json
      handover open --format xlsx -o open-items.xlsx
    """
    from handover.core.open_items import team_open_items
    from handover.core.reps import rep_id
    from handover.domain import words
    from handover.render.lists import open_items_table
    from handover.render.tables import print_table

    check_format(fmt)
    ws = open_team_view(team_dir)
    rows = team_open_items(
        ws,
        rep=rep_id(ws, rep),
        kind=None if kind is None else words.canonical(words.ITEM_KINDS, kind),  # 약속 = promise
        overdue=overdue,
        older_than=_days(older_than),
    )
    if as_json:
        print_json(rows)
        return
    if fmt != "table":
        write_sheet(ws, rows, fmt, output, "open items")
        return
    from handover.cli.pager import paged
    from handover.i18n import ngettext

    with paged(no_pager) as out:
        print_table(out, open_items_table(rows, ws.today()))
        out.print(ngettext("{count} open item", "{count} open items", len(rows)), style="dim")


@tolerates_unreadable
def agenda(
    rep: Rep = None,
    days: Annotated[int, typer.Option("--days", min=0, help="How far ahead to look.")] = 7,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", help="Also write an iCalendar file for calendar apps.", dir_okay=False
        ),
    ] = None,
    alarm: Annotated[
        str | None,
        typer.Option(
            "--alarm",
            help="With --ics: a reminder this long before each event's day (none on cancelled "
            "ones): 30m, 2h, 1d.",
        ),
    ] = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
    fmt: Format = "table",
    output: Output = None,
) -> None:
    """What to do next: zero-health customers, overdue and coming promises and contacts.

    Examples:
      handover agenda --rep sylee
      handover agenda --rep sylee --days 14 --ics ~/sylee.ics --alarm 30m
      handover agenda --format csv -o agenda.csv
    """
    from handover.core.agenda import rep_agenda
    from handover.core.reps import rep_id
    from handover.errors import UsageError
    from handover.i18n import _
    from handover.render.lists import agenda_table
    from handover.render.tables import print_table

    if alarm is not None and ics is None:
        raise UsageError(_("--alarm needs --ics"), hint=_("handover agenda --ics FILE --alarm 30m"))
    check_format(fmt)
    ws = open_team_view(team_dir)
    rep = rep_id(ws, rep)
    entries = rep_agenda(ws, rep=rep, days=days)
    if ics is not None:
        from handover.core.calendar import calendar_events
        from handover.core.summary import team_summaries
        from handover.domain.durations import parse_alarm
        from handover.format.files import atomic_write
        from handover.render.ics import agenda_calendar

        before = parse_alarm(alarm) if alarm is not None else None
        team = ws.folder.config().team
        events = calendar_events(team_summaries(ws), team, ws.today(), rep=rep)
        atomic_write(
            output_path(ws.folder.root, ics, force=True),
            agenda_calendar(events, team, ws.now(), alarm=before),
        )
    if as_json:
        print_json(entries)
        return
    if fmt != "table":
        write_sheet(ws, entries, fmt, output, "agenda")
        return
    out = console()
    print_table(out, agenda_table(entries, ws.today()))
    if ics is not None:
        from handover.i18n import _

        out.print(_("Wrote {path}", path=ics), style="dim")


@tolerates_unreadable
def health(
    rep: Rep = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
    fmt: Format = "table",
    output: Output = None,
) -> None:
    """Customers by health, zeros first, each with the reasons that pulled it down.

    Examples:
      handover health --rep jpark
      handover health --format xlsx -o health.xlsx
    """
    from handover.core.open_items import health_ranking
    from handover.core.reps import rep_id
    from handover.core.summary import team_summaries
    from handover.render.lists import health_table
    from handover.render.tables import print_table

    check_format(fmt)
    ws = open_team_view(team_dir)
    ranking = health_ranking(team_summaries(ws, rep=rep_id(ws, rep), rep_view=True))
    rows = [
        {"id": s.id, "name": s.name, "owner": s.owner, **s.health.model_dump(mode="json")}
        for s in ranking
    ]
    if as_json:
        print_json(rows)
        return
    if fmt != "table":
        write_sheet(ws, rows, fmt, output, "health")
        return
    print_table(console(), health_table(ranking))


def register(app: typer.Typer) -> None:
    app.command("resolve")(resolve)
    app.command("reopen")(reopen)
    app.command("amend")(amend)
    app.command("open")(open_)
    app.command("agenda")(agenda)
    app.command("health")(health)
