"""Measure handover as a user runs it, against baselines measured in the same run.

Usage:
  python benchmarks/run.py                 # 25,000 customers / 600,000 notes, writes RESULTS.md
  python benchmarks/run.py --quick --out -  # 2,000 customers, 3 runs, under 5 minutes
  python benchmarks/run.py --team COPY     # an existing 25,000-customer team (a copy of it)
  python benchmarks/run.py --scale 0.002 --runs 1 --out -     # a smoke run (CI)
  python benchmarks/run.py --jrnl          # also the jrnl peer (installs jrnl into a venv)

Every figure is the median wall time of several runs of the installed `handover` command as a
whole process, started with this interpreter's own venv (a version-manager shim would add its
own start-up). Baselines: `python -c pass`, the framework floor (a typer hello-world that also
imports rich and ruamel.yaml), the same command on a 100-customer team, and `git grep -F` for
search. Timings are reported, never asserted: the smoke run only checks that everything runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HANDOVER = str(BIN / "handover")
PYTHON = sys.executable
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


LAUNCHER = """\
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.buffer.write(done.stderr)
print(elapsed, peak, done.returncode)
"""
PEAKS: dict[str, int] = {}
"""The largest resident memory (KB) any process of a command reached, by command line."""


def run(cmd: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall time of one run; its peak memory (getrusage of a launcher's children: the largest
    process of the tree, workers included) is kept in PEAKS."""
    done = subprocess.run(
        [PYTHON, "-c", LAUNCHER, *cmd], env=env, cwd=cwd, capture_output=True, check=False
    )
    elapsed_text, peak_text, code = done.stdout.decode().split()
    if int(code) not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{done.stderr.decode()}")
    key = " ".join(cmd)
    PEAKS[key] = max(PEAKS.get(key, 0), int(peak_text))
    return float(elapsed_text)


def peak_mb(cmd: Sequence[str]) -> float:
    return PEAKS.get(" ".join(cmd), 0) / 1024


