"""One source row to one customer's fields, with every problem of the row named.

A problem names its place as ``FILE:ROW:COLUMN`` so a person can find the cell in Excel.
Nothing here reads the team folder beyond its configuration (the reps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handover.core.importing.columns import ColumnMap, MapFile
from handover.core.importing.sources import SourceRow
from handover.domain import words
from handover.domain.phones import clean_phone, phone_digits
from handover.domain.text import match_form
from handover.format.fields import CUSTOMER_KINDS, SLUG_MAX, SLUG_PATTERN
from handover.format.team_config import Rep, TeamConfig
from handover.i18n import _

KIND_WORDS: dict[str, str] = {
    "의사": "doctor", "원장": "doctor", "전문의": "doctor", "교수": "doctor",
    "봉직의": "doctor", "physician": "doctor", "dr": "doctor",
    "약사": "pharmacist", "약국": "pharmacist", "pharmacy": "pharmacist",
    "간호사": "nurse", "수간호사": "nurse",
    "구매": "purchasing", "구매담당": "purchasing", "구매팀": "purchasing", "buyer": "purchasing",
    "관리자": "manager", "사무장": "manager", "매니저": "manager", "실장": "manager",
    "내부": "internal", "사내": "internal", "동료": "internal", "colleague": "internal",
    "기타": "other",
}  # fmt: skip
"""Words teams write in a 구분/Type column, to the kinds of handover.yaml's profiles."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class RowProblem:
    """A bad cell: ``FILE:ROW:COLUMN: message``, FILE naming a workbook's sheet too."""

    place: str  # `거래처.csv`, or `고객관리.xlsx[활동]`
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}:{self.row}:{self.column}: {self.message}"

    @property
    def row_key(self) -> tuple[str, int]:
        return self.place, self.row


def count_rows(problems: list[RowProblem]) -> int:
    """How many rows the problems are in: a row with two bad cells is one bad row."""
    return len({p.row_key for p in problems})


@dataclass
class Incoming:
    """A customer as one row describes it; None means the row says nothing about the field."""

    row: SourceRow
    name: str
    id: str | None = None
    source_id: str | None = None
    kind: str | None = None
    organisation: str | None = None
    role: str | None = None  # department and title joined, for a new customer
    department: str | None = None
    title: str | None = None
    owner: str | None = None
    contacts: dict[str, str] = field(default_factory=dict)
    memo: str | None = None
    name_column: str = "name"

    @property
    def where(self) -> str:
        return self.row.where


def normal(text: str) -> str:
    return " ".join(match_form(text).split())


_DEPARTMENT_WORD = re.compile(
    r"(과|부|팀|실|센터|병동|본부|department|dept|medicine|surgery|ology|ics|pharmacy|nursing)$",
    re.IGNORECASE,
)


def merge_role(current: str | None, department: str | None, title: str | None) -> str | None:
    """The role after a row that gives a department, a title, or both.

    A role is the department and the title joined (`내과 원장`). A row with only one of them
    changes that part and keeps the other: its leading words that read as a department
    (`내과`, `심장내과`, `영업부`, `구매팀`, `Cardiology`) are the department, the rest the title.
    """
    if not department and not title:
        return current
    if (department and title) or not current:
        return " ".join(part for part in (department, title) if part)
    words = current.split()
    split = 0
    while split < len(words) and _DEPARTMENT_WORD.search(words[split]):
        split += 1
    kept_department, kept_title = " ".join(words[:split]), " ".join(words[split:])
    parts = (kept_department, title) if title else (department, kept_title)
    return " ".join(part for part in parts if part)


def same_name(one: str, other: str) -> bool:
    """Whether two names are one person's as people type them: `박 지원` is `박지원`."""
    return "".join(normal(one).split()) == "".join(normal(other).split())


def has_hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


class RepFinder:
    """A rep named the ways an export names them: id, email, name, or the map file's table."""

    def __init__(self, config: TeamConfig, mapping: MapFile | None) -> None:
        self.by_key: dict[str, Rep] = {}
        for rep in config.reps:
            for key in (rep.id, rep.email, rep.name):
                self.by_key.setdefault(normal(key), rep)
        self.aliases = {normal(k): v for k, v in (mapping.owners if mapping else {}).items()}
        self.config = config

    def find(self, value: str) -> Rep | None:
        key = normal(value)
        if key in self.aliases:
            return self.config.rep(self.aliases[key])
        if key in self.by_key:
            return self.by_key[key]
        email = re.search(r"[^\s<>()]+@[^\s<>()]+", value)  # "이서연 <sylee@…>"
        return self.by_key.get(normal(email.group(0))) if email else None


def read_customer(
    row: SourceRow,
    columns: ColumnMap,
    reps: RepFinder,
    mapping: MapFile | None,
    problems: list[RowProblem],
) -> Incoming | None:
    """The customer a row describes, or None (its problems appended) if any cell is bad."""
    before = len(problems)

    def cell(name: str) -> str:
        header = columns.fields.get(name)
        return row.cells.get(header, "").strip() if header else ""

    def bad(name: str, message: str) -> None:
        column = columns.fields.get(name, name)
        problems.append(RowProblem(row.place, row.number, column, message))

    name = cell("name")
    if not name:
        first, last = cell("first_name"), cell("last_name")
        joined = f"{last}{first}" if has_hangul(first + last) else f"{first} {last}"
        name = joined.strip()
    name_column = columns.fields.get("name") or columns.fields.get("last_name") or "name"
    incoming = Incoming(row=row, name=name, name_column=name_column)
    if value := cell("id"):
        if re.fullmatch(SLUG_PATTERN, value) and len(value) <= SLUG_MAX:
            incoming.id = value
        else:
            bad(
                "id",
                _(
                    "'{value}' is not a handover id (lowercase letters, digits, hyphens)",
                    value=value,
                ),
            )
    incoming.source_id = cell("source_id") or None
    if value := cell("kind"):
        kinds = {normal(k): v for k, v in (mapping.kinds if mapping else {}).items()}
        kind = kinds.get(normal(value)) or KIND_WORDS.get(normal(value)) or normal(value)
        if kind in CUSTOMER_KINDS:
            incoming.kind = kind
        else:
            bad(
                "kind",
                _(
                    "unknown type '{value}' (one of: {kinds})",
                    value=value,
                    kinds=", ".join(words.customer_kind(k) for k in CUSTOMER_KINDS),
                ),
            )
    incoming.organisation = cell("organisation") or None
    incoming.department = cell("department") or None
    incoming.title = cell("title") or None
    incoming.role = merge_role(None, incoming.department, incoming.title)
    if value := cell("owner"):
        rep = reps.find(value)
        if rep is None:
            known = ", ".join(r.id for r in reps.config.reps)
            bad(
                "owner",
                _(
                    "unknown rep '{value}' (reps: {known}; or map it under `owners:`)",
                    value=value,
                    known=known,
                ),
            )
        else:
            incoming.owner = rep.id
    if value := cell("mobile"):
        incoming.contacts["mobile"] = clean_phone(value)
    if value := cell("phone"):
        incoming.contacts["office"] = clean_phone(value)
    if value := cell("email"):
        if _EMAIL.match(value):
            incoming.contacts["email"] = value
        else:
            bad("email", _("'{value}' is not an email address", value=value))
    for label, value in incoming.contacts.items():
        if label != "email" and not phone_digits(value):
            bad(
                "mobile" if label == "mobile" else "phone",
                _("'{value}' has no digits", value=value),
            )
    incoming.memo = cell("memo") or None
    return incoming if len(problems) == before else None
