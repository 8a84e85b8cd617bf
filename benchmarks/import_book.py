"""Time `handover import` of a large book: 10,000 customers in a CSV, imported and re-imported.

Usage:
  python benchmarks/import_book.py                  # 10,000 rows (the target: under 30 s)
  python benchmarks/import_book.py --rows 200       # a smoke run
  python benchmarks/import_book.py --with-index     # the folder has an index (a working team):
                                                    # the import also brings it up to date

The CSV has Korean headers and CP949 bytes, as Excel on Korean Windows writes it; every row has
a name, organisation, department, title, mobile, email, owner and type. The figures are wall
times of the installed command as a whole process (detection, planning, writing, one commit).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HANDOVER = str(BIN / "handover")
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민수", "서연", "지훈", "하나", "영희", "소라", "동욱", "지원", "승호", "재현"]


def make_csv(path: Path, rows: int) -> None:
    lines = ["고객명,병원명,진료과,직책,휴대폰,이메일,담당자,구분"]
    for n in range(rows):
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
        lines.append(
            f"{name},서울{n}내과의원,내과,원장,010-{n // 10000:04d}-{n % 10000:04d},"
            f"c{n}@clinic.example,{'sylee' if n % 2 else 'jpark'},의사"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))


def run(*args: str, cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([HANDOVER, *args], cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--with-index", action="store_true", help="build the index first")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        os.environ.setdefault("GIT_AUTHOR_NAME", "bench")
        os.environ.setdefault("GIT_AUTHOR_EMAIL", "sylee@example.com")
        os.environ.setdefault("GIT_COMMITTER_NAME", "bench")
        os.environ.setdefault("GIT_COMMITTER_EMAIL", "sylee@example.com")
        os.environ["XDG_CACHE_HOME"] = str(root / "cache")
        subprocess.run([HANDOVER, "init", "team", "--team", "bench"], cwd=root, check=True)
        team = root / "team"
        for rep in ("sylee", "jpark"):
            run("rep", "add", rep, "--name", rep, "--email", f"{rep}@example.com", cwd=team)
        book = root / "book.csv"
        make_csv(book, options.rows)
        if options.with_index:
            run("list", cwd=team)  # any read command builds the index
        (first, first_cpu) = run("import", str(book), "--json", cwd=team)
        (again, again_cpu) = run("import", str(book), "--json", cwd=team)
        count = sum(1 for p in (team / "customers").iterdir() if p.is_dir())
        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} cores")
        print(
            f"import of {options.rows} rows (CP949 CSV): {first:.1f} s wall, "
            f"{first_cpu:.1f} s CPU, {count} customers"
        )
        print(f"re-import, nothing changes: {again:.1f} s wall, {again_cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
