"""Create the demo team folder: 서울 동부 영업2팀 (Seoul East Sales 2), a year of notes.

Usage: python scripts/make_demo.py [--out profiles]

The team lives in data files next to this script (scripts/demo/, read its comments): the team
file, the people and their profiles, the scenes a random moment is drawn from, the stories (fixed
moments, closings, corrections, hand-overs) and the year's rules (seed, holidays, who answers how
fast). This script turns them into files the way the commands do: profiles with
`TeamFolder.create_profile`, notes with `TeamFolder.write_record`, both through the one writer
the store offers. Deterministic: one seeded random generator and a fixed "today" (2026-11-20,
Asia/Seoul), so two runs write byte-identical files; `tests/test_demo.py` compares a fresh run
with the committed `profiles/`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from handover.core.check import check_folder
from handover.format import yamlio
from handover.format.channels import Channel
from handover.format.files import LoadedFile, atomic_write
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR
from handover.format.note_file import note_filename
from handover.format.profile import Profile
from handover.format.records import (
    Assignment,
    Correction,
    ItemKind,
    ItemLink,
    ItemOpening,
    Moment,
    MomentChanges,
    Record,
    Reopening,
    Resolution,
)
from handover.format.source import source_text
from handover.format.store import TeamFolder
from handover.format.validation import validate_model

DATA = Path(__file__).resolve().parent / "demo"
KST = dt.timezone(dt.timedelta(hours=9), "KST")  # Asia/Seoul: +09:00, no daylight saving
T = TypeVar("T")
Mood = Literal["good", "mixed", "bad"]

# --- the data files, as models (a typo in a key is an error naming it) --------------------------


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Delay(Data):
    days: tuple[int, int]
    weight: int


class Rating(Data):
    rating: int
    weight: int


class LeftRep(Data):
    rep: str
    last_day: dt.date
    covered_by: str


class Supply(Data):
    from_: dt.date = Field(alias="from")
    until: dt.date
    customers: frozenset[str]
    text: str
    topics: tuple[str, ...]
    complaint: str
    how: str
    resolved_after: dict[str, int]


class Year(Data):
    seed: int
    today: dt.date
    start: dt.date
    left: LeftRep
    curated_days: int
    reps: tuple[str, ...]
    english_only: frozenset[str]
    kind_group: dict[str, str]
    holidays: frozenset[dt.date]
    moods: dict[Mood, int]
    ratings: dict[Mood, tuple[Rating, ...]]
    next_contact_days: tuple[int, ...]
    story_gap: int
    resolve_delays: tuple[Delay, ...]
    rep_delays: dict[str, dict[ItemKind | Literal["all"], tuple[Delay, ...]]]
    supply_disruption: Supply

    def delays(self, rep: str, kind: ItemKind) -> tuple[Delay, ...]:
        by_kind = self.rep_delays.get(rep, {})
        return by_kind.get(kind) or by_kind.get("all") or self.resolve_delays


class ItemPlan(Data):
    """A routine item a scene leaves open, and how it is closed days or weeks later."""

    kind: ItemKind
    text: str
    how: str
    due: int | None = None  # a promise is due this many days after the moment


class Scene(Data):
    """What a moment was about; `{who}` and `{org}` name the customer."""

    text: str
    topics: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ("visit",)
    tags: tuple[str, ...] = ()
    follow_up: int | None = None  # days until the promised next contact
    item: ItemPlan | None = None


class StoryItem(Data):
    key: str
    kind: ItemKind
    text: str
    due: dt.date | None = None
    owner: str | None = None


class Story(Scene):
    """A fixed moment in a customer's year: the beats a brief and the report should show."""

    at: dt.datetime  # local time, +09:00 implied
    rating: int = Field(ge=0, le=4)  # as a moment's rating: caught here, named by entry
    by: str | None = None
    next_contact: dt.date | None = None
    opens: tuple[StoryItem, ...] = ()
    resolves: tuple[str, ...] = ()  # keys of this customer's items this moment closes


