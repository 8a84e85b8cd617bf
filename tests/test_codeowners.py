"""`handover codeowners`: the git host asks each customer's owner to review changes to it,
and `check` notices when the file no longer matches the owners."""

from __future__ import annotations

import json

import pytest

from conftest import Outcome, Team

OWN_LINES = "# our own rules\n/handover.yaml @team-leads\n"


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def owners(team: Team) -> Team:
    ok(
        team.run(
            "rep",
            "add",
            "mchoi",
            "--name",
            "최민호",
            "--email",
            "mchoi@example.com",
            "--handle",
            "minho-choi",
        )
    )
    config = team.root / "handover.yaml"
    config.write_text(
        config.read_text().replace(
            "email: sylee@example.com", "email: sylee@example.com\n  handle: seoyeon-lee"
        )
    )
    team.git("commit", "--quiet", "-am", "sylee's handle")
    for name, owner in (("김민수", "sylee"), ("최영희", "mchoi"), ("Emily Carter", "jpark")):
        ok(team.run("add", name, "--owner", owner))
    return team


def test_codeowners_gives_each_customer_folder_to_its_owners_handle(owners: Team) -> None:
    team = owners
    done = ok(team.run("codeowners"))

    assert done.stdout == "Wrote CODEOWNERS: 2 customer folder(s) with a reviewer\n"
    assert done.stderr == (
        "  1 customer(s) without a reviewer: owner jpark has no handle\n"
        "  hint: add `handle:` (git-host user name) to the rep in handover.yaml\n"
    )
    text = (team.root / "CODEOWNERS").read_text()
    assert text.endswith(
        "# BEGIN handover: each customer's folder is reviewed by its owner (handover codeowners)\n"
        "/customers/choe-yeonghui/ @minho-choi\n"
        "/customers/gim-minsu/ @seoyeon-lee\n"
        "# END handover\n"
    )
    assert team.commits()[0] == "codeowners: 2 customer folders and their reviewers"
    assert ok(team.run("check")).stderr == "check: no problems\n"
    again = ok(team.run("codeowners", "--json"))
    assert json.loads(again.stdout)["changed"] is False


def test_check_reports_codeowners_out_of_date_after_an_owner_changes(owners: Team) -> None:
    team = owners
    ok(team.run("codeowners"))
    profile = team.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(profile.read_text().replace("owner: sylee", "owner: mchoi"))  # a transfer
    ok(team.run("add", "한소라", "--owner", "mchoi"))

    checked = team.run("check")

    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "CODEOWNERS:7:1: error: CODEOWNERS is out of date: /customers/gim-minsu/ is reviewed by "
        "@seoyeon-lee, should be @minho-choi — hint: run `handover codeowners` to write it from "
        "the current owners, and commit it",
        "CODEOWNERS:8:1: error: CODEOWNERS is out of date: no reviewer for /customers/han-sora/ "
        "(owner mchoi, @minho-choi) — hint: run `handover codeowners` to write it from the "
        "current owners, and commit it",
    ]
    since = team.run("check", "--since", "HEAD~1", "--format", "github")
    assert since.stdout.count("::error file=CODEOWNERS,") == 2  # changed profiles only

    ok(team.run("codeowners"))
    assert ok(team.run("check")).stderr == "check: no problems\n"


def test_codeowners_keeps_the_teams_own_lines_and_skips_reps_who_left(owners: Team) -> None:
    team = owners
    (team.root / "CODEOWNERS").write_text(OWN_LINES)
    config = team.root / "handover.yaml"
    config.write_text(config.read_text().replace("name: 최민호", "name: 최민호\n  status: left"))

    ok(team.run("codeowners"))

    text = (team.root / "CODEOWNERS").read_text()
    assert text.startswith(OWN_LINES + "\n# BEGIN handover")
    assert "@minho-choi" not in text
    assert ok(team.run("check")).exit_code == 0
