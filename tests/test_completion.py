"""Shell completion: the real bash (and fish) completion functions, run in a subprocess."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, Team, run
from handover.cli import quick_complete
from handover.format.channels import CHANNELS
from handover.format.fields import CUSTOMER_KINDS
from handover.format.records import ITEM_KINDS

BIN = PROJECT / ".venv" / "bin"
pytestmark = pytest.mark.skipif(
    not (BIN / "handover").exists(), reason="handover is not installed in .venv"
)


@pytest.fixture
def book(team: Team) -> Team:
    for name, kind in (("김민수", "doctor"), ("김민지", "nurse"), ("박서준", "pharmacist")):
        assert team.run("add", name, "--kind", kind, "--owner", "sylee").exit_code == 0
    assert team.run("add", "Emily Carter", "--owner", "jpark").exit_code == 0
    noted = team.run("note", "김민수", "-s", "자료 요청", "--request", "신장 용량 자료")
    assert noted.exit_code == 0, noted.output
    assert team.run("list").exit_code == 0  # the index is up to date
    return team


def environment(team: Team) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_HANDOVER")}
    env["PATH"] = f"{BIN}:{env.get('PATH', '')}"
    env["HANDOVER_DIR"] = str(team.root)
    env["SHELL"] = "/bin/bash"
    return env


SCRIPTS: dict[str, str] = {}
"""The completion function of each shell, printed once per worker by the installed command:
the same text for every team folder, and a typer start (most of a Tab's cost) per call."""


def script(shell: str, env: dict[str, str]) -> str:
    if shell not in SCRIPTS:
        done = subprocess.run(  # run from the shell itself, which typer detects as the parent
            [shell, "-c", "handover --show-completion; true"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "handover" in done.stdout, done.stdout
        SCRIPTS[shell] = done.stdout
    return SCRIPTS[shell]


def bash_complete(
    team: Team, line: str, *, cursor: int | None = None, env: dict[str, str] | None = None
) -> list[str]:
    """What bash offers after `line` and a Tab (on word `cursor`, the last by default): the
    real function typer installs."""
    env = env or environment(team)
    words = line.split(" ")
    quoted = " ".join(shlex.quote(w) for w in words)
    program = (
        script("bash", env)
        + f"\nCOMP_WORDS=({quoted})\n"
        + f"COMP_CWORD={len(words) - 1 if cursor is None else cursor}\n"
        + "_handover_completion handover\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile"],
        input=program,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_and_options(book: Team) -> None:
    assert "note" in bash_complete(book, "handover no")
    assert "import" in bash_complete(book, "handover im")
    assert "--channel" in bash_complete(book, "handover note 김민수 --ch")


def test_bash_completes_customers_by_hangul_prefix_and_initials(book: Team) -> None:
    assert bash_complete(book, "handover note 김") == ["김민수", "김민지"]
    assert bash_complete(book, "handover brief ㄱㅁㅅ") == ["김민수"]
    assert bash_complete(book, "handover note 김ㅁ") == ["김민수", "김민지"]
    assert bash_complete(book, "handover note 박ㅅ") == ["박서준"]
    assert bash_complete(book, "handover brief gim-minj") == ["gim-minji"]
    assert bash_complete(book, "handover brief emi") == ["emily-carter"]  # a name with a space


def test_bash_completes_reps_channels_kinds_and_items(book: Team) -> None:
    assert bash_complete(book, "handover note 김민수 --by ") == ["sylee", "jpark"]
    assert bash_complete(book, "handover list --rep 박") == ["jpark"]
    assert bash_complete(book, "handover note 김민수 --channel ") == list(CHANNELS)
    assert bash_complete(book, "handover note 김민수 -c ph") == ["phone"]
    assert bash_complete(book, "handover list --kind ph") == ["pharmacist"]
    assert bash_complete(book, "handover open --kind c") == ["complaint"]
    assert bash_complete(book, "handover resolve gim-minsu#") == ["gim-minsu#1"]
    assert bash_complete(book, "handover resolve 김민수#") == ["gim-minsu#1"]


def test_bash_completes_items_for_item_assign_and_item_due(book: Team) -> None:
    assert bash_complete(book, "handover item assign gim-minsu#") == ["gim-minsu#1"]
    assert bash_complete(book, "handover item due 김민수#") == ["gim-minsu#1"]
    assert bash_complete(book, "handover item assign gim-minsu#1 --to s") == ["sylee"]
    assert bash_complete(book, "handover item due gim-minsu#1 김") == []  # the date, not an item
    assert "assign" in bash_complete(book, "handover item as")  # typer's part: subcommands
    assert bash_complete(book, "handover rep leave jp") == ["jpark"]


def test_a_second_argument_is_not_a_customer(book: Team) -> None:
    assert bash_complete(book, "handover remember 김민수 김") == []


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_customers_through_its_own_function(book: Team) -> None:
    env = environment(book)
    program = script("fish", env) + "\ncomplete -C 'handover note 김'\n"
    done = subprocess.run(
        ["fish", "--no-config"], input=program, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["김민수", "김민지"]


def zsh_complete(team: Team, *lines: str, env: dict[str, str] | None = None) -> list[str]:
    """Each line as it stands after typing it and a Tab in an interactive zsh, with compinit
    and the function `handover --show-completion` prints: zsh's own completion, in a pty.
    A `|` in a line is where the cursor goes back to before the Tab."""
    import pexpect

    env = (env or environment(team)) | {"SHELL": "/usr/bin/zsh", "TERM": "xterm"}
    functions = team.root.parent / "handover.zsh"
    functions.write_text(script("zsh", env), "utf-8")
    child = pexpect.spawn(
        "zsh", ["-f", "-i"], env=env, encoding="utf-8", dimensions=(24, 200), timeout=30
    )
    completed: list[str] = []
    try:
        child.sendline(
            "PS1='READY> '; bindkey -e; autoload -Uz compinit; compinit -u -D; "
            f"source {shlex.quote(str(functions))}"
        )
        child.expect("READY> ")
        for line in lines:  # zsh reads the keys after the Tab once the completion is done
            before, _, after = line.partition("|")
            back = "\x01" + "\x06" * len(before) if after else ""  # Ctrl-A, Ctrl-F…
            child.send(before + after + back + "\t\x01echo TYPED: \r")  # Tab, print the line
            child.expect(r"\nTYPED: (.*?)\r\n")
            completed.append(child.match.group(1).rstrip())
    finally:
        child.close(force=True)
    return completed


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_hangul_initials_through_its_own_completion_system(book: Team) -> None:
    typed = {
        "handover brief ㄱㅁㅅ": "handover brief 김민수",
        "handover note 박ㅅ": "handover note 박서준",
        "handover note 김ㅁ": "handover note 김민",  # 김민수 and 김민지: what they share
        "handover brief gim-minj": "handover brief gim-minji",
        "handover item due 김민수#": "handover item due gim-minsu#1",
        "handover note 김민수 --channel ph": "handover note 김민수 --channel phone",
    }

    assert zsh_complete(book, *typed) == list(typed.values())


def test_the_fast_tables_match_the_real_commands() -> None:
    from typer.main import get_command

    from handover.cli.app import app

    assert (CHANNELS, CUSTOMER_KINDS, ITEM_KINDS) == (
        quick_complete.CHANNELS,
        quick_complete.CUSTOMER_KINDS,
        quick_complete.ITEM_KINDS,
    )
    group = get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    for name, kind in quick_complete.FIRST_ARGUMENT.items():
        group_name, _, sub = name.partition(" ")
        command = commands[group_name]
        if sub:
            command = command.commands[sub]
        first = next(p for p in command.params if p.param_type_name == "argument")
        expected = {"customer": ("customer", "customers"), "item": ("ref",), "rep": ("rep",)}
        assert first.name in expected[kind], (name, first.name, kind)
    options = {opt for c in commands.values() for p in c.params for opt in p.opts}
    assert set(quick_complete.OPTION_VALUES) <= options | {"--successor"}


def test_install_completion_is_offered() -> None:
    done = run("--help")
    assert "--install-completion" in done.output and "--show-completion" in done.output


FAST_MAIN = "from handover.cli.quick_complete import main; main()"


def test_a_tab_does_not_start_the_application(book: Team) -> None:
    env = environment(book) | {
        "_HANDOVER_COMPLETE": "complete_bash",
        "COMP_WORDS": "handover note 김",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [
            str(BIN / "python"),
            "-X",
            "importtime",
            "-c",
            "from handover.cli.quick_complete import main; main()",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["김민수", "김민지"]
    imported = done.stderr
    for heavy in ("typer", "rich", "pydantic", "ruamel"):
        assert f" {heavy}\n" not in imported and f" {heavy}." not in imported, heavy


@pytest.mark.parametrize("cache_home", ["/tmp/cache-a", "  ", ""])
def test_the_index_is_where_platformdirs_and_hashlib_put_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_home: str
) -> None:
    import hashlib

    from platformdirs import user_cache_dir

    from handover.index.location import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
    real = os.path.realpath(tmp_path)
    key = hashlib.sha256(real.encode("utf-8")).hexdigest()[:24]
    expected = Path(user_cache_dir("handover", appauthor=False)) / f"{key}.sqlite3"

    assert index_path(tmp_path) == expected


def test_a_hangul_prefix_finds_its_names_however_many_come_before_it(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handover.index import complete

    for name in ("가나", "가다", "가라", "가마", "가바", "가사", "고은", "김민수"):
        assert team.run("add", name, "--owner", "sylee").exit_code == 0
    assert team.run("list").exit_code == 0  # the index is up to date
    monkeypatch.setattr(complete, "LIMIT", 1)  # as 200 of 25,000: ㄱ names before 김 fill it

    assert complete.customers(team.root, "김") == [("김민수", "gim-minsu")]
    assert complete.customers(team.root, "김ㅁ") == [("김민수", "gim-minsu")]
    assert complete.customers(team.root, "ㄱㅁㅅ") == [("김민수", "gim-minsu")]


def test_customers_just_imported_complete_at_once(book: Team) -> None:
    path = book.root.parent / "book.csv"
    path.write_text("이름,담당자\n김민준,sylee\n", "utf-8")
    done = book.run("import", str(path))
    assert done.exit_code == 0, done.output
    assert bash_complete(book, "handover note 김민") == ["김민수", "김민준", "김민지"]


def test_any_word_of_a_name_or_id_completes_as_the_readme_says(book: Team) -> None:
    assert bash_complete(book, "handover note carter") == ["emily-carter"]
    assert bash_complete(book, "handover brief minj") == ["gim-minji"]
    env = {**environment(book), "XDG_CACHE_HOME": str(book.root / "no-index-here")}
    assert bash_complete(book, "handover note carter", env=env) == ["emily-carter"]


def test_dir_after_the_word_being_completed_is_the_team_folder_used(
    book: Team, tmp_path: Path
) -> None:
    env = {**environment(book), "HANDOVER_DIR": str(tmp_path)}  # the wrong folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    line = f"handover brief 김 --dir {book.root}"
    assert bash_complete(book, line, cursor=2, env={**env, "PWD": str(elsewhere)}) == [
        "김민수",
        "김민지",
    ]


def test_a_customer_just_added_completes_and_is_in_the_views_at_once(book: Team) -> None:
    from handover.index import complete

    added = book.run("add", "김민준", "--kind", "doctor", "--org", "서울내과")
    assert added.exit_code == 0, added.output

    names = [name for name, _ in complete.customers(book.root, "김민")]
    assert names == ["김민수", "김민준", "김민지"]
    assert "김민준" in book.run("list").stdout
    assert "김민준" in book.run("search", "서울내과").stdout


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_reads_dir_after_the_word_being_completed(book: Team, tmp_path: Path) -> None:
    env = {**environment(book), "HANDOVER_DIR": str(tmp_path)}  # the wrong folder
    line = f"handover brief ㄱㅁㅅ| --dir {book.root}"

    assert zsh_complete(book, line, env=env) == [f"handover brief 김민수 --dir {book.root}"]
