"""Generate a synthetic team folder for benchmarks: by default 25,000 customers, 600,000 notes.

Usage: python benchmarks/make_team.py OUT [--scale 0.004] [--seed 5] [--jobs 2] [--no-git]

Deterministic: every customer draws from its own generator seeded by (seed, index), so the
output is the same whatever the number of processes. Names are Korean (about 70%) and English;
note summaries are Korean or English sentences of realistic length, with particles attached
(병원에서, 처방을) so that search is tested on real-looking text.

Notes are written in the tool's canonical form. `note_file.record_to_yaml` (ruamel) takes about
1 ms a note, 10 minutes for 600,000 notes, so moments are emitted by a small writer for exactly
that form, and every 97th note is checked byte for byte against `note_file.record_to_yaml`; a note
the small writer is not sure about is written by `record_to_yaml` itself.

The folder is then one commit, written by `git fast-import` and packed like a clone, with the
same commit id from the same seed (`commit_team`); benchmarks/teams.py keeps it and gives each
benchmark run a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handover.domain import romanize
from handover.format import note_file
from handover.format.records import Moment, Record

FULL_CUSTOMERS = 25_000
FULL_NOTES = 600_000
REPS = 100
TODAY = dt.date(2026, 11, 20)
DAYS = 3 * 365
KST = dt.timezone(dt.timedelta(hours=9))
CHECK_EVERY = 97

SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진"
GIVEN = (
    "민수서연지훈현우영희준호은정혜진성재동욱하나소라승철태윤예원경미상석주한아채다유시도건빈규찬혁"
)
FIRST = [
    "Emily",
    "James",
    "Olivia",
    "Daniel",
    "Sophia",
    "Michael",
    "Grace",
    "David",
    "Hannah",
    "Thomas",
    "Laura",
    "Peter",
    "Anna",
    "Robert",
    "Claire",
    "Henry",
    "Julia",
    "Mark",
    "Sarah",
    "Paul",
    "Nina",
    "Victor",
    "Alice",
    "John",
    "Maria",
    "Lucas",
    "Eva",
    "Adam",
]
LAST = [
    "Carter",
    "Wilson",
    "Schmidt",
    "Brown",
    "Miller",
    "Davis",
    "Garcia",
    "Martin",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
]
PLACES = [
    "서울중앙",
    "강남",
    "송파",
    "잠실",
    "천호",
    "성수",
    "광진",
    "한빛",
    "새봄",
    "연세",
    "사랑",
    "행복",
    "미래",
    "푸른",
    "하나",
    "중앙",
]
ORG_KINDS = [
    "내과의원",
    "가정의학과의원",
    "소아청소년과의원",
    "정형외과",
    "약국",
    "종합병원",
    "대학병원",
    "요양병원",
    "보건소",
]
EN_ORGS = (
    "Seoul International Clinic",
    "Gangnam Global Hospital",
    "Itaewon Family Practice",
    "Songpa Medical Center",
    "Hannam Pharmacy",
)
KINDS = ("doctor",) * 5 + ("pharmacist",) * 2 + ("nurse", "purchasing", "manager", "other")
ROLES = {"doctor": "과장", "pharmacist": "약사", "nurse": "수간호사", "purchasing": "구매 담당"}
TOPICS = (
    "Glucofin XR",
    "Cardiozen",
    "dosage",
    "pricing",
    "reimbursement",
    "formulary",
    "side effects",
    "clinical data",
    "samples",
)
MATERIALS = (
    "Glucofin brochure v3",
    "Cardiozen leave-behind",
    "clinical study slides",
    "dosing card",
    "sample pack",
    "patient leaflet (Korean)",
)
CHANNELS = ("visit",) * 6 + ("phone",) * 3 + ("message", "email", "video", "event")
KO_OPENERS = (
    "{name} {title}님과 병원에서 면담.",
    "외래 끝나고 진료실에서 짧게 인사.",
    "오전 회진 후 병원 로비에서 만남.",
    "전화로 다음 주 방문 일정 확인.",
    "약국에서 재고 현황 함께 확인.",
    "학술 심포지엄에서 {name} {title}님께 인사.",
    "문자로 자료 전달 여부 확인.",
)
KO_BODIES = (
    "글루코핀 XR 처방 조건을 다시 문의하심.",
    "신장 기능 저하 환자의 용량 조절에 대해 질문하심.",
    "카디오젠 신규 처방을 긍정적으로 검토 중이라고 하심.",
    "보험 급여 기준이 바뀌어 처방이 줄었다고 말씀하심.",
    "샘플 팩과 환자용 안내문을 전달함.",
    "경쟁사 제품과 가격 비교 자료를 요청하심.",
    "부작용 사례 보고 절차를 설명드림.",
    "임상 자료 요약본을 다음 방문 때 가져오기로 약속함.",
    "처방 환자 수가 지난달보다 늘었다고 하심.",
    "병원 약제위원회 일정이 다음 달로 미뤄졌다고 함.",
    "수요일 오후는 외래 시술이 있어 방문이 어렵다고 하심.",
    "원내 코드 등록 절차를 구매팀과 확인하기로 함.",
)
KO_CLOSERS = (
    "",
    "",
    "다음 주에 다시 연락드리기로 함.",
    "분위기 좋았음.",
    "시간이 부족해 자세한 설명은 못 드림.",
    "자료를 메일로 보내드리기로 함.",
)
EN_BODIES = (
    "Met {name} at the clinic to review Glucofin XR dosing.",
    "Phone call about reimbursement changes; prescriptions are down this quarter.",
    "Dropped off the sample pack and the patient leaflet.",
    "Asked for renal dosing data for patients with low eGFR.",
    "Discussed Cardiozen pricing against the competitor.",
    "Short visit after the morning round; busy week at the hospital.",
    "Followed up on the formulary committee meeting next month.",
)
KO_QUESTIONS = (
    "신장애 환자 용량은?",
    "급여 기준 변경 시점은?",
    "소아 환자에게도 쓸 수 있는지?",
    "장기 복용 시 부작용 데이터는?",
)
EN_QUESTIONS = ("Renal dosing for eGFR under 30?", "When does the new price apply?")
KO_COMPLAINTS = ("약속한 자료가 2주째 오지 않음", "예고 없이 방문해 진료 흐름을 방해함")
KO_PROMISES = ("신장 용량 자료 전달", "가격 비교표 전달", "심포지엄 초대장 전달")
KO_FACTS = (
    "수요일 오후 방문 금지 (외래 시술)",
    "방문 전날 문자로 확인",
    "오전 진료 후 11:30~12:00만 통화 가능",
    "prefers data over anecdotes",
    "라텍스 알레르기",
    "주차가 어려우니 대중교통 이용",
)


def korean_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def english_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def rep_table(seed: int) -> list[tuple[str, str]]:
    """100 reps: (id, name); ids from the romanized name, unique by suffix."""
    rng = random.Random(f"{seed}-reps")
    reps: list[tuple[str, str]] = []
    taken: set[str] = set()
    for number in range(REPS):
        name = english_name(rng) if number % 10 == 9 else korean_name(rng)
        base = romanize.slugify_name(name).replace("-", "")[:10] or f"rep{number}"
        rep_id, suffix = base, 2
        while rep_id in taken:
            rep_id, suffix = f"{base}{suffix}", suffix + 1
        taken.add(rep_id)
        reps.append((rep_id, name))
    return reps


def team_yaml(reps: Sequence[tuple[str, str]]) -> str:
    lines = [
        "# handover team folder generated by benchmarks/make_team.py",
        "format: 1",
        'team: "벤치마크 영업본부 (benchmark sales)"',
        "",
        "reps:",
    ]
    for number, (rep_id, name) in enumerate(reps):
        lines += [f"  - id: {rep_id}", f"    name: {name}", f"    email: {rep_id}@bench.example"]
        if number == 0:
            lines.append("    status: left  # 퇴사")
    lines += ["", "vocabulary:", "  topics:"]
    lines += [f"    - {topic}" for topic in TOPICS]
    lines += ["  materials:"]
    lines += [f"    - {material}" for material in MATERIALS]
    return "\n".join(lines) + "\n"


# --- customers -------------------------------------------------------------------------------


def customer_plan(seed: int, count: int) -> list[tuple[str, str, bool]]:
    """Every customer's (id, name, korean), decided up front so ids are unique and stable."""
    rng = random.Random(f"{seed}-names")
    plan: list[tuple[str, str, bool]] = []
    taken: set[str] = set()
    for _ in range(count):
        korean = rng.random() < 0.7
        name = korean_name(rng) if korean else english_name(rng)
        base = romanize.slugify_name(name)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        plan.append((candidate, name, korean))
    return plan


