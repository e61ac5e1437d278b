"""Contact data as a reader of each edition expects it.

Takes the note's metadata, the edition's language and the note's display path;
returns the phone number and the postal address to print.  The French edition
keeps them as the author wrote them; the other editions show the phone in
international form (+33 1 43 13 77 77, parsed and formatted by Google's
libphonenumber rules through `phonenumbers`, not a regex) and the address
followed by its country, named in the edition's language (CLDR, through Babel).
The country is `publisher.country` (an ISO 3166 code) or, by default, FR.  Both answers are
kept in the user's cache by the library's version (`contactmemo`).
"""
from __future__ import annotations

from typing import Any

from frspub import conventions
from frspub.locale import SOURCE_LANG
from frspub.log import warn
from frspub.note import contactmemo

DEFAULT_COUNTRY = "FR"


def country(meta: dict[str, Any]) -> str:
    publisher = meta.get("publisher") or {}
    code = publisher.get("country") if isinstance(publisher, dict) else None
    return str(code or DEFAULT_COUNTRY).upper()


def phone(raw: str, meta: dict[str, Any], lang: str, shown: str = "", line: int = 0) -> str:
    """`raw` for French readers; the international form for the others (as written, with a
    warning, when it is no valid number of the publisher's country)."""
    if not raw or lang == SOURCE_LANG:
        return raw
    region = country(meta)
    formatted = contactmemo.answer("phonenumbers", f"phone {region} {raw}", lambda: _international(raw, region))
    if not formatted:
        warn(shown, line, f"contact.phone {raw!r} is no valid {region} number: printed as written")
        return raw
    return formatted


def _international(raw: str, region: str) -> str:
    """libphonenumber's international form of `raw`, "" when it is no valid number of `region`."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def address(raw: str, meta: dict[str, Any], lang: str) -> str:
    """The address, followed by its country for readers abroad."""
    if not raw or lang == SOURCE_LANG:
        return raw
    from frspub.locale import cldr

    code, locale = country(meta), cldr(lang)
    name = contactmemo.answer("babel", f"territory {locale} {code}", lambda: _territory(locale, code))
    if conventions.of(lang).cjk in ("JP", "SC", "TC"):
        return f"{raw}（{name}）"  # a Western comma before katakana or hanzi mixes conventions (a second reader)
    return f"{raw}, {name}"


def _territory(locale: str, code: str) -> str:
    from babel import Locale

    return Locale.parse(locale).territories.get(code, code)
