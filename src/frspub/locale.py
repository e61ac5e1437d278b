"""Locale data for an edition: CLDR dates and language names (Babel, imported
when used: `build` must start fast when nothing is stale), and where the
template labels' catalog of a language lives (`labels` reads and checks it)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

SOURCE_LANG = "fr"
TEMPLATE_DOMAIN = "templates"
# Names of the languages in themselves, for language switchers.
NATIVE_NAMES = {"fr": "Français", "en": "English", "ja": "日本語"}


def long_date(date: dt.date, lang: str) -> str:
    """7 janvier 2025 / January 7, 2025 / 2025年1月7日."""
    from babel.dates import format_date

    from frspub.conventions import native_digits

    return native_digits(format_date(date, format="long", locale=cldr(lang)), lang)  # Persian: ۷ ژانویه ۲۰۲۵


def native_name(lang: str) -> str:
    if lang in NATIVE_NAMES:
        return NATIVE_NAMES[lang]
    from babel import Locale

    return Locale.parse(cldr(lang)).get_display_name(cldr(lang)) or lang


def cldr(lang: str) -> str:
    """Babel's (CLDR's) locale identifier for a language tag: ``zh-Hans`` is ``zh_Hans``
    (Babel parses underscores only); from the conventions table."""
    from frspub.conventions import babel_locale

    return babel_locale(lang)


def template_po(templates: Path, lang: str) -> Path:
    return templates / "locale" / lang / "LC_MESSAGES" / f"{TEMPLATE_DOMAIN}.po"
