"""The handover itself: `transfer`, `rep leave`, `readiness` and `export`."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import By, Json, NoCommit, Strict, TeamDir
from handover.format.output import output_path

if TYPE_CHECKING:
    from handover.core.transfer import TransferResult
    from handover.core.workspace import Workspace

Customers = Annotated[
    list[str] | None,
    typer.Argument(help="Customers: ids, names or unambiguous parts.", show_default=False),
]
Reason = Annotated[str | None, typer.Option("--reason", help="Why, kept in each transfer record.")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show exactly what would change; write nothing.")
]


def _show(ws: Workspace, result: TransferResult, as_json: bool) -> None:
    from handover.core.transfer import record_text
    from handover.render.handover import render_transfer

    if as_json:
        print_json(result)
        return
    records = [record_text(move, result.by, result.at) for move in result.moves]
    render_transfer(console(), result, records)


@tolerates_unreadable
def transfer(
    customers: Customers = None,
    to: Annotated[
        str | None, typer.Option("--to", help="The new owner: rep id or name (이서연, 서연).")
    ] = None,
    from_rep: Annotated[
        str | None,
        typer.Option("--from", help="Move this rep's book (or check named customers are theirs)."),
    ] = None,
    territory: Annotated[
        str | None, typer.Option("--territory", help="With --from: only customers with this tag.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="With --from: only customers of this kind.")
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="A CSV (customer,to[,reason]) or YAML (customer: rep) splitting a book.",
            dir_okay=False,
        ),
    ] = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Move customers to another rep: a transfer record each, owner edited, one commit.

    All or nothing: if one customer cannot move, nothing changes and the error names it.

    Examples:
      handover transfer 김민수 최영희 --to sylee --reason "territory split"
      handover transfer --from jpark --to sylee --kind doctor --dry-run
      handover transfer --plan jpark-split.csv
    """
    from handover.core.reps import rep_id
    from handover.core.transfer import transfer as move
    from handover.core.transfer_plan import Wanted, book_of, read_plan
    from handover.errors import UsageError
    from handover.i18n import _

    ws = open_workspace(team_dir, commit=not no_commit)
    to, from_rep = rep_id(ws, to, "--to"), rep_id(ws, from_rep, "--from")
    if plan is not None:
        if customers or to or from_rep:
            raise UsageError(_("--plan names the customers and their new owners by itself"))
        wanted = read_plan(plan, reason)
    elif to is None:
        raise UsageError(_("say where the customers go: --to REP (or --plan FILE)"))
    elif customers:
        if territory or kind:
            raise UsageError(_("--territory and --kind choose from a book: use them with --from"))
        wanted = [Wanted(query, to, reason) for query in customers]
    elif from_rep is not None:
        wanted = book_of(ws, from_rep, to, territory=territory, kind=kind, reason=reason)
    else:
        raise UsageError(_("name the customers to move, or --from REP for a whole book"))
    result = move(ws, wanted, from_rep=from_rep if customers else None, by=by, dry_run=dry_run)
    _show(ws, result, as_json)


