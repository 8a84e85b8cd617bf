"""The kinds of value every file of a team folder is made of: ids, text typed by a person,
git-host handles, kinds of customer, ratings, and the strict base model that refuses a typo.

Nothing in this module reads or writes files.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
)

from handover.i18n import _

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
            _(
                "'{value}' is not a git-host handle: use a user name (minho-choi), a team "
                "(@org/team) or an e-mail address, without spaces",
                value=value,
            )
        )
    return value


Handle = Annotated[
    Text, AfterValidator(_handle), WithJsonSchema({"type": "string", "pattern": HANDLE_PATTERN})
]

CustomerKind = Literal[
    "doctor", "pharmacist", "nurse", "purchasing", "manager", "internal", "other"
]
CUSTOMER_KINDS: tuple[str, ...] = get_args(CustomerKind)

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
