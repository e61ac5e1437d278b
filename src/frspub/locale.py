"""Locale data for an edition: CLDR dates (Babel) and the gettext catalogs of
the templates (``templates/locale/<lang>/LC_MESSAGES/templates.po``, compiled
in memory, installed in Jinja2's i18n extension)."""
from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported when used: `build` must start fast when nothing is stale
    from babel.support import NullTranslations

SOURCE_LANG = "fr"
TEMPLATE_DOMAIN = "templates"
# Names of the languages in themselves, for language switchers.
NATIVE_NAMES = {"fr": "Français", "en": "English", "ja": "日本語"}


def long_date(date: dt.date, lang: str) -> str:
    """7 janvier 2025 / January 7, 2025 / 2025年1月7日."""
    from babel.dates import format_date

    return format_date(date, format="long", locale=lang)


def native_name(lang: str) -> str:
    if lang in NATIVE_NAMES:
        return NATIVE_NAMES[lang]
    from babel import Locale

    return Locale.parse(lang).get_display_name(lang) or lang


def template_po(templates: Path, lang: str) -> Path:
    return templates / "locale" / lang / "LC_MESSAGES" / f"{TEMPLATE_DOMAIN}.po"


@functools.cache
def translations(templates: Path, lang: str) -> "NullTranslations":
    """The template labels' catalog for `lang` (French is the source: no catalog)."""
    from babel.messages.mofile import write_mo
    from babel.support import NullTranslations, Translations

    from frspub.catalog import load

    po = template_po(templates, lang)
    if lang == SOURCE_LANG or not po.exists():
        return NullTranslations()
    cat = load(po, lang)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=TEMPLATE_DOMAIN)
