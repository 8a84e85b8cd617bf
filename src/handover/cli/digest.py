"""`handover digest`: the morning list of what to act on, for a terminal, cron or a chat bot."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from handover.cli.context import console, open_workspace, print_json, tolerates_unreadable
from handover.cli.options import Json, Rep, Strict, TeamDir

if TYPE_CHECKING:
    from handover.core.digest import MorningDigest


@tolerates_unreadable
def digest(
    rep: Rep = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print it as Markdown.")] = False,
    mail_to: Annotated[
        list[str] | None,
        typer.Option("--mail-to", help="Also send it to this address (repeat) through SMTP."),
    ] = None,
    team_dir: TeamDir = None,
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """What to act on today: the agenda, overdue promises, complaints about to zero health and
    customers going silent. Plain text for cron and chat bots, --markdown, --json; --mail-to
    sends it through the SMTP server of `mail:` in handover.yaml or $HANDOVER_SMTP_*.

    Examples:
      handover digest --rep sylee
      handover digest --rep sylee --markdown
      handover digest --rep sylee --mail-to sylee@example.com
    """
    from handover.core.digest import morning_digest
    from handover.render.digest import digest_markdown, digest_text, subject

    ws = open_workspace(team_dir)
    result = morning_digest(ws, rep=rep)
    text = digest_text(result)  # mailed or piped: one line per entry, the reader's app wraps
    if mail_to:
        from handover.core.mail import send_mail, smtp_settings

        smtp = smtp_settings(ws.folder.config().mail, ws.environ)
        send_mail(smtp, list(mail_to), subject(result), text)
    if as_json:
        print_json(result)
    else:
        sys.stdout.write(digest_markdown(result) if markdown else _for_terminal(result, text))
    if mail_to and not as_json:
        from handover.i18n import _

        console(stderr=True).print(
            _(
                "Sent to {recipients} through {server}",
                recipients=", ".join(mail_to),
                server=smtp.host,
            ),
            style="dim",
        )


def _for_terminal(result: MorningDigest, text: str) -> str:
    """On a terminal (or with $COLUMNS set) the entries wrap to its width, under their text."""
    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return text
    from handover.render.digest import digest_text

    return digest_text(result, console().width)


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
