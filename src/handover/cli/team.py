"""`handover init` and `handover rep add`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import Json, NoCommit, Strict, TeamDir
from handover.i18n import _, ngettext

rep_app = typer.Typer(
    help="Manage the team's reps.",
    epilog="Example: handover rep add sylee --name 이서연 --email sylee@example.com",
    no_args_is_help=True,
)


def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the team folder.")] = Path(),
    team: Annotated[str, typer.Option("--team", help="The team's name.")] = "My team",
    no_commit: NoCommit = False,
) -> None:
    """Create a team folder (and a git repository, if it is not inside one).

    Example: handover init ~/accounts --team "서울 동부 영업2팀"
    """
    from handover.core.team import init_folder

    done = init_folder(directory, team, commit=not no_commit)
    out = console()
    out.print(_("Team folder ready in {root}", root=done.root))
    if done.created_repository:
        out.print(_("Created a git repository there; every change will be one commit."))
    elif done.repository is not None and done.repository != done.root:
        out.print(
            _(
                "Using the git repository at {repository} (the folder is inside it); "
                "every change will be one commit there.",
                repository=done.repository,
            )
        )
    elif done.repository is not None:
        out.print(_("Using the git repository already there; every change will be one commit."))
    out.print(_("Next: handover rep add ID --name NAME --email EMAIL, then handover add NAME"))


def rep_add(
    rep_id: Annotated[str, typer.Argument(help="Short ASCII id, e.g. sylee.", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="Full name, any script.")],
    email: Annotated[str, typer.Option("--email", help="Email; matched to git's user.email.")],
    territory: Annotated[str | None, typer.Option("--territory", help="Territory.")] = None,
    handle: Annotated[
        str | None,
        typer.Option("--handle", help="User name on the git host, for CODEOWNERS reviews."),
    ] = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
) -> None:
    """Add a rep to handover.yaml (comments in the file are kept).

    Example: handover rep add sylee --name 이서연 --email sylee@example.com --handle seoyeon-lee
    """
    from handover.core.team import add_rep

    ws = open_workspace(team_dir, commit=not no_commit)
    rep, _commit, warnings = add_rep(
        ws, rep_id, name=name, email=email, territory=territory, handle=handle
    )
    for warning in warnings:
        console(stderr=True).print(
            _("warning: {message}", message=warning), highlight=False, markup=False
        )
    console().print(_("Added rep {name} ({id})", name=rep.name, id=rep.id))


@tolerates_unreadable
def rep_list(team_dir: TeamDir = None, strict: Strict = False, as_json: Json = False) -> None:
    """The team's reps in 가나다 order: id, name, territory, status, customers owned, open items.

    Wherever a command takes a rep (--rep, --to, --from, --by, --successor), the id, the name,
    an unambiguous part of it or its initial consonants all work: sylee, 이서연, 서연, ㅇㅅㅇ.

    Examples:
      handover rep list
      handover rep list --json
    """
    from handover.core.reps import rep_rows
    from handover.render.reps import reps_table
    from handover.render.tables import print_table

    ws = open_workspace(team_dir)
    rows = rep_rows(ws)
    if as_json:
        print_json(rows)
        return
    out = console()
    print_table(out, reps_table(rows))
    out.print(ngettext("{count} rep", "{count} reps", len(rows)), style="dim")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    rep_app.command("add")(rep_add)
    rep_app.command("list")(rep_list)
    app.add_typer(rep_app, name="rep")
