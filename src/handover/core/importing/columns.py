"""Which column is which: the headers CRMs and Excel sheets use, in Korean and English.

A header is compared after case-folding and dropping spaces, dots and underscores, so
`Mobile Phone`, `mobile_phone` and `MobilePhone` are one header. The aliases include the
exact header sets of a Salesforce Contacts export (report labels and the data export's API
names) and of a HubSpot contacts export; a `--map` file names any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handover.domain.text import match_form
from handover.errors import DataError, Location, UsageError
from handover.i18n import _

CUSTOMER_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "handover id", "고객id", "고객 id", "고객코드", "customer id"),
    "source_id": (
        "contact id",  # Salesforce report
        "record id",  # HubSpot
        "uid",
        "crm id",
        "외부id",
    ),
    "name": (
        "name", "이름", "성명", "고객명", "고객", "full name", "contact name", "contact",
        "담당의", "의사명",
    ),
    "first_name": ("first name", "firstname", "given name"),
    "last_name": ("last name", "lastname", "family name", "surname", "성"),
    "organisation": (
        "organisation", "organization", "병원명", "병원", "기관명", "기관", "거래처", "거래처명",
        "회사", "회사명", "소속", "account name", "account", "company", "company name",
        "associated company",
    ),
    "department": ("department", "진료과", "부서", "과", "dept"),
    "title": ("title", "직책", "직위", "직함", "job title", "role", "position"),
    "mobile": (
        "mobile", "휴대폰", "핸드폰", "휴대전화", "휴대폰번호", "핸드폰번호", "mobile phone",
        "mobilephone", "mobile phone number", "cell", "cell phone",
    ),
    "phone": (
        "phone", "전화", "전화번호", "사무실", "사무실전화", "직장전화", "phone number",
        "business phone", "office phone", "work phone",
    ),
    "email": ("email", "이메일", "메일", "e-mail", "email address", "전자우편"),
    "owner": (
        "owner", "담당자", "담당", "담당 영업", "담당mr", "contact owner", "ownerid",
        "owner name", "account owner",
    ),
    "kind": ("kind", "type", "구분", "유형", "고객유형", "고객구분", "contact type"),
    "memo": ("memo", "메모", "비고", "특이사항", "description", "contact description", "notes"),
}  # fmt: skip

ACTIVITY_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "날짜", "일자", "일시", "방문일", "활동일", "activity date", "due date"),
    "customer": ("customer", "고객", "고객명", "이름", "성명", "name", "contact", "related to"),
    "summary": ("summary", "내용", "요약", "활동내용", "면담내용", "subject", "comments", "메모"),
    "channel": (
        "channel", "채널", "방법", "방식", "활동유형", "유형", "구분", "type", "task subtype",
    ),
    "rep": ("rep", "담당자", "담당", "작성자", "owner", "assigned", "assigned to", "by"),
}  # fmt: skip

REQUIRED_ACTIVITY = ("date", "customer", "summary")

_NOISE = re.compile(r"[\s._\-:/()]+")


def header_key(header: str) -> str:
    """A header as compared: NFC, case-folded, no spaces, dots, underscores or hyphens."""
    return _NOISE.sub("", match_form(header))


def _table(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, aliases in fields.items():
        for alias in (name, *aliases):
            table.setdefault(header_key(alias), name)
    return table


_CUSTOMER_TABLE = _table(CUSTOMER_FIELDS)
_ACTIVITY_TABLE = _table(ACTIVITY_FIELDS)


@dataclass(frozen=True)
class ColumnMap:
    """Which header of a sheet holds which field; headers nobody recognised are listed."""

    fields: dict[str, str]  # field -> header
    unknown: list[str]


@dataclass(frozen=True)
class MapFile:
    """A `--map` file: headers to fields, and values of the owner and kind columns."""

    columns: dict[str, str]
    owners: dict[str, str]
    kinds: dict[str, str]
    channels: dict[str, str]


MAP_KEYS = ("columns", "owners", "kinds", "channels")


def read_map(path: Path) -> MapFile:
    """A YAML mapping file: `columns:` header → field, and optional value tables; a mistake
    names the file, the line and the key."""
    from handover.format import yamlio
    from handover.format.source import source_text

    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = _("no such file") if isinstance(exc, FileNotFoundError) else exc.strerror
        raise UsageError(
            _("--map: cannot read {path}: {reason}", path=path, reason=reason)
        ) from None
    tree = yamlio.load(source_text(raw, path), path)
    data = yamlio.to_plain(tree) or {}

    def at(*keys: str) -> Location:
        line, column = yamlio.position(tree, keys)
        return Location(path, line, column)

    hint = _("a map file has `columns:`, `owners:`, `kinds:` and `channels:`")
    if not isinstance(data, dict):
        raise DataError(_("a map file is a mapping of keys"), location=at(), hint=hint)
    for key in data:
        if key not in MAP_KEYS:
            raise DataError(
                _("unknown key '{key}'", key=key), location=at(key), field=key, hint=hint
            )
    known = {*CUSTOMER_FIELDS, *ACTIVITY_FIELDS, "skip"}
    tables: dict[str, dict[str, str]] = {}
    for key in MAP_KEYS:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            message = _("`{key}:` must map text to text", key=key)
            raise DataError(message, location=at(key), field=key)
        tables[key] = {str(k): str(v) for k, v in value.items()}
    for header, name in tables["columns"].items():
        if name not in known:
            raise DataError(
                _("column '{header}' maps to unknown field '{name}'", header=header, name=name),
                location=at("columns", header),
                field=f"columns.{header}",
                hint=_("fields: {fields}", fields=", ".join(sorted(known))),
            )
    return MapFile(tables["columns"], tables["owners"], tables["kinds"], tables["channels"])


def is_activity_sheet(headers: list[str], mapping: MapFile | None = None) -> bool:
    """A sheet of past activities has a date, a customer and a summary, and no contact data."""
    found = map_columns(headers, ACTIVITY_FIELDS, mapping).fields
    contact = map_columns(headers, CUSTOMER_FIELDS, mapping).fields
    return all(name in found for name in REQUIRED_ACTIVITY) and not (
        {"mobile", "email", "phone"} & set(contact)
    )


def map_columns(
    headers: list[str], fields: dict[str, tuple[str, ...]], mapping: MapFile | None
) -> ColumnMap:
    table = _CUSTOMER_TABLE if fields is CUSTOMER_FIELDS else _ACTIVITY_TABLE
    explicit = {header_key(h): f for h, f in (mapping.columns if mapping else {}).items()}
    chosen: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        if not header:
            continue
        key = header_key(header)
        name = explicit.get(key) or table.get(key)
        if name == "skip":
            continue
        if name is None or name not in fields:
            unknown.append(header)
        elif name not in chosen:  # the first of two same-meaning columns wins
            chosen[name] = header
    return ColumnMap(fields=chosen, unknown=unknown)