class Closing(Data):
    item: str
    at: dt.datetime
    by: str
    resolve: str | None = None
    reopen: str | None = None


class Fix(Data):
    note: dt.datetime  # the `at` of the corrected story
    at: dt.datetime
    by: str
    changes: MomentChanges


class Handover(Data):
    item: str
    at: dt.datetime
    by: str
    to: str
    reason: str


class Stories(Data):
    stories: dict[str, tuple[Story, ...]]
    closings: dict[str, tuple[Closing, ...]]
    corrections: dict[str, tuple[Fix, ...]]
    assignments: dict[str, tuple[Handover, ...]]


class Person(Data):
    id: str
    who: str  # how notes name them: "김민수 과장님", "Dr. Carter"
    lang: Literal["ko", "en"]
    every: int  # days between contacts, on average
    first: dt.date | None = None
    last: dt.date | None = None
    profile: str  # the profile as its owner typed it; "{mobile}" etc. are drawn numbers


def read(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], name: str, value: Any, where: str = "") -> Model:
    """A data file's entry as its model, or one line naming the file, the entry and the field
    (`scripts/demo/stories.yaml: stories.gim-minsu[0].rating: …`) instead of a traceback."""
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = where
        for part in error["loc"]:
            path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
        shown = (DATA / name).relative_to(DATA.parent.parent)
        raise SystemExit(f"{shown}: {path}: {error['msg']} (got {error['input']!r})") from None


YEAR = validated(Year, "year.yaml", read("year.yaml"))
SCENES: dict[str, dict[str, dict[Mood, tuple[Scene, ...]]]] = {
    lang: {group: {mood: tuple(validated(Scene, "scenes.yaml", s,
                                         f"scenes.{lang}.{group}.{mood}[{i}]")
                               for i, s in enumerate(scenes))
                   for mood, scenes in moods.items()} for group, moods in groups.items()}
    for lang, groups in read("scenes.yaml")["scenes"].items()
}  # fmt: skip
STORIES = validated(Stories, "stories.yaml", read("stories.yaml"))
PEOPLE = tuple(
    validated(Person, "people.yaml", p, f"customers[{i}]")
    for i, p in enumerate(read("people.yaml")["customers"])
)
CURATED_FROM = YEAR.today - dt.timedelta(days=YEAR.curated_days)
LAST_RESOLVE = YEAR.today - dt.timedelta(days=1)  # routine items are all closed by then

# --- a customer: the person, and what their profile says ---------------------------------------


@dataclass(frozen=True)
class Customer:
    person: Person
    profile: Profile

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def first(self) -> dt.date:
        return self.person.first or YEAR.start

    @property
    def last(self) -> dt.date:
        return self.person.last or YEAR.today

    def fill(self, text: str) -> str:
        organisation = self.profile.organisation or ""
        return text.replace("{who}", self.person.who).replace("{org}", organisation)


_DRAWN = re.compile(r'"\{(mobile|office|fax|내선)\}"')


def profile_text(rng: random.Random, person: Person) -> str:
    """The profile with its made-up numbers drawn in the order they appear."""

    def number(match: re.Match[str]) -> str:
        label = match.group(1)
        if label == "mobile":
            return f'"010-{rng.randrange(2000, 9999)}-{rng.randrange(1000, 9999)}"'
        if label == "내선":
            return f'"{rng.randrange(2000, 7999)}"'
        return f'"02-{rng.randrange(400, 3999)}-{rng.randrange(1000, 9999)}"'

    return _DRAWN.sub(number, person.profile)


def parse_profile(folder: TeamFolder, customer_id: str, text: str) -> LoadedFile:
    path = folder.profile_path(customer_id)
    source = source_text(text.encode("utf-8"), path)
    return LoadedFile(path=path, source=source, tree=yamlio.load(source, path))


# --- the calendar -------------------------------------------------------------------------------


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([item for item, _ in pairs], weights=[w for _, w in pairs])[0]


