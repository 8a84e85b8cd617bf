"""`handover check` in the tools teams already run: GitHub annotations, changed files only,
pre-commit, and an example CI workflow."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import PROJECT, Outcome, Team, git, run
from handover.core.check import Problem
from handover.render.teamwork import github_annotations

BROKEN_PROFILE = """\
id: emily-carter
name: Emily Carter
kind: purchasing
owner: sylee
contacts:
  mobile: 01012345678
nickname: Em
"""


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def write(team: Team, relative: str, text: str) -> Path:
    path = team.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_check_format_github_prints_one_annotation_per_problem(team: Team) -> None:
    write(team, "customers/emily-carter/profile.yaml", BROKEN_PROFILE)

    checked = team.run("check", "--format", "github")

    assert checked.exit_code == 1
    assert checked.stdout == (
        "::error file=customers/emily-carter/profile.yaml,line=6,col=11,title=handover check"
        "::expected text, got the number 1012345678 (contacts.mobile) — hint: quote phone "
        "numbers, postcodes and codes so leading zeros survive: '010…'\n"
        "::error file=customers/emily-carter/profile.yaml,line=7,col=11,title=handover check"
        "::unknown key (nickname) — hint: check the spelling, or put your own keys under "
        "'extra:'\n"
    )
    assert checked.stderr == "check: 2 problem(s)\n"


def test_annotations_escape_what_github_would_misread() -> None:
    problem = Problem(
        path="customers/a,b/x:y.yaml",
        line=3,
        column=None,
        message="100% wrong\nsecond line",
        field=None,
        hint=None,
    )
    assert github_annotations([problem], Path()) == (
        "::error file=customers/a%2Cb/x%3Ay.yaml,line=3,title=handover check"
        "::100%25 wrong%0Asecond line\n"
    )


def test_a_team_folder_inside_a_bigger_repository_annotates_from_the_repository_root(
    tmp_path: Path,
) -> None:
    repository = tmp_path / "company"
    repository.mkdir()
    git(repository, "init", "--quiet")
    ok(run("init", str(repository / "crm"), "--team", "영업2팀"))
    team = Team(repository / "crm")
    ok(team.run("rep", "add", "sylee", "--name", "이서연", "--email", "sylee@example.com"))
    write(team, "customers/emily-carter/profile.yaml", BROKEN_PROFILE)

    checked = team.run("check", "--format", "github")
    assert checked.stdout.startswith(
        "::error file=crm/customers/emily-carter/profile.yaml,line=6,col=11,"
    )

    # pre-commit runs hooks at the repository root and passes paths from there
    from_root = run("check", "crm/customers/emily-carter/profile.yaml", cwd=repository)
    assert from_root.exit_code == 1, from_root.output
    assert from_root.stdout.startswith("customers/emily-carter/profile.yaml:6:11: error:")


def test_check_since_a_ref_checks_only_the_files_changed_since_and_new_ones(team: Team) -> None:
    write(team, "customers/emily-carter/profile.yaml", BROKEN_PROFILE)  # an old problem
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    team.git("add", "-A")
    team.git("commit", "--quiet", "-m", "before the branch")
    team.git("tag", "base")
    profile = team.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(profile.read_text().replace("kind: doctor", "kind: docter"))
    write(team, "customers/gim-minsu/scratch.txt", "a draft, not a note")

    checked = team.run("check", "--since", "base")

    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "customers/gim-minsu/profile.yaml:4:7: error: Input should be 'doctor', 'pharmacist', "
        "'nurse', 'purchasing', 'manager', 'internal' or 'other' (kind)",
        "customers/gim-minsu/scratch.txt: error: unexpected file in a customer folder — hint: a "
        "customer folder holds profile.yaml and notes/YYYY/*.yaml",
    ]
    full = team.run("check")
    assert "emily-carter" in full.stdout


def test_check_since_widens_to_what_a_change_can_break(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    ok(team.run("note", "민수", "-s", "자료 요청", "--promise", "자료 전달"))
    ok(team.run("resolve", "gim-minsu#1", "전달함"))
    team.git("tag", "base")
    assert ok(team.run("check", "--since", "base")).stderr == "check: no problems\n"

    notes = (team.root / "customers/gim-minsu/notes").rglob("*.yaml")
    opening = next(p for p in notes if p.read_text().startswith("kind: moment"))
    team.git("rm", "--quiet", str(opening))
    team.git("commit", "--quiet", "-m", "a note deleted by hand")
    dangling = team.run("check", "--since", "base")
    assert dangling.exit_code == 1
    assert "item #1 opened in " in dangling.stdout  # the resolution's link, checked again

    team.git("revert", "--no-edit", "HEAD")
    config = team.root / "handover.yaml"
    config.write_text(config.read_text().replace("id: sylee", "id: sylee-old"))
    everything = team.run("check", "--since", "HEAD")
    assert "owner 'sylee' is not a rep in handover.yaml (owner)" in everything.stdout
    assert "'sylee' is not a rep in handover.yaml (by)" in everything.stdout


def test_check_since_needs_a_ref_git_knows(team: Team) -> None:
    unknown = team.run("check", "--since", "origin/main")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "error: --since: 'origin/main' is not a commit, branch or tag here\n"
        "  hint: fetch it first (git fetch origin), or name a branch, tag or commit\n"
    )
    both = team.run("check", "customers", "--since", "HEAD")
    assert both.exit_code == 2


def test_this_repository_publishes_a_pre_commit_hook_and_an_example_ci_workflow() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "handover-check")
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "handover check",
        "python",
        True,
    )
    workflow = yaml.safe_load((PROJECT / "docs/team-ci.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "handover check --since HEAD^1 --format github" in runs
    assert "handover check --format github" in runs
