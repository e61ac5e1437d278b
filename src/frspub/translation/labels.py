"""The template labels' catalogs (``templates/locale/<lang>/LC_MESSAGES/templates.po``).

Takes the templates folder and a language; returns the checked translations
(`translations`, compiled in memory for Jinja2's i18n extension) or the
problems of the catalog (`problems`, for `frspub check`).  Jinja2 marks
translated labels as safe HTML, so a label is checked as strictly as a note
segment: no markup, no entity, no link scheme, the same format placeholders
as the msgid.  The build refuses a catalog with an error before rendering.
"""
from __future__ import annotations

import functools
import gettext
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from frspub.errors import Problem, TranslationError, display_path
from frspub.locale import SOURCE_LANG, TEMPLATE_DOMAIN, template_po
from frspub.translation import checks

if TYPE_CHECKING:
    from gettext import NullTranslations

    from babel.messages.catalog import Catalog, Message

# Python %-formats and Jinja2 newstyle %(name)s placeholders, and {name} ones.
FORMAT = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
SCHEME_IN_TEXT = re.compile(r"\b(?:javascript|data|vbscript|file):", re.I)


def problems(templates: Path, lang: str) -> list[Problem]:
    """Every problem of the `lang` label catalog, with the msgstr lines."""
    po = template_po(templates, lang)
    if lang == SOURCE_LANG:
        return []
    shown = display_path(po)
    if not po.exists():
        return [Problem(shown, 0, f"no template catalog for {lang}: the labels would be French "
                        f"(run `frspub update --lang {lang}` and translate it)")]
    # babel.messages: not for the French labels
    from frspub.translation import catalog

    try:
        cat = catalog.load(po)
    except TranslationError as exc:
        return exc.problems
    found = catalog.header_problems(cat, po, lang)
    for msg in catalog.messages(cat):
        found += [Problem(shown, catalog.lineno(msg), m) for m in message_problems(msg)]
    return found


def message_problems(msg: "Message") -> list[str]:
    strings = [s for s in (msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]) if s]
    ids = msg.id if isinstance(msg.id, (list, tuple)) else [msg.id]
    out = []
    for text in strings:
        raw = checks.raw_html().search(text)
        if raw:
            out.append(f"raw HTML is not allowed in a template label: {raw.group(0)!r}")
        if '"' in text:  # Jinja2 prints a label unescaped, aria-label="…" included
            out.append("a straight double quote is not allowed in a template label: it would end the HTML "
                       "attribute it is printed in (write the language's quotation marks, “ ” „ “ « »)")
        if SCHEME_IN_TEXT.search(text):
            out.append(f"link scheme {SCHEME_IN_TEXT.search(text).group(0)!r} is not allowed in a template label")
        want = sorted(FORMAT.findall(ids[0]))
        got = sorted(FORMAT.findall(text))
        # plural forms may drop the number ("one page"), never bring a placeholder of their own
        if (got != want) if len(ids) == 1 else not set(got) <= set(FORMAT.findall(" ".join(ids))):
            out.append(f"placeholders {want} of the msgid must be kept as they are (found {got})")
    return out


@functools.cache
def translations(templates: Path, lang: str) -> "NullTranslations":
    """The checked label catalog for `lang` (French is the source: no catalog: Python's own
    `NullTranslations`, whose gettext, ngettext, pgettext and npgettext, all Jinja2's i18n and
    the EPUB use, give the msgid as Babel's subclass does, without importing Babel, 0.015 s
    of CPU before the French print page)."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    po = template_po(templates, lang)
    found = [p for p in problems(templates, lang) if p.severity == "error"]
    if found:
        raise TranslationError(found)
    from frspub.translation import catalog

    return _compile(catalog.load(po, lang, checked=True))  # (`problems` had msgfmt check it: 5-20 ms a run)


def _compile(cat: "Catalog") -> "NullTranslations":
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=TEMPLATE_DOMAIN)
