"""Measure handover as a user runs it, against baselines measured in the same run.

Usage:
  python benchmarks/run.py                 # 25,000 customers / 600,000 notes
  python benchmarks/run.py --quick         # 2,000 customers, 2-3 runs, about 2-3.5 minutes
  python benchmarks/run.py --quick --out benchmarks/RESULTS.md   # append a dated section
  python benchmarks/run.py --team COPY     # an existing 25,000-customer team (a copy of it)
  python benchmarks/run.py --smoke --scale 0.002   # one run of each kind (CI)
  python benchmarks/run.py --jrnl          # also the jrnl peer (installs jrnl into a venv)

Every figure is the median wall time and the median CPU time of several runs of the installed
`handover` command as a whole process, started with this interpreter's own venv (a
version-manager shim would add its own start-up). Baselines: `python -c pass`, the framework
floor (a typer hello-world that also imports rich and ruamel.yaml), the same command on a
100-customer team, and `git grep -F` for search. Timings are reported, never asserted: the
smoke run only checks that everything runs. The teams are generated once into WORK/teams and
copied for each run (benchmarks/teams.py), so only a first run pays for making them.

The table is printed and written to WORK/RESULTS.md. The tracked benchmarks/RESULTS.md holds
hand-written dated sections: a run is only ever appended to it as a new dated section, and only
when asked with `--out benchmarks/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results
import teams
import timing
from results import notes_in
from timing import CPU, close_runner, cpu_median, key_of, median, peak, peak_mb, run

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HANDOVER = str(BIN / "handover")
PYTHON = timing.PYTHON
SMALL_SCALE = 0.004  # 100 customers, 2,400 notes
QUICK_SCALE = 0.08  # 2,000 customers, 48,000 notes: `--quick`
REPORT_YEAR = ("--since", "2025-11-21", "--until", "2026-11-20")  # make_team.py's last year

FLOOR = """\
import rich.console
import ruamel.yaml
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    rich.console.Console().print(f"hello {name}")


app()
"""


def fresh_teams(work: Path, scales: Sequence[float]) -> list[Path]:
    """A fresh copy of the generated team of each scale, at WORK/team-SCALE, with no index
    yet (as after a clone); the teams are generated only the first time (benchmarks/teams.py).
    A scale asked twice (a run at the baseline's scale or below) is one team."""
    distinct = list(dict.fromkeys(scales))
    masters = teams.pristine_teams(work / "teams", distinct)
    shutil.rmtree(work / "cache", ignore_errors=True)
    copies = {
        scale: teams.fresh_copy(master, work / f"team-{scale:g}")
        for master, scale in zip(masters, distinct, strict=True)
    }
    return [copies[scale] for scale in scales]


def first(folder: Path, pattern: str, *, index: int = 0) -> str:
    return sorted((folder / "customers").glob(pattern))[index].name


def name_of(folder: Path, customer: str) -> str:
    for line in (folder / "customers" / customer / "profile.yaml").read_text("utf-8").splitlines():
        if line.startswith("name: "):
            return line[6:]
    return customer


def owner_of(folder: Path, customer: str) -> str:
    """The customer's owner if still on the team, else a rep who is: someone who may write."""
    import yaml

    config = yaml.safe_load((folder / "handover.yaml").read_text("utf-8"))
    active = [rep["id"] for rep in config["reps"] if rep.get("status", "active") == "active"]
    for line in (folder / "customers" / customer / "profile.yaml").read_text("utf-8").splitlines():
        if line.startswith("owner: ") and line[7:] in active:
            return line[7:]
    return active[0]


def progress_line(what: str, figure: str, note: str) -> str:
    """One measured figure as the run goes, in columns by terminal cells (`search 처방` and
    `grep ㄱㅁㅅ`: a Hangul letter takes two), as handover's own tables count them."""
    from handover.render.tables import cells

    room = max(0, 46 - cells(what))
    return f"{what}{' ' * room} {figure:>14}  {note}"


class Bench:
    def __init__(self, work: Path, runs: int, quick: bool = False) -> None:
        self.work = work
        self.runs = runs
        self.quick = quick  # no warm-up runs, two runs when they agree (see median)
        self.env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1")
        self.env.pop("HANDOVER_DIR", None)
        # an installed handover runs from compiled bytecode; with this set (some sandboxes
        # do) every run compiles its ~70 modules again, about 0.3 s CPU on each figure
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, command: str, figure: str, note: str = "") -> None:
        self.rows.append((what, command, figure, note))
        print(progress_line(what, figure, note), file=sys.stderr)

    def h(self, folder: Path, *args: str) -> list[str]:
        return [HANDOVER, *args, "--dir", str(folder)]


