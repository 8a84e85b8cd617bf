"""The words for the file format's fixed values as a person reads them, in the current language.

Files keep the canonical English values (`visit`, `promise`, `doctor`); only what is shown is
translated. Each word is marked once here for the catalogue.
"""

from __future__ import annotations

from handover.i18n import N_, _, ngettext

CUSTOMER_KINDS = {
    "doctor": N_("doctor"),
    "pharmacist": N_("pharmacist"),
    "nurse": N_("nurse"),
    "purchasing": N_("purchasing"),
    "manager": N_("manager"),
    "internal": N_("internal"),
    "other": N_("other"),
}
CHANNELS = {
    "visit": N_("visit"),
    "phone": N_("phone"),
    "email": N_("email"),
    "message": N_("message"),
    "video": N_("video"),
    "event": N_("event"),
    "other": N_("other"),
}
ITEM_KINDS = {
    "request": N_("request"),
    "complaint": N_("complaint"),
    "promise": N_("promise"),
    "question": N_("question"),
}
RATINGS = {
    0: N_("went badly"),
    1: N_("poor"),
    2: N_("neutral"),
    3: N_("good"),
    4: N_("excellent"),
}
PLACES = {
    "name": N_("name"),
    "profile": N_("profile"),
    "note": N_("note"),
    "item": N_("item"),
}
ITEM_STATUSES = {
    "open": N_("open"),
    "resolved": N_("resolved"),
}
REP_STATUSES = {
    "active": N_("active"),
    "left": N_("left"),
}
CONTACT_KEYS = {
    "mobile": N_("mobile"),
    "cell": N_("mobile"),
    "office": N_("office"),
    "phone": N_("phone"),
    "tel": N_("phone"),
    "email": N_("email"),
    "fax": N_("fax"),
    "kakao": N_("KakaoTalk"),
    "kakaotalk": N_("KakaoTalk"),
    "home": N_("home"),
    "address": N_("address"),
    "assistant": N_("assistant"),
    "web": N_("website"),
    "website": N_("website"),
}
"""The usual keys of a profile's `contacts:`; the file keeps its key, the brief shows the word
(another key is shown as the profile spells it)."""
WEEKDAYS = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}


def _word(table: dict[str, str], value: str) -> str:
    return _(table[value]) if value in table else value


def canonical(table: dict[str, str], typed: str) -> str:
    """The file's value for a word as tables show it (`의사` → `doctor`); anything else as typed,
    so the caller's own check still names what was typed."""
    for value, word in table.items():
        if typed.strip().casefold() in (value, _(word).casefold()):
            return value
    return typed


def customer_kind(value: str) -> str:
    return _word(CUSTOMER_KINDS, value)


def channel(value: str) -> str:
    return _word(CHANNELS, value)


def item_kind(value: str) -> str:
    return _word(ITEM_KINDS, value)


def item_status(value: str) -> str:
    return _word(ITEM_STATUSES, value)


def rep_status(value: str) -> str:
    return _word(REP_STATUSES, value)


def place(value: str) -> str:
    """Where a search hit is: `name`, `profile`, `note`, `item`."""
    return _word(PLACES, value)


def contact_key(value: str) -> str:
    """`mobile` → `휴대폰` in Korean; a key of the team's own is shown as written."""
    return _word(CONTACT_KEYS, value.casefold()) if value.casefold() in CONTACT_KEYS else value


def weekday(value: str) -> str:
    return _word(WEEKDAYS, value)


def rating(value: int) -> str:
    """`3 good` / `3 좋음`."""
    return _("{score} {label}", score=value, label=_(RATINGS[value]))


def days(count: int) -> str:
    """`1 day`, `12 days` / `12일`."""
    return ngettext("{count} day", "{count} days", count)


def age(count: int) -> str:
    """How long ago, from a number of days: `today`, `3 days ago` / `오늘`, `3일 전`."""
    if count == 0:
        return _("today")
    if count == 1:
        return _("yesterday")
    if count == -1:
        return _("tomorrow")
    if count > 0:
        return ngettext("{count} day ago", "{count} days ago", count)
    return ngettext("in {count} day", "in {count} days", -count)


def open_for(count: int) -> str:
    """How long an item has been open: `open 12d` / `12일째 미결`; on its first day `opened
    today` / `오늘 생김` (not `0일째`)."""
    if count <= 0:
        return _("opened today")
    return _("open {days}", days=short_days(count))


def short_days(count: int) -> str:
    """A compact age for tables and item lines: `12d` / `12일`."""
    return _("{count}d", count=count)
