"""Sending a digest by e-mail through the team's SMTP server.

Settings come from ``mail:`` in handover.yaml (host, port, from, starttls, username) and the
environment (``HANDOVER_SMTP_HOST``, ``_PORT``, ``_FROM``, ``_USER``, ``_PASSWORD``,
``_STARTTLS``), the environment winning. The password is read from the environment only: a
team folder is shared through git, and a password must never be committed.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from handover.errors import HandoverError, MailError, UsageError
from handover.format.team_config import MailSettings
from handover.i18n import _

ENV = "HANDOVER_SMTP_"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    starttls: bool
    username: str | None
    password: str | None


def smtp_settings(configured: MailSettings | None, environ: Mapping[str, str]) -> Smtp:
    base = configured or MailSettings()
    host = environ.get(f"{ENV}HOST") or base.host
    sender = environ.get(f"{ENV}FROM") or base.from_
    if not host or not sender:
        raise UsageError(
            _("--mail-to needs an SMTP server and a sender address"),
            hint=_(
                "add `{setting}` to handover.yaml, or set HANDOVER_SMTP_HOST and "
                "HANDOVER_SMTP_FROM",
                setting="mail: {host: smtp.example.com, from: handover@example.com}",
            ),
        )
    port_text = environ.get(f"{ENV}PORT")
    try:
        port = int(port_text) if port_text else base.port
    except ValueError:
        raise UsageError(
            _("{name}: '{value}' is not a port number", name=f"{ENV}PORT", value=port_text)
        ) from None
    starttls_text = environ.get(f"{ENV}STARTTLS")
    starttls = (
        base.starttls if starttls_text is None else starttls_text.lower() in ("1", "true", "yes")
    )
    return Smtp(
        host=host,
        port=port,
        sender=sender,
        starttls=starttls,
        username=environ.get(f"{ENV}USER") or base.username,
        password=environ.get(f"{ENV}PASSWORD"),
    )


def send_mail(smtp: Smtp, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    """One message, plain text (and an HTML alternative), UTF-8 throughout."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(text, charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.username and smtp.password:
                server.login(smtp.username, smtp.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            _(
                "could not send the digest through {server}: {error}",
                server=f"{smtp.host}:{smtp.port}",
                error=error,
            ),
            hint=_("check mail: in handover.yaml or HANDOVER_SMTP_* (host, port, starttls, user)"),
        ) from None
    except HandoverError:
        raise
