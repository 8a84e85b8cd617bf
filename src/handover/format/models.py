"""The file format of a team folder, as pydantic models: its single source of truth.

Every file kind has one model here; JSON Schema for editors is generated from them
(`handover schema`). Nothing in this module reads or writes files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from handover.errors import UsageError
from handover.format.plain_schema import plain
from handover.i18n import _

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SLUG_MAX = 64

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
"""An ASCII id that works on every file system and git host: customers and reps."""

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text typed by a person; never empty, never a number that lost its leading zero."""

_HOST_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?"
HANDLE_PATTERN = rf"^(?:@?{_HOST_NAME}(?:/{_HOST_NAME})*|[^@\s]+@[^@\s]+\.[^@\s]+)$"
"""A git host's user (``minho-choi``), team or group (``@hanbit/east-2``), or an e-mail."""


def _handle(value: str) -> str:
    if not re.match(HANDLE_PATTERN, value):
        raise ValueError(
            f"'{value}' is not a git-host handle: use a user name (minho-choi), a team "
            "(@org/team) or an e-mail address, without spaces"
        )
    return value


Handle = Annotated[
    Text, AfterValidator(_handle), WithJsonSchema({"type": "string", "pattern": HANDLE_PATTERN})
]

CustomerKind = Literal[
    "doctor", "pharmacist", "nurse", "purchasing", "manager", "internal", "other"
]
CUSTOMER_KINDS: tuple[str, ...] = get_args(CustomerKind)

Channel = Literal["visit", "phone", "email", "message", "video", "event", "other"]
CHANNELS: tuple[str, ...] = get_args(Channel)
CHANNEL_WORDS: dict[str, str] = {
    "방문": "visit", "전화": "phone", "통화": "phone", "이메일": "email", "메일": "email",
    "문자": "message", "카톡": "message", "카카오톡": "message", "메시지": "message",
    "메세지": "message", "화상": "video", "행사": "event", "기타": "other",
}  # fmt: skip
"""Korean words for the channels, as typed in flags and the editor; stored as the English key."""


def canonical_channel(word: str) -> str | None:
    """`방문` → `visit`, `visit` → `visit`; None when the word is no channel."""
    key = unicodedata.normalize("NFC", word).strip().casefold()
    return key if key in CHANNELS else CHANNEL_WORDS.get(key)


def channel_choices() -> str:
    """The channels with their Korean words, for help and error messages."""
    korean: dict[str, list[str]] = {}
    for word, channel in CHANNEL_WORDS.items():
        korean.setdefault(channel, []).append(word)
    return ", ".join(f"{c} ({'/'.join(korean[c])})" if c in korean else c for c in CHANNELS)


def channel_or_fail(word: str) -> str:
    """The stored channel for what was typed: `방문` and `visit` are both `visit`."""
    channel = canonical_channel(word)
    if channel is None:
        raise UsageError(
            _("--channel: unknown channel '{word}'", word=word),
            hint=_("use {choices}", choices=channel_choices()),
        )
    return channel


RepStatus = Literal["active", "left"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

RATING_MIN, RATING_MAX = 0, 4
RATING_LABELS: dict[int, str] = {
    0: "went badly",
    1: "poor",
    2: "neutral",
    3: "good",
    4: "excellent",
}
"""How a moment went. 0 is a zero by the multiplication rule: it must not go unrepaired."""

Rating = Annotated[int, Field(ge=RATING_MIN, le=RATING_MAX, strict=True)]


class Model(BaseModel):
    """Strict about unknown keys: a typo in a hand-edited file is an error, not lost data."""

    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


# --- handover.yaml -------------------------------------------------------------------------


class Rep(Model):
    """A member of the team who owns customers and writes notes."""

    id: Slug
    name: Text
    email: Text
    territory: Text | None = None
    status: RepStatus = "active"
    handle: Handle | None = Field(
        default=None, description="The rep's user name on the git host, for CODEOWNERS."
    )


class Vocabulary(Model):
    """Declared topics and materials; once declared, near-misses are refused."""

    topics: list[Text] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)


class HealthSettings(Model):
    """Thresholds of the health factors; the defaults are documented in the README."""

    complaint_days: int = Field(
        default=7, ge=0, description="An open complaint older than this zeroes health."
    )
    promise_grace_days: int = Field(
        default=0, ge=0, description="A promise overdue by more than this zeroes health."
    )
    promise_default_days: int = Field(
        default=7, ge=0, description="A promise given without a date is due in this many days."
    )
    due_soon_days: int = Field(
        default=3, ge=0, description="A promise due within this many days is on the agenda."
    )
    request_days: int = Field(
        default=14, ge=1, description="Requests and questions open longer than this cost."
    )
    contact_overdue_days: int = Field(
        default=14, ge=0, description="A planned contact overdue beyond this costs more."
    )
    silence_days: int = Field(
        default=90, ge=1, description="No contact for longer than this costs."
    )