def smoke(bench: Bench, folder: Path) -> dict[str, float]:
    """One run of each kind of command, for CI: it must work; the times mean nothing."""
    env = bench.env
    customer = first(folder, "*")
    owner = owner_of(folder, customer)
    figures = {"reindex": peak(bench.h(folder, "reindex"), env)[0]}
    figures["brief"] = run(bench.h(folder, "brief", customer), env)
    figures["note"] = run(
        [*bench.h(folder, "note", customer, "-s", "처방 논의"), "--by", owner], env
    )
    figures["list after note"] = run(bench.h(folder, "list", "--rep", owner), env)
    figures["search"] = run(bench.h(folder, "search", "처방"), env)
    figures["report"] = run(bench.h(folder, "report", *REPORT_YEAR), env)
    figures["stale check"] = staleness(folder, env)
    return figures


def replace_text(path: Path, text: str) -> None:
    """Write a file by rename, never in place: a benchmark team may share its files through
    hard links with a read-only master copy (`cp -al`), which an in-place write would change."""
    temporary = path.with_name(f".{path.name}.bench")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def measure(bench: Bench, big: Path, small: Path, with_jrnl: bool) -> dict[str, float]:
    env, runs = bench.env, bench.runs
    floor_script = bench.work / "floor.py"
    floor_script.write_text(FLOOR)
    figures: dict[str, float] = {}
    figures["pass"] = median([PYTHON, "-c", "pass"], env, runs, quick=bench.quick)
    figures["floor"] = median([PYTHON, str(floor_script)], env, runs, quick=bench.quick)
    figures["floor cpu"] = cpu_median([PYTHON, str(floor_script)])
    figures["floor memory"] = peak_mb([PYTHON, str(floor_script)])
    bench.add("python -c pass", "python -c pass", f"{figures['pass']:.3f} s")
    bench.add("framework floor", "python floor.py (typer+rich+ruamel)", f"{figures['floor']:.3f} s")

    def timed(key: str, cmd: Sequence[str], repeat: int = runs, cwd: Path | None = None) -> None:
        if repeat > 1:
            figures[key] = median(cmd, env, repeat, cwd, quick=bench.quick)
        else:
            CPU.pop(key_of(cmd, cwd), None)
            figures[key] = run(cmd, env, cwd)
        figures[f"{key} runs"] = len(CPU[key_of(cmd, cwd)])
        figures[f"{key} cpu"] = cpu_median(cmd, cwd)
        figures[f"{key} memory"] = peak_mb(cmd, cwd)
        bench.add(
            key,
            " ".join(cmd),
            f"{figures[key]:.3f} s",
            f"{figures[key + ' cpu']:.3f} s CPU, {figures[key + ' memory']:.0f} MB, "
            f"{len(CPU[key_of(cmd, cwd)])} runs",
        )

    for label, folder in (("big", big), ("small", small)):
        seconds, memory = peak(bench.h(folder, "reindex"), env)
        figures[f"reindex {label}"] = seconds
        figures[f"reindex {label} cpu"] = cpu_median(bench.h(folder, "reindex"))
        figures[f"reindex memory {label}"] = memory / 1e6
        figures[f"reindex {label} runs"] = 1
        bench.add(f"reindex {label}", "reindex", f"{seconds:.3f} s", f"{memory / 1e6:.0f} MB tree")
    customer = first(big, "g*", index=3)
    small_customer = first(small, "*", index=3)
    rep = owner_of(big, customer)
    small_rep = owner_of(small, small_customer)
    for label, folder, cid, owner in (
        ("big", big, customer, rep),
        ("small", small, small_customer, small_rep),
    ):
        name = name_of(folder, cid)
        timed(f"brief id {label}", bench.h(folder, "brief", cid))
        timed(f"brief name {label}", bench.h(folder, "brief", name))
        note = bench.h(folder, "note", cid, "-s", "벤치마크 방문: 처방 논의", "-c", "visit")
        timed(f"note {label}", [*note, "--by", owner])
        for view in ("list", "open", "agenda", "health"):
            timed(f"{view} {label}", bench.h(folder, view, "--rep", owner))
        timed(f"open all {label}", bench.h(folder, "open"), 1)
        html = bench.work / f"export-{label}.html"
        timed(f"export html {label}", bench.h(folder, "export", "--rep", owner, "-o", str(html)), 1)
        figures[f"export size {label}"] = html.stat().st_size / 1e6 if html.exists() else 0.0
        report = bench.h(folder, "report", *REPORT_YEAR)
        timed(f"report {label}", report)
        timed(f"report week {label}", [*report, "--by", "week"])
        timed(f"report rep {label}", [*report, "--rep", owner])
        for query in ("처방", "라텍스", "renal dosing", "ㄱㅁㅅ"):
            timed(f"search {query} {label}", bench.h(folder, "search", query))
            grep = ["git", "grep", "-F", "-l", query.split()[0], "--", "customers"]
            timed(f"grep {query} {label}", grep, cwd=folder)
        # the first command after one new note, and after a hand edit of a profile
        view = bench.h(folder, "list", "--rep", owner)
        after_note: list[tuple[float, float]] = []
        after_edit: list[tuple[float, float]] = []
        profile = folder / "customers" / cid / "profile.yaml"
        for number in range(runs):
            run([*note, "--by", owner], env)
            after_note.append((run(view, env), CPU[key_of(view)][-1]))
            replace_text(profile, profile.read_text("utf-8") + f"# hand edit {number}\n")
            after_edit.append((run(view, env), CPU[key_of(view)][-1]))
        for key, samples in (
            (f"after note {label}", after_note),
            (f"after edit {label}", after_edit),
        ):
            figures[key] = statistics.median(wall for wall, _ in samples)
            figures[f"{key} cpu"] = statistics.median(cpu for _, cpu in samples)
            figures[f"{key} runs"] = len(samples)
        timed(f"list all {label}", bench.h(folder, "list", "--json"), 1)
        figures[f"stale check {label}"] = staleness(folder, env)
        seconds, memory = peak(bench.h(folder, "check"), env, ok=(0, 1))
        figures[f"check {label}"] = seconds
        figures[f"check {label} cpu"] = cpu_median(bench.h(folder, "check"))
        figures[f"check memory {label}"] = memory / 1e6
        figures[f"check {label} runs"] = figures[f"after pull {label} runs"] = 1
        bench.add(f"check {label}", "check", f"{seconds:.3f} s", f"{memory / 1e6:.0f} MB tree")
        figures[f"after pull {label}"], figures[f"after pull {label} cpu"] = after_pull(
            bench, folder, owner
        )
    if with_jrnl:
        figures |= jrnl(bench, notes_in(big), "big", runs=1)
        figures |= jrnl(bench, notes_in(small), "small", runs=runs)
    return figures


