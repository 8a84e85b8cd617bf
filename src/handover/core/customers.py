"""Finding, adding and listing customers, and remembering never-forget facts."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from handover.core.schemas import profile_modeline
from handover.core.transaction import transaction
from handover.core.workspace import Workspace
from handover.domain import hangul, romanize
from handover.domain.text import clean_name, is_windows_reserved, match_form
from handover.errors import AmbiguousError, HandoverError, NotFoundError, UsageError
from handover.format.fields import SLUG_MAX, SLUG_PATTERN
from handover.format.profile import Profile
from handover.format.records import Remembering
from handover.format.store import TeamFolder
from handover.format.validation import option_error
from handover.i18n import _


def _normal(text: str) -> str:
    """How names compare: NFC, case-folded, invisible characters ignored (이\u200b영희 = 이영희)."""
    return match_form(text)


def customer_names(
    folder: TeamFolder, ids: Iterable[str] | None = None, unreadable: list[str] | None = None
) -> dict[str, str]:
    """Customers' ids and names (every customer's by default), read from the name line of
    each profile (no full parse unless the line needs one). The ids of profiles that cannot
    be read go to ``unreadable`` when given."""
    names: dict[str, str] = {}
    for customer_id in folder.customer_ids() if ids is None else ids:
        try:
            name = folder.profile_field(customer_id, "name")
        except (OSError, UnicodeDecodeError, HandoverError):
            if unreadable is not None and folder.has_customer(customer_id):
                unreadable.append(customer_id)
            continue  # unreadable: found by its id only, and named by `check`
        names[customer_id] = name or customer_id
    return names


def resolve_customer(folder: TeamFolder, query: str) -> str:
    """The customer a person means: an id, a name, or an unambiguous part of either.

    A query of Hangul initial consonants (ㄱㅁㅅ) matches names whose syllables start with them,
    as Korean contact apps do.
    """
    query = query.strip()
    if re.fullmatch(SLUG_PATTERN, query) and folder.has_customer(query):
        return query
    wanted = _normal(query)
    if not wanted:
        raise UsageError(_("name a customer"))
    from handover.index.lookups import name_candidates

    initials = hangul.initials_key(query) if hangul.has_initials(query) else None
    candidates = name_candidates(folder, query, initials)
    if candidates is not None:  # the index narrowed it down; the files have the last word
        try:
            return _resolve_in(customer_names(folder, candidates), query, wanted)
        except NotFoundError:
            pass  # a name edited since the index was refreshed: ask every profile
    unreadable: list[str] = []
    names = customer_names(folder, unreadable=unreadable)
    try:
        return _resolve_in(names, query, wanted)
    except NotFoundError as missing:
        return _by_id_alone(unreadable, query, wanted, missing)


def _by_id_alone(unreadable: list[str], query: str, wanted: str, missing: NotFoundError) -> str:
    """A customer whose profile cannot be read has no name to match, only its id (made from
    the name: 김민수 is gim-minsu): found that way, the command then says what is wrong
    with the file, instead of 'no customer matches'."""
    slug = romanize.slugify_name(unicodedata.normalize("NFC", query))
    flat = slug.replace("-", "")
    found = [cid for cid in unreadable if wanted in cid or (flat and flat in cid.replace("-", ""))]
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousError(query, sorted(found))
    if unreadable:
        missing.hint = _(
            "{count} profile(s) cannot be read and were not searched by name ({ids}): "
            "`handover check` says why",
            count=len(unreadable),
            ids=", ".join(sorted(unreadable)[:5]),
        )
    raise missing


def _resolve_in(names: dict[str, str], query: str, wanted: str) -> str:
    exact = [cid for cid, name in names.items() if _normal(name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if hangul.has_initials(query):  # ㄱㅁㅅ, 김ㅁ, ㄱ민수
        partial = [cid for cid, name in names.items() if hangul.name_matches(query, name)]
    else:
        partial = [cid for cid, name in names.items() if wanted in _normal(name) or wanted in cid]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise AmbiguousError(query, [f"{names[cid]} ({cid})" for cid in sorted(partial)])
    import difflib

    by_name = {_normal(name): cid for cid, name in names.items()}
    close = difflib.get_close_matches(wanted, list(by_name), n=3)
    suggestions = [f"{names[by_name[n]]} ({by_name[n]})" for n in close]
    raise NotFoundError(
        _("no customer matches '{query}'", query=query),
        hint=_("did you mean {names}?", names=", ".join(suggestions))
        if close
        else _("see `handover list`"),
    )


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