class ReadinessWeights(Model):
    """What each knowledge gap costs a customer's readiness score, in points of 100."""

    never_forget: int = Field(default=20, ge=0, description="No never-forget fact.")
    recent_moment: int = Field(
        default=15, ge=0, description="No moment in the last `recent_days` days."
    )
    due_dates: int = Field(default=10, ge=0, description="An open item without a due date.")
    promise_context: int = Field(
        default=15, ge=0, description="An open promise whose note gives no context."
    )
    related: int = Field(default=10, ge=0, description="No related people.")
    preferences: int = Field(default=10, ge=0, description="No contact preferences.")
    next_contact: int = Field(default=10, ge=0, description="No next contact planned.")
    stale_facts: int = Field(
        default=10, ge=0, description="A never-forget fact not confirmed for `confirm_days`."
    )


class ReadinessSettings(Model):
    """How `handover readiness` scores a book before its rep leaves; defaults in the README."""

    recent_days: int = Field(
        default=60, ge=1, description="A customer with no moment for longer is a gap."
    )
    confirm_days: int = Field(
        default=365, ge=1, description="A fact confirmed longer ago than this is a gap."
    )
    context_chars: int = Field(
        default=10,
        ge=0,
        description="Letters an open promise's note must say beyond the promise itself.",
    )
    pass_score: int = Field(
        default=70, ge=0, le=100, description="The book score `rep leave` requires."
    )
    weights: ReadinessWeights = Field(default_factory=ReadinessWeights)


class MailSettings(Model):
    """The SMTP server `handover digest --mail-to` sends through; the password is read from
    $HANDOVER_SMTP_PASSWORD only, never from this shared file."""

    model_config = ConfigDict(serialize_by_alias=True)

    host: Text | None = None
    port: int = Field(default=587, ge=1, le=65535)
    from_: Text | None = Field(default=None, alias="from", description="The sender address.")
    starttls: bool = True
    username: Text | None = None


class TeamConfig(Model):
    """``handover.yaml``: the team, its reps and its settings."""

    format: Literal[1] = Field(description="Format version of the team folder.")
    team: Text
    reps: list[Rep] = Field(default_factory=list)
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    health: HealthSettings = Field(default_factory=HealthSettings)
    readiness: ReadinessSettings = Field(default_factory=ReadinessSettings)
    mail: MailSettings | None = None
    language: Literal["en", "ko"] | None = Field(
        default=None,
        description="The language handover speaks in this folder (ko or en), unless --lang "
        "or $HANDOVER_LANG says otherwise; default: the locale ($LANG).",
    )

    def rep(self, rep_id: str) -> Rep | None:
        return next((rep for rep in self.reps if rep.id == rep_id), None)

    @model_validator(mode="after")
    def _rep_ids_unique(self) -> TeamConfig:
        seen: set[str] = set()
        for rep in self.reps:
            if rep.id in seen:
                raise ValueError(f"rep id '{rep.id}' is declared twice")
            seen.add(rep.id)
        return self


# --- customers/<id>/profile.yaml -----------------------------------------------------------


class ConfirmedFact(Model):
    """A never-forget fact with the date someone last confirmed it still holds."""

    fact: Text
    confirmed: dt.date | None = None


NeverForget = Text | ConfirmedFact


def fact_text(fact: NeverForget) -> str:
    return fact if isinstance(fact, str) else fact.fact


class Preferences(Model):
    best_days: list[Weekday] = Field(default_factory=list)
    best_time: Text | None = None
    channel: Channel | None = None
    notes: Text | None = None


class Related(Model):
    """Someone around this customer: another customer's id, or a free name."""

    customer: Slug | None = None
    name: Text | None = None
    relation: Text

    @model_validator(mode="after")
    def _one_of_customer_or_name(self) -> Related:
        if (self.customer is None) == (self.name is None):
            raise ValueError("give either 'customer' (an id) or 'name', not both or neither")
        return self


class Profile(Model):
    """``customers/<id>/profile.yaml``: the one file people edit by hand."""

    id: Slug
    name: Text
    kind: CustomerKind
    organisation: Text | None = None
    role: Text | None = None
    owner: Slug
    contacts: dict[str, Text] = Field(
        default_factory=dict,
        description="Label to value, e.g. mobile: '010-1234-5678'. Quote phone numbers.",
    )
    never_forget: list[NeverForget] = Field(default_factory=list)
    preferences: Preferences = Field(default_factory=Preferences)
    related: list[Related] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    extra: dict[str, Any] = Field(
        default_factory=dict, description="Anything of your own; the tool never reads it."
    )


# --- customers/<id>/notes/YYYY/<timestamp>-<rep>-<random>.yaml -----------------------------

NOTE_ID = r"(\d{8}T\d{6}Z)-([a-z0-9][a-z0-9-]*)-([0-9a-f]{2,16})"
"""The one pattern of a note's name: its UTC time, its rep, its random token (three groups)."""
NOTE_ID_PATTERN = rf"^{NOTE_ID}$"
NOTE_FILE_NAME = re.compile(rf"^{NOTE_ID}\.yaml$")
NoteId = Annotated[str, StringConstraints(pattern=NOTE_ID_PATTERN)]
"""A note's id: its file name without `.yaml` (UTC time, rep, random token)."""

ItemKind = Literal["request", "complaint", "promise", "question"]
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)