def profile_text(
    rng: random.Random, customer_id: str, name: str, korean: bool, owner: str, kind: str
) -> str:
    """A profile as a person writes it: quotes, flow lists, the odd comment."""
    org = f"{rng.choice(PLACES)}{rng.choice(ORG_KINDS)}" if korean else rng.choice(EN_ORGS)
    lines = [f"id: {customer_id}", f"name: {name}", f"kind: {kind}", f"organisation: {org}"]
    if kind in ROLES and rng.random() < 0.6:
        lines.append(f"role: {ROLES[kind]}")
    lines.append(f"owner: {owner}")
    if rng.random() < 0.2:
        lines.append("# 인수인계 시 반드시 확인")
    lines += [
        "",
        "contacts:",
        f'  mobile: "010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"',
    ]
    facts = rng.sample(KO_FACTS, rng.randint(0, 2))
    lines += ["", "never_forget:" + (" []" if not facts else "")]
    lines += [f"  - {fact}" for fact in facts]
    if rng.random() < 0.5:
        days = sorted(rng.sample(["mon", "tue", "wed", "thu", "fri"], 2), key=_weekday)
        lines += ["", "preferences:", f"  best_days: [{', '.join(days)}]", "  best_time: 오전"]
    tags = rng.sample(["kol", "diabetes", "hypertension", "key-account", "신규", "대형병원"], 2)
    lines += ["", f"tags: [{', '.join(tags)}]"]
    return "\n".join(lines) + "\n"


