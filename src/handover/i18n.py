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
    if catalogue is None:
        return message.format(**params) if params else message
    text = catalogue.gettext(message)
    return _particles(text.format(**params)) if params else text


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """A message that depends on a number; ``{count}`` is filled in with it."""
    catalogue = _catalogue()
    if catalogue is None:
        text = singular if count == 1 else plural
    else:
        return _particles(catalogue.ngettext(singular, plural, count).format(count=count, **params))
    return text.format(count=count, **params)


def _particles(text: str) -> str:
    """Korean `은(는)` after a filled-in word becomes the one its sound takes."""
    return attach_particles(text)


def N_(message: str, /) -> str:
    """Marks a message for the catalogue where it is defined; `_` translates it when shown."""
    return message


_PAIRED = re.compile(r"은\(는\)|이\(가\)|을\(를\)|과\(와\)|\(으\)로")
_FINAL_DIGITS = frozenset("013678")  # 영 일 삼 육 칠 팔 end in a consonant; 이 사 오 구 do not
_RIEUL_DIGITS = frozenset("178")  # 일 칠 팔 end in ㄹ: `1로`, not `1으로`
_SKIPPED = "'\"’”」』)]》 "


def _final(before: str) -> int | None:
    """The final consonant of the word before a particle as it is read (0 none, 8 ㄹ, else a
    consonant), or None when it is not Hangul or a digit (a file name, an id in Latin)."""
    word = before.rstrip(_SKIPPED)
    if not word:
        return None
    last = word[-1]
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28
    if last.isdigit():
        digits = re.search(r"\d+$", word)
        if last == "0" and digits is not None and len(digits.group()) > 1:
            return 1  # 십, 백, 천, 만
        return 8 if last in _RIEUL_DIGITS else (1 if last in _FINAL_DIGITS else 0)
    return None


def attach_particles(text: str) -> str:
    """`'어제'은(는)` → `'어제'는`, `5은(는)` → `5는`: the catalogue's paired particles, chosen
    from the sound of the word before them; left paired where that word is not Korean."""

    def choose(match: re.Match[str]) -> str:
        final = _final(text[: match.start()])
        paired = match.group()
        if final is None:
            return paired
        if paired == "(으)로":
            return "로" if final in (0, 8) else "으로"
        with_final, without = paired[0], paired[2]
        return with_final if final else without

    return _PAIRED.sub(choose, text)