def working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or day in YEAR.holidays:
        day += dt.timedelta(days=1)
    return day


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def snap_to_best_day(day: dt.date, best_days: Sequence[str]) -> dt.date:
    targets = {WEEKDAYS.index(d) for d in best_days if d in WEEKDAYS}
    for shift in range(7):
        candidate = day + dt.timedelta(days=shift)
        if candidate.weekday() in targets and candidate not in YEAR.holidays:
            return candidate
    return day


_WINDOW = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


def time_window(best_time: str | None) -> tuple[int, int]:
    """The preferred window as minutes after midnight."""
    if best_time == "오전":
        return 9 * 60, 12 * 60
    if best_time == "오후":
        return 13 * 60 + 30, 17 * 60 + 30
    match = _WINDOW.fullmatch(best_time or "")
    if match:
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        return h1 * 60 + m1, h2 * 60 + m2
    return 9 * 60, 18 * 60


def pick_time(rng: random.Random, customer: Customer, channel: Channel) -> dt.time:
    start, end = time_window(customer.profile.preferences.best_time)
    if channel != "visit" or rng.random() > 0.75:
        start, end = 9 * 60, 18 * 60
    minute = rng.randrange(start, max(start + 5, end - 10), 5)
    if channel == "visit" and 12 * 60 <= minute < 13 * 60 and customer.person.lang == "ko":
        minute += 60  # Korean clinics close for lunch
    return dt.time(minute // 60, minute % 60)


def contact_days(rng: random.Random, customer: Customer) -> Iterator[dt.date]:
    """The days the customer is contacted, at roughly their cadence."""
    every, best_days = customer.person.every, customer.profile.preferences.best_days
    day = working_day(customer.first + dt.timedelta(days=rng.randrange(every)))
    while day <= customer.last:
        yield day
        gap = max(2, round(rng.gauss(every, every * 0.35)))
        day = working_day(day + dt.timedelta(days=gap))
        if best_days and rng.random() < 0.6:
            day = snap_to_best_day(day, best_days)


def author(rng: random.Random, customer: Customer, day: dt.date) -> str | None:
    """Who wrote the note: the owner, a colleague now and then, nobody once the owner left
    (now and then the team lead who covers for them)."""
    owner, left = customer.profile.owner, YEAR.left
    if owner == left.rep and day > left.last_day:
        return left.covered_by if rng.random() < 0.3 else None
    if rng.random() < 0.05:
        # a colleague covering a visit; Korean-speaking customers get a Korean-speaking rep
        others = [r for r in YEAR.reps if r != owner]
        if customer.person.lang == "ko":
            others = [r for r in others if r not in YEAR.english_only]
        return rng.choice(others)
    return owner


def resolver(rep: str, day: dt.date) -> str:
    """Who closes an item: its owner, or the team lead once the owner has left."""
    left = YEAR.left
    return left.covered_by if rep == left.rep and day > left.last_day else rep


def local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=KST)


# --- moments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedItem:
    """An item a moment opens, before it has a number; `key` names it within the customer."""

    key: str
    kind: ItemKind
    text: str
    due: dt.date | None = None
    owner: str | None = None
    how: str | None = None  # routine items only: the generator closes them with this


@dataclass(frozen=True)
class Planned:
    """A moment before its items have numbers: what it opens and closes, by item key."""

    moment: Moment
    items: tuple[PlannedItem, ...] = ()
    resolves: tuple[str, ...] = ()


def make_moment(customer: Customer, scene: Scene, at: dt.datetime, by: str, channel: Channel,
                rating: int | None, next_day: dt.date | None) -> Moment:  # fmt: skip
    return Moment(
        kind="moment", at=at, by=by, channel=channel, summary=customer.fill(scene.text),
        topics=list(scene.topics), materials=list(scene.materials),
        questions=list(scene.questions), rating=rating, next_contact=next_day,
        tags=list(scene.tags),
    )  # fmt: skip