ItemNumber = Annotated[int, Field(ge=1, strict=True)]


FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The years a record's moment may have, as `--at` reads them (domain/dates, above this layer,
has the same two; a test checks): a hand-edited file with another is an error, never a crash
of time-zone arithmetic."""


def _sane_moment(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            _(
                "{moment} is not between {first} and {last}",
                moment=value.isoformat(),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return value


class RecordBase(Model):
    """What every record has: written once by one rep at one moment, never rewritten."""

    at: Annotated[AwareDatetime, AfterValidator(_sane_moment)]
    by: Slug


class ItemOpening(Model):
    """Something left open by a moment: the customer's request, complaint or question, or
    our promise. It stays visible, with its age, until a later record resolves it."""

    number: ItemNumber = Field(description="The N of the reference <customer>#N.")
    kind: ItemKind
    text: Text
    due: dt.date | None = None
    owner: Slug | None = Field(default=None, description="Responsible rep; default: the writer.")


class ItemLink(Model):
    """Names one item exactly: its number and the note that opened it (numbers chosen in two
    clones on the same day may collide; the note id never does)."""

    item: ItemNumber
    opened_in: NoteId


class Moment(RecordBase):
    """One contact with the customer: a moment of truth."""

    kind: Literal["moment"]
    channel: Channel
    summary: Text
    topics: list[Text] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)
    questions: list[Text] = Field(default_factory=list)
    rating: Rating | None = None
    next_contact: dt.date | None = None
    tags: list[Text] = Field(default_factory=list)
    opens: list[ItemOpening] = Field(default_factory=list)
    resolves: list[ItemLink] = Field(default_factory=list)

    @model_validator(mode="after")
    def _item_numbers_unique(self) -> Moment:
        numbers = [item.number for item in self.opens]
        if len(numbers) != len(set(numbers)):
            raise ValueError("two items of one note share a number")
        return self


class Resolution(RecordBase, ItemLink):
    """An item closed, and how. Resolving never edits the note that opened it."""

    kind: Literal["resolve"]
    how: Text


class Reopening(RecordBase, ItemLink):
    kind: Literal["reopen"]
    why: Text | None = None


class MomentChanges(Model):
    """The fields of a moment a correction may supersede."""

    channel: Channel | None = None
    summary: Text | None = None
    topics: list[Text] | None = None
    materials: list[Text] | None = None
    questions: list[Text] | None = None
    rating: Rating | None = None
    next_contact: dt.date | None = None
    tags: list[Text] | None = None

    @model_validator(mode="after")
    def _something_changes(self) -> MomentChanges:
        if not self.model_fields_set:
            raise ValueError("a correction must change at least one field")
        return self


class Correction(RecordBase):
    """Supersedes named fields of an earlier moment; the history keeps both."""

    kind: Literal["correction"]
    note: NoteId
    changes: MomentChanges


class Transfer(RecordBase):
    """The customer moved from one rep to another. The profile's ``owner`` follows the last
    transfer, and the history of owners is derived from these records, never edited."""

    model_config = ConfigDict(serialize_by_alias=True)  # `from` is a keyword in Python

    kind: Literal["transfer"]
    from_: Slug = Field(alias="from", description="The owner before the move.")
    to: Slug = Field(description="The owner after the move.")
    reason: Text | None = None


class Assignment(RecordBase, ItemLink):
    """An open item given to another rep (`handover item assign`); the note that opened it
    is never touched, and the history keeps who held it before."""

    kind: Literal["assign"]
    to: Slug = Field(description="The rep responsible from now on.")
    reason: Text | None = None


class DueChange(RecordBase, ItemLink):
    """A renegotiated due date (`handover item due`): the item is due on `due` from now on;
    the earlier dates stay in the records, and the brief shows them."""

    kind: Literal["due"]
    due: dt.date
    reason: Text | None = None


class Remembering(RecordBase):
    """Never-forget facts added by `remember` or `note --remember`. A new record, not an edit
    of the profile: two clones adding facts for one customer never conflict. They are shown
    after the profile's own ``never_forget`` list."""

    kind: Literal["remember"]
    facts: list[Text] = Field(min_length=1)


AnyRecord = (
    Moment | Resolution | Reopening | Correction | Transfer | Remembering | Assignment | DueChange
)

Record = Annotated[AnyRecord, Field(discriminator="kind")]
"""Every record kind, discriminated by ``kind``; later kinds join this union."""

RECORD_ADAPTER: TypeAdapter[AnyRecord] = TypeAdapter(Record)

SCHEMAS: dict[str, Any] = {
    "team": TeamConfig,
    "profile": Profile,
    "record": RECORD_ADAPTER,
}
"""The file kinds ``handover schema`` knows, by name."""


def json_schema(kind: str) -> dict[str, Any]:
    """Plain JSON Schema 2020-12, as strict validators (ajv, check-jsonschema) and editors
    read it: no OpenAPI ``discriminator``, no ``anyOf`` for a value that may be left out."""
    target = SCHEMAS[kind]
    if isinstance(target, TypeAdapter):
        schema: dict[str, Any] = target.json_schema()
    else:
        schema = target.model_json_schema()
    return plain(schema)