def median(cmd: Sequence[str], env: dict[str, str], runs: int, cwd: Path | None = None) -> float:
    run(cmd, env, cwd)  # warm the page cache and the index
    return statistics.median(run(cmd, env, cwd) for _ in range(runs))


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) * 1024 for line in status.splitlines() if line[:6] == "VmRSS:"
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending += [int(child) for child in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def peak(cmd: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time and peak resident memory of the whole process tree (sampled every 50 ms)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    highest = 0

    def sample() -> None:
        nonlocal highest
        while process.poll() is None:
            highest = max(highest, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    sampler.join()
    if process.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - started, highest


def team(work: Path, scale: float) -> Path:
    folder = work / f"team-{scale:g}"
    if not (folder / "handover.yaml").exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {folder} …", file=sys.stderr)
        subprocess.run([PYTHON, str(HERE / "make_team.py"), str(folder), "--scale", str(scale)])
    return folder


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


class Bench:
    def __init__(self, work: Path, runs: int) -> None:
        self.work = work
        self.runs = runs
        self.env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1")
        self.env.pop("HANDOVER_DIR", None)
        # an installed handover runs from compiled bytecode; with this set (some sandboxes
        # do) every run compiles its ~70 modules again, about 0.3 s CPU on each figure
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, command: str, figure: str, note: str = "") -> None:
        self.rows.append((what, command, figure, note))
        print(f"{what:<46} {figure:>14}  {note}", file=sys.stderr)

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
    figures["pass"] = median([PYTHON, "-c", "pass"], env, runs)
    figures["floor"] = median([PYTHON, str(floor_script)], env, runs)
    figures["floor memory"] = peak_mb([PYTHON, str(floor_script)])
    bench.add("python -c pass", "python -c pass", f"{figures['pass']:.3f} s")
    bench.add("framework floor", "python floor.py (typer+rich+ruamel)", f"{figures['floor']:.3f} s")

    def timed(key: str, cmd: Sequence[str], repeat: int = runs, cwd: Path | None = None) -> None:
        figures[key] = median(cmd, env, repeat, cwd) if repeat > 1 else run(cmd, env, cwd)
        figures[f"{key} memory"] = peak_mb(cmd)
        bench.add(key, " ".join(cmd), f"{figures[key]:.3f} s", f"{figures[key + ' memory']:.0f} MB")

    for label, folder in (("big", big), ("small", small)):
        seconds, memory = peak(bench.h(folder, "reindex"), env)
        figures[f"reindex {label}"] = seconds
        figures[f"reindex memory {label}"] = memory / 1e6
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
        after_note: list[float] = []
        after_edit: list[float] = []
        profile = folder / "customers" / cid / "profile.yaml"
        for number in range(runs):
            run([*note, "--by", owner], env)
            after_note.append(run(bench.h(folder, "list", "--rep", owner), env))
            replace_text(profile, profile.read_text("utf-8") + f"# hand edit {number}\n")
            after_edit.append(run(bench.h(folder, "list", "--rep", owner), env))
        figures[f"after note {label}"] = statistics.median(after_note)
        figures[f"after edit {label}"] = statistics.median(after_edit)
        timed(f"list all {label}", bench.h(folder, "list", "--json"), 1)
        figures[f"stale check {label}"] = staleness(folder, env)
        seconds, memory = peak(bench.h(folder, "check"), env, ok=(0, 1))
        figures[f"check {label}"] = seconds
        figures[f"check memory {label}"] = memory / 1e6
        bench.add(f"check {label}", "check", f"{seconds:.3f} s", f"{memory / 1e6:.0f} MB tree")
        figures[f"after pull {label}"] = after_pull(bench, folder, owner)
    if with_jrnl:
        figures |= jrnl(bench, notes_in(big), "big", runs=1)
        figures |= jrnl(bench, notes_in(small), "small", runs=runs)
    return figures


def after_pull(bench: Bench, folder: Path, owner: str) -> float:
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
    seconds = run(bench.h(folder, "list", "--rep", owner), bench.env)
    bench.add("first view after a pull of every profile", "list --rep", f"{seconds:.3f} s")
    return seconds


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


def notes_in(folder: Path) -> int:
    return sum(1 for _ in (folder / "customers").glob("*/notes/*/*.yaml"))


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


def machine() -> str:
    return (
        f"{os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}, "
        f"measured {dt.date.today().isoformat()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hb-bench")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"), help="'-' prints only.")
    parser.add_argument("--jrnl", action="store_true", help="Also measure the jrnl peer.")
    parser.add_argument("--smoke", action="store_true", help="One run of each kind (CI).")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"The {QUICK_SCALE:g} scale (2,000 customers), 3 runs: under 5 minutes.",
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
    if args.quick:
        args.scale, args.runs = QUICK_SCALE, 3
    args.work.mkdir(parents=True, exist_ok=True)
    big = args.team.resolve() if args.team is not None else team(args.work, args.scale)
    if args.smoke:
        for key, value in smoke(Bench(args.work, 1), big).items():
            print(f"{key}: {value:.3f} s")
        return
    small = team(args.work, min(SMALL_SCALE, args.scale))
    bench = Bench(args.work, args.runs)
    figures = measure(bench, big, small, args.jrnl)
    report = render(figures, big, small, args)
    if not args.no_write_side:  # the write side's rows (note's commit, big list, export)
        sys.path.insert(0, str(HERE))
        from write_side import measure_write_side, render_write_side

        written = measure_write_side(big, small, args.work, args.runs)
        report += "\n## Write side (benchmarks/write_side.py)\n\n" + render_write_side(written)
    if args.out == "-":
        print(report)
    else:
        Path(args.out).write_text(report, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)


def render(figures: dict[str, float], big: Path, small: Path, args: argparse.Namespace) -> str:
    f = figures
    floor = f["floor"]
    big_size = f"{sum(1 for _ in (big / 'customers').iterdir()):,} customers"
    load = os.getloadavg()
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}; load average at the end of the run "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min).",
        f"Teams: `{big.name}` ({big_size}, {notes_in(big):,} notes) and `{small.name}` "
        f"(100-customer baseline). Median of {args.runs} runs of the installed command "
        "(after one warm-up run); made by `python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + ("" if args.runs == 5 or args.quick else f" --runs {args.runs}")
        + ("" if args.scale == 1.0 or args.quick else f" --scale {args.scale:g}")
        + ("" if args.team is None else " --team PATH")
        + (" --jrnl" if args.jrnl else "")
        + "`. Memory: the largest resident set of any process of the command "
        "(`getrusage(RUSAGE_CHILDREN)` of a launcher); for `reindex` and `check`, which run "
        "two processes, the whole tree sampled every 50 ms.",
        "",
        "| measure | big team | ×floor | ×100-customer team | 100-customer team | peak memory "
        "| target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]

    def row(label: str, key: str, target: str) -> None:
        b, s = f[f"{key} big"], f[f"{key} small"]
        memory = f.get(f"{key} big memory", f.get(f"{key} memory big"))
        shown = "–" if memory is None else f"{memory:.0f} MB"
        lines.append(
            f"| {label} | {b:.3f} s | {b / floor:.2f} | {b / s:.2f} | {s:.3f} s | "
            f"{shown} | {target} |"
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
    for query in ("처방", "라텍스", "renal dosing", "ㄱㅁㅅ"):
        row(f"`search {query}`", f"search {query}", "≥10× faster than git grep")
    row("`export --rep R -o book.html`", "export html", "<5 s")
    row("`report`, the team's year by month (warm index)", "report", "<2 s")
    row("`report --by week`, the team's year (warm index)", "report week", "–")
    row("`report --rep R`, a year by month (warm index)", "report rep", "–")
    row("first `list --rep` after one new note", "after note", "–")
    row("first `list --rep` after a profile hand edit", "after edit", "–")
    lines += [
        "",
        f"Baselines: `python -c pass` {f['pass']:.3f} s; framework floor {floor:.3f} s "
        f"({f['floor memory']:.0f} MB). `list --rep R` of a 7,200-customer book is the "
        "scale-write engineer's row (their module adds it when it lands).",
        f"Export of the rep's book as HTML: {f['export size big']:.1f} MB.",
        "",
        "| search query | handover | `git grep -F -l` | git grep ÷ handover |",
        "| --- | ---: | ---: | ---: |",
    ]
    for query in ("처방", "라텍스", "renal dosing", "ㄱㅁㅅ"):
        hs, gs = f[f"search {query} big"], f[f"grep {query} big"]
        lines.append(f"| `{query}` | {hs:.3f} s | {gs:.3f} s | {gs / hs:.1f}× |")
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


if __name__ == "__main__":
    main()
