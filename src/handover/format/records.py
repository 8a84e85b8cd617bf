"""The records of ``customers/<id>/notes/YYYY/<timestamp>-<rep>-<random>.yaml``: every kind of
note, written once by one rep and never rewritten, as pydantic models.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from handover.format.channels import Channel
from handover.format.fields import Model, Rating, Slug, Text
from handover.format.layout import NOTE_ID
from handover.i18n import _

NOTE_ID_PATTERN = rf"^{NOTE_ID}$"
NoteId = Annotated[str, StringConstraints(pattern=NOTE_ID_PATTERN)]
"""A note's id: its file name without `.yaml` (UTC time, rep, random token)."""

ItemKind = Literal["request", "complaint", "promise", "question"]
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)

ItemNumber = Annotated[int, Field(ge=1, strict=True)]


FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The years a record's moment may have, and the days and moments `domain/dates` reads (one
range for both): outside it a date is a typing mistake, and a hand-edited file with another
year is an error, never a crash of time-zone arithmetic."""


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
            raise ValueError(_("two items of one note share a number"))
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
            raise ValueError(_("a correction must change at least one field"))
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

RECORD_ADAPTER: TypeAdapter[AnyRecord] = TypeAdapter(Record, config=ConfigDict(defer_build=True))
"""Built on its first use, as the models are: a command that shows notes from the index (`list`,
`open`) never validates one, and building it costs ~7 ms CPU."""
