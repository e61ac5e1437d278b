"""A TMX 1.4 translation memory of the whole catalogue, for translators' CAT tools.

Takes a project; returns the TMX text: one ``tu`` per French segment that has
a translation (not fuzzy) in at least one language, with the French ``tuv``
and one per translated language, footnote placeholders kept as they are in the
PO files (``[^3]``: CAT tools match them as text), the note and the segment's
kind as ``prop``s.  Segments are the same units as the PO catalogs, so a
translator's tool matches whole paragraphs, cells and captions.  The template
labels (Sommaire, Télécharger le PDF…) follow, one ``tu`` per label and plural
form, their kind ``template label``.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from frspub.locale import SOURCE_LANG, template_po
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
            _variants(tu, entry.msgid, done)
    _labels(project, langs, body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def _variants(tu: etree._Element, french: str, done: dict[str, str]) -> None:
    for lang, text in [(SOURCE_LANG, french), *sorted(done.items())]:
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        etree.SubElement(tuv, "seg").text = text


def _labels(project: Any, langs: list[str], body: etree._Element) -> None:
    """The template labels' translations (not fuzzy), each plural form a unit of its own."""
    pairs: dict[tuple[str, str | None], dict[str, str]] = {}
    for lang in langs:
        po = template_po(project.templates, lang)
        if not po.exists():
            continue
        for msg in catalog.messages(catalog.load(po, lang)):
            ids = list(msg.id) if isinstance(msg.id, (list, tuple)) else [msg.id]
            strings = list(msg.string) if isinstance(msg.string, (list, tuple)) else [msg.string]
            for i, string in enumerate(strings):
                if string and not msg.fuzzy:
                    pairs.setdefault((ids[min(i, len(ids) - 1)], msg.context), {})[lang] = string
    for n, ((french, _), done) in enumerate(pairs.items(), start=1):
        tu = etree.SubElement(body, "tu", tuid=f"templates:{n}")
        etree.SubElement(tu, "prop", type="x-kind").text = "template label"
        _variants(tu, french, done)
