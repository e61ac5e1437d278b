"""Who an edition is, for libraries, indexes and search engines.

Takes a note's metadata (and, for `landing`, an edition); returns:

- `meta_warnings`: the ISSN check digits (ISO 3297) and DOI shapes of the
  YAML, each wrong one a warning at its line (the build goes on: a typo in an
  identifier must not hold back a publication, but it must be seen);
- `issn`, `doi`: the identifiers of one language edition.  A serial's language
  editions each carry their own ISSN, and Crossref wants one DOI per language
  version, linked to the original, so the YAML may give them per language::

      issn: 2273-4644              # the French edition (required)
      doi: 10.1234/frs.2025.01     # optional
      editions:
        en: {issn: 2273-4652, doi: 10.1234/frs.2025.01.en}

  The serial's ISSN identifies the French edition only (ISSN Manual: each language
  edition of a serial has its own ISSN): a translation without its own ISSN declares none
  in its metadata, and its colophon gives the serial's as the French edition's
  (`original_issn`), as a second reader and a librarian asked.
- `landing`: the HTML edition's head metadata as plain data: Highwire Press
  ``citation_*`` tags (what Google Scholar and Zotero read), a schema.org
  ``ScholarlyArticle`` (JSON-LD, with ``translationOfWork`` /
  ``workTranslation`` between the language editions) and Open Graph basics.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from frspub.errors import Problem
from frspub.locale import SOURCE_LANG

ISSN = re.compile(r"^(\d{4})-(\d{3})([\dX])$")
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")  # Crossref's advice: 99 % of DOIs
OG_LOCALE = {"fr": "fr_FR", "en": "en_US", "ja": "ja_JP", "de": "de_DE", "ko": "ko_KR", "zh-Hans": "zh_CN", "zh-Hant": "zh_TW",
             "ru": "ru_RU"}


def issn_check_digit(first7: str) -> str:
    """ISO 3297: weights 8…2 over the first seven digits, modulo 11; 10 is written X."""
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1)))
    digit = (11 - total % 11) % 11
    return "X" if digit == 10 else str(digit)


def issn_problem(value: str) -> str:
    m = ISSN.match(value)
    if not m:
        return f"{value!r} is not an ISSN (1234-567X)"
    want = issn_check_digit(m.group(1) + m.group(2))
    if m.group(3) != want:
        return f"ISSN {value} has a wrong check digit: ISO 3297 gives {m.group(1)}-{m.group(2)}{want}"
    return ""


def meta_warnings(meta: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    found = []
    places = [("issn", meta.get("issn")), ("doi", meta.get("doi"))]
    editions = meta.get("editions")
    if isinstance(editions, dict):
        for lang, values in editions.items():
            if isinstance(values, dict):
                places += [(f"editions.{lang}.issn", values.get("issn")), (f"editions.{lang}.doi", values.get("doi"))]
            else:
                found.append(Problem(shown, lines.get(f"editions.{lang}", 1),
                                     f"`editions.{lang}` must be a mapping (issn:, doi:)", severity="warning"))
    elif editions is not None:
        found.append(Problem(shown, lines.get("editions", 1), "`editions` must map languages to issn:/doi:",
                             severity="warning"))
    for name, value in places:
        if value in (None, ""):
            continue
        message = issn_problem(str(value)) if name.endswith("issn") else \
            ("" if DOI.match(str(value)) else f"DOI {value!r} does not look like 10.NNNN/suffix")
        if message:
            found.append(Problem(shown, lines.get(name, 1), message, severity="warning"))
    return found


def _edition(meta: dict[str, Any], lang: str) -> dict[str, Any]:
    editions = meta.get("editions")
    value = editions.get(lang) if isinstance(editions, dict) else None
    return value if isinstance(value, dict) else {}


def issn(meta: dict[str, Any], lang: str) -> str:
    """The edition's own ISSN: its `editions.<lang>.issn`, or the serial's for the original."""
    own = _edition(meta, lang).get("issn")
    return str(own or (meta.get("issn") if lang == SOURCE_LANG else "") or "")


def original_issn(meta: dict[str, Any], lang: str) -> str:
    """The French edition's ISSN when this edition has none of its own (its colophon says so)."""
    return "" if issn(meta, lang) else str(meta.get("issn") or "")


def doi(meta: dict[str, Any], lang: str) -> str:
    own = _edition(meta, lang).get("doi")
    return str(own or (meta.get("doi") if lang == SOURCE_LANG else "") or "")


