"""`handover item assign` and `handover item due`: open items follow the people."""

from __future__ import annotations

from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import By, Json, NoCommit, TeamDir

item_app = typer.Typer(
    help="Change who holds an open item, or when it is due.",
    epilog='Example: handover item assign gim-minsu#8 --to hkang --reason "담당 변경"',
    no_args_is_help=True,
)

Ref = Annotated[
    str, typer.Argument(help="The item, e.g. gim-minsu#8 (the customer part may be a name).")
]
Reason = Annotated[str | None, typer.Option("--reason", help="Why (kept in the history).")]


def assign(
    ref: Ref,
    to: Annotated[str, typer.Option("--to", help="The rep responsible from now on.")],
    reason: Reason = None,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Give an open item to another rep (a new record; the history keeps who held it).

    Examples:
      handover item assign gim-minsu#8 --to hkang
      handover item assign 민수#8 --to hkang --reason "의학부 자료는 강혜원 담당" --json
    """
    from handover.core.item_changes import assign_item
    from handover.render.confirmations import assigned_line, item_update_json

    ws = open_workspace(team_dir, commit=not no_commit)
    done = assign_item(ws, ref, to, reason=reason, by=by)
    if as_json:
        print_json(item_update_json(done, done.path.relative_to(ws.folder.root)))
        return
    console().print(assigned_line(done))


def due(
    ref: Ref,
    when: Annotated[
        str,
        typer.Argument(metavar="DATE", help="The new due date: 2026-12-15, +7d, 다음주 화요일."),
    ],
    reason: Reason = None,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Renegotiate an open item's due date (a new record; the earlier date stays in history
    and in the brief).

    Examples:
      handover item due gim-minsu#8 2026-12-15 --reason "의학부 회신 지연, 고객 동의"
      handover item due 민수#8 "다음주 금요일" --json
    """
    from handover.core.item_changes import change_due
    from handover.render.confirmations import due_changed_line, item_update_json

    ws = open_workspace(team_dir, commit=not no_commit)
    done = change_due(ws, ref, when, reason=reason, by=by)
    if as_json:
        print_json(item_update_json(done, done.path.relative_to(ws.folder.root)))
        return
    console().print(due_changed_line(done))


def register(app: typer.Typer) -> None:
    item_app.command("assign")(assign)
    item_app.command("due")(due)
    app.add_typer(item_app, name="item")
