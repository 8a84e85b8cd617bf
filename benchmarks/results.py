"""benchmarks/run.py's figures as the Markdown of benchmarks/RESULTS.md.

Ratios are of CPU time (user + system of the command and the children it waited for: git,
the index's workers): on a shared machine another engineer's build changes wall time far more
than it changes CPU time, so a ratio of CPU times compares what the two commands cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
from pathlib import Path

QUERIES = ("처방", "라텍스", "renal dosing", "ㄱㅁㅅ")
TARGET_CUSTOMERS = 25_000  # the scale targets (search ≥10× git grep, …) are set at this size


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}, "
        f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)"
    )


def command_line(args: argparse.Namespace) -> str:
    return (
        "python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + ("" if args.runs == 5 or args.quick else f" --runs {args.runs}")
        + ("" if args.scale == 1.0 or args.quick else f" --scale {args.scale:g}")
        + ("" if args.team is None else " --team PATH")
        + (" --jrnl" if args.jrnl else "")
    )


def notes_in(folder: Path) -> int:
    return sum(1 for _ in (folder / "customers").glob("*/notes/*/*.yaml"))


def render(figures: dict[str, float], big: Path, small: Path, args: argparse.Namespace) -> str:
    f = figures
    floor, floor_cpu = f["floor"], f["floor cpu"]
    customers = sum(1 for _ in (big / "customers").iterdir())
    big_size = f"{customers:,} customers"
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Teams: `{big.name}` ({big_size}, {notes_in(big):,} notes) and `{small.name}` "
        f"(100-customer baseline). Median of {args.runs} runs of the installed command"
        + " (a row measured fewer times says how many: `reindex`, `check`, the first view "
        "after a pull, the whole team's `open` and `list --json` and the export are one run)"
        + (
            " (no warm-up run: the reindex warmed the index; two runs when their wall and CPU "
            "times agree within 10 %, since the median of three lies between them)"
            if args.quick
            else " (after one warm-up run)"
        )
        + f"; made by `{command_line(args)}`. CPU: user + system of the command and its "
        "children (`os.wait4`); the ratios are of CPU times. Memory: the largest resident set "
        "of any process of the command (started from an 11 MB runner: the smallest reading); "
        "for `reindex` and `check`, which run two processes, the whole tree sampled every "
        "50 ms.",
        "",
        "| measure | big team | big CPU | ×floor | ×100-customer team | 100-customer team "
        "| peak memory | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]

    def row(label: str, key: str, target: str) -> None:
        b, s = f[f"{key} big"], f[f"{key} small"]
        bc, sc = f[f"{key} big cpu"], f[f"{key} small cpu"]
        memory = f.get(f"{key} big memory", f.get(f"{key} memory big"))
        shown = "–" if memory is None else f"{memory:.0f} MB"
        counts = {int(f.get(f"{key} {size} runs", args.runs)) for size in ("big", "small")}
        if counts != {args.runs}:
            label += " (" + ", ".join(runs_text(n) for n in sorted(counts)) + ")"
        lines.append(
            f"| {label} | {b:.3f} s | {bc:.3f} s | {bc / floor_cpu:.2f} | {bc / sc:.2f} | "
            f"{s:.3f} s | {shown} | {target} |"
        )

    row("`note` with its git commit", "note", "≤1.3× the 100-customer team")
    row("`brief <id>`", "brief id", "≤1.25× floor")
    row("`brief <full name>`", "brief name", "≤1.25× floor")
    for view in ("list", "open", "agenda", "health"):
        row(f"`{view} --rep R` (warm index)", view, "≤1.5× floor")
    row("`open`, the whole team", "open all", "<1.0 s")
    row("`list --json`, the whole team", "list all", "–")
    row("full `check`", "check", "<60 s, <500 MB")
    row("first `list --rep` after a pull that changed every profile", "after pull", "<30 s")
    row("cold `reindex`", "reindex", "<30 s")
    for query in QUERIES:
        row(f"`search {query}`", f"search {query}", "≥10× faster than git grep (CPU)")
    row("`export --rep R -o book.html`", "export html", "<5 s")
    row("`report`, the team's year by month (warm index)", "report", "<2 s")
    row("`report --by week`, the team's year (warm index)", "report week", "–")
    row("`report --rep R`, a year by month (warm index)", "report rep", "–")
    row("first `list --rep` after one new note", "after note", "–")
    row("first `list --rep` after a profile hand edit", "after edit", "–")
    lines += [
        "",
        f"Baselines: `python -c pass` {f['pass']:.3f} s; framework floor {floor:.3f} s wall, "
        f"{floor_cpu:.3f} s CPU ({f['floor memory']:.0f} MB). `list --rep R` of a "
        "7,200-customer book is benchmarks/write_side.py's row.",
        f"Export of the rep's book as HTML: {f['export size big']:.1f} MB.",
        "",
        "| search query | handover | `git grep -F -l` | git grep ÷ handover | the same in CPU "
        "| ≥10× target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    at_target_scale = customers >= TARGET_CUSTOMERS
    for query in QUERIES:
        hs, gs = f[f"search {query} big"], f[f"grep {query} big"]
        hc, gc = f[f"search {query} big cpu"], f[f"grep {query} big cpu"]
        verdict = ("met" if gc / hc >= 10 else "not met") if at_target_scale else "— (25k target)"
        lines.append(
            f"| `{query}` | {hs:.3f} s | {gs:.3f} s | {gs / hs:.1f}× | {gc / hc:.1f}× | {verdict} |"
        )
    lines += [
        "",
        f"Staleness check alone, nothing changed (in-process `refresh()`): "
        f"{f['stale check big'] * 1000:.0f} ms big, {f['stale check small'] * 1000:.1f} ms small.",
    ]
    if "jrnl add big" in f:
        lines += [
            "",
            "| peer (jrnl, same number of entries) | big | small | handover big | handover small |",
            "| --- | ---: | ---: | ---: | ---: |",
            f'| add an entry (`jrnl "…"` vs `handover note`) | {f["jrnl add big"]:.2f} s | '
            f"{f['jrnl add small']:.2f} s | {f['note big']:.2f} s | {f['note small']:.2f} s |",
            f"| search (`jrnl -contains` vs `handover search`) | {f['jrnl search big']:.2f} s | "
            f"{f['jrnl search small']:.2f} s | {f['search 라텍스 big']:.2f} s | "
            f"{f['search 라텍스 small']:.2f} s |",
        ]
    return "\n".join(lines) + "\n"


def runs_text(count: int) -> str:
    return "1 run" if count == 1 else f"{count} runs"


def run_cost(wall: float, cpu: float, load_before: tuple[float, ...], generated: bool) -> str:
    """What the run itself cost, for the next person deciding whether to run it."""
    load = os.getloadavg()
    return (
        f"\nThis run took {wall:.0f} s wall and {cpu:.0f} s CPU (every process of it, the "
        f"team generation included), at a load average of {load_before[0]:.1f} at the start "
        f"and {load[0]:.1f} at the end"
        + ("; it generated the teams (a later run copies them)" if generated else "")
        + ".\n"
    )
