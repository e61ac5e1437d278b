"""A TMX 1.4 translation memory of the whole catalogue, for translators' CAT tools.

Takes a project; returns the TMX text: one ``tu`` per French segment that has
a translation (not fuzzy) in at least one language, with the French ``tuv``
and one per translated language, the note and the segment's kind as ``prop``s.
Footnote calls, figure references and Markdown marks are ``<ph>`` codes, as in
the XLIFF export (the same code has the same ``x`` in every language), so a
CAT tool matches a segment with codes exactly.  A segment that starts or ends
with codes also comes without them: OmegaT keeps a segment's edge codes out of
it (and writes them back around the translation), so that is the form it
looks up.  Segments are the same units as the PO catalogs, so a
translator's tool matches whole paragraphs, cells and captions.  The template
labels (Sommaire, Télécharger le PDF…) follow, one ``tu`` per label and plural
form, their kind ``template label``.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from frspub.locale import SOURCE_LANG, template_po
from frspub.note import source
from frspub.translation import catalog, labels
from frspub.translation.xliff import CODE, _pieces

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
            if _edges(entry.msgid):
                inner = etree.SubElement(body, "tu", tuid=f"{note.slug}:{len(seen)}:inner")
                etree.SubElement(inner, "prop", type="x-kind").text = entry.segment.comment
                _variants(inner, entry.msgid, done, strip=True)
    _labels(project, langs, body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def _variants(tu: etree._Element, french: str, done: dict[str, str], pattern: re.Pattern[str] = CODE,
              strip: bool = False) -> None:
    ids: dict[str, list[str]] | None = None
    for lang, text in [(SOURCE_LANG, french), *sorted(done.items())]:
        tuv = etree.SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        made = _seg(etree.SubElement(tuv, "seg"), _pieces(text, pattern), ids, strip)
        ids = made if ids is None else ids


def _seg(seg: etree._Element, pieces: list[tuple[str, str]], source_ids: dict[str, list[str]] | None,
         strip: bool) -> dict[str, list[str]]:
    """`pieces` as text and <ph x="n"> codes; a translation's code takes the x of the same code in
    the French (returned by the French's call)."""
    if strip:
        while pieces and pieces[0][0] == "code":
            pieces = pieces[1:]
        while pieces and pieces[-1][0] == "code":
            pieces = pieces[:-1]
    seg.text = ""
    last: etree._Element | None = None
    made: dict[str, list[str]] = {}
    free = {code: list(xs) for code, xs in (source_ids or {}).items()}
    for n, (kind, value) in enumerate(pieces, start=1):
        if kind == "text":
            if last is None:
                seg.text += value
            else:
                last.tail = (last.tail or "") + value
            continue
        x = str(n) if source_ids is None else (free[value].pop(0) if free.get(value) else str(1000 + n))
        made.setdefault(value, []).append(x)
        last = etree.SubElement(seg, "ph", x=x)
        last.text = value
    return made


def _edges(text: str) -> bool:
    pieces = _pieces(text)
    return bool(pieces) and (pieces[0][0] == "code" or pieces[-1][0] == "code")


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
        _variants(tu, french, done, labels.FORMAT)
