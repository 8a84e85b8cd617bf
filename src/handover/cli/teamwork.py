"""`handover sync`, `handover history` and `handover codeowners`: the team through git."""

from __future__ import annotations

from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, shows_what_it_can
from handover.cli.options import Customer, Json, NoCommit, NoPager, TeamDir


def sync(team_dir: TeamDir = None, as_json: Json = False) -> None:
    """Share your work and get the team's: commit what handover left uncommitted, pull
    --rebase, push. Offline it says so and keeps your work committed here. On a conflict in
    a hand-edited file it stops, leaves the folder exactly as it was and says how to merge.

    Example: handover sync
    """
    from handover.core.sync import sync as run_sync

    ws = open_workspace(team_dir)
    result = run_sync(ws)
    if as_json:
        print_json(result)
        return
    from handover.render.teamwork import render_sync

    render_sync(console(), console(stderr=True), result)


@shows_what_it_can
def history(
    customer: Customer,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Only the newest N events.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only events from this day on: 2026-11-01, yesterday, 7d."),
    ] = None,
    team_dir: TeamDir = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """Who recorded or changed what about a customer, and when, newest first: notes,
    resolutions and corrections, and every commit to the profile (hand edits too).

    Examples:
      handover history 김민수
      handover history 김민수 --limit 10
      handover history 김민수 --since 30d
      handover history gim-minsu --json
    """
    from handover.core.history import customer_history
    from handover.core.names import resolve_customer

    ws = open_workspace(team_dir)
    result = customer_history(ws, resolve_customer(ws.folder, customer), since=since, limit=limit)
    if as_json:
        print_json(result)
        return
    from handover.cli.pager import paged
    from handover.render.teamwork import render_history

    with paged(no_pager) as out:
        render_history(out, result, zone=ws.now().tzinfo)


def codeowners(
    team_dir: TeamDir = None, no_commit: NoCommit = False, as_json: Json = False
) -> None:
    """Write CODEOWNERS so each customer's folder is reviewed by its owner's git-host handle
    (reps' `handle:` in handover.yaml). The repository's own file is updated (at its root, in
    .github/ or docs/), even when the team folder is a subfolder. Lines outside handover's
    block are kept; the block is kept last, because the last matching line wins.

    Example: handover codeowners
    """
    from handover.core.codeowners import shown_path, write_codeowners

    ws = open_workspace(team_dir, commit=not no_commit)
    done = write_codeowners(ws)
    from handover.render.confirmations import (
        codeowners_json,
        codeowners_lines,
        codeowners_warnings,
    )

    where = shown_path(ws.folder, done.path)
    if as_json:
        print_json(codeowners_json(done, where))
        return
    out = console()
    for line in codeowners_lines(done, where):
        out.print(line)
    err = console(stderr=True)
    for warning, style in codeowners_warnings(done):
        err.print(warning, style=style)


def register(app: typer.Typer) -> None:
    app.command("sync")(sync)
    app.command("history")(history)
    app.command("codeowners")(codeowners)
