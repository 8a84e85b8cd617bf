"""How transfers and readiness look in a terminal. Decides presentation only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from handover.render.lists import health_style

if TYPE_CHECKING:
    from handover.core.readiness import Readiness
    from handover.core.transfer import TransferResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_transfer(console: Console, result: TransferResult, records: list[str]) -> None:
    """A dry run shows every change exactly (diffs and new files); a real run, what moved."""
    count = _plural(len(result.moves), "customer")
    if result.dry_run:
        console.print(Text(f"Dry run: nothing written. Would move {count}:", style="bold"))
        _diff(console, result.config_diff)
        for move, record in zip(result.moves, records, strict=True):
            _diff(console, move.diff)
            folder = move.profile.rsplit("/", 1)[0]
            year = f"{result.at.year:04d}"
            console.print(
                Text(f"new file {folder}/notes/{year}/…-{result.by}-….yaml", style="bold green")
            )
            for text in record.splitlines():
                console.print(Text(f"+{text}", style="green"))
        console.print(Text("commit: ", style="dim") + Text(result.message.splitlines()[0]))
        return
    commit = f" · commit {result.commit[:7]}" if result.commit else ""
    targets = sorted({move.to for move in result.moves})
    console.print(f"Moved {count} to {', '.join(targets)}{commit}")
    for move in result.moves:
        line = Text(f"  {move.name} ({move.customer})  ")
        line.append(f"{move.from_} → {move.to}", style="bold")
        console.print(line)


def _diff(console: Console, lines: list[str]) -> None:
    for line in lines:
        style = "green" if line[:1] == "+" else "red" if line[:1] == "-" else ""
        console.print(Text(line, style="bold" if line[:3] in ("---", "+++") else style))


def render_readiness(console: Console, readiness: Readiness) -> None:
    scope = readiness.scope
    head = Text("Readiness ", style="bold")
    head.append(f" {readiness.score} ", style=health_style(readiness.score))
    head.append(f" {scope} · {_plural(len(readiness.customers), 'customer')}")
    if readiness.min is not None:
        verdict = "passes" if readiness.passed else "under"
        head.append(
            f" · {verdict} --min {readiness.min}",
            style="green" if readiness.passed else "bold red",
        )
    console.print(head)
    if readiness.summary:
        console.print(Text("Gaps in the book", style="bold"))
        for count in readiness.summary:
            console.print(
                Text.assemble(
                    f"  {_plural(count.customers, 'customer'):<14} ",
                    count.label,
                    (f"  (−{count.weight} each)", "dim"),
                )
            )
    console.print()
    for customer in readiness.customers:
        line = Text()
        line.append(f"{customer.score:>3} ", style=health_style(customer.score))
        line.append(f" {customer.name} ({customer.id})", style="bold")
        if not customer.gaps:
            line.append("  ready", style="green")
        console.print(line)
        for gap in customer.gaps:
            console.print(Text(f"      · {gap.action}"))
