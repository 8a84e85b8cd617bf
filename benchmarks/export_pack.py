"""How long a handover pack of a large book takes: `handover export` on a generated team.

Usage: python benchmarks/export_pack.py [--customers 2000] [--notes 12] [--keep DIR]

Writes a team folder where one rep owns every customer (each with a profile and `--notes`
canonical note files, some with open items), commits it to git, then times `handover export`
of that rep's book in each format, as a user runs it (a subprocess, cold start included), and
the in-process build of the pack alone. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handover.format import note_file
from handover.format.records import Moment

KST = dt.timezone(dt.timedelta(hours=9))
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민수", "서연", "지훈", "영희", "하나", "재호", "은비", "현우", "소라", "동욱"]
SUMMARIES = [
    "Glucofin XR 처방 조건 문의. 신장애 환자 용량 설명",
    "샘플 팩 전달하고 환자용 안내문(한글)도 함께 드림",
    "약가 인하 내용 설명. 환자 본인부담금이 줄어 반응 좋음",
    "Asked for renal dosing data; promised the study slides",
]


def make_team(root: Path, customers: int, notes: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    today = dt.datetime.now(KST).replace(microsecond=0)
    (root / "customers").mkdir(parents=True)
    (root / "handover.yaml").write_text(
        "format: 1\nteam: Benchmark\nreps:\n"
        "  - id: jpark\n    name: 박지훈\n    email: jpark@example.com\n    status: left\n"
        "  - id: sylee\n    name: 이서연\n    email: sylee@example.com\n",
        encoding="utf-8",
    )
    for number in range(customers):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        cid = f"c{number:05d}"
        folder = root / "customers" / cid
        folder.mkdir()
        (folder / "profile.yaml").write_text(
            f"# {name}: generated\nid: {cid}\nname: {name}\nkind: doctor\n"
            f"organisation: 의원 {number}\nowner: jpark\n"
            'contacts:\n  mobile: "010-0000-0000"\n'
            f"never_forget:\n  - 수요일 오후 방문 금지 {number}\n"
            "preferences:\n  best_days: [tue]\n",
            encoding="utf-8",
        )
        for index in range(notes):
            at = today - dt.timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
            opens = []
            if index == notes - 1 and rng.random() < 0.3:
                kind = rng.choice(["complaint", "promise", "request"])
                opens = [{"number": 1, "kind": kind, "text": "자료 전달"}]
            moment = Moment.model_validate(
                {
                    "kind": "moment",
                    "at": at,
                    "by": "jpark",
                    "channel": rng.choice(["visit", "phone", "email"]),
                    "summary": rng.choice(SUMMARIES),
                    "rating": rng.choice([None, 0, 2, 3, 3, 4, 4]),
                    "next_contact": (at + dt.timedelta(days=14)).date(),
                    "opens": opens,
                }
            )
            year = folder / "notes" / f"{at.year:04d}"
            year.mkdir(parents=True, exist_ok=True)
            name_ = note_file.note_filename(moment, f"{rng.getrandbits(24):06x}")
            (year / name_).write_text(note_file.record_to_yaml(moment), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="write the team here and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="handover-bench-"))
    root = base / "team"
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    make_team(root, args.customers, args.notes)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=b@example.com", "commit", "-qm", "team")
    made = time.perf_counter() - started
    handover = [sys.executable, "-m", "handover"]
    rows: list[tuple[str, float]] = []
    for fmt in ("json", "md", "html"):
        out = base / f"pack.{fmt}"
        command = [*handover, "export", "--rep", "jpark", "-o", str(out), "--dir", str(root)]
        timed(command)  # warm the file system cache, as a second run would find it
        rows.append((f"`handover export --rep jpark --format {fmt}`", timed(command)))
    from handover.core.export import build_pack
    from handover.core.workspace import Workspace

    start = time.perf_counter()
    build_pack(Workspace.open(root), rep="jpark")
    rows.append(("build the pack in process (read and derive, no rendering)", 0.0))
    rows[-1] = (rows[-1][0], time.perf_counter() - start)
    notes = args.customers * args.notes
    print(f"{args.customers} customers, {notes} notes (team written in {made:.1f} s) in {root}")
    print("| step | seconds |\n| --- | ---: |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print("| html size | " + f"{(base / 'pack.html').stat().st_size / 1e6:.1f} MB |")
    if args.keep is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
