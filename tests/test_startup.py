"""`note` and `brief` start fast: typer converts only the command the line starts with."""

from __future__ import annotations

import typer.main
from typer.testing import CliRunner

from handover.cli.app import app, only_the_command_asked


def test_a_line_that_starts_with_a_command_builds_only_that_command() -> None:
    whole = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    cases = {
        ("note", "김민수", "-s", "처방 논의"): ["note"],
        ("brief", "민수"): ["brief"],
        ("item", "list"): whole,  # a group: the whole app
        ("--lang", "en", "note"): whole,  # global options first: the whole app
        ("notee",): whole,  # a typo: typer's "did you mean" needs every name
        (): whole,
    }
    for argv, expected in cases.items():
        built = typer.main.get_command(only_the_command_asked(list(argv)))
        assert sorted(built.commands) == expected, argv  # type: ignore[attr-defined]
    assert sorted(typer.main.get_command(app).commands) == whole  # type: ignore[attr-defined]

    runner = CliRunner()
    alone = runner.invoke(only_the_command_asked(["note"]), ["note", "--help"])
    full = runner.invoke(app, ["note", "--help"])
    assert alone.exit_code == 0, alone.output
    assert alone.output == full.output