def _weekday(day: str) -> int:
    return ["mon", "tue", "wed", "thu", "fri"].index(day)


# --- notes -----------------------------------------------------------------------------------


def summary_text(rng: random.Random, name: str, korean: bool) -> str:
    if not korean:
        parts = rng.sample(EN_BODIES, rng.randint(1, 3))
        return " ".join(parts).format(name=name)
    title = rng.choice(("과장", "원장", "약사", "선생"))
    parts = [rng.choice(KO_OPENERS).format(name=name, title=title)]
    parts += rng.sample(KO_BODIES, rng.randint(1, 3))
    closer = rng.choice(KO_CLOSERS)
    if closer:
        parts.append(closer)
    text = " ".join(parts)
    if rng.random() < 0.03:
        text = text.replace(". ", ".\n", 1)  # a multi-line summary: a literal block
    return text


def customer_records(
    rng: random.Random, name: str, korean: bool, owner: str, others: Sequence[str], count: int
) -> list[tuple[Record, str]]:
    """A customer's moments over three years (each with its file token), a few items, and
    resolutions of most of them."""
    days = sorted(rng.randrange(DAYS) for _ in range(count))
    records: list[tuple[Record, str]] = []
    open_items: list[tuple[int, str, dt.datetime]] = []
    number = 0
    for offset in days:
        day = TODAY - dt.timedelta(days=DAYS - offset)
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)), KST)
        by = owner if rng.random() < 0.85 else rng.choice(others)
        data: dict[str, Any] = {
            "kind": "moment",
            "at": at,
            "by": by,
            "channel": rng.choice(CHANNELS),
            "summary": summary_text(rng, name, korean),
        }
        if rng.random() < 0.5:
            data["topics"] = rng.sample(TOPICS, rng.randint(1, 2))
        if rng.random() < 0.3:
            data["materials"] = rng.sample(MATERIALS, 1)
        if rng.random() < 0.8:
            data["rating"] = rng.choices(range(5), weights=(2, 4, 14, 50, 30))[0]
        if rng.random() < 0.3:
            data["next_contact"] = day + dt.timedelta(days=rng.choice((7, 14, 21, 28)))
        opens = []
        roll = rng.random()
        if roll < 0.06:
            number += 1
            question = rng.choice(KO_QUESTIONS if korean else EN_QUESTIONS)
            data["questions"] = [question]
            opens.append({"number": number, "kind": "question", "text": question})
        elif roll < 0.09:
            number += 1
            promise = rng.choice(KO_PROMISES)
            due = day + dt.timedelta(days=rng.choice((3, 7, 14)))
            opens.append({"number": number, "kind": "promise", "text": promise, "due": due})
        elif roll < 0.10:
            number += 1
            opens.append({"number": number, "kind": "complaint", "text": rng.choice(KO_COMPLAINTS)})
        if opens:
            data["opens"] = opens
        if open_items and rng.random() < 0.5:
            item, opened_in, opened_at = open_items.pop(0)
            if opened_at < at:
                data["resolves"] = [{"item": item, "opened_in": opened_in}]
        moment = Moment.model_validate(data)
        token = f"{rng.getrandbits(24):06x}"
        records.append((moment, token))
        note_id = note_file.note_filename(moment, token).removesuffix(".yaml")
        open_items += [(item["number"], note_id, at) for item in opens]
    return records


