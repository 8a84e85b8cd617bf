from conftest import Team


def test_a_new_team_folder_has_a_commit_per_action(team: Team) -> None:
    assert team.commits()[0].startswith("rep: add 박지훈")
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    assert "gim-minsu" in added.stdout
    missing = team.run("brief", "nobody")
    assert missing.exit_code == 2
    assert "no customer matches 'nobody'" in missing.stderr
