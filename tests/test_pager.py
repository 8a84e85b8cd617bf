"""Long output goes through a pager on a terminal, as git does, and never when piped.

Each test runs the installed command in a real pseudo-terminal (or a real pipe) with a real
pager: a small shell script that keeps what it was given, or `less` itself.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import PROJECT

DEMO = PROJECT / "profiles"


def in_terminal(
    args: list[str], env: dict[str, str], keys: bytes = b"", rows: int = 24, cols: int = 80
) -> tuple[int, str]:
    """Run `handover ARGS` with a pseudo-terminal as its terminal; type ``keys`` once it has
    written something; return its exit code and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execve(sys.executable, [sys.executable, "-m", "handover", *args], env)
    shown = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if keys and b"\n" in shown:
                time.sleep(0.3)
                os.write(fd, keys)
                keys = b""
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), plain(shown.decode("utf-8", "replace"))


def plain(text: str) -> str:
    """What a person reads: the text without the terminal's colour codes."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The test's isolated environment, without COLUMNS so the terminal's size counts."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    for name in ("PAGER", "HANDOVER_PAGER", "LESS"):
        environment.pop(name, None)
    environment["TERM"] = "xterm"
    return environment


@pytest.fixture
def keeper(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that keeps what it was given in a file and says it ran."""
    kept = tmp_path / "kept.txt"
    script = tmp_path / "keep-pager"
    script.write_text(f'#!/bin/sh\ncat > "{kept}"\necho PAGER-RAN\n', encoding="utf-8")
    script.chmod(0o755)
    return script, kept


def test_brief_on_a_terminal_goes_through_the_pager(
    env: dict[str, str], keeper: tuple[Path, Path]
) -> None:
    script, kept = keeper
    env["HANDOVER_PAGER"] = str(script)
    code, shown = in_terminal(["brief", "김민수", "--dir", str(DEMO)], env)
    assert code == 0, shown
    assert "PAGER-RAN" in shown
    assert "김민수" not in shown  # the terminal saw only the pager
    text = plain(kept.read_text("utf-8"))
    assert "\x1b[" in kept.read_text("utf-8")  # colour goes to the pager, as less -R shows it
    assert "김민수 (gim-minsu)" in text and "Recent moments" in text


@pytest.mark.parametrize("command", [["history", "김민수"], ["open"], ["list"]])
def test_history_open_and_list_use_the_pager_named_by_PAGER(
    env: dict[str, str], keeper: tuple[Path, Path], command: list[str]
) -> None:
    script, kept = keeper
    env["PAGER"] = str(script)
    code, shown = in_terminal([*command, "--dir", str(DEMO)], env)
    assert code == 0, shown
    assert "PAGER-RAN" in shown
    assert kept.read_text("utf-8").strip()


def test_handover_pager_wins_over_pager_and_an_empty_one_means_none(
    env: dict[str, str], keeper: tuple[Path, Path]
) -> None:
    script, kept = keeper
    env["PAGER"] = "false"
    env["HANDOVER_PAGER"] = str(script)
    code, shown = in_terminal(["open", "--dir", str(DEMO)], env)
    assert code == 0 and "PAGER-RAN" in shown, shown
    kept.unlink()
    env["HANDOVER_PAGER"] = ""
    env["PAGER"] = str(script)
    code, shown = in_terminal(["open", "--dir", str(DEMO)], env)
    assert code == 0, shown
    assert "open items" in shown and not kept.exists()


def test_no_pager_prints_straight_to_the_terminal(
    env: dict[str, str], keeper: tuple[Path, Path]
) -> None:
    script, kept = keeper
    env["HANDOVER_PAGER"] = str(script)
    code, shown = in_terminal(["brief", "김민수", "--no-pager", "--dir", str(DEMO)], env)
    assert code == 0, shown
    assert "김민수 (gim-minsu)" in shown
    assert not kept.exists()


def test_piped_output_never_sees_the_pager(env: dict[str, str], keeper: tuple[Path, Path]) -> None:
    script, kept = keeper
    env["HANDOVER_PAGER"] = str(script)
    done = subprocess.run(
        [sys.executable, "-m", "handover", "history", "김민수", "--dir", str(DEMO)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "events, newest first" in done.stdout
    assert not kept.exists()


def test_the_default_pager_is_less_and_q_leaves_it(env: dict[str, str]) -> None:
    """`list` of the demo team is longer than a 24-line screen: less waits for `q`. In Korean
    on a machine without the ko_KR locale (as here: `locale -a`), less still shows Hangul,
    not `<EA><B9><80>`: handover tells it the text is UTF-8, as it tells it `LESS=FRX`."""
    env["LANG"] = "ko_KR.UTF-8"
    code, shown = in_terminal(["list", "--dir", str(DEMO)], env, keys=b"q", rows=24)
    assert code == 0, shown
    assert "고객" in shown and "gim-minsu" in shown and "김민수" in shown, shown
    assert "<EA>" not in shown and "<EC>" not in shown, shown


def test_quitting_the_pager_early_is_not_an_error(env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "first-line"
    script.write_text("#!/bin/sh\nhead -n 1\n", encoding="utf-8")
    script.chmod(0o755)
    env["HANDOVER_PAGER"] = str(script)
    code, shown = in_terminal(["history", "김민수", "--dir", str(DEMO)], env)
    assert code == 0, shown
    assert "error" not in shown.lower() and "Traceback" not in shown
