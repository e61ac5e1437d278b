"""The site's machine-readable lists: an Atom feed and a sitemap.

Takes the `site.NoteInfo`s the site pages list, the labelled languages and the
site's public address; returns the text of ``build/feed.xml`` (Atom, RFC 4287:
one entry per language edition, newest first, with its HTML page, its PDF as
an enclosure and its language) and ``build/sitemap.xml`` (sitemaps.org 0.9,
every HTML edition and site page with its language alternates as
``xhtml:link rel="alternate" hreflang`` — what search engines read to serve
each reader the right language).  Both need absolute addresses:
`base_url` says where ``build/`` is published.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

from frspub.locale import SOURCE_LANG

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


ENV = "FRSPUB_BASE_URL"


def env_base_url() -> str:
    """$FRSPUB_BASE_URL ("" when unset), checked as YAML's `site_url` is: it reaches every link of
    the feed, the sitemap and the editions' metadata."""
    from frspub.errors import ConfigError
    from frspub.note.safety import site_url_problem

    value = os.environ.get(ENV, "")
    problem = site_url_problem(value) if value else ""
    if problem:
        raise ConfigError(f"${ENV} {problem}", ENV, 0)
    return value


def base_url(notes: list[Any]) -> str:
    """Where build/ is published: $FRSPUB_BASE_URL, else the newest note's `site_url`, else its
    `contact.website`; always ending with a slash."""
    url = env_base_url()
    for note in sorted(notes, key=lambda n: (n.date, n.slug), reverse=True):
        url = url or note.site_url
    if url and "://" not in url:
        url = "https://" + url
    return (url or "https://example.invalid/").rstrip("/") + "/"


def _time(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _editions(notes: list[Any]) -> list[tuple[Any, str, dict[str, Any]]]:
    """(note, lang, {fmt: href}) of every edition that has an HTML page, newest note first."""
    out = []
    for note in sorted(notes, key=lambda n: (n.date, n.slug), reverse=True):
        for lang, files in note.files.items():
            hrefs = {f.fmt: f.href for f in files}
            if "html" in hrefs:
                out.append((note, lang, hrefs))
    return out


def atom(notes: list[Any], base: str, title: str) -> str:
    from xml.sax.saxutils import (  # here: it imports urllib.request (30 ms)
        escape,
        quoteattr,
    )

    editions = _editions(notes)
    updated = _time(max((n.date for n, _, _ in editions), default=dt.date(1970, 1, 1)))
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="{ATOM}" xml:lang="{SOURCE_LANG}">',
             f"  <title>{escape(title)}</title>", f"  <id>{escape(base)}feed.xml</id>",
             f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + "feed.xml")}/>',
             f'  <link rel="alternate" type="text/html" href={quoteattr(base + "index.html")}/>',
             f"  <updated>{updated}</updated>", "  <generator>frspub</generator>"]
    for note, lang, hrefs in editions:
        page = base + hrefs["html"]
        item_title = note.titles.get(lang, note.titles.get(SOURCE_LANG, (note.slug, SOURCE_LANG)))
        lines += [f"  <entry xml:lang={quoteattr(lang)}>", f"    <id>{escape(page)}</id>",
                  f"    <title xml:lang={quoteattr(item_title[1])}>{escape(item_title[0])}</title>",
                  f"    <updated>{_time(note.date)}</updated>", f"    <published>{_time(note.date)}</published>",
                  f"    <author><name>{escape(note.author)}</name></author>",
                  f'    <link rel="alternate" type="text/html" hreflang={quoteattr(lang)} href={quoteattr(page)}/>']
        if "pdf" in hrefs:
            lines.append(f'    <link rel="enclosure" type="application/pdf" hreflang={quoteattr(lang)} '
                         f'href={quoteattr(base + hrefs["pdf"])}/>')
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(notes: list[Any], base: str, pages: dict[str, str]) -> str:
    """`pages`: lang -> site page name (index.html, index.en.html…)."""
    from xml.sax.saxutils import escape, quoteattr

    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">']

    def url(loc: str, alternates: dict[str, str], lastmod: dt.date | None) -> None:
        lines.append(f"  <url><loc>{escape(loc)}</loc>" + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""))
        for lang, href in alternates.items():
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>')
        if SOURCE_LANG in alternates:
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(alternates[SOURCE_LANG])}/>')
        lines.append("  </url>")

    site = {lang: base + name for lang, name in pages.items()}
    for page in site.values():
        url(page, site, None)
    by_note: dict[str, list[tuple[Any, str, dict[str, Any]]]] = {}
    for note, lang, hrefs in _editions(notes):
        by_note.setdefault(note.slug, []).append((note, lang, hrefs))
    for editions in by_note.values():
        alternates = {lang: base + hrefs["html"] for _, lang, hrefs in editions}
        for note, lang, hrefs in editions:
            url(base + hrefs["html"], alternates, note.date)
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
