"""The line a Tab completes: typer's zsh script passes the words up to the cursor only, so
ours passes every word as well, and `brief 김<Tab> --dir PATH` completes from PATH as in bash.

Kept apart from `quick_complete` (which runs before typer loads) and `app` (which loads it).
"""

from __future__ import annotations

WHOLE_LINE_VAR = "_HANDOVER_COMPLETE_LINE"
"""Every word of the line being completed, which our zsh script passes (typer's does not)."""


def zsh_passes_the_whole_line() -> None:
    """Add `WHOLE_LINE_VAR="${words[*]}"` to the zsh script `--install-completion` and
    `--show-completion` write. A script of another typer version is left as it is (`--dir`
    first still works)."""
    from typer import _completion_shared as shared

    script = shared._completion_scripts.get("zsh", "")
    upto_cursor = 'env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}"'
    if upto_cursor in script and WHOLE_LINE_VAR not in script:
        shared._completion_scripts["zsh"] = script.replace(
            upto_cursor, f'{upto_cursor} {WHOLE_LINE_VAR}="${{words[*]}}"'
        )
