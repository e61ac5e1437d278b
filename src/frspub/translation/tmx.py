"""A TMX 1.4 translation memory of the whole catalogue, for translators' CAT tools.

Takes a project; returns the TMX text: one ``tu`` per French segment that has
a translation (not fuzzy) in at least one language, with the French ``tuv``
and one per translated language, footnote placeholders kept as they are in the
PO files (``[^3]``: CAT tools match them as text), the note and the segment's
kind as ``prop``s.  Segments are the same units as the PO catalogs, so a
translator's tool matches whole paragraphs, cells and captions.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from frspub.locale import SOURCE_LANG
from frspub.note import source
from frspub.translation import catalog

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export(project: Any, langs: list[str]) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="frspub", creationtoolversion="1", segtype="paragraph",
                     **{"o-tmf": "gettext PO (frspub)"},
                     adminlang="en", srclang=SOURCE_LANG, datatype="plaintext")
    body = etree.SubElement(root, "body")
    seen: set[tuple[str, str | None]] = set()
    for path in project.notes():
        note = source.read_note(path)
        cats = {lang: catalog.load(project.po(lang, note.slug), lang) for lang in langs
                if project.po(lang, note.slug).exists()}
        for entry in catalog.entries(note, project.root):
            key = (entry.msgid, entry.segment.context)
            found = {lang: cat.get(*key) for lang, cat in cats.items()}
            done = {lang: m.string for lang, m in found.items()
                    if m is not None and isinstance(m.string, str) and m.string and not m.fuzzy}
            if not done or key in seen:
                continue
            seen.add(key)
            tu = etree.SubElement(body, "tu", tuid=f"{note.slug}:{len(seen)}")
            etree.SubElement(tu, "prop", type="x-note").text = note.slug
            etree.SubElement(tu, "prop", type="x-kind").text = entry.segment.comment
            for lang, text in [(SOURCE_LANG, entry.msgid), *sorted(done.items())]:
                tuv = etree.SubElement(tu, "tuv")
                tuv.set(XML_LANG, lang)
                etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
