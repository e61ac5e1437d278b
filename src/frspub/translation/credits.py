"""Who translated an edition: a person, or nobody.

Takes the note's metadata and a language's catalog; returns the name the
edition credits ("" when there is nobody to credit) and, for `frspub check`,
a warning at the catalog's ``Last-Translator`` line when that header holds a
placeholder.

Which wins: a ``translators:`` mapping in the note's YAML (``translators:
{en: Jane Doe}``), which the editor controls, over the catalog's
``Last-Translator`` header, which Poedit and Weblate fill with whoever saved
the file last.  A placeholder is never printed: gettext's own ``FULL NAME
<EMAIL@ADDRESS>``, an empty field, or the name of a tool or a team (the
publishing software, an editor program, "contributors", "translators") —
readers, libraries and indexes would take it for a translator's name.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from frspub.errors import Problem, display_path
from frspub.translation.catalog import header_line


@functools.cache
def _placeholder_words() -> re.Pattern[str]:
    """Names that say who made the file, not who translated the text (case-insensitive, whole
    words); compiled at a translation's first credit line, not at import."""
    return re.compile(
        r"\b(full name|frspub|weblate|poedit|pootle|lokalize|virtaal|omegat|translate[- ]toolkit|gettext|babel|"
        r"contributors?|translators?|team|équipe|anonymous|unknown|automatically|generated)\b", re.I)


def name_of(header: str | None) -> str:
    """The person named in a ``Last-Translator`` value ("Jane Doe <jane@example.org>"), or "" for a
    placeholder."""
    name = (header or "").split("<", 1)[0].strip()
    return "" if not name or _placeholder_words().search(name) else name


def translator(meta: dict[str, Any], lang: str, cat: Catalog | None) -> str:
    """Whom the `lang` edition credits: the note's ``translators.<lang>``, else the catalog's
    ``Last-Translator``; "" for nobody."""
    chosen = meta.get("translators")
    if isinstance(chosen, dict) and str(chosen.get(lang) or "").strip():
        return name_of(str(chosen[lang]))
    return name_of(cat.last_translator if cat is not None else "")


def placeholder_problem(meta: dict[str, Any], lang: str, cat: Catalog, po: Path) -> Problem | None:
    """A warning at the ``Last-Translator`` line when the edition would credit nobody."""
    if translator(meta, lang, cat):
        return None
    header = (cat.last_translator or "").strip()
    return Problem(display_path(po), header_line(po, "Last-Translator"),
                   f"translator credit: the Last-Translator header is {header or 'empty'!r}, which names nobody, "
                   f"so the {lang} edition credits no translator; write the translator's name there, or in "
                   f"`translators: {{{lang}: …}}` in the note", "warning")
