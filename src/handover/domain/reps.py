"""Naming a rep as people do (`--rep 이서연`, `--to 서연`, `--by ㅇㅅㅇ`): pure, so the
workspace (who is typing) and every rep option share it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from handover.domain.hangul import name_matches
from handover.domain.text import match_form, strip_invisible
from handover.errors import AmbiguousError, NotFoundError
from handover.format.team_config import Rep
from handover.i18n import _


def find_rep(reps: Sequence[Rep], query: str, option: str = "--rep") -> Rep:
    """The rep meant: an id, a name, or an unambiguous part or initials of a name (`ㅇㅅㅇ`).

    Ambiguity lists the candidates (exit 2); nothing matching names the team's reps.
    """
    wanted = strip_invisible(unicodedata.normalize("NFC", query)).strip()
    folded = match_form(wanted)
    for matches in (
        [rep for rep in reps if rep.id == wanted],
        [rep for rep in reps if match_form(rep.name) == folded],
        [rep for rep in reps if name_matches(wanted, rep.name) or (folded and folded in rep.id)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            candidates = [f"{rep.name} ({rep.id})" for rep in matches]
            raise AmbiguousError(query, candidates, what="reps")
    known = ", ".join(f"{rep.name} ({rep.id})" for rep in reps) or "none yet"
    raise NotFoundError(_("unknown rep '{rep}' (known: {known})", rep=query, known=known))
