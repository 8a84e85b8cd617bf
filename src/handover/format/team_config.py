"""``handover.yaml``: the team, its reps and its settings, as pydantic models (JSON Schema for
editors is generated from them, `handover schema`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from handover.format.fields import Handle, Model, RepStatus, Slug, Text
from handover.i18n import _

FORMAT_VERSION = 1


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
    unparsable_profile: int = Field(
        default=20,
        ge=0,
        description="The profile does not parse (its facts are read from the last commit that "
        "does); a penalty on top, not part of the whole the score is a share of.",
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
                raise ValueError(_("rep id '{rep}' is declared twice", rep=rep.id))
            seen.add(rep.id)
        return self
