"""The channels of a contact (visit, phone, …) and the Korean words typed for them: `방문` is
stored as `visit`, and either word works in a flag or the editor.
"""

from __future__ import annotations

import unicodedata
from typing import Literal, get_args

from handover.errors import UsageError
from handover.i18n import _, current

Channel = Literal["visit", "phone", "email", "message", "video", "event", "other"]
CHANNELS: tuple[str, ...] = get_args(Channel)
CHANNEL_WORDS: dict[str, str] = {
    "방문": "visit", "전화": "phone", "통화": "phone", "이메일": "email", "메일": "email",
    "문자": "message", "카톡": "message", "카카오톡": "message", "메시지": "message",
    "메세지": "message", "화상": "video", "행사": "event", "기타": "other",
}  # fmt: skip
"""Korean words for the channels, as typed in flags and the editor; stored as the English key.
The one table: `note --help`, the editor template and `import` all list or read it."""

IMPORT_CHANNEL_ALIASES: dict[str, str] = {
    "대면": "visit", "면담": "visit", "디테일": "visit", "meeting": "visit", "call": "phone",
    "e-mail": "email", "sms": "message", "chat": "message", "화상회의": "video",
    "zoom": "video", "teams": "video", "학회": "event", "세미나": "event", "심포지엄": "event",
    "task": "other",
}  # fmt: skip
"""What a CRM's activity type or a sheet's 채널 column says, beyond the words a rep types:
`import` reads these on top of CHANNEL_WORDS; `note -c zoom` does not take them."""

IMPORT_CHANNEL_WORDS: dict[str, str] = CHANNEL_WORDS | IMPORT_CHANNEL_ALIASES
"""Every word `import` turns into a channel."""


def canonical_channel(word: str) -> str | None:
    """`방문` → `visit`, `visit` → `visit`; None when the word is no channel."""
    key = unicodedata.normalize("NFC", word).strip().casefold()
    return key if key in CHANNELS else CHANNEL_WORDS.get(key)


def channel_choices() -> str:
    """The channels with their Korean words, for help and error messages: in Korean only the
    Korean words (`방문, 전화/통화, …`), in English each channel with its Korean words."""
    korean: dict[str, list[str]] = {}
    for word, channel in CHANNEL_WORDS.items():
        korean.setdefault(channel, []).append(word)
    if current() != "en":
        return ", ".join("/".join(korean.get(c, [c])) for c in CHANNELS)
    return ", ".join(f"{c} ({'/'.join(korean[c])})" if c in korean else c for c in CHANNELS)


def channel_or_fail(word: str) -> str:
    """The stored channel for what was typed: `방문` and `visit` are both `visit`."""
    channel = canonical_channel(word)
    if channel is None:
        raise UsageError(
            _("--channel: unknown channel '{word}'", word=word),
            hint=_("use {choices}", choices=channel_choices()),
        )
    return channel