def after_pull(bench: Bench, folder: Path, owner: str) -> tuple[float, float]:
    """The first team view after a commit that changed every profile (what a pull of a
    team-wide edit brings): a comment added to each, committed, then `list --rep`."""
    for profile in sorted((folder / "customers").glob("*/profile.yaml")):
        replace_text(profile, profile.read_text("utf-8") + "# reviewed by the team\n")
    git = ["git", "-C", str(folder)]
    subprocess.run([*git, "add", "-A", "customers"], check=True, env=bench.env)
    subprocess.run(
        [*git, "commit", "-q", "--no-verify", "-m", "benchmark: every profile changed"],
        check=True,
        env=bench.env,
    )
    view = bench.h(folder, "list", "--rep", owner)
    seconds = run(view, bench.env)
    cpu = CPU[key_of(view)][-1]
    bench.add(
        "first view after a pull of every profile",
        "list --rep",
        f"{seconds:.3f} s",
        f"{cpu:.3f} s CPU",
    )
    return seconds, cpu


def staleness(folder: Path, env: dict[str, str]) -> float:
    """The index's staleness check alone when nothing changed, in-process, median of 5."""
    code = (
        "import sys, time, statistics; from pathlib import Path\n"
        "from handover.format.store import TeamFolder; from handover.index.db import open_index\n"
        "i = open_index(TeamFolder(Path(sys.argv[1])))\n"
        "t = []\n"
        "for _ in range(5):\n"
        "    s = time.perf_counter(); i.refresh(); t.append(time.perf_counter() - s)\n"
        "print(statistics.median(t))\n"
    )
    out = subprocess.run([PYTHON, "-c", code, str(folder)], env=env, capture_output=True)
    return float(out.stdout.decode().strip() or "nan")


def jrnl(bench: Bench, entries: int, label: str, runs: int) -> dict[str, float]:
    """The peer: jrnl with a journal of as many entries as the team has notes."""
    venv = bench.work / ".venv-jrnl"
    if not (venv / "bin" / "jrnl").exists():
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "jrnl"], check=True)
    folder = bench.work / f"jrnl-{label}"
    folder.mkdir(exist_ok=True)
    journal = folder / "journal.txt"
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.2\n"
    )
    start = dt.datetime(2023, 11, 20, 9, 0)
    with journal.open("w", encoding="utf-8") as handle:
        for number in range(entries):
            at = start + dt.timedelta(minutes=3 * number)
            handle.write(
                f"[{at:%Y-%m-%d %H:%M}] 김민수 과장님과 병원에서 면담 {number}.\n"
                "글루코핀 XR 처방 조건을 다시 문의하심. 샘플 팩 전달.\n\n"
            )
    base = [str(venv / "bin" / "jrnl"), "--config-file", str(config)]
    env = dict(bench.env, HOME=str(folder))
    add = median([*base, "벤치마크 방문: 처방 논의."], env, runs)
    find = median([*base, "-contains", "라텍스"], env, runs)
    return {f"jrnl add {label}": add, f"jrnl search {label}": find}