def routine_items(customer: Customer, scene: Scene, day: dt.date) -> tuple[PlannedItem, ...]:
    plan = scene.item
    if plan is None:
        return ()
    due = working_day(day + dt.timedelta(days=plan.due)) if plan.due is not None else None
    return (PlannedItem(f"routine-{day.isoformat()}", plan.kind, customer.fill(plan.text), due,
                        how=customer.fill(plan.how)),)  # fmt: skip


def scene_choices(customer: Customer, mood: Mood, day: dt.date) -> tuple[Mood, tuple[Scene, ...]]:
    """The scenes a random moment may draw. In the curated last weeks only scenes that leave
    nothing open: what is open on `today` is exactly what the stories say."""
    group = YEAR.kind_group[customer.profile.kind]
    candidate: Mood
    for candidate in (mood, "good"):
        scenes = SCENES[customer.person.lang][group][candidate]
        if day >= CURATED_FROM:
            scenes = tuple(scene for scene in scenes if scene.item is None)
        if scenes:
            return candidate, scenes
    raise ValueError(f"no scene for {customer.id} on {day}")


def random_moment(rng: random.Random, customer: Customer, day: dt.date, by: str) -> Planned:
    mood, scenes = scene_choices(customer, weighted(rng, list(YEAR.moods.items())), day)
    scene = rng.choice(scenes)
    channel = rng.choice(scene.channels)
    usual = customer.profile.preferences.channel
    if usual in scene.channels and rng.random() < 0.5:
        channel = usual
    at = dt.datetime.combine(day, pick_time(rng, customer, channel), tzinfo=KST)
    ratings = [(r.rating, r.weight) for r in YEAR.ratings[mood]]
    rating = weighted(rng, ratings) if rng.random() > 0.04 else None
    next_day = None
    if scene.follow_up is not None:
        next_day = working_day(day + dt.timedelta(days=scene.follow_up))
    elif rng.random() < 0.55:
        next_day = working_day(day + dt.timedelta(days=rng.choice(YEAR.next_contact_days)))
    moment = make_moment(customer, scene, at, by, channel, rating, next_day)
    return Planned(moment, routine_items(customer, scene, day))


def story_moment(customer: Customer, story: Story) -> Planned:
    by = story.by or customer.profile.owner
    moment = make_moment(customer, story, local(story.at), by, story.channels[0], story.rating,
                         story.next_contact)  # fmt: skip
    items = tuple(PlannedItem(o.key, o.kind, o.text, o.due, o.owner) for o in story.opens)
    return Planned(moment, items, story.resolves)


def first_asks(items: Sequence[PlannedItem], asked: set[str]) -> tuple[PlannedItem, ...]:
    """Every complaint counts; the same request, promise or question opens once per customer."""
    fresh = tuple(i for i in items if i.kind == "complaint" or i.text not in asked)
    asked.update(item.text for item in fresh)
    return fresh


def supply_disruption(customer: Customer, planned: list[Planned]) -> list[Planned]:
    """June's stock-out: the customer's first plain moment in the window becomes a complaint
    rated 0, so the month's zeros rise (the moment keeps its time and file name)."""
    supply = YEAR.supply_disruption
    if customer.id not in supply.customers:
        return planned
    for index, plan in enumerate(planned):
        day = plan.moment.at.date()
        if supply.from_ <= day <= supply.until and not plan.items and not plan.resolves:
            moment = plan.moment.model_copy(
                update={"summary": supply.text, "rating": 0, "tags": ["complaint"],
                        "topics": list(supply.topics), "materials": [], "questions": []}
            )  # fmt: skip
            item = PlannedItem(key="supply", kind="complaint", text=supply.complaint)
            return [*planned[:index], Planned(moment, (item,)), *planned[index + 1 :]]
    return planned


