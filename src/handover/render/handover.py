"""How transfers and readiness look in a terminal. Decides presentation only."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from handover.domain import words
from handover.format.text import visible
from handover.i18n import _, ngettext
from handover.render.hanging import Hanging
from handover.render.lists import health_style

if TYPE_CHECKING:
    from handover.core.readiness import Readiness
    from handover.core.transfer import TransferResult


COMMAND = re.compile(r"^(?P<prose>.*?(?::|—))\s+(?P<command>handover .+)$", re.DOTALL)
"""Advice that ends in the command to run (`…적으세요: handover remember gwon-hyejin "…"`)."""


def print_advice(console: Console, lead: str, advice: Text, command: str | None = None) -> None:
    """`lead` + advice on one line when it fits; else the advice wraps under its text and the
    command a user will copy goes whole on its own line below, indented (wider than the
    terminal only when the command alone is)."""
    if command is None and (found := COMMAND.match(advice.plain)):
        command = found["command"]
        advice = advice[: len(found["prose"])]
    elif command is not None:
        advice = advice.copy()
    if command is None or cell_len(lead) + advice.cell_len + 1 + cell_len(command) <= console.width:
        whole = advice if command is None else Text.assemble(advice, " ", command)
        console.print(Hanging(lead, whole))
        return
    advice.rstrip()
    console.print(Hanging(lead, advice))
    indent = " " * (cell_len(lead) + 2)
    console.print(Text(indent + command), no_wrap=True, overflow="ignore", crop=False)


def _customers(count: int) -> str:
    return ngettext("{count} customer", "{count} customers", count)


def render_transfer(console: Console, result: TransferResult, records: list[str]) -> None:
    """A dry run shows every change exactly (diffs and new files); a real run, what moved."""
    count = _customers(len(result.moves))
    if result.dry_run:
        console.print(
            Text(_("Dry run: nothing written. Would move {count}:", count=count), style="bold")
        )
        _diff(console, result.config_diff)
        for move, record in zip(result.moves, records, strict=True):
            _diff(console, move.diff)
            folder = move.profile.rsplit("/", 1)[0]
            year = f"{result.at.year:04d}"
            console.print(
                Text(
                    _("new file {path}", path=f"{folder}/notes/{year}/…-{result.by}-….yaml"),
                    style="bold green",
                )
            )
            for text in record.splitlines():
                console.print(Text(f"+{visible(text)}", style="green"))
        console.print(
            Text(_("commit: "), style="dim") + Text(visible(result.message.splitlines()[0]))
        )
        return
    commit = _(" · commit {commit}", commit=result.commit[:7]) if result.commit else ""
    targets = sorted({move.to for move in result.moves})
    console.print(_("Moved {count} to {reps}", count=count, reps=", ".join(targets)) + commit)
    for move in result.moves:
        line = Text(f"  {visible(move.name)} ({move.customer})  ")
        line.append(f"{move.from_} → {move.to}", style="bold")
        if move.items:
            line.append(_(" · open items follow: {refs}", refs=", ".join(move.items)))
        console.print(line)


def _diff(console: Console, lines: list[str]) -> None:
    for line in lines:
        style = "green" if line[:1] == "+" else "red" if line[:1] == "-" else ""
        console.print(Text(visible(line), style="bold" if line[:3] in ("---", "+++") else style))


def render_readiness(console: Console, readiness: Readiness) -> None:
    scope = readiness.scope
    head = Text(_("Readiness") + " ", style="bold")
    head.append(f" {readiness.score} ", style=health_style(readiness.score))
    head.append(f" {scope} · {_customers(len(readiness.customers))}")
    if readiness.min is not None:
        verdict = (
            _("passes --min {min}", min=readiness.min)
            if readiness.passed
            else _("under --min {min}", min=readiness.min)
        )
        head.append(f" · {verdict}", style="green" if readiness.passed else "bold red")
    console.print(head)
    if readiness.summary:
        console.print(Text(_("Gaps in the book"), style="bold"))
        for count in readiness.summary:
            customers = _customers(count.customers)
            lead = "  " + customers + " " * max(1, 15 - cell_len(customers))
            weight = ("  " + _("(−{weight} each)", weight=count.weight), "dim")
            console.print(Hanging(lead, Text.assemble(count.label, weight)))
    if readiness.held_by_left:
        title = _(
            "Open items held by a rep who has left ({count})", count=len(readiness.held_by_left)
        )
        console.print(Text(title, style="bold red"))
        for held in readiness.held_by_left:
            said = _(
                "{kind}: {text} — held by {holder} · ",
                kind=words.item_kind(held.kind),
                text=visible(held.text),
                holder=held.holder,
            )
            shown = Text(said.rstrip(" ·") + " ·")
            print_advice(console, f"  {held.ref} ", shown, held.action)
    console.print()
    for customer in readiness.customers:
        line = Text()
        line.append(f"{customer.score:>3} ", style=health_style(customer.score))
        line.append(f" {visible(customer.name)} ({customer.id})", style="bold")
        if not customer.gaps:
            line.append("  " + _("ready"), style="green")
        console.print(line)
        for gap in customer.gaps:
            print_advice(console, "      · ", Text(visible(gap.action)))
