"""What an import will do: match each row to a customer, and say create, update or skip.

A row matches an existing customer by handover id, then by the CRM's own id, then by email or
mobile number, then by name and organisation together. Updating sets only the fields a row
fills in, by a round-trip edit, so hand-added fields, comments and key order survive; a
memo becomes a never-forget fact unless the profile already has it. Ownership is never moved
by an import (that is a transfer, with its own record): a different owner is reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from handover.core.importing.rows import Incoming, merge_role, normal
from handover.domain.phones import mobile_key
from handover.domain.views import View
from handover.format.profile import Profile, fact_text
from handover.format.validation import option_error
from handover.format.yamlio import append_to_list
from handover.i18n import N_

Action = Literal["create", "update", "skip"]

FIELD_ORDER = ("id", "name", "kind", "organisation", "role", "owner")


class CustomerChange(View):
    """One row's effect: the customer, what happens, and which fields change."""

    action: Action
    customer: str
    name: str
    source: str
    fields: list[str]
    matched_by: str | None = None
    note: str | None = None


@dataclass
class Existing:
    """Every customer already in the folder, looked up the ways a row can match one."""

    profiles: dict[str, Profile]

    def __post_init__(self) -> None:
        self.claimed: dict[str, str] = {}  # customer id -> the row of this import that took it
        self.by_source: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_mobile: dict[str, str] = {}
        self.by_name_org: dict[tuple[str, str], str] = {}
        self.suffixes: dict[str, int] = {}  # an id's base -> the next suffix to try
        for profile in self.profiles.values():
            self.remember(profile.id, profile)

    def remember(self, customer_id: str, profile: Profile) -> None:
        source = profile.extra.get("source_id")
        if source:
            self.by_source.setdefault(str(source), customer_id)
        if email := profile.contacts.get("email"):
            self.by_email.setdefault(normal(email), customer_id)
        if mobile := mobile_key(profile.contacts.get("mobile", "")):
            self.by_mobile.setdefault(mobile, customer_id)
        self.by_name_org.setdefault(
            (normal(profile.name), normal(profile.organisation or "")), customer_id
        )

    def match(self, row: Incoming) -> tuple[str, str] | None:
        """The customer a row means and how it was found, or None for a new one."""
        if row.id is not None and row.id in self.profiles:
            return row.id, "id"
        if row.source_id and row.source_id in self.by_source:
            return self.by_source[row.source_id], N_("source id")
        if (email := row.contacts.get("email")) and normal(email) in self.by_email:
            return self.by_email[normal(email)], "email"
        mobile = mobile_key(row.contacts.get("mobile", ""))
        if mobile is not None and mobile in self.by_mobile:
            return self.by_mobile[mobile], "mobile"
        key = (normal(row.name), normal(row.organisation or ""))
        if key in self.by_name_org:
            return self.by_name_org[key], N_("name and organisation")
        return None


def new_profile_tree(row: Incoming, customer_id: str, owner: str, kind: str) -> dict[str, Any]:
    """A new profile as plain values, in file order: written by `profile_text`, validated as
    it is (ruamel's CommentedMap costs more to build and to read back than the write)."""
    tree: dict[str, Any] = {}
    tree["id"] = customer_id
    tree["name"] = row.name
    tree["kind"] = row.kind or kind
    if row.organisation:
        tree["organisation"] = row.organisation
    if row.role:
        tree["role"] = row.role
    tree["owner"] = owner
    if row.contacts:
        tree["contacts"] = dict(row.contacts)
    tree["never_forget"] = [row.memo] if row.memo else []
    if row.source_id:
        tree["extra"] = {"source_id": row.source_id}
    return tree


def profile_text(tree: dict[str, Any]) -> str:
    """A new profile's YAML, written directly: the round-trip dumper takes 8 ms a profile,
    most of an import of 10,000. A value is plain only when every YAML reads it as the same
    text; anything else is double-quoted (a JSON string is a valid YAML one)."""
    lines: list[str] = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(str(v))}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}: []" if not value else f"{key}:")
            lines += [f"- {_scalar(str(v))}" for v in value]
        else:
            lines.append(f"{key}: {_scalar(str(value))}")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    from handover.format import fastyaml

    if fastyaml.is_plain_text(value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def profile_from_tree(tree: dict[str, Any]) -> Profile:
    """The profile a tree describes; a value the model refuses is a ValueError to report."""
    try:
        return Profile.model_validate(tree)
    except ValidationError as exc:
        raise ValueError(option_error(exc, as_option=False).message) from None


def updates(profile: Profile, row: Incoming) -> list[str]:
    """The fields a row would change in a profile (ownership aside)."""
    changed = [
        name
        for name in ("name", "kind", "organisation")
        if getattr(row, name) and getattr(row, name) != getattr(profile, name)
    ]
    if merge_role(profile.role, row.department, row.title) != profile.role:
        changed.append("role")
    changed += [
        f"contacts.{label}"
        for label, value in row.contacts.items()
        if profile.contacts.get(label) != value
    ]
    if row.memo and row.memo not in {fact_text(f) for f in profile.never_forget}:
        changed.append("never_forget")
    if row.source_id and profile.extra.get("source_id") != row.source_id:
        changed.append("extra.source_id")
    return changed


def apply_updates(tree: Any, row: Incoming, changed: Iterable[str]) -> None:
    """Set the changed fields in the round-trip tree; everything else stays as written."""
    for name in changed:
        if name in ("name", "kind", "organisation", "role"):
            value = getattr(row, name)
            if name == "role":  # a row with only a title keeps the department, and back
                value = merge_role(tree.get("role"), row.department, row.title)
            if name in tree:
                tree[name] = value
            else:
                anchor = [k for k in FIELD_ORDER if k in tree and k != name]
                position = list(tree).index(anchor[-1]) + 1 if anchor else len(tree)
                tree.insert(position, name, value)
        elif name.startswith("contacts."):
            if tree.get("contacts") is None:
                tree.insert(list(tree).index("owner") + 1, "contacts", CommentedMap())
            label = name.removeprefix("contacts.")
            tree["contacts"][label] = row.contacts[label]
        elif name == "never_forget":
            append_to_list(tree, "never_forget", row.memo, after="owner")
        elif name == "extra.source_id":
            if tree.get("extra") is None:
                tree["extra"] = CommentedMap()
            tree["extra"]["source_id"] = row.source_id
