"""`handover brief`: one screen that makes a successor useful on day one."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import Customer, Json, TeamDir


def brief(
    customer: Customer,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown.")] = False,
    team_dir: TeamDir = None,
    as_json: Json = False,
) -> None:
    """Who this is, what never to forget, last and next contact, recent moments, who matters.

    Examples:
      handover brief 김민수
      handover brief 민수 --markdown > 김민수.md
      handover brief gim-minsu --json
    """
    from handover.core.brief import build_brief
    from handover.core.customers import resolve_customer

    ws = open_workspace(team_dir)
    result = build_brief(ws, resolve_customer(ws.folder, customer))
    if as_json:
        print_json(result)
        return
    if markdown:
        from handover.render import brief_markdown

        sys.stdout.write(brief_markdown(result, ws.today()))
        return
    from handover.render import render_brief

    render_brief(console(), result, ws.today())


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)
