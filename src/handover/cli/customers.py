"""`handover add`, `handover list` and `handover remember`."""

from __future__ import annotations

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
from handover.i18n import _

KINDS = "doctor, pharmacist, nurse, purchasing, manager, internal, other"


def add(
    name: Annotated[
        str, typer.Argument(help="The customer's name, any script.", show_default=False)
    ],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {KINDS}.")] = "other",
    organisation: Annotated[str | None, typer.Option("--org", help="Organisation.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Role or title.")] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Owning rep: id or name (default: you).")
    ] = None,
    customer_id: Annotated[
        str | None, typer.Option("--id", help="The id (default: derived from the name).")
    ] = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Add a customer. A Korean name gets a romanized id (김민수 → gim-minsu).

    Example: handover add 김민수 --kind doctor --org 서울중앙내과의원 --owner sylee
    """
    from handover.core.customers import add_customer
    from handover.core.reps import rep_id
    from handover.core.summary import check_filters

    ws = open_workspace(team_dir, commit=not no_commit)
    kind = check_filters(ws.folder.config(), rep=None, kind=kind) or kind  # 의사 = doctor
    added = add_customer(
        ws,
        name,
        kind=kind,
        organisation=organisation,
        role=role,
        owner=rep_id(ws, owner, "--owner"),
        customer_id=customer_id,
    )
    for warning in added.warnings:
        console(stderr=True).print(
            _("warning: {message}", message=warning), highlight=False, markup=False
        )
    if as_json:
        print_json(added.profile)
        return
    console().print(
        _(
            "Added {name} as {id} ({path})",
            name=added.profile.name,
            id=added.profile.id,
            path=ws.folder.relative(added.path),
        )
    )


@tolerates_unreadable
def list_(
    rep: Rep = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {KINDS}.")] = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
    fmt: Format = "table",
    output: Output = None,
    no_pager: NoPager = False,
) -> None:
    """List customers with kind, owner, last contact and days since.

    Examples:
      handover list --rep sylee --kind doctor
      handover list --format csv -o customers.csv      (UTF-8 with BOM: Excel shows Hangul)
      handover list --format xlsx -o customers.xlsx
    """
    from handover.core.listing import list_customers
    from handover.core.reps import rep_id
    from handover.render.lists import customers_table
    from handover.render.tables import print_table

    check_format(fmt)
    ws = open_team_view(team_dir)
    rows = list_customers(ws, rep=rep_id(ws, rep), kind=kind)
    if as_json:
        print_json(rows)
        return
    if fmt != "table":
        write_sheet(ws, rows, fmt, output, "customers")
        return
    from handover.cli.pager import paged
    from handover.i18n import ngettext

    with paged(no_pager) as out:
        print_table(out, customers_table(rows, ws.today()))
        out.print(ngettext("{count} customer", "{count} customers", len(rows)), style="dim")


@tolerates_unreadable
def remember(
    customer: Customer,
    facts: Annotated[
        list[str], typer.Argument(help="Facts the successor must know.", show_default=False)
    ],
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
) -> None:
    """Add never-forget facts for a customer, as a new record beside its notes.

    The profile is not edited, so two reps remembering facts for one customer never conflict;
    the brief shows the profile's own never-forget list first, then these facts.

    Example: handover remember 김민수 "수요일 오후 방문 금지"
    """
    from handover.core.customers import remember as remember_in_profile
    from handover.core.names import resolve_customer

    ws = open_workspace(team_dir, commit=not no_commit)
    done = remember_in_profile(ws, resolve_customer(ws.folder, customer), facts)
    console().print(
        _("Remembered for {name}: {facts}", name=done.name, facts="; ".join(done.facts))
    )


def register(app: typer.Typer) -> None:
    app.command("add")(add)
    app.command("list")(list_)
    app.command("remember")(remember)
