"""The language handover speaks: English, or Korean from one gettext catalogue.

The language is, in order: `--lang`, `$HANDOVER_LANG`, `language:` in the team's
`handover.yaml`, then the locale (`$LC_ALL`, `$LC_MESSAGES`, `$LANG`, `$LANGUAGE`), else
English. The catalogue (`locale/ko/LC_MESSAGES/handover.mo`, compiled from its `.po` by
Babel: `make messages`) is read only when Korean is in use, at the first message shown.

Messages carry named placeholders (``_("open for {days}", days=3)``), never pieces glued
together, so a translation can put words in Korean order. Only the standard library is
imported here: every layer may say something to a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "handover"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "ko")
ENV_LANG = "HANDOVER_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


class _Choice:
    """The language of the current command; one per process, like gettext's own state."""

    language: str = "en"
    explicit: bool = False  # from --lang or $HANDOVER_LANG: the team file does not override it
    catalogue: _gettext.NullTranslations | None = None


def normalise(value: str | None) -> str | None:
    """`ko_KR.UTF-8`, `ko-KR`, `Korean`, `한국어` → `ko`; English forms → `en`; else None."""
    if not value:
        return None
    text = value.strip().lower()
    if text in ("한국어", "korean"):
        return "ko"
    if text in ("c", "posix", "english"):
        return "en"
    code = text.replace("-", "_").split(".")[0].split("_")[0].split(":")[0]
    return code if code in LANGUAGES else None


def from_locale(environ: Mapping[str, str]) -> str | None:
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return normalise(value) or "en"
    return None


def choose(requested: str | None, environ: Mapping[str, str]) -> None:
    """Set the language for this command from `--lang`, `$HANDOVER_LANG` or the locale."""
    explicit = normalise(requested) or normalise(environ.get(ENV_LANG))
    _set(explicit or from_locale(environ) or "en", explicit=explicit is not None)


def use_team_language(language: str | None) -> None:
    """The team folder's `language:`, unless the user chose one for this command."""
    code = normalise(language)
    if code is not None and not _Choice.explicit:
        _set(code, explicit=False)


def chosen_by_user() -> bool:
    """Was the language given by `--lang` or `$HANDOVER_LANG` (the team file yields to it)?"""
    return _Choice.explicit


_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*[\"']?([A-Za-z_.-]+)", re.MULTILINE)


def team_language(config: Path) -> str | None:
    """The `language:` of a team's handover.yaml, read without parsing the YAML (at start-up,
    before the command line is parsed); None when the file or the key is missing."""
    try:
        with config.open("rb") as file:
            found = _LANGUAGE_LINE.search(file.read(256 * 1024))
    except OSError:
        return None
    return found[1].decode() if found else None


def reset() -> None:
    _set("en", explicit=False)


def current() -> str:
    return _Choice.language


def _set(language: str, *, explicit: bool) -> None:
    if language != _Choice.language:
        _Choice.catalogue = None
    _Choice.language = language
    _Choice.explicit = explicit


def _catalogue() -> _gettext.NullTranslations | None:
    """The catalogue of the language in use; None for English, which needs none (and so
    does not even import gettext)."""
    if _Choice.language == "en":
        return None
    if _Choice.catalogue is None:
        import gettext

        path = LOCALE_DIR / _Choice.language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with path.open("rb") as file:
                _Choice.catalogue = gettext.GNUTranslations(file)
        except OSError:  # a broken install: speak English rather than fail
            _Choice.catalogue = gettext.NullTranslations()
    return _Choice.catalogue


def _(message: str, /, **params: object) -> str:
    """The message in the current language, its ``{name}`` placeholders filled in."""
    catalogue = _catalogue()
    text = message if catalogue is None else catalogue.gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """A message that depends on a number; ``{count}`` is filled in with it."""
    catalogue = _catalogue()
    if catalogue is None:
        text = singular if count == 1 else plural
    else:
        text = catalogue.ngettext(singular, plural, count)
    return text.format(count=count, **params)


def N_(message: str, /) -> str:
    """Marks a message for the catalogue where it is defined; `_` translates it when shown."""
    return message
