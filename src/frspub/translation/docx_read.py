"""A translated Word file read back as units: what `docx_align` aligns to the segments.

Takes a .docx (as `docx_export` wrote it, then edited by a translator in Word
or LibreOffice); returns its subject property and its `Unit`s in reading order:
one per paragraph, with its kind (a heading, a list item, a paragraph, or the
kind named by its "frspub …" style), its Markdown text with each footnote call
written ``[^k]`` (k: the footnote's number in the Word file, 1…n in order),
and its place (the paragraph's number, or the footnote's).  Footnote
paragraphs are units of kind "footnote" with their number.  Word's styling
(character styles, bookmarks, no-break spaces) is taken out by `wordclean`.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from frspub.errors import TranslationError
from frspub.note import ast, pandoc
from frspub.note.wordclean import Cleaner, Report, rewrite, style_of
from frspub.translation import segments
from frspub.translation.docx_export import STYLE

DC = "http://purl.org/dc/elements/1.1/"
KEEP = ["data-frspub-keep", "1"]  # a span of the French, not Word's styling: `wordclean` keeps it


@dataclass
class Unit:
    kind: str  # heading, paragraph, list-item, footnote, meta <field>, table cell, figure caption…
    inlines: list[ast.Node]
    place: int  # paragraph number in the body, or footnote number
    note: int | None = None  # footnote number for footnote paragraphs
    text: str = ""  # Markdown, footnote calls as [^k]
    calls: tuple[int, ...] = ()  # footnote numbers called in this unit


def subject(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            core = etree.fromstring(z.read("docProps/core.xml"), etree.XMLParser(resolve_entities=False))
    except (KeyError, zipfile.BadZipFile, OSError, etree.XMLSyntaxError):
        return ""
    return (core.findtext(f"{{{DC}}}subject") or "").strip()


def read(path: Path) -> list[Unit]:
    if not zipfile.is_zipfile(path):
        raise TranslationError("not a Word file (.docx)", path, 0)
    doc = pandoc.run_json(["-f", "docx+styles", "-t", "json", "--track-changes=accept", str(path)], "")
    walker = _Walker()
    walker.blocks(doc["blocks"], None)
    units = walker.units
    for unit in units:
        ast.walk_inline_lists([ast.Plain(unit.inlines)], _unkeep)
    texts = segments.to_markdown([u.inlines for u in units])
    for unit, text in zip(units, texts):
        unit.text = text
        unit.calls = tuple(int(k) for k in segments.placeholders(text) if k.isdigit())
    return units


def _spans_back(inlines: list[ast.Node]) -> list[ast.Node]:
    """The spans `docx_export` wrote as "frspub .class key=value" character styles."""
    out = []
    for node in inlines:
        style = style_of(node["c"][0]) if node["t"] == "Span" else ""
        if style.startswith(STYLE + ".") or (style.startswith(STYLE) and "=" in style):
            words = style[len(STYLE):].split()
            classes = [w[1:] for w in words if w.startswith(".")]
            attrs = [w.split("=", 1) for w in words if "=" in w and not w.startswith(".")]
            node = ast.Span(node["c"][1], classes=classes, attrs=[KEEP, *attrs])
        out.append(node)
    return out


def _unkeep(inlines: list[ast.Node]) -> list[ast.Node]:
    for node in inlines:
        if node["t"] == "Span" and KEEP in node["c"][0][2]:
            node["c"][0][2] = [kv for kv in node["c"][0][2] if kv != KEEP]
    return inlines


class _Walker:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.paragraphs = 0
        self.notes = 0
        self.cleaner = Cleaner({}, Report(), no_break=False)

    def blocks(self, blocks: list[ast.Node], kind: str | None, note: int | None = None) -> None:
        for block in blocks:
            t, c = block["t"], block.get("c")
            if t in ("Para", "Plain"):
                self.unit(kind or "paragraph", c, note)
            elif t == "Header":
                self.unit("heading", c[2], note)
            elif t == "Div":
                style = style_of(c[0])
                self.blocks(c[1], style[len(STYLE):] if style.startswith(STYLE) else kind, note)
            elif t in ("BulletList", "OrderedList"):
                for item in (c if t == "BulletList" else c[1]):
                    self.blocks(item, "list-item" if kind is None else kind, note)
            elif t == "BlockQuote":
                self.blocks(c, kind or "quote", note)
            elif t == "Table":
                self.table(c, note)

    def table(self, c: list[Any], note: int | None) -> None:
        _, _, _, head, bodies, foot = c
        rows = list(head[1]) + [r for body in bodies for r in body[2] + body[3]] + list(foot[1])
        for row in rows:
            for cell in row[1]:
                self.blocks(cell[4], "table cell", note)

    def unit(self, kind: str, inlines: list[ast.Node], note: int | None) -> None:
        inlines = rewrite([ast.Para(inlines)], lambda b: b, _spans_back)
        inlines = rewrite(inlines, lambda b: b, self.cleaner.inlines)[0]["c"]
        if not ast.stringify(inlines).strip() and not any(n.get("t") == "Note" for n in inlines):
            return  # an empty paragraph carries nothing
        if note is None:
            self.paragraphs += 1
        if note is not None and kind == "paragraph":
            kind = "footnote"  # a footnote's paragraph, as the segments name it (its list items stay items)
        unit = Unit(kind, [], note if note is not None else self.paragraphs, note)
        self.units.append(unit)
        out = []
        for node in inlines:
            if node.get("t") != "Note":
                out.append(node)
                continue
            self.notes += 1
            number = self.notes
            out.append(ast.note_placeholder(str(number)))
            self.blocks(node["c"], None, number)
        unit.inlines = out
