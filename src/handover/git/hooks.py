"""git hooks around handover's own commits: pre-commit's `handover check` must find the
`handover` that is committing, and a hook that refuses a commit is named with what to do."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from handover.errors import GitError
from handover.i18n import _

_FAILED_HOOK = re.compile(r"^(?P<name>\S.*?)\.{3,}\s*Failed\s*$")
NOT_FOUND = "Executable `handover` not found"


def _handover_folders() -> list[str]:
    """Where the running `handover` command lives: its script's folder and its Python's."""
    candidates = [Path(sys.argv[0]).resolve().parent, Path(sys.executable).parent]
    found: list[str] = []
    for folder in candidates:
        installed = any((folder / n).is_file() for n in ("handover", "handover.exe"))
        if installed and str(folder) not in found:
            found.append(str(folder))
    return found


def commit_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of `git commit`: this handover first on PATH, so a hook that runs
    `handover check` (the config `init` writes) works when handover was started by its full
    path, from a venv that is not activated or a pipx folder not on PATH."""
    env = dict(os.environ if environ is None else environ)
    path = [*_handover_folders(), *filter(None, env.get("PATH", "").split(os.pathsep))]
    env["PATH"] = os.pathsep.join(dict.fromkeys(path))
    return env


SHOWN_LINES = 20
SHOWN_WIDTH = 300


def hook_refusal(output: str, hook: Path) -> GitError | None:
    """The error for a commit a pre-commit hook refused, from pre-commit's report, or None
    when no hook ran (git itself failed). The first line says why in a few words (pre-commit's
    failed hook and its first word, or the hook's first line); everything the hook printed
    follows, bounded, so a reason spread over several lines is never cut to its last one."""
    lines = [line.rstrip() for line in output.splitlines()]
    failed = next((m for m in map(_FAILED_HOOK.match, lines) if m), None)
    if failed is None and not hook.is_file():
        return None
    said = [line for line in lines if line.strip()]
    if failed is not None:
        after = lines[lines.index(failed.group(0)) + 1 :]
        first = [line for line in after if line and not line.startswith("- ")]
        reason = f"{failed.group('name').strip()}: {first[0].strip() if first else 'failed'}"
    else:
        reason = said[0].strip() if said else _("it printed nothing")
    message = _("git's pre-commit hook refused the commit: {reason}", reason=reason)
    if len(said) > 1:
        message += (
            "\n" + _("  the hook said:") + "".join(f"\n    {line}" for line in _bounded(said))
        )
    if NOT_FOUND in output:
        hint = _(
            "pre-commit runs `handover` from PATH: put handover's folder on PATH "
            "(`pipx ensurepath`, or activate its venv), then commit again"
        )
    else:
        hint = _(
            "fix what the hook says and run the command again (or run it with --no-commit and "
            "commit yourself with `git commit --no-verify`, which skips the hooks)"
        )
    return GitError(message, hint=hint)


def _bounded(lines: list[str]) -> list[str]:
    """At most SHOWN_LINES lines of SHOWN_WIDTH characters: a hook may print a whole log."""
    shown = [line if len(line) <= SHOWN_WIDTH else line[:SHOWN_WIDTH] + "…" for line in lines]
    if len(shown) > SHOWN_LINES:
        more = len(shown) - SHOWN_LINES + 1
        shown = [*shown[: SHOWN_LINES - 1], _("… {count} more lines", count=more)]
    return shown
