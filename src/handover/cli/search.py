"""`handover search` and `handover reindex`."""

from __future__ import annotations

from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import Json, Rep, Strict, TeamDir


@tolerates_unreadable
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words to find, all of them (quotes not needed); particles such as 을/에서 and "
            "endings such as 했다 are ignored; initials such as ㄱㅁㅅ or 김ㅁ match names.",
            show_default=False,
        ),
    ],
    rep: Rep = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only customers of this kind, e.g. doctor.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only notes and items since: 2026-01-01, 30d.")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="Only this customer (id, name or part).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many results.")] = 20,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """Search names, profiles, notes and items; newest first, the match highlighted.

    Examples:
      handover search 처방
      handover search 처방을          (same as 처방)
      handover search 늦게 옴         (both words)
      handover search 김ㅁ
      handover search 병원 --rep sylee --since 30d
      handover search ㄱㅁㅅ
      handover search "renal dosing" --kind doctor --json
    """
    from handover.core.reps import rep_id
    from handover.core.search import search as run_search
    from handover.domain.words import CUSTOMER_KINDS, canonical

    query = " ".join(words)
    ws = open_workspace(team_dir)
    result = run_search(
        ws,
        query,
        rep=rep_id(ws, rep),
        kind=None if kind is None else canonical(CUSTOMER_KINDS, kind),  # 의사 = doctor
        since=since,
        customer=customer,
        limit=limit,
    )
    if as_json:
        print_json(result)
        return
    from handover.i18n import _, ngettext
    from handover.render.lists import search_table
    from handover.render.tables import print_table

    out = console()
    if not result.hits:
        out.print(_("nothing matches '{query}'", query=query), style="yellow")
        return
    print_table(out, search_table(result.hits))
    shown = ngettext("{count} result", "{count} results", len(result.hits))
    if result.more:
        shown = _("{shown}, newest first; more with --limit {limit}", shown=shown, limit=limit * 5)
    out.print(shown, style="dim")


def reindex(team_dir: TeamDir = None, as_json: Json = False) -> None:
    """Rebuild the search and team-view index from the files (it is only a cache).

    Team commands keep the index up to date by themselves; this starts it afresh.
    Example: handover reindex
    """
    from handover.i18n import _
    from handover.index.db import TeamIndex, index_path

    ws = open_workspace(team_dir)
    index = TeamIndex(ws.folder, index_path(ws.folder.root))
    if as_json:
        done = index.rebuild()
    else:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            # styled, not markup: the console prints strings literally (no `[style]` parsing)
            TextColumn("{task.description}", style="progress.description", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console(stderr=True), transient=True) as bar:
            task = bar.add_task(_("reading customers"), total=None)
            done = index.rebuild(lambda n, total: bar.update(task, completed=n, total=total))
    stats = index.stats()
    if as_json:
        print_json({"path": str(index.path), "seconds": round(done.seconds, 2), **stats})
        return
    console().print(
        _(
            "Indexed {customers} customers and {documents} documents in {seconds} s → {path}",
            customers=f"{stats['customers']:,}",
            documents=f"{stats['documents']:,}",
            seconds=f"{done.seconds:.1f}",
            path=index.path,
        ),
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command("search")(search)
    app.command("reindex")(reindex)
