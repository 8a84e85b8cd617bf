"""The README is the manual: every command the CLI has is shown there with an example."""

from __future__ import annotations

import re

from typer.main import get_command

from conftest import PROJECT
from handover.cli.app import app


def command_names() -> list[str]:
    group = get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [f"{name} {sub}" for sub in subcommands]
        else:
            names.append(name)
    return sorted(names)


def test_every_command_has_an_example_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"handover {name}" not in readme]
    assert missing == []


def test_every_command_has_help_with_an_example() -> None:
    from typer.testing import CliRunner

    for name in command_names():
        result = CliRunner().invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert re.search(r"Examples?:", result.output), name


def test_the_readme_quick_start_names_the_two_commands() -> None:
    first_screen = (PROJECT / "README.md").read_text(encoding="utf-8")[:2500]
    assert "make demo" in first_screen
    assert "make test" in first_screen
