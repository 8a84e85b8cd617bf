"""`handover digest`: what a rep must act on this morning, as text, Markdown and JSON, mailed
through a real SMTP server (aiosmtpd, in this process); and `check --format github` writes
every problem to the job summary."""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import json
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from conftest import TODAY, Outcome, Team


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def days_ago(days: int) -> str:
    return f"{TODAY - dt.timedelta(days=days)} 10:00"


@pytest.fixture
def morning(team: Team) -> Team:
    """sylee's book: an overdue promise, a complaint a day from zero, a customer gone quiet."""
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    ok(team.run("add", "최영희", "--kind", "pharmacist", "--owner", "sylee"))
    ok(team.run("add", "Emily Carter", "--owner", "jpark"))
    ok(
        team.run(
            "note",
            "김민수",
            "-s",
            "용량 문의",
            "--promise",
            "임상 자료 전달 by +2d",
            "--next",
            "+30d",
            "--at",
            days_ago(10),
        )
    )
    ok(
        team.run(
            "note",
            "김민수",
            "-s",
            "샘플 불만",
            "--complaint",
            "샘플 2주째 지연",
            "--at",
            days_ago(6),
        )
    )
    ok(team.run("note", "최영희", "-s", "재고 확인", "--at", days_ago(75)))
    ok(team.run("note", "Emily Carter", "-s", "intro", "--by", "jpark", "--at", days_ago(80)))
    return team


def test_the_digest_lists_what_sylee_must_act_on_today(morning: Team) -> None:
    today = TODAY

    done = ok(morning.run("digest", "--rep", "sylee"))

    assert done.stdout == (
        f"handover digest {today} · 이서연 (sylee) · 4 to act on\n"
        "\n"
        "Today (2)\n"
        "  now · 김민수 · health 0 — promise gim-minsu#1 overdue by 8 days\n"
        "  overdue 8d · 김민수 · gim-minsu#1 promise: 임상 자료 전달\n"
        "\n"
        "Overdue promises (1)\n"
        "  gim-minsu#1 김민수: 임상 자료 전달 · overdue 8d\n"
        "\n"
        "Complaints about to zero (1)\n"
        "  gim-minsu#2 김민수: 샘플 2주째 지연 · open 6d · health 0 tomorrow\n"
        "\n"
        "Going silent (1)\n"
        "  최영희 (choe-yeonghui): no contact for 75 days, nothing planned\n"
    )


def test_the_digest_as_markdown_and_json(morning: Team) -> None:
    markdown = ok(morning.run("digest", "--rep", "sylee", "--markdown")).stdout
    assert markdown.splitlines()[1:6] == [
        "",
        "## Today (2)",
        "",
        "- now · 김민수 · health 0 — promise gim-minsu#1 overdue by 8 days",
        "- overdue 8d · 김민수 · gim-minsu#1 promise: 임상 자료 전달",
    ]

    data = json.loads(ok(morning.run("digest", "--rep", "sylee", "--json")).stdout)
    assert data["version"] == 1
    assert data["rep"] == "sylee"
    assert [p["ref"] for p in data["overdue_promises"]] == ["gim-minsu#1"]
    assert data["complaints_about_to_zero"][0]["zero_in_days"] == 1
    assert [c["customer"] for c in data["going_silent"]] == ["choe-yeonghui"]


def test_the_team_digest_has_every_rep(morning: Team) -> None:
    data = json.loads(ok(morning.run("digest", "--json")).stdout)

    assert [c["customer"] for c in data["going_silent"]] == ["emily-carter", "choe-yeonghui"]


def test_the_digest_header_counts_an_item_under_two_headings_once(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    promise = ("--promise", "임상 자료 전달 by +2d", "--next", "+30d", "--at", days_ago(10))
    ok(team.run("note", "김민수", "-s", "용량 문의", *promise))

    done = ok(team.run("digest", "--rep", "sylee"))

    assert "gim-minsu#1" in done.stdout.split("Today (2)")[1].split("Overdue promises (1)")[0]
    assert done.stdout.count("gim-minsu#1 김민수: 임상 자료 전달") == 1
    # the zeroed customer, and the one promise (listed under Today and Overdue promises)
    assert done.stdout.startswith(f"handover digest {TODAY} · 이서연 (sylee) · 2 to act on\n")
    data = json.loads(ok(team.run("digest", "--rep", "sylee", "--json")).stdout)
    assert data["to_act_on"] == 2


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_mail_to_sends_the_digest_through_the_smtp_server_of_handover_yaml(
    morning: Team, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    config = morning.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8")
        + f"mail:\n  host: 127.0.0.1\n  port: {port}\n  from: handover@example.com\n"
        "  starttls: false\n",
        "utf-8",
    )
    printed = ok(morning.run("digest", "--rep", "sylee")).stdout

    done = ok(morning.run("digest", "--rep", "sylee", "--mail-to", "sylee@example.com"))

    assert done.stdout == printed
    assert done.stderr == "Sent to sylee@example.com through 127.0.0.1\n"
    ((sender, to, message),) = inbox.messages
    assert sender == "handover@example.com"
    assert to == ["sylee@example.com"]
    assert message["Subject"] == printed.splitlines()[0]
    assert isinstance(message, email.message.EmailMessage)
    assert message.get_content().replace("\r\n", "\n") == printed


def test_smtp_settings_from_the_environment(
    morning: Team, smtp_server: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_server
    monkeypatch.setenv("HANDOVER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HANDOVER_SMTP_PORT", str(port))
    monkeypatch.setenv("HANDOVER_SMTP_FROM", "digest@example.com")
    monkeypatch.setenv("HANDOVER_SMTP_STARTTLS", "false")

    ok(
        morning.run(
            "digest",
            "--rep",
            "sylee",
            "--mail-to",
            "a@example.com",
            "--mail-to",
            "b@example.com",
            "--json",
        )
    )

    ((sender, to, _),) = inbox.messages
    assert (sender, to) == ("digest@example.com", ["a@example.com", "b@example.com"])


def test_mail_without_settings_or_to_a_dead_server_is_one_clear_error(morning: Team) -> None:
    missing = morning.run("digest", "--mail-to", "sylee@example.com")
    assert missing.exit_code == 2, missing.output
    assert missing.stderr.startswith("error: --mail-to needs an SMTP server and a sender address")

    config = morning.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8")
        + f"mail:\n  host: 127.0.0.1\n  port: {free_port()}\n  from: h@example.com\n",
        "utf-8",
    )
    dead = morning.run("digest", "--mail-to", "sylee@example.com")
    assert dead.exit_code == 4, dead.output
    assert dead.stderr.startswith("error: could not send the digest through 127.0.0.1:")
    assert "Traceback" not in dead.output


def test_check_format_github_writes_every_problem_to_the_step_summary(
    morning: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12):
        (morning.root / f"customers/broken-{number}").mkdir()
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    done = morning.run("check", "--format", "github")

    assert done.exit_code == 1, done.output
    assert done.stdout.count("::error ") == 12
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n### handover check: 12 problem(s)\n")
    assert "| file | line | problem | hint |" in text
    assert text.count("| `customers/broken-") == 12
