"""The EPUB package's identity and accessibility, added to what pandoc writes.

Takes an `Edition` (and the templates, for the labels of ``_epub.j2``) and
returns a `Package`; `opf` and `nav` rewrite pandoc's ``content.opf`` and
``nav.xhtml`` with it:

- EPUB Accessibility 1.1: pandoc declares accessMode, accessModeSufficient,
  accessibilityFeature and accessibilityHazard; frspub adds the
  accessibilitySummary in the edition's language, ``dcterms:conformsTo``
  (EPUB Accessibility 1.1 – WCAG 2.1 Level AA, what EPUBCheck, Ace and the
  edition's tests check) and who makes that claim (``a11y:certifiedBy``);
- the edition's ISSN (and DOI) as identifiers, the translators as
  ``dc:contributor`` with the MARC relator ``trl``, and ``dc:source`` naming
  the French edition the translation comes from;
- the landmarks of the navigation document in the edition's language (pandoc
  writes "Title Page" and "Table of Contents" whatever the language).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from frspub.locale import SOURCE_LANG
from frspub.note import identity
from frspub.translation.edition import Edition

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


@dataclass(frozen=True)
class Package:
    summary: str
    title_page: str
    contents: str
    certifier: str
    issn: str
    doi: str
    translators: str
    source: str  # the French edition's identifier ("" for the French edition)
    author: str = ""  # the author's name as written in the YAML (the original script)
    file_as: str = ""  # how a library sorts it: "Niquet, Valérie"
    images: bool = True  # whether the book holds an image (and so alternative text)


def package(ed: Edition, templates: Path, french_id: str) -> Package:
    from frspub.note import ast
    from frspub.render.templating import environment

    module = environment(templates, ed.lang).get_template("_epub.j2").module

    def text(markup: object) -> str:
        return html.unescape(str(markup)).strip()

    kinds = {node["t"] for node in ast.nodes([ed.note.blocks, list(ed.note.notes.values())])}
    summary = " ".join(text(module.accessibility_summary("Table" in kinds, "Image" in kinds)).split())
    summary = re.sub(r"(?<=[。．！？])\s+", "", summary)  # Japanese sentences run on without a space
    return Package(summary, text(module.title_page()), text(module.contents()),
                   ast.stringify(ed.note.fields.get("publisher.name", [])).strip(),
                   identity.issn(ed.note.meta, ed.lang), identity.doi(ed.note.meta, ed.lang),
                   ed.translators if ed.lang != SOURCE_LANG else "",
                   french_id if ed.lang != SOURCE_LANG else "", str(ed.note.meta["author"]).strip(),
                   file_as(str(ed.note.meta["author"])), "Image" in kinds)


def file_as(name: str) -> str:
    """"Valérie Niquet" → "Niquet, Valérie" (calibre and library catalogues sort by it; without it
    calibre files the book under "Unknown").  A name of one word, or already "Last, First", is kept."""
    name = " ".join(name.split())
    if "," in name or " " not in name:
        return name
    first, last = name.rsplit(" ", 1)
    return f"{last}, {first}"


def _add(metadata: etree._Element, tag: str, value: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(metadata, tag, **attrs)
    el.text = value
    el.tail = "\n    "
    return el


def opf(content: bytes, pkg: Package) -> bytes:
    root = etree.fromstring(content)
    metadata = root.find(f"{{{OPF}}}metadata")
    meta = f"{{{OPF}}}meta"
    _add(metadata, meta, pkg.summary, property="schema:accessibilitySummary")
    if not pkg.images:  # pandoc declares it for every book; a note with no image has none to describe
        for el in metadata.findall(meta):
            if el.get("property") == "schema:accessibilityFeature" and el.text == "alternativeText":
                metadata.remove(el)
    _add(metadata, meta, CONFORMS_TO, property="dcterms:conformsTo")
    if pkg.certifier:
        _add(metadata, meta, pkg.certifier, property="a11y:certifiedBy")
    if pkg.issn:
        _add(metadata, f"{{{DC}}}identifier", f"urn:issn:{pkg.issn}", id="issn")
    if pkg.doi:
        _add(metadata, f"{{{DC}}}identifier", f"urn:doi:{pkg.doi}", id="doi")
    if pkg.translators:
        _add(metadata, f"{{{DC}}}contributor", pkg.translators, id="translator")
        _add(metadata, meta, "trl", refines="#translator", property="role", scheme="marc:relators")
    if pkg.source:
        _add(metadata, f"{{{DC}}}source", pkg.source)
    _creator(metadata, pkg)
    prefix = root.get("prefix", "")
    if "a11y:" not in prefix:
        root.set("prefix", f"{prefix} a11y: http://www.idpf.org/epub/vocab/package/a11y/#".strip())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _creator(metadata: etree._Element, pkg: Package) -> None:
    """The author's sort key and, when the edition writes the name in another script (ヴァレリー・ニケ),
    the original name as its alternate script (EPUB 3.3, 8.2.3.3)."""
    creator = metadata.find(f"{{{DC}}}creator")
    if creator is None or not creator.get("id"):
        return
    meta, ref = f"{{{OPF}}}meta", f"#{creator.get('id')}"
    if pkg.file_as:
        _add(metadata, meta, pkg.file_as, refines=ref, property="file-as")
    if pkg.author and (creator.text or "").strip() != pkg.author:
        alt = _add(metadata, meta, pkg.author, refines=ref, property="alternate-script")
        alt.set("{http://www.w3.org/XML/1998/namespace}lang", SOURCE_LANG)


def nav(content: bytes, pkg: Package) -> bytes:
    root = etree.fromstring(content)
    labels = {"titlepage": pkg.title_page, "toc": pkg.contents}
    for a in root.iter(f"{{{XHTML}}}a"):
        kind = a.get(f"{{{EPUB}}}type")
        if kind in labels and a.getparent() is not None:
            a.text = labels[kind]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")