@tolerates_unreadable
def rep_leave(
    rep: Annotated[
        str, typer.Argument(help="The rep who leaves (id or name).", show_default=False)
    ],
    successor: Annotated[
        str,
        typer.Option("--successor", help="Who takes over what the rep still owns (id or name)."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Hand over even if the book is not ready.")
    ] = False,
    minimum: Annotated[
        int | None,
        typer.Option(
            "--min", min=0, max=100, help="Readiness required (default: readiness.pass_score)."
        ),
    ] = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    by: By = None,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Mark a rep as left and move their customers to a successor, in one commit.

    Refused (exit 1) while the book's readiness is under the pass mark, unless --force.

    Examples:
      handover rep leave jpark --successor sylee
      handover rep leave jpark --successor sylee --force --reason "퇴사 (2026-10-31)"
    """
    from handover.core.leave import leave
    from handover.core.reps import resolve_rep

    ws = open_workspace(team_dir, commit=not no_commit)
    config = ws.folder.config()
    result = leave(
        ws,
        resolve_rep(config, rep, "rep leave").id,
        resolve_rep(config, successor, "--successor").id,
        force=force,
        minimum=minimum,
        reason=reason,
        by=by,
        dry_run=dry_run,
    )
    if as_json:
        print_json(result)
        return
    from handover.render.confirmations import leave_lines

    _show(ws, result, as_json=False)
    out = console()
    for line in leave_lines(result, dry_run=dry_run):
        out.print(line)


@tolerates_unreadable
def readiness(
    customers: Customers = None,
    rep: Annotated[str | None, typer.Option("--rep", help="The book of this rep.")] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Every customer of the team.")] = False,
    minimum: Annotated[
        int | None,
        typer.Option("--min", min=0, max=100, help="Exit 1 when the book scores under this."),
    ] = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """What knowledge is missing before a rep leaves, per customer and for the book.

    Each gap says what to do today; a score per customer and for the book (weights in
    handover.yaml). Exit 1 when the book is under --min, to gate a handover in CI.

    Examples:
      handover readiness --rep jpark
      handover readiness 김민수 최영희
      handover readiness --all
      handover readiness --rep jpark --min 80 --json
    """
    from handover.core.readiness import readiness as assess
    from handover.core.reps import rep_id
    from handover.errors import ExitCode

    ws = open_workspace(team_dir)
    result = assess(
        ws, rep=rep_id(ws, rep), customers=customers or (), everyone=everyone, minimum=minimum
    )
    if as_json:
        print_json(result)
    else:
        from handover.render.handover import render_readiness

        render_readiness(console(), result)
    if result.passed is False:
        raise typer.Exit(int(ExitCode.PROBLEMS))


PROGRESS_FROM = 200
"""Books at least this large show a progress bar (on a terminal) while they are read."""


@tolerates_unreadable
def export(
    rep: Annotated[
        str | None, typer.Option("--rep", help="The book this rep owns.", show_default=False)
    ] = None,
    customer: Annotated[
        list[str] | None,
        typer.Option(
            "--customer", "-c", help="A customer to include (repeat).", show_default=False
        ),
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Every customer of the team.")] = False,
    from_rep: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Customers this rep handed over (their last transfer); with --rep, to that rep.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="md, html or json (default: from -o's suffix, else md)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The file to write (default: standard output).", dir_okay=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Allow -o inside the team folder (never over its data).")
    ] = False,
    team_dir: TeamDir = None,
    strict: Strict = False,
) -> None:
    """A handover pack: a cover, then one brief per customer, most urgent first.

    The cover has the rep, the date, the book's size, health (zeros first) and the open and
    overdue items. Every pack names the commit and the time it was made from.

    Examples:
      handover export --rep jpark --format html -o jpark.html
      handover export --from jpark --rep sylee -o what-sylee-got.md
      handover export --customer 김민수 --customer 최영희 --format json
    """
    from handover.core.export import build_pack
    from handover.core.reps import rep_id
    from handover.errors import UsageError
    from handover.i18n import _, ngettext
    from handover.render.pack import FORMATS, render_pack

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix else "md"
        if fmt not in FORMATS:
            fmt = "md"
    if fmt not in FORMATS:
        raise UsageError(
            _("unknown format '{format}'", format=fmt),
            hint=_("use one of: {formats}", formats=", ".join(FORMATS)),
        )
    ws = open_workspace(team_dir)
    target = None
    if output is not None and str(output) != "-":  # refused before any work, not after
        target = output_path(ws.folder.root, output, force=force)
    with _progress() as advance:
        pack = build_pack(
            ws,
            rep=rep_id(ws, rep),
            customers=customer or (),
            everyone=everyone,
            handed_over_by=rep_id(ws, from_rep, "--from"),
            progress=advance,
        )
    text = render_pack(pack, fmt)
    if output is None or target is None:
        sys.stdout.write(text)
        return
    from handover.format.files import atomic_write

    atomic_write(target, text.encode("utf-8"))
    size = len(pack.customers)
    console().print(
        ngettext(
            "Wrote {path} ({format}, {count} customer, {size} KB) from commit {commit}",
            "Wrote {path} ({format}, {count} customers, {size} KB) from commit {commit}",
            size,
            path=output,
            format=fmt,
            size=len(text.encode()) // 1024 or 1,
            commit=pack.source.described,
        )
    )


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    """A transient rich progress bar on stderr, for large books on a terminal only."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        # styled, not markup: the console prints strings literally (no `[style]` parsing)
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("reading the book", total=None, visible=False)

        def advance(done: int, total: int) -> None:
            if total >= PROGRESS_FROM:
                bar.update(task, completed=done, total=total, visible=True)

        yield advance


def register(app: typer.Typer) -> None:
    from handover.cli.team import rep_app

    app.command("transfer")(transfer)
    app.command("readiness")(readiness)
    app.command("export")(export)
    rep_app.command("leave")(rep_leave)
