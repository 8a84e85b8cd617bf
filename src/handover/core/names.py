"""Finding a customer by what a person types (an id, a name, part of one, Hangul initials),
and reading customers' names. Every command that names a customer starts here, `brief` and
`note` included: it loads nothing for adding or editing (that is core/customers.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from handover.domain import hangul, romanize
from handover.domain.text import match_form
from handover.errors import AmbiguousError, HandoverError, NotFoundError, UsageError
from handover.format.fields import SLUG_PATTERN
from handover.format.store import TeamFolder
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
        names = customer_names(folder, candidates.ids)
        if candidates.exact:
            if any(_normal(name) == wanted for name in names.values()):
                return candidates.ids[0]
        else:
            try:
                return _resolve_in(names, query, wanted)
            except NotFoundError:
                pass
        # a name edited since the index was refreshed: ask every profile
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