_PLAIN_OK = re.compile(r"^[^-?:,\[\]{}#&*!|>'\"%@`\s](?:[^\n\t]*[^\s:])?$")
_LOOKS_TYPED = re.compile(
    r"^(?:[-+]?[0-9_.]+(?:[eE][-+]?[0-9]+)?|true|false|yes|no|on|off|null|~|y|n|"
    r"\d{4}-\d\d?-\d\d?.*|\.inf|\.nan|0x.*|0o.*)$",
    re.IGNORECASE,
)


def _plain(text: str) -> str | None:
    if not _PLAIN_OK.match(text) or ": " in text or " #" in text or _LOOKS_TYPED.match(text):
        return None
    return text if text.isprintable() else None


def fast_moment_yaml(moment: Moment) -> str | None:
    """The canonical text of a moment, as record_to_yaml writes it; None when unsure."""
    lines = [
        "kind: moment",
        f"at: '{moment.at.isoformat()}'",
        f"by: {moment.by}",
        f"channel: {moment.channel}",
    ]
    if "\n" in moment.summary:
        body = moment.summary.split("\n")
        if any(not line or line != line.strip() for line in body):
            return None
        lines.append("summary: |")
        lines += [f"  {line}" for line in body]
    else:
        summary = _plain(moment.summary)
        if summary is None:
            return None
        lines.append(f"summary: {summary}")
    for key in ("topics", "materials", "questions"):
        values = getattr(moment, key)
        if values:
            lines.append(f"{key}:")
            for value in values:
                plain = _plain(value)
                if plain is None:
                    return None
                lines.append(f"- {plain}")
    if moment.rating is not None:
        lines.append(f"rating: {moment.rating}")
    if moment.next_contact is not None:
        lines.append(f"next_contact: '{moment.next_contact.isoformat()}'")
    if moment.tags:
        return None
    if moment.opens:
        lines.append("opens:")
        for item in moment.opens:
            text = _plain(item.text)
            if text is None or item.owner is not None:
                return None
            lines += [f"- number: {item.number}", f"  kind: {item.kind}", f"  text: {text}"]
            if item.due is not None:
                lines.append(f"  due: '{item.due.isoformat()}'")
    if moment.resolves:
        lines.append("resolves:")
        for link in moment.resolves:
            lines += [f"- item: {link.item}", f"  opened_in: {link.opened_in}"]
    return "\n".join(lines) + "\n"


def write_customer(root: Path, index: int, seed: int, job: dict[str, Any]) -> int:
    """One customer's folder: its profile and its notes; returns the number of notes."""
    rng = random.Random(f"{seed}-{index}")
    customer_id, name, korean = job["id"], job["name"], job["korean"]
    folder = root / "customers" / customer_id
    folder.mkdir(parents=True)
    kind = rng.choice(KINDS)
    owner = job["owner"]
    (folder / "profile.yaml").write_text(
        profile_text(rng, customer_id, name, korean, owner, kind), encoding="utf-8"
    )
    records = customer_records(rng, name, korean, owner, job["others"], job["notes"])
    made: set[Path] = set()
    for number, (record, token) in enumerate(records):
        directory = folder / "notes" / f"{record.at.year:04d}"
        if directory not in made:
            directory.mkdir(parents=True, exist_ok=True)
            made.add(directory)
        text = fast_moment_yaml(record) if isinstance(record, Moment) else None
        if text is None or (index * 31 + number) % CHECK_EVERY == 0:
            canonical = note_file.record_to_yaml(record)
            if text is not None and text != canonical:
                raise SystemExit(f"canonical form differs:\n{text}\n---\n{canonical}")
            text = canonical
        (directory / note_file.note_filename(record, token)).write_text(text, encoding="utf-8")
    return len(records)


def _worker(args: tuple[Path, int, int, dict[str, Any]]) -> int:
    return write_customer(*args)


def note_counts(rng: random.Random, customers: int, notes: int) -> list[int]:
    """Skewed like a real book: a few customers seen weekly, many a few times a year."""
    weights = [rng.paretovariate(2.0) for _ in range(customers)]
    total = sum(weights)
    counts = [max(1, int(notes * w / total)) for w in weights]
    shortfall = notes - sum(counts)
    for position in range(abs(shortfall)):
        slot = position % customers
        counts[slot] = max(1, counts[slot] + (1 if shortfall > 0 else -1))
    return counts


GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@bench.example", "-c", "gc.auto=0")
COMMITTED = f"{int(dt.datetime.combine(TODAY, dt.time(18), KST).timestamp())} +0900"
"""The commit's date: the evening of the generated team's last day, so the commit id too is the
same from the same seed."""


def commit_team(out: Path, written_at: float) -> None:
    """Make `out` a repository whose one commit holds every file, packed like a clone.

    The commit is streamed to `git fast-import`, which writes one pack: `git add` + `git commit`
    wrote a loose object per file and `repack -d` then deleted them all again, minutes of disk
    work for 50,000 files on a disk mounted with `discard` (every deleted file is a discard
    request). The index is then read from the commit and refreshed against the files: the
    refresh fails if any file differs from what was committed, so the working tree, the index
    and HEAD agree (`git status` is clean) or nothing is left pretending they do.
    """
    subprocess.run([*GIT, "init", "--quiet", "-b", "main"], cwd=out, check=True)
    importer = subprocess.Popen(
        [*GIT, "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE
    )
    assert importer.stdin is not None
    stream = importer.stdin
    message = b"benchmark team"
    who = b"bench <bench@bench.example> " + COMMITTED.encode()
    stream.write(b"commit refs/heads/main\nauthor %s\ncommitter %s\n" % (who, who))
    stream.write(b"data %d\n%s\n" % (len(message), message))
    for path in tracked_files(out):
        content = (out / path).read_bytes()
        stream.write(b"M 100644 inline %s\ndata %d\n" % (fast_import_path(path), len(content)))
        stream.write(content)
        stream.write(b"\n")
    stream.write(b"done\n")
    stream.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    # Packed like a clone: one pack with git's own deltas (the importer's are few), and git's
    # default gc.auto, so a benchmark measures what a real team folder costs.
    subprocess.run([*GIT, "repack", "-a", "-d", "-q"], cwd=out, check=True)
    # Refresh the index at least a second after the last file was written, so that no entry
    # is racily clean (a file as new as the index is hashed again by every later `git status`).
    time.sleep(max(0.0, written_at + 1.1 - time.time()))
    subprocess.run([*GIT, "read-tree", "HEAD"], cwd=out, check=True)
    subprocess.run([*GIT, "update-index", "--refresh"], cwd=out, check=True)


def tracked_files(out: Path) -> list[str]:
    """Every generated file's path relative to `out`, in git's order (bytewise)."""
    found = []
    for folder, directories, files in os.walk(out):
        if folder == str(out):
            directories.remove(".git")
        relative = os.path.relpath(folder, out)
        found += [name if relative == "." else f"{relative}/{name}" for name in files]
    return sorted(found, key=lambda path: path.encode())


def fast_import_path(path: str) -> bytes:
    """A path as fast-import reads it: C-quoted when it has a quote, backslash or control."""
    if path.isprintable() and '"' not in path and "\\" not in path:
        return path.encode()
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return b'"' + escaped.encode() + b'"'


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="The folder to create (must not exist).")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 25,000 customers.")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-git", action="store_true", help="Do not make a git repository.")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists():
        raise SystemExit(f"{out} exists; remove it first")
    customers = max(2, round(FULL_CUSTOMERS * args.scale))
    notes = max(customers, round(FULL_NOTES * args.scale))
    started = time.perf_counter()
    out.mkdir(parents=True)
    reps = rep_table(args.seed)
    (out / "handover.yaml").write_text(team_yaml(reps), encoding="utf-8")
    (out / ".gitignore").write_text(".handover/\n.*.tmp\n", encoding="utf-8")
    (out / "customers").mkdir()
    rng = random.Random(f"{args.seed}-plan")
    active = [rep_id for rep_id, _ in reps[1:]]
    counts = note_counts(rng, customers, notes)
    jobs = []
    for index, (customer_id, name, korean) in enumerate(customer_plan(args.seed, customers)):
        owner = reps[0][0] if index % 97 == 0 else active[index % len(active)]
        others = [active[(index + step) % len(active)] for step in (1, 2, 3)]
        job = {"id": customer_id, "name": name, "korean": korean, "owner": owner}
        job |= {"others": others, "notes": counts[index]}
        jobs.append((out, index, args.seed, job))
    written = 0
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            for done in pool.imap_unordered(_worker, jobs, chunksize=64):
                written += done
    else:
        written = sum(_worker(job) for job in jobs)
    print(
        f"wrote {customers:,} customers and {written:,} notes in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    if not args.no_git:
        commit_team(out, written_at=time.time())
        print(f"committed in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
