"""The install lines of the README are true: the distribution is `handover-cli` (the name
`handover` on PyPI is someone else's tool), and it installs the `handover` command and the
`handover` import package."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from conftest import PROJECT

DISTRIBUTION = "handover-cli"


def install_lines() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if re.match(r"(pipx|uv tool) install ", line)]


def test_the_distribution_is_not_the_unrelated_handover_on_pypi() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"handover": "handover.cli.quick_complete:main"}


def test_every_readme_install_line_installs_handover_cli_and_never_plain_handover() -> None:
    lines = install_lines()

    assert len(lines) == 4, lines
    for line in lines:
        target = line.split("#")[0].split()[-1]
        assert target != "handover", line
        assert target in (DISTRIBUTION, "./handover") or target.startswith("git+https://"), line


def test_a_wheel_built_from_the_checkout_installs_the_handover_command(tmp_path: Path) -> None:
    """What `pipx install ./handover` or a git URL does first: build the wheel from the source."""
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(PROJECT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr

    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith("handover_cli-0.1.0-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        metadata = archive.read(info).decode()
        scripts = archive.read(entry_points).decode()
    assert f"\nName: {DISTRIBUTION}\n" in metadata
    assert "handover = handover.cli.quick_complete:main" in scripts
    assert "handover/__init__.py" in names
    assert "handover/render/templates/pack.html.j2" in names
