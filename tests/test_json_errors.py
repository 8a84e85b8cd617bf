"""`--json` means JSON, always: a program reading stdout gets one error object, whether the
mistake is in a file, a name or the command line itself."""

from __future__ import annotations

import json

import pytest

from conftest import Team


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--limit", "x"), "No such option: --limit"),
        (("brief",), "Missing argument 'customer'."),
        (("agenda", "--days", "many"), "Invalid value for '--days'"),
    ],
)
def test_a_usage_error_under_json_is_the_same_error_object(
    team: Team, args: tuple[str, ...], message: str
) -> None:
    done = team.run(*args, "--json")

    assert done.exit_code == 2, done.output
    error = json.loads(done.stdout)
    assert error["error"].startswith(message), error
    assert error["exit_code"] == 2
    assert error["hint"].startswith(f"see `handover {args[0]} --help`")
    assert done.stderr == ""


def test_a_usage_error_without_json_is_still_shown_for_people(team: Team) -> None:
    done = team.run("list", "--limit", "x")

    assert done.exit_code == 2, done.output
    assert done.stdout == ""
    assert "No such option: --limit" in done.stderr


def test_json_errors_of_every_kind_have_the_same_keys(team: Team) -> None:
    usage = json.loads(team.run("brief", "--json").stdout)
    missing = json.loads(team.run("brief", "nobody-here", "--json").stdout)

    assert {"error", "hint", "exit_code"} <= usage.keys()
    assert usage.keys() == missing.keys()


def test_help_under_json_still_prints_help(team: Team) -> None:
    done = team.run("list", "--json", "--help")

    assert done.exit_code == 0, done.output
    assert "Usage:" in done.stdout