def planned_moments(rng: random.Random, customer: Customer) -> list[Planned]:
    """A year of moments with one customer, oldest first; fixed stories replace random days."""
    planned = [story_moment(customer, s) for s in STORIES.stories.get(customer.id, ())]
    story_days = [p.moment.at.date() for p in planned]
    asked: set[str] = set()
    for day in contact_days(rng, customer):
        by = author(rng, customer, day)
        if by is None or any(abs((day - story).days) < YEAR.story_gap for story in story_days):
            continue
        drawn = random_moment(rng, customer, day, by)
        moment = drawn.moment
        if moment.at.date() == YEAR.today and moment.at.hour >= 15:
            moment = moment.model_copy(update={"at": moment.at.replace(hour=10)})
        planned.append(Planned(moment, first_asks(drawn.items, asked)))
    return supply_disruption(customer, sorted(planned, key=lambda p: p.moment.at))


# --- items and the records after the moments ----------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """An item with its number: the link that names it, what it says, the moment that opened it."""

    link: ItemLink
    item: PlannedItem
    moment: Moment

    def fields(self) -> dict[str, Any]:
        return {"item": self.link.item, "opened_in": self.link.opened_in}


def new_token(rng: random.Random) -> str:
    return f"{rng.getrandbits(24):06x}"


def number_items(planned: Sequence[Planned], ids: Sequence[str]) -> dict[str, Opened]:
    """Number the customer's items 1, 2, 3… in order of opening, each linked to its note id."""
    opened: dict[str, Opened] = {}
    for plan, note in zip(planned, ids, strict=True):
        for item in plan.items:
            if item.key in opened:
                raise ValueError(f"item key '{item.key}' is used twice")
            opened[item.key] = Opened(ItemLink(item=len(opened) + 1, opened_in=note), item,
                                      plan.moment)  # fmt: skip
    return opened


def numbered_moment(plan: Planned, opened: dict[str, Opened]) -> Moment:
    """The moment as written: its items with their numbers, its closings as links."""
    opens = [
        ItemOpening(number=opened[i.key].link.item, kind=i.kind, text=i.text, due=i.due,
                    owner=i.owner)
        for i in plan.items
    ]  # fmt: skip
    resolves = [opened[key].link for key in plan.resolves]
    return plan.moment.model_copy(update={"opens": opens, "resolves": resolves})


def routine_resolution(items_rng: random.Random, entry: Opened) -> Resolution:
    """A routine item closed days or weeks later, always before `today`; how soon depends on
    who owns it (`rep_delays` in year.yaml)."""
    owner = entry.item.owner or entry.moment.by
    delays = [(d.days, d.weight) for d in YEAR.delays(owner, entry.item.kind)]
    low, high = weighted(items_rng, delays)
    start = entry.moment.at.date()
    day = min(working_day(start + dt.timedelta(days=items_rng.randint(low, high))), LAST_RESOLVE)
    at = dt.time(items_rng.randrange(9, 18), items_rng.randrange(0, 60, 5))
    moment = dt.datetime.combine(day, at, tzinfo=KST)
    return Resolution(kind="resolve", at=moment, by=resolver(owner, day),
                      how=entry.item.how or "", **entry.fields())  # fmt: skip


def closing_record(closing: Closing, opened: dict[str, Opened]) -> Resolution | Reopening:
    entry, at = opened[closing.item], local(closing.at)
    if closing.reopen is not None:
        return Reopening(kind="reopen", at=at, by=closing.by, why=closing.reopen, **entry.fields())
    return Resolution(kind="resolve", at=at, by=closing.by, how=closing.resolve or "",
                      **entry.fields())  # fmt: skip


def correction_record(fix: Fix, planned: Sequence[Planned], ids: Sequence[str]) -> Correction:
    target = local(fix.note)
    note = next((n for p, n in zip(planned, ids, strict=True) if p.moment.at == target), None)
    if note is None:
        raise ValueError(f"no story at {fix.note} to correct")
    return Correction(kind="correction", at=local(fix.at), by=fix.by, note=note,
                      changes=fix.changes)  # fmt: skip


