"""What pandoc does not say about a Word or LibreOffice document, read from its XML.

Takes a .docx or .odt file; returns a `Package`: its comments with the
paragraph each is on, what a conversion cannot keep (text boxes, SmartArt,
charts, embedded objects, equations) with its place, the alt text of each
image in order, the heading level of each paragraph style, the title and
author properties, and its text (body and notes, tracked deletions left out)
so that `convert` can refuse a conversion that would lose some.

Why lxml and not pandoc for this: pandoc drops comments (LibreOffice writes a
comment without range, which pandoc's `--track-changes=all` does not show),
drops text boxes and objects silently, and ignores the ``descr`` alt text of
an image that has a caption.  Paragraphs are numbered 1…n over the body's
non-empty paragraphs, as a reader counts them.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from frspub.errors import SourceError, display_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
# Paragraph style names that are headings in the languages authors write in ("Titre 1", "Heading 1").
HEADING_NAME = re.compile(r"^(heading|titre|título|titulo|überschrift|titolo|kop)\s*(\d)$", re.I)
TOC_STYLE = re.compile(r"^(toc|tm|contents|sommaire|table ?des ?mati)", re.I)
GRAPHIC = {"diagram": "SmartArt graphic", "chart": "chart", "wordprocessingShape": "drawing shape",
           "wordprocessingGroup": "group of shapes"}
# Not the paragraph's own text: a text box (counted apart), a ruby reading, a tracked deletion or move.
UNSPOKEN = {f"{{{W}}}{name}" for name in ("txbxContent", "rt", "del", "moveFrom")}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class Comment:
    paragraph: int
    author: str
    text: str


@dataclass
class Package:
    comments: list[Comment] = field(default_factory=list)
    lost: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, what)
    alt_texts: list[str] = field(default_factory=list)  # per image, in document order
    heading_styles: dict[str, int] = field(default_factory=dict)  # style name -> level
    title: str = ""
    author: str = ""
    text: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, text); notes get 0


def read(path: Path) -> Package:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            parts = {n: z.read(n) for n in names if n.endswith(".xml") and ("word/" in n or n.count("/") == 0
                                                                                 or n.startswith("docProps/"))}
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"not a readable Word or OpenDocument file ({exc})", path, 0) from None
    try:
        if "word/document.xml" in parts:
            return _docx(parts)
        if "content.xml" in parts:
            return _odt(parts)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"damaged document XML: {exc}", display_path(path), 0) from None
    raise SourceError("neither a Word (.docx) nor an OpenDocument (.odt) text document", path, 0)


def _xml(parts: dict[str, bytes], name: str) -> etree._Element | None:
    return etree.fromstring(parts[name], PARSER) if name in parts else None


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


# --- DOCX -----------------------------------------------------------------

def _docx(parts: dict[str, bytes]) -> Package:
    pkg = Package()
    doc = _xml(parts, "word/document.xml")
    styles = _xml(parts, "word/styles.xml")
    pkg.heading_styles, toc_ids = _docx_styles(styles)
    comments = _docx_comments(_xml(parts, "word/comments.xml"))
    number = 0
    for p in _docx_paragraphs(doc):
        text = _docx_text(p)
        if any(a.tag == _w("txbxContent") for a in p.iterancestors()):
            pkg.text.append((max(number, 1), text))  # a text box's text counts, at its anchor's place
            continue
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        if text.strip():
            number += 1
            if style is None or style.get(_w("val")) not in toc_ids:
                pkg.text.append((number, text))
        place = max(number, 1)
        for ref in p.iter(_w("commentReference"), _w("commentRangeStart")):
            ident = ref.get(_w("id"))
            if ident in comments:
                author, said = comments.pop(ident)
                pkg.comments.append(Comment(place, author, said))
        pkg.lost += [(place, what) for what in _docx_lost(p)]
        for pr in _outside_fallback(p, f"{{{WP}}}docPr"):
            pkg.alt_texts.append(pr.get("descr") or pr.get("title") or "")
    for name in ("word/footnotes.xml", "word/endnotes.xml"):
        notes = _xml(parts, name)
        for p in (notes.iter(_w("p")) if notes is not None else []):
            pkg.text.append((0, _docx_text(p)))
    core = _xml(parts, "docProps/core.xml")
    if core is not None:
        pkg.title = "".join(core.findtext(f"{{{DC}}}title") or "").strip()
        pkg.author = "".join(core.findtext(f"{{{DC}}}creator") or "").strip()
    return pkg


def _docx_paragraphs(doc: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs in document order, text-box paragraphs after the one holding the box
    (not the older copy an mc:Fallback repeats)."""
    body = doc.find(_w("body"))
    for p in body.iter(_w("p")) if body is not None else []:
        if not any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors()):
            yield p


