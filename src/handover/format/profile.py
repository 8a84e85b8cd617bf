"""``customers/<id>/profile.yaml``: the one file people edit by hand, as pydantic models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from handover.format.channels import Channel
from handover.format.fields import CustomerKind, Model, Slug, Text, Weekday
from handover.i18n import _


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
            raise ValueError(_("give either 'customer' (an id) or 'name', not both or neither"))
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
