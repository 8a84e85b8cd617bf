"""Adding customers and remembering never-forget facts. (Finding one by name: core/names.py.)"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from handover.core.schemas import profile_modeline
from handover.core.transaction import transaction
from handover.core.workspace import Workspace
from handover.domain import romanize
from handover.domain.text import clean_name, is_windows_reserved
from handover.errors import NotFoundError, UsageError
from handover.format.fields import SLUG_MAX
from handover.format.profile import Profile
from handover.format.records import Remembering
from handover.format.validation import option_error
from handover.i18n import _


def derive_id(name: str, taken: Container[str], tried: dict[str, int] | None = None) -> str:
    """A readable ASCII id: Hangul by Revised Romanization, a numeric suffix on collision.

    ``tried`` (base -> next suffix to try) lets a caller that derives thousands of ids (an
    import with fifty 김민수) start where it stopped, instead of at -2 each time."""
    base = romanize.slugify_name(unicodedata.normalize("NFC", name))
    if not base:
        raise UsageError(
            _("cannot make an ASCII id from '{name}'", name=name),
            hint=_("choose one with --id, e.g. --id wang-li"),
        )
    candidate, number = base, 2
    if tried is not None and base in tried:
        number = tried[base]
        candidate = base[: SLUG_MAX - len(f"-{number}")].rstrip("-") + f"-{number}"
    while candidate in taken or is_windows_reserved(candidate):  # `add CON`: con-2
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        number += 1
    if tried is not None:
        tried[base] = number
    return candidate


@dataclass(frozen=True)
class Added:
    profile: Profile
    path: Path
    commit: str | None
    warnings: tuple[str, ...] = ()


def accept_name(name: str, *, who: str) -> tuple[str, tuple[str, ...]]:
    """A name as stored (NFC, one line, no invisible characters) and the warnings to show.

    Customers' and reps' names go through here, so `brief 이영희` and `--rep 이영희` find what
    was typed as `이\u200b영희`. `who` ("customer", "rep") only shapes the message.
    """
    try:
        cleaned, removed = clean_name(name)
    except ValueError as exc:
        raise UsageError(str(exc), hint=_("type the name on one line")) from None
    if not cleaned:
        raise UsageError(
            _("a customer needs a name") if who == "customer" else _("a rep needs a name")
        )
    if not removed:
        return cleaned, ()
    joined = ", ".join(removed)
    return cleaned, (_("removed invisible characters from the name: {chars}", chars=joined),)


def add_customer(
    ws: Workspace,
    name: str,
    *,
    kind: str,
    organisation: str | None,
    role: str | None,
    owner: str | None,
    customer_id: str | None,
) -> Added:
    name, warnings = accept_name(name, who="customer")
    if customer_id is not None and is_windows_reserved(customer_id):
        raise UsageError(
            _("'{id}' cannot be a folder name on Windows: choose another id", id=customer_id)
        )
    with transaction(ws, f"add: {name}") as change:
        profile, path = _add_customer(
            ws,
            name,
            kind=kind,
            organisation=organisation,
            role=role,
            owner=owner,
            customer_id=customer_id,
        )
        change.message = f"add: {name} ({profile.id})"
    from handover.index.db import refresh_if_built

    refresh_if_built(ws.folder)  # so a Tab completes the new customer at once
    return Added(profile=profile, path=path, commit=change.commit, warnings=warnings)


def _add_customer(
    ws: Workspace,
    name: str,
    *,
    kind: str,
    organisation: str | None,
    role: str | None,
    owner: str | None,
    customer_id: str | None,
) -> tuple[Profile, Path]:
    folder = ws.folder
    config = folder.config()
    owner_id = owner or ws.current_rep(None).id
    if config.rep(owner_id) is None:
        raise NotFoundError(_("unknown rep '{rep}' for --owner", rep=owner_id))
    taken = set(folder.customer_ids())
    if customer_id is not None and customer_id in taken:
        raise UsageError(_("a customer with id '{id}' already exists", id=customer_id))
    new_id = customer_id or derive_id(name, taken)
    from ruamel.yaml.comments import CommentedMap  # ruamel (~13 ms CPU): adding only

    from handover.format import yamlio

    tree = CommentedMap()
    tree["id"] = new_id
    tree["name"] = name
    tree["kind"] = kind
    if organisation:
        tree["organisation"] = organisation
    if role:
        tree["role"] = role
    tree["owner"] = owner_id
    tree["never_forget"] = []
    try:
        profile = Profile.model_validate(yamlio.to_plain(tree))
    except ValidationError as exc:
        raise option_error(exc, as_option=False) from None
    modeline = profile_modeline(folder, new_id)
    if modeline is not None:  # editors validate against the folder's schema
        tree.yaml_set_start_comment(modeline.removeprefix("# "))
    return profile, folder.create_profile(profile, tree)


def remember_facts(
    ws: Workspace, customer_id: str, facts: list[str], *, by: str, at: dt.datetime
) -> Path:
    """Record never-forget facts as a new record (the profile is not edited, so two clones
    remembering facts for one customer never conflict, and a broken profile does not stop
    the fact from being kept: it is an append-only record like a note)."""
    cleaned = [fact.strip() for fact in facts if fact.strip()]
    if not cleaned:
        raise UsageError(_("nothing to remember: give the fact as text"))
    try:
        record = Remembering(kind="remember", at=at, by=by, facts=cleaned)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(_("{option}: {message}", option="fact", message=message)) from None
    return ws.folder.write_record(customer_id, record)


@dataclass(frozen=True)
class Remembered:
    name: str
    facts: list[str]
    path: Path
    commit: str | None


def remember(ws: Workspace, customer_id: str, facts: list[str]) -> Remembered:
    """`handover remember`: one record of facts, one commit."""
    with transaction(ws) as change:
        profile, problem = ws.folder.readable_profile(customer_id)  # broken: kept, warned
        ws.left_out([problem] if problem else [])
        name = profile.name
        change.message = f"remember: {name} — {facts[0].strip()[:60]}"
        rep = ws.current_rep(None)
        if rep.status == "left":
            raise UsageError(_("rep '{rep}' has left the team and cannot write", rep=rep.id))
        path = remember_facts(ws, customer_id, facts, by=rep.id, at=ws.now())
    return Remembered(name=name, facts=facts, path=path, commit=change.commit)