def _outside_fallback(p: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Elements of `p`, not those of an mc:Fallback (an older copy of the same content)."""
    for el in p.iter(*tags):
        if not any(a.tag == f"{{{MC}}}Fallback" for a in el.iterancestors()):
            yield el


def _docx_text(p: etree._Element) -> str:
    """The paragraph's text; a tab or a line break in a run separates words as a space does."""
    out = []
    for el in _outside_fallback(p, _w("t"), _w("tab"), _w("br"), _w("cr")):
        if el.getparent().tag != _w("r") or any(a.tag in UNSPOKEN for a in el.iterancestors()):
            continue
        out.append(el.text or "" if el.tag == _w("t") else " ")
    return "".join(out)


def _docx_lost(p: etree._Element) -> Iterator[str]:
    for box in _outside_fallback(p, _w("txbxContent")):
        words = " ".join("".join(t.text or "" for t in box.iter(_w("t"))).split())
        yield f"text box ({_quote(words)})" if words else "empty text box"
    for data in _outside_fallback(p, f"{{{A}}}graphicData"):
        uri = data.get("uri", "")
        kind = next((what for key, what in GRAPHIC.items() if uri.endswith(key)), None)
        if kind and not list(data.iter(_w("txbxContent"))):
            yield kind
    for _ in _outside_fallback(p, _w("object")):
        yield "embedded object (OLE)"
    for math in _outside_fallback(p, f"{{{M}}}oMath"):
        if not any(a.tag == f"{{{M}}}oMath" for a in math.iterancestors()):
            yield f"equation ({_quote(''.join(math.itertext()))}): frspub prints no math, it is kept as text"


def _docx_styles(styles: etree._Element | None) -> tuple[dict[str, int], set[str]]:
    levels: dict[str, int] = {}
    toc: set[str] = set()
    for style in styles.iter(_w("style")) if styles is not None else []:
        name_el = style.find(_w("name"))
        name = name_el.get(_w("val"), "") if name_el is not None else ""
        m = HEADING_NAME.match(name.strip())
        outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if m:
            levels[name] = int(m.group(2))
        elif outline is not None and (outline.get(_w("val")) or "9").isdigit() and int(outline.get(_w("val"))) < 9:
            levels[name] = int(outline.get(_w("val"))) + 1
        if TOC_STYLE.match(name) or TOC_STYLE.match(style.get(_w("styleId"), "")):
            toc.add(style.get(_w("styleId"), ""))
    return levels, toc


def _docx_comments(root: etree._Element | None) -> dict[str, tuple[str, str]]:
    out = {}
    for c in root.iter(_w("comment")) if root is not None else []:
        said = " ".join("".join(t.text or "" for t in c.iter(_w("t"))).split())
        out[c.get(_w("id"))] = (c.get(_w("author")) or "someone", said)
    return out


# --- ODT ------------------------------------------------------------------

def _odt(parts: dict[str, bytes]) -> Package:
    pkg = Package()
    content = _xml(parts, "content.xml")
    office_text = content.find(f".//{{{OFFICE}}}text")
    number = 0
    skip = {f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}note"}
    for p in office_text.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h") if office_text is not None else []:
        ancestors = {a.tag for a in p.iterancestors()}
        if ancestors & {f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes"}:
            continue
        in_note = f"{{{TEXT}}}note" in ancestors
        text = _odt_text(p, skip)
        if text.strip() and not in_note and f"{{{DRAW}}}text-box" not in ancestors:
            number += 1
        pkg.text.append((0 if in_note else max(number, 1), text))
        place = max(number, 1)
        for note in p.findall(f"{{{OFFICE}}}annotation"):
            author = note.findtext(f"{{{DC}}}creator") or "someone"
            said = " ".join(" ".join(_odt_text(q, set()) for q in note.iter(f"{{{TEXT}}}p")).split())
            pkg.comments.append(Comment(place, author, said))
        for frame in p.findall(f"{{{DRAW}}}frame"):
            pkg.lost += [(place, what) for what in _odt_lost(frame)]
            if frame.find(f"{{{DRAW}}}image") is not None:
                desc = frame.findtext(f"{{{SVG}}}desc") or frame.findtext(f"{{{SVG}}}title") or ""
                pkg.alt_texts.append(desc.strip())
    meta = _xml(parts, "meta.xml")
    if meta is not None:
        pkg.title = (meta.findtext(f".//{{{DC}}}title") or "").strip()
        pkg.author = (meta.findtext(f".//{{{META}}}initial-creator") or meta.findtext(f".//{{{DC}}}creator")
                      or "").strip()
    return pkg


def _odt_text(p: etree._Element, skip: set[str]) -> str:
    """The text of a paragraph, without its comments, footnotes and the numbers of its note calls."""
    out = [p.text or ""]
    for child in p:
        if child.tag not in skip and child.tag != f"{{{TEXT}}}note-citation" and not _unspoken(child):
            out.append(" " if child.tag in (f"{{{TEXT}}}s", f"{{{TEXT}}}tab") else _odt_text(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def _unspoken(el: etree._Element) -> bool:
    """A picture's title and description (its alt text, not text of the page) and its bytes."""
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.startswith(f"{{{SVG}}}") or tag == f"{{{OFFICE}}}binary-data"


def _odt_lost(frame: etree._Element) -> Iterator[str]:
    box = frame.find(f"{{{DRAW}}}text-box")
    if box is not None and box.find(f".//{{{DRAW}}}image") is None:
        words = " ".join(" ".join(box.itertext()).split())
        yield f"text box ({_quote(words)})" if words else "empty text box"
    if frame.find(f"{{{DRAW}}}object") is not None or frame.find(f"{{{DRAW}}}object-ole") is not None:
        yield "embedded object (formula, chart or OLE object)"


def _quote(words: str, size: int = 60) -> str:
    words = " ".join(words.split())
    return f"“{words[:size]}…”" if len(words) > size else f"“{words}”"
