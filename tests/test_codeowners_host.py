"""CODEOWNERS as the git host reads it, checked with a real CODEOWNERS parser (`codeowners`,
a port of the parser GitHub's own tooling follows): the repository's own file, paths from the
repository root, escaped names, no later line that silently wins, and handles that are handles."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from codeowners import CodeOwners

from conftest import Outcome, Team, run


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def team_in_subfolder(repository: Path, subfolder: str) -> Team:
    """A repository whose team folder is ``subfolder``, with two reps with handles."""
    repository.mkdir()
    subprocess.run(["git", "init", "--quiet", str(repository)], check=True)
    (repository / "README.md").write_text("company repository\n")
    ok(run("init", str(repository / subfolder), "--team", "서울 동부 영업2팀"))
    team = Team(repository / subfolder)
    ok(
        team.run(
            "rep",
            "add",
            "sylee",
            "--name",
            "이서연",
            "--email",
            "sylee@example.com",
            "--handle",
            "seoyeon-lee",
        )
    )
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
            "hanbit/east-2",
        )
    )
    ok(team.run("add", "김민수", "--owner", "sylee"))
    ok(team.run("add", "최영희", "--owner", "mchoi"))
    return team


def owners_of(codeowners: Path, path: str) -> list[str]:
    return [owner for _, owner in CodeOwners(codeowners.read_text("utf-8")).of(path)]


def test_a_team_folder_in_a_subfolder_updates_the_repositorys_own_codeowners(
    tmp_path: Path,
) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "team")
    (repository / ".github").mkdir()
    (repository / ".github/CODEOWNERS").write_text("/README.md @hanbit/docs\n")

    done = ok(team.run("codeowners"))

    assert done.stdout.startswith("Wrote ../.github/CODEOWNERS: 2 customer folder(s)")
    assert not (team.root / "CODEOWNERS").exists()  # GitHub never reads a subfolder's file
    codeowners = repository / ".github/CODEOWNERS"
    assert owners_of(codeowners, "team/customers/gim-minsu/profile.yaml") == ["@seoyeon-lee"]
    assert owners_of(codeowners, "team/customers/choe-yeonghui/notes/2026/a.yaml") == [
        "@hanbit/east-2"
    ]
    assert owners_of(codeowners, "README.md") == ["@hanbit/docs"]
    assert "codeowners:" in team.commits()[0]
    assert team.git("status", "--porcelain", "--", str(codeowners)) == ""  # committed
    assert ok(team.run("check")).stderr == "check: no problems\n"


def test_a_folder_with_a_space_and_a_hash_is_escaped_and_read_back(tmp_path: Path) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "영업 2팀#1")

    ok(team.run("codeowners"))

    codeowners = repository / "CODEOWNERS"
    text = codeowners.read_text("utf-8")
    assert "/영업\\ 2팀\\#1/customers/gim-minsu/ @seoyeon-lee\n" in text
    assert owners_of(codeowners, "영업 2팀#1/customers/gim-minsu/profile.yaml") == ["@seoyeon-lee"]
    assert ok(team.run("check")).stderr == "check: no problems\n"


def test_a_catch_all_after_the_block_is_reported_and_codeowners_puts_the_block_last(
    team: Team,
) -> None:
    config = team.root / "handover.yaml"
    config.write_text(
        config.read_text().replace(
            "email: sylee@example.com", "email: sylee@example.com\n  handle: seoyeon-lee"
        )
    )
    team.git("commit", "--quiet", "-am", "handle")
    ok(team.run("add", "김민수", "--owner", "sylee"))
    ok(team.run("codeowners"))
    codeowners = team.root / "CODEOWNERS"
    with codeowners.open("a") as file:
        file.write("* @hanbit/leads\n")
    line = len(codeowners.read_text().splitlines())
    assert owners_of(codeowners, "customers/gim-minsu/profile.yaml") == ["@hanbit/leads"]

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.splitlines() == [
        f"CODEOWNERS:{line}:1: error: `*` comes after handover's block and overrides it for 1 "
        "customer folder(s) (on a git host the last matching line wins) — hint: move the line "
        "above `# BEGIN handover`, or run `handover codeowners`, which keeps its block last"
    ]

    done = ok(team.run("codeowners"))

    assert "moved handover's block below 1 line(s) of yours" in done.stdout
    assert owners_of(codeowners, "customers/gim-minsu/profile.yaml") == ["@seoyeon-lee"]
    assert owners_of(codeowners, "handover.yaml") == ["@hanbit/leads"]
    assert codeowners.read_text().endswith("# END handover\n")
    assert ok(team.run("check")).stderr == "check: no problems\n"


@pytest.mark.parametrize("handle", ["minho choi", "@", "minho@", "hanbit/", "-minho", "민호"])
def test_a_handle_that_is_not_a_git_host_name_is_refused(team: Team, handle: str) -> None:
    before = team.files()

    done = team.run(
        "rep",
        "add",
        "mchoi",
        "--name",
        "최민호",
        "--email",
        "mchoi@example.com",
        "--handle",
        handle,
    )

    assert done.exit_code == 2, done.output
    assert "handle" in done.stderr
    assert team.files() == before


@pytest.mark.parametrize(
    "handle", ["minho-choi", "@minho-choi", "hanbit/east-2", "@hanbit/east-2", "mchoi@example.com"]
)
def test_handles_of_users_teams_and_emails_are_accepted(team: Team, handle: str) -> None:
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
            handle,
        )
    )


def test_check_names_a_hand_typed_handle_with_a_space(team: Team) -> None:
    config = team.root / "handover.yaml"
    config.write_text(
        config.read_text().replace(
            "email: sylee@example.com", "email: sylee@example.com\n  handle: seoyeon lee"
        )
    )

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.startswith(
        "handover.yaml:10:11: error: 'seoyeon lee' is not a git-host handle: use a user name "
        "(minho-choi), a team (@org/team) or an e-mail address, without spaces (reps.0.handle)"
    )


@pytest.mark.parametrize("location", ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"])
def test_check_reads_the_repositorys_codeowners_above_a_subfolder_team(
    tmp_path: Path, location: str
) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "team")
    codeowners = repository / location
    codeowners.parent.mkdir(exist_ok=True)
    codeowners.write_text("/README.md @hanbit/docs\n")
    ok(team.run("codeowners"))
    with codeowners.open("a") as file:
        file.write("* @hanbit/leads\n")
    line = len(codeowners.read_text().splitlines())
    assert owners_of(codeowners, "team/customers/gim-minsu/profile.yaml") == ["@hanbit/leads"]

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.splitlines() == [
        f"../{location}:{line}:1: error: `*` comes after handover's block and overrides it for "
        "2 customer folder(s) (on a git host the last matching line wins) — hint: move the line "
        "above `# BEGIN handover`, or run `handover codeowners`, which keeps its block last"
    ]


def test_a_transfer_makes_the_repositorys_codeowners_stale_for_a_subfolder_team(
    tmp_path: Path,
) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "team")
    ok(team.run("codeowners"))
    codeowners = repository / "CODEOWNERS"
    line = codeowners.read_text().splitlines().index("/team/customers/gim-minsu/ @seoyeon-lee")
    ok(team.run("transfer", "김민수", "--to", "mchoi", "--by", "sylee"))

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.splitlines() == [
        f"../CODEOWNERS:{line + 1}:1: error: CODEOWNERS is out of date: "
        "/team/customers/gim-minsu/ is reviewed by @seoyeon-lee, should be @hanbit/east-2 "
        "— hint: run `handover codeowners` to write it from the current owners, and commit it"
    ]
    ok(team.run("codeowners"))
    assert owners_of(codeowners, "team/customers/gim-minsu/profile.yaml") == ["@hanbit/east-2"]
    assert ok(team.run("check")).stderr == "check: no problems\n"


def test_github_reads_dot_github_first_and_so_does_handover(tmp_path: Path) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "team")
    (repository / ".github").mkdir()
    for location in (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"):
        (repository / location).parent.mkdir(exist_ok=True)
        (repository / location).write_text("/README.md @hanbit/docs\n")

    done = ok(team.run("codeowners"))

    assert done.stdout.startswith("Wrote ../.github/CODEOWNERS: 2 customer folder(s)")
    assert (repository / "CODEOWNERS").read_text() == "/README.md @hanbit/docs\n"
    assert (repository / "docs/CODEOWNERS").read_text() == "/README.md @hanbit/docs\n"
    assert owners_of(repository / ".github/CODEOWNERS", "team/customers/gim-minsu/a.yaml") == [
        "@seoyeon-lee"
    ]


def test_a_repository_codeowners_that_leads_outside_is_reported_not_read(tmp_path: Path) -> None:
    repository = tmp_path / "company"
    team = team_in_subfolder(repository, "team")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("* @somebody\n")
    (repository / "CODEOWNERS").symlink_to(elsewhere)
    before = elsewhere.read_text()

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.splitlines() == [
        f"../CODEOWNERS: error: ../CODEOWNERS leads outside the repository (to {elsewhere}) "
        "— hint: replace the symlink with the file itself"
    ]
    refused = team.run("codeowners")
    assert refused.exit_code == 4, refused.output
    assert elsewhere.read_text() == before


@pytest.mark.parametrize("rule", ["*.yaml", "**/profile.yaml", "customers/**", "/customers/"])
def test_any_later_line_that_matches_customer_files_is_reported(team: Team, rule: str) -> None:
    config = team.root / "handover.yaml"
    config.write_text(
        config.read_text().replace(
            "email: sylee@example.com", "email: sylee@example.com\n  handle: seoyeon-lee"
        )
    )
    team.git("commit", "--quiet", "-am", "handle")
    ok(team.run("add", "김민수", "--owner", "sylee"))
    ok(team.run("note", "김민수", "-s", "첫 방문"))
    ok(team.run("codeowners"))
    codeowners = team.root / "CODEOWNERS"
    with codeowners.open("a") as file:
        file.write(f"{rule} @hanbit/data\n")
    line = len(codeowners.read_text().splitlines())
    (note,) = (team.root / "customers/gim-minsu/notes").rglob("*.yaml")
    overridden = [
        path
        for path in ("customers/gim-minsu/profile.yaml", note.relative_to(team.root).as_posix())
        if owners_of(codeowners, path) == ["@hanbit/data"]
    ]
    assert overridden  # the real parser: the later line wins for this customer's files

    checked = team.run("check")

    assert checked.exit_code == 1, checked.output
    assert checked.stdout.startswith(
        f"CODEOWNERS:{line}:1: error: `{rule}` comes after handover's block and overrides it "
        "for 1 customer folder(s)"
    )
