"""`handover brief`: one screen that makes a successor useful on day one."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

# core and render are imported inside each command, for a fast start: see cli/__init__.py
from handover.cli.context import (
    open_workspace,
    print_json,
    quiet_when_the_reader_quits,
    shows_what_it_can,
)
from handover.cli.options import Customer, Json, NoPager, TeamDir

if TYPE_CHECKING:
    from handover.core.workspace import Workspace


@shows_what_it_can
def brief(
    customer: Customer,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown.")] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only what changed since a date (2026-11-01, 7d) or git ref (origin/main).",
        ),
    ] = None,
    team_dir: TeamDir = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """Who this is, what never to forget, last and next contact, recent moments, who matters.

    Examples:
      handover brief 김민수
      handover brief 민수 --markdown > 김민수.md
      handover brief gim-minsu --json
      handover brief 김민수 --since 2026-11-01
    """
    from handover.core.brief import build_brief
    from handover.core.names import resolve_customer

    ws = open_workspace(team_dir)
    customer_id = resolve_customer(ws.folder, customer)
    with quiet_when_the_reader_quits():  # `handover brief 김민수 | head -1`
        if since is not None:
            _brief_since(ws, customer_id, since, markdown, as_json, no_pager)
            return
        result = build_brief(ws, customer_id)
        if as_json:
            print_json(result)
            return
        if markdown:
            from handover.render.terminal import brief_markdown

            sys.stdout.write(brief_markdown(result, ws.today()))
            return
        from handover.cli.pager import paged
        from handover.render.terminal import render_brief

        with paged(no_pager) as out:
            render_brief(out, result, ws.today())


def _brief_since(
    ws: Workspace, customer_id: str, since: str, markdown: bool, as_json: bool, no_pager: bool
) -> None:
    """The brief as a diff: what is new or different since ``since``."""
    from handover.core.changes_since import changes_since

    changes = changes_since(ws, customer_id, since)
    if as_json:
        print_json(changes)
        return
    from handover.render.teamwork import changes_markdown, render_changes

    if markdown:
        sys.stdout.write(changes_markdown(changes))
        return
    from handover.cli.pager import paged

    with paged(no_pager) as out:
        render_changes(out, changes, ws.today())


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)
