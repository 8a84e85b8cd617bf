"""Option types shared by every command, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Customer = Annotated[
    str,
    typer.Argument(
        help="The customer: id, name, or an unambiguous part of either (Hangul too, e.g. 민수).",
        show_default=False,
    ),
]
TeamDir = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="The team folder (default: $HANDOVER_DIR, else the nearest folder with "
        "handover.yaml).",
        show_default=False,
        file_okay=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of text.")]
NoCommit = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but make no git commit.")
]
Rep = Annotated[
    str | None,
    typer.Option(
        "--rep", help="Only customers of this rep: id, name, part or initials (이서연, 서연)."
    ),
]
By = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who is writing (rep id or name). Default: $HANDOVER_REP, else the rep whose email is "
        "git's user.email.",
        show_default=False,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        help="table (default), csv (UTF-8 with BOM, for Excel) or xlsx; formulas are neutralised.",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write csv/xlsx to this file (default: stdout).", dir_okay=False
    ),
]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal ($HANDOVER_PAGER, $PAGER or less -FRX otherwise).",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Fail (exit 3) if a file of the folder cannot be read, instead of leaving it out "
        "with a warning.",
    ),
]
