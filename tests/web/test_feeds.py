"""frspub.feeds: the Atom feed and the sitemap of the built site."""
from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import etree
from projects import SLUG

LANGS = ("fr", "en", "ja")
BASE = "https://www.frstrategie.org/"  # the note's contact.website (no site_url, no $FRSPUB_BASE_URL)


def test_atom_feed_parses_and_lists_every_edition(built: Path) -> None:
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = {e.language if hasattr(e, "language") else "": e.link for e in feed.entries}
    assert sorted(e.link for e in feed.entries) == sorted(f"{BASE}{lang}/{SLUG}.html" for lang in LANGS)
    for entry in feed.entries:
        assert entry.author == "Valérie Niquet" and entry.published.startswith("2025-01-07")
        pdf = [link.href for link in entry.links if link.rel == "enclosure"]
        assert pdf == [entry.link.replace(".html", ".pdf")]
    assert links


def test_sitemap_lists_each_page_with_its_language_alternates(built: Path) -> None:
    root = etree.parse(str(built / "sitemap.xml")).getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = root.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert {f"{BASE}{lang}/{SLUG}.html" for lang in LANGS} <= set(locs)
    assert {f"{BASE}index.html", f"{BASE}index.en.html", f"{BASE}index.ja.html"} <= set(locs)
    for url in root.xpath("//s:url", namespaces=ns):
        loc = url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        alternates = {a.get("hreflang"): a.get("href") for a in url.xpath("x:link", namespaces=ns)}
        assert loc in alternates.values() and alternates["x-default"] == alternates["fr"]
        assert set(alternates) == {"fr", "en", "ja", "x-default"}
