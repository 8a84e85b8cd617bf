"""The teamwork commands are documented: help with an example, and a README section."""

from __future__ import annotations

import pytest

from conftest import PROJECT, run

README = (PROJECT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["sync", "history", "codeowners"])
def test_each_teamwork_command_has_help_with_an_example_and_a_readme_section(
    command: str,
) -> None:
    helped = run(command, "--help")
    assert helped.exit_code == 0, helped.output
    assert f"handover {command}" in helped.stdout
    assert f"### `handover {command}`" in README


@pytest.mark.parametrize(
    "usage",
    [
        "handover brief 김민수 --since",
        "handover check --since origin/main",
        "handover check --format github",
        "handover schema --write",
        "--handle minho-choi",
    ],
)
def test_the_readme_shows_the_new_options(usage: str) -> None:
    assert usage in README


def test_the_readme_has_a_working_as_a_team_section() -> None:
    section = README.split("## Working as a team", 1)[1].split("\n## ", 1)[0]
    for step in ("**Clone.**", "**Note.**", "**Sync.**", "review", "**CI.**"):
        assert step in section
