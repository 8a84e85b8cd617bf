"""The profile as it last parsed: what every reader shows when a hand edit broke the file.

A profile that does not parse at all (a hand edit left `[tue` open) still holds the facts
people wrote in its last committed version that does. The brief shows them, and readiness and
the pack score and pack them, so no view tells a rep to add a fact the customer already has;
the one-line fields (name, owner…) come from the file's own lines, as now.
"""

from __future__ import annotations

import datetime as dt

from handover.core.workspace import Workspace
from handover.errors import HandoverError
from handover.format.profile import Profile


def readable_or_last_good(
    ws: Workspace, customer_id: str
) -> tuple[Profile, HandoverError | None, dt.datetime | None]:
    """The profile, why it cannot all be read, and the date of the commit its facts come
    from when the file does not parse (None when they are the file's own)."""
    folder = ws.folder
    profile, problem = folder.readable_profile(customer_id)
    older = last_version_that_parses(ws, customer_id) if problem else None
    if older is None:
        return profile, problem, None
    lines = folder.profile_lines(customer_id)
    merged = older[0].model_copy(update={key: getattr(profile, key) for key in lines})
    return merged, problem, older[1]


def last_version_that_parses(
    ws: Workspace, customer_id: str, *, tries: int = 20
) -> tuple[Profile, dt.datetime] | None:
    """When the profile does not parse at all, its last committed version that does (up to
    `tries` commits back); None when it parses (each bad field is left out) or none does."""
    from handover.domain.profile_diff import plain_version
    from handover.format.validation import lenient_profile

    folder, git = ws.folder, ws.git
    path = folder.profile_path(customer_id)
    shown = folder.relative(path)
    if plain_version(folder.read(path), shown) is not None or not git.is_repository:
        return None
    if git.head() is None:
        return None
    for commit in git.log("--follow", "-n", str(tries), "--", str(path)):
        data = plain_version(git.show(commit.sha, git.root_path(commit.paths[0])), shown)
        if isinstance(data, dict):
            return lenient_profile(dict(data), customer_id), commit.at
    return None
