"""What every operation works with: the folder, its git, the clock and who is typing."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handover.errors import HandoverError, UsageError
from handover.format.store import TeamFolder
from handover.format.team_config import Rep
from handover.git.repo import Git
from handover.i18n import _

ENV_REP = "HANDOVER_REP"
ENV_NOW = "HANDOVER_NOW"


def local_now() -> dt.datetime:
    """The local time, or the moment `$HANDOVER_NOW` pins (ISO 8601), for tests and demos that
    must read the same whatever day they run."""
    pinned = os.environ.get(ENV_NOW)
    if pinned:
        try:
            moment = dt.datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(
                _("${variable} is not a date and time: {value}", variable=ENV_NOW, value=pinned),
                hint=_("use ISO 8601, for example 2026-12-01T10:00:00+09:00"),
            ) from None
        return moment.astimezone()  # naive means local; aware is shown in the local zone
    return dt.datetime.now().astimezone()


@dataclass
class Workspace:
    folder: TeamFolder
    git: Git
    commit: bool = True
    clock: Callable[[], dt.datetime] = local_now
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    unreadable: list[HandoverError] = field(default_factory=list)
    """Files a command left out because they cannot be read: one broken file never stops the
    team. The command line warns about each (as `check` names it); `--strict` fails on them."""

    def left_out(self, errors: Sequence[HandoverError]) -> None:
        """Note files left out of this command's answer (each once)."""
        seen = {str(error) for error in self.unreadable}
        self.unreadable += [error for error in errors if str(error) not in seen]

    @classmethod
    def open(cls, root: Path, *, commit: bool = True) -> Workspace:
        return cls(folder=TeamFolder(root), git=Git(root), commit=commit)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.clock().date()

    def current_rep(self, explicit: str | None) -> Rep:
        """Who is at the keyboard: --by, $HANDOVER_REP, git's user.email, or the only rep."""
        config = self.folder.config()
        wanted = explicit or self.environ.get(ENV_REP)
        if wanted:
            from handover.domain.reps import find_rep
            from handover.errors import NotFoundError

            try:
                return find_rep(config.reps, wanted, "--by" if explicit else ENV_REP)
            except NotFoundError as exc:
                raise UsageError(
                    exc.message, hint=_("add one with `handover rep add ID --name … --email …`")
                ) from None
        if self.git.is_repository:
            email = self.git.run("config", "user.email", check=False).stdout.strip().lower()
            matches = [r for r in config.reps if r.email.lower() == email and email]
            if len(matches) == 1:
                return matches[0]
        active = [r for r in config.reps if r.status == "active"]
        if len(active) == 1:
            return active[0]
        raise UsageError(
            _("who is writing this? no rep matches your git user.email"),
            hint=_(
                "pass --by REP, or set ${variable}, or use your rep email in git config",
                variable=ENV_REP,
            ),
        )