def supply_resolution(opened: dict[str, Opened]) -> Resolution | None:
    """The stock-out complaint closed after as many days as its owner takes."""
    entry = opened.get("supply")
    if entry is None:
        return None
    owner = entry.moment.by
    after = YEAR.supply_disruption.resolved_after[owner]
    day = working_day(entry.moment.at.date() + dt.timedelta(days=after))
    return Resolution(kind="resolve", at=dt.datetime.combine(day, dt.time(10, 30), tzinfo=KST),
                      by=resolver(owner, day), how=YEAR.supply_disruption.how,
                      **entry.fields())  # fmt: skip


def customer_records(rng: random.Random, customer: Customer) -> list[tuple[Record, str]]:
    """Every record of one customer with the seeded token of its file name, in writing order.

    Routine closings draw from a generator of their own, and so do the stock-out's closing and
    the hand-overs: adding one never shifts the moments or file names of anyone else."""
    planned = planned_moments(rng, customer)
    tokens = [new_token(rng) for _ in planned]
    ids = [
        note_filename(plan.moment, token).removesuffix(".yaml")
        for plan, token in zip(planned, tokens, strict=True)
    ]
    opened = number_items(planned, ids)
    records: list[tuple[Record, str]] = [
        (numbered_moment(plan, opened), token) for plan, token in zip(planned, tokens, strict=True)
    ]
    items_rng = random.Random(f"{YEAR.seed}:items:{customer.id}")
    later: list[Record] = [routine_resolution(items_rng, e) for e in opened.values() if e.item.how]
    later += [closing_record(c, opened) for c in STORIES.closings.get(customer.id, ())]
    later += [correction_record(f, planned, ids) for f in STORIES.corrections.get(customer.id, ())]
    records += [(record, new_token(rng)) for record in sorted(later, key=lambda r: r.at)]
    supply = supply_resolution(opened)
    if supply is not None:
        records.append((supply, new_token(random.Random(f"{YEAR.seed}:supply:{customer.id}"))))
    handover_rng = random.Random(f"{YEAR.seed}:assign:{customer.id}")
    for given in STORIES.assignments.get(customer.id, ()):
        assignment = Assignment(kind="assign", at=local(given.at), by=given.by, to=given.to,
                                reason=given.reason, **opened[given.item].fields())  # fmt: skip
        records.append((assignment, new_token(handover_rng)))
    return records


# --- writing ------------------------------------------------------------------------------------


class FreshFolder:
    """The writer for a folder made from nothing: no git, no journal (a failed run leaves a
    temporary folder behind, never a half-made `profiles/`)."""

    def write(self, path: Path, data: bytes, *, exclusive: bool = False) -> None:
        atomic_write(path, data, exclusive=exclusive, durable=False)


def generate(out: Path) -> tuple[int, int]:
    """Write the demo team into the empty folder ``out``; return the customers and notes."""
    rng = random.Random(YEAR.seed)
    folder = TeamFolder(out)
    folder.change = FreshFolder()
    folder.write_file(folder.config_path, (DATA / CONFIG_FILE).read_bytes())
    notes = 0
    for person in PEOPLE:
        text = profile_text(rng, person)
        file = parse_profile(folder, person.id, text)
        profile = validate_model(Profile, file)
        folder.create_profile(profile, file.tree, text)
        customer = Customer(person, profile)
        for record, token in customer_records(rng, customer):
            folder.write_record(customer.id, record, token=token)
            notes += 1
    return len(PEOPLE), notes


def replace(out: Path, made: Path) -> None:
    """Put the new team in place of the old one (anything else in ``out`` is left alone)."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / CUSTOMERS_DIR, ignore_errors=True)
    for name in (CONFIG_FILE, CUSTOMERS_DIR):
        (made / name).replace(out / name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default = Path(__file__).resolve().parent.parent / "profiles"
    parser.add_argument("--out", type=Path, default=default, help="team folder to (re)create")
    out: Path = parser.parse_args(argv).out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".demo-", dir=out.parent) as made:
        customers, notes = generate(Path(made))
        problems = check_folder(TeamFolder(Path(made)))
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            print(f"{out} left as it was", file=sys.stderr)
            return 1
        replace(out, Path(made))
    print(f"wrote {customers} customers and {notes} notes to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