@dataclass
class Landing:
    citation: list[tuple[str, str]] = field(default_factory=list)
    json_ld: str = ""
    og: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""
    alternates: list[tuple[str, str]] = field(default_factory=list)  # hreflang -> URL, x-default included


def base_url(meta: dict[str, Any]) -> str:
    """Where build/ is published, when known: $FRSPUB_BASE_URL (checked when the build starts), else
    the note's `site_url`; "" when neither says.  Always ends with a slash."""
    from frspub.note.safety import site_url_problem

    for value in (os.environ.get("FRSPUB_BASE_URL", ""), meta.get("site_url")):
        if isinstance(value, str) and value and not site_url_problem(value):
            return value.rstrip("/") + "/"
    return ""


def absolute(base: str, lang: str, href: str) -> str:
    """An edition's own relative link (`note.pdf`, `../en/note.html`) as an address under `base`."""
    if not base:
        return href
    from urllib.parse import urljoin

    return urljoin(f"{base}{lang}/", href)


@dataclass(frozen=True)
class Edition:
    """What `landing` needs of one edition (plain data: the renderer builds it)."""
    lang: str
    title: str
    author: str
    date: str  # ISO 8601
    publisher: str
    description: str
    pdf: str  # relative URL of the PDF
    html: str  # relative URL of this page
    translators: str
    others: tuple[tuple[str, str], ...]  # (lang, relative URL) of the other language editions


def landing(ed: Edition, meta: dict[str, Any]) -> Landing:
    """The head metadata; every address absolute when a base URL is known (search engines ignore a
    relative hreflang, and a shared page's og:url must stand on its own)."""
    base = base_url(meta)
    ed = replace(ed, pdf=absolute(base, ed.lang, ed.pdf), html=absolute(base, ed.lang, ed.html),
                 others=tuple((lang, absolute(base, ed.lang, url)) for lang, url in ed.others))
    own_issn, own_doi = issn(meta, ed.lang), doi(meta, ed.lang)
    citation = [("citation_title", ed.title), ("citation_author", ed.author),
                ("citation_publication_date", ed.date.replace("-", "/")), ("citation_language", ed.lang),
                ("citation_publisher", ed.publisher)]
    if own_issn:
        citation.append(("citation_issn", own_issn))
    if ed.pdf:  # a right-to-left edition has none
        citation.append(("citation_pdf_url", ed.pdf))
    if own_doi:
        citation.append(("citation_doi", own_doi))
    article: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "@id": ed.html, "url": ed.html,
        "headline": ed.title, "name": ed.title, "inLanguage": ed.lang, "datePublished": ed.date,
        "author": {"@type": "Person", "name": ed.author},
        "publisher": {"@type": "Organization", "name": ed.publisher},
    }
    if ed.pdf:
        article["encoding"] = {"@type": "MediaObject", "contentUrl": ed.pdf, "encodingFormat": "application/pdf"}
    if ed.description:
        article["description"] = ed.description
    if own_issn:
        article["isPartOf"] = {"@type": "Periodical", "issn": own_issn}
    if own_doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": own_doi}
    original = next((url for lang, url in ed.others if lang == SOURCE_LANG), "")
    if ed.lang != SOURCE_LANG:
        article["translationOfWork"] = {"@type": "ScholarlyArticle", "@id": original, "inLanguage": SOURCE_LANG}
        if ed.translators:
            article["translator"] = {"@type": "Person", "name": ed.translators}
    else:
        article["workTranslation"] = [{"@type": "ScholarlyArticle", "@id": url, "inLanguage": lang}
                                      for lang, url in ed.others]
    og = [("og:type", "article"), ("og:title", ed.title), ("og:locale", OG_LOCALE.get(ed.lang, ed.lang)),
          *[("og:locale:alternate", OG_LOCALE.get(lang, lang)) for lang, _ in ed.others],
          ("article:author", ed.author), ("article:published_time", ed.date)]
    if ed.description:
        og.append(("og:description", ed.description))
    if base:
        og.append(("og:url", ed.html))
    # "</" would end the script element early: JSON allows "\/" for "/"
    text = json.dumps(article, ensure_ascii=False, indent=1).replace("</", "<\\/")
    alternates = [(ed.lang, ed.html), *ed.others]
    alternates += [("x-default", url) for lang, url in alternates if lang == SOURCE_LANG]
    return Landing([c for c in citation if c[1]], text, og, ed.description, alternates)