def write_report(report: str, out: str, tracked: Path = HERE / "RESULTS.md") -> None:
    """Print the run's table, and write it to OUT unless OUT is '-'. The tracked RESULTS.md
    holds hand-written dated sections the README cites: a run is appended to it as a new
    dated section, never written over it."""
    print(report)
    if out == "-":
        return
    path = Path(out)
    if path.resolve() == tracked.resolve() and path.exists():
        heading = f"\n## `benchmarks/run.py`, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n\n"
        body = report.removeprefix("# Benchmark results\n").lstrip("\n").replace("\n## ", "\n### ")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(heading + body)
        print(f"appended a dated section to {path}", file=sys.stderr)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Ratios are of CPU time against the framework floor: a typer command that imports "
        "rich and ruamel.yaml and prints one line with rich (FLOOR in this file), run in the "
        "same minutes; benchmarks/rep_views_ab.py and brief_ab.py measure it beside the views.",
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hb-bench",
        help="Where the generated teams (WORK/teams), their copies and the index live.",
    )
    parser.add_argument(
        "--out",
        help="Where the table goes besides the terminal: WORK/RESULTS.md unless given; "
        "'-' prints only. The tracked benchmarks/RESULTS.md is never replaced: "
        "`--out benchmarks/RESULTS.md` appends the run to it as a new dated section.",
    )
    parser.add_argument("--jrnl", action="store_true", help="Also measure the jrnl peer.")
    parser.add_argument("--smoke", action="store_true", help="One run of each kind (CI).")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"The {QUICK_SCALE:g} scale (2,000 customers), 2-3 runs, of the write side only "
        "`note`: about 2-3.5 minutes on a shared 2-core machine.",
    )
    parser.add_argument(
        "--team",
        type=Path,
        help="An existing big team to measure (a copy: the run adds notes and commits).",
    )
    parser.add_argument(
        "--no-write-side",
        action="store_true",
        help="Leave out benchmarks/write_side.py's rows (note's commit, a big list, export).",
    )
    args = parser.parse_args(argv)
    started, load_before = time.perf_counter(), os.getloadavg()
    if args.quick:
        args.scale, args.runs = QUICK_SCALE, 3
    args.work.mkdir(parents=True, exist_ok=True)
    scales = [args.scale] if args.smoke else [args.scale, min(SMALL_SCALE, args.scale)]
    if args.team is not None:
        scales = scales[1:]
    generated = not all(
        (args.work / "teams" / teams.pristine_name(scale, teams.generator_version())).exists()
        for scale in scales
    )
    copies = fresh_teams(args.work, scales)
    big = args.team.resolve() if args.team is not None else copies[0]
    if args.smoke:
        lines = [f"{key}: {value:.3f} s" for key, value in smoke(Bench(args.work, 1), big).items()]
        close_runner()
        write_report("\n".join(lines) + "\n", args.out or str(args.work / "RESULTS.md"))
        return
    small = copies[-1]
    bench = Bench(args.work, args.runs, quick=args.quick)
    figures = measure(bench, big, small, args.jrnl)
    report = results.render(figures, big, small, args)
    if not args.no_write_side:  # the write side's rows (note's commit, big list, export)
        sys.path.insert(0, str(HERE))
        from write_side import COMMANDS, measure_write_side, render_write_side

        # --quick: only `note` (alternated, with git's own floor); the other rows are in the
        # table above with their CPU time, and the big book's `list` is a 25,000-customer row
        only = ("note",) if args.quick else COMMANDS
        written = measure_write_side(big, small, args.work, args.runs, only)
        report += "\n## Write side (benchmarks/write_side.py)\n\n" + render_write_side(written)
        if args.quick:
            report += (
                "\n`--quick` measures only `note` here: the whole team's `open`, the export "
                "and the year's `report` are in the first table with their CPU time, and the "
                "big book's `list` is a 25,000-customer row.\n"
            )
    close_runner()
    itself = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = itself.ru_utime + itself.ru_stime + children.ru_utime + children.ru_stime
    report += results.run_cost(time.perf_counter() - started, cpu, load_before, generated)
    write_report(report, args.out or str(args.work / "RESULTS.md"))
    teams.remove_stale(args.work / "teams", scales)


if __name__ == "__main__":
    main()
