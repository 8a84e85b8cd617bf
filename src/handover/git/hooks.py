"""git hooks around handover's own commits: pre-commit's `handover check` must find the
`handover` that is committing, and a hook that refuses a commit is named with what to do."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from handover.errors import GitError

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


def hook_refusal(output: str, hook: Path) -> GitError | None:
    """The error for a commit a pre-commit hook refused, from pre-commit's report, or None
    when no hook ran (git itself failed)."""
    lines = [line.rstrip() for line in output.splitlines()]
    failed = next((m for m in map(_FAILED_HOOK.match, lines) if m), None)
    if failed is None and not hook.is_file():
        return None
    reason = ""
    if failed is not None:
        after = lines[lines.index(failed.group(0)) + 1 :]
        said = [line for line in after if line and not line.startswith("- ")]
        reason = f"{failed.group('name').strip()}: {said[0] if said else 'failed'}"
    else:
        reason = next((line for line in reversed(lines) if line.strip()), "it failed")
    if NOT_FOUND in output:
        hint = (
            "pre-commit runs `handover` from PATH: put handover's folder on PATH "
            "(`pipx ensurepath`, or activate its venv), then commit again"
        )
    else:
        hint = (
            "fix what the hook says and run the command again (or run it with --no-commit and "
            "commit yourself with `git commit --no-verify`, which skips the hooks)"
        )
    return GitError(f"git's pre-commit hook refused the commit: {reason}", hint=hint)
