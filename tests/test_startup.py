"""`note` and `brief` start fast: typer converts only the command the line starts with, and
nothing a brief does not need is loaded."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import Team
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


@pytest.fixture
def noted(team: Team) -> Team:
    """김민수 with a note, as `note` writes it: what a brief reads at every start."""
    for step in (
        ("add", "김민수", "--owner", "jpark", "--kind", "doctor"),
        ("note", "김민수", "-s", "처방 논의", "-r", "3", "--promise", "샘플 전달", "--by", "jpark"),
    ):
        done = team.run(*step)
        assert done.exit_code == 0, done.output
    return team


def a_plugin_that_says_when_loaded(folder: Path) -> Path:
    """A pydantic plugin installed as a distribution is (an entry point in the group
    ``pydantic``): loading it writes a file."""
    said = folder / "plugin-was-loaded"
    (folder / "spy_plugin.py").write_text(
        "from pathlib import Path\n"
        f"Path({str(said)!r}).write_text('loaded')\n"
        "class Observer:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Observer()\n",
        encoding="utf-8",
    )
    info = folder / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    return said


def loaded_by(*line: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``handover LINE`` as a user runs it, and every module it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "handover", *line],
        capture_output=True,
        text=True,
    )
    imported = {row.split("|")[-1].strip() for row in done.stderr.splitlines() if "|" in row}
    return done, imported


def test_a_brief_loads_no_pydantic_plugin_and_no_yaml_library(
    noted: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding pydantic plugins reads every installed distribution's entry points (~16 ms CPU
    a start); ruamel, for files the fast parsers doubt, ~13 ms; libyaml 10–20 ms. A brief of
    valid files needs none; a broken profile still gets the careful reader, which names its
    line."""
    plugins = tmp_path / "site"
    plugins.mkdir()
    said = a_plugin_that_says_when_loaded(plugins)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(plugins))

    done, imported = loaded_by("brief", "김민수", "--dir", str(noted.root), "--no-pager")

    assert done.returncode == 0, done.stderr[-2000:]
    assert "김민수" in done.stdout and "샘플 전달" in done.stdout
    assert not said.exists()
    assert "ruamel.yaml" not in imported
    assert "yaml" not in imported  # libyaml too: the profile and team file are plain blocks
    profile = noted.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "kind: [\n", encoding="utf-8")
    broken, imported = loaded_by("brief", "김민수", "--dir", str(noted.root), "--no-pager")
    assert broken.returncode == 3, broken.stderr[-2000:]
    assert "customers/gim-minsu/profile.yaml:" in broken.stderr
    assert "ruamel.yaml" in imported
    library = subprocess.run(  # `import handover` in someone's program leaves pydantic alone
        [
            sys.executable,
            "-c",
            "from handover.format.profile import Profile\nProfile.model_json_schema()",
        ],
        capture_output=True,
        text=True,
    )
    assert library.returncode == 0, library.stderr
    assert said.exists()


def test_the_collector_waits_for_the_command_then_collects_again(noted: Team) -> None:
    """Start-up's objects are frozen when the command starts (the collector walked them over
    and over while they were made, ~45 ms CPU a brief); after that it collects as usual, so a
    long command frees its garbage. Running the app in-process freezes nothing of the caller's."""
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count()))\n"
        f"sys.argv = ['handover', 'brief', '김민수', '--dir', {str(noted.root)!r}, '--no-pager']\n"
        "from handover.cli.quick_complete import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    enabled, frozen = done.stdout.splitlines()[-1].split()
    assert enabled == "True"
    assert int(frozen) > 10_000  # typer, rich, pydantic and the models, never walked again

    before = gc.get_freeze_count()
    shown = noted.run("brief", "김민수")
    assert shown.exit_code == 0, shown.output
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_loading_the_command_line_loads_no_model_and_no_yaml_library() -> None:
    """Every command pays for what `handover.cli.app` imports (the folder lookup, the output
    guard, the options of all 66 commands): no pydantic model, no YAML library, no SQLite.
    Each command loads what it needs itself (pydantic itself comes with typer's parameters)."""
    heavy = ("pydantic", "handover.format.records", "ruamel.yaml", "yaml", "sqlite3", "rich.table")
    script = f"import sys, handover.cli.app\nprint([m for m in {heavy!r} if m in sys.modules])"

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
