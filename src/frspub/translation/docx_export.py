"""`frspub export --docx`: the French of a note as a Word file for a translator.

Takes a project, a language and a French `Note`; returns the bytes of a DOCX
written by pandoc from an AST made here: one Word paragraph per segment of the
catalog, in the catalog's order.  Headings are Word headings, list items a
bulleted list, footnotes real Word footnotes (each at its call), and every
other kind of segment (table cell, caption, alt text, source line, quotation,
metadata field) a paragraph in a style named after it ("frspub table cell",
"frspub meta title"), so that `docx_align` knows it again when the
translation comes back.  The document's subject property names the note and
the languages (``frspub:<slug>:fr>en``): a file of another note is refused.

Why pandoc and not python-docx: pandoc writes footnotes, headings and custom
paragraph styles from its AST, and it is already the converter of every
other format; python-docx has no footnote API.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from frspub.note import ast, pandoc
from frspub.note.source import Note
from frspub.output import atomic_path
from frspub.translation import catalog, segments

STYLE = "frspub "  # paragraph styles of the segments that are not plain paragraphs
SUBJECT = "frspub:{slug}:fr>{lang}"
PLAIN = ("paragraph", "heading", "list-item", "footnote")


def style_name(entry: catalog.Entry) -> str:
    seg = entry.segment
    if seg.context:
        return f"{STYLE}meta {seg.context}"
    return f"{STYLE}{seg.kind.replace('-', ' ')}"


def document(note: Note, lang: str, ents: list[catalog.Entry]) -> dict[str, Any]:
    """The pandoc document a translator receives (French text, structure kept)."""
    parsed = segments.from_markdown([e.msgid for e in ents])
    inlines = [blocks[0]["c"] if blocks and blocks[0]["t"] in ("Para", "Plain") else [] for blocks in parsed]
    notes: dict[str, list[ast.Node]] = {}
    for e, inl in zip(ents, inlines):
        if e.segment.note is not None:
            notes.setdefault(e.segment.note, []).append(ast.Para(inl))
    blocks: list[ast.Node] = []
    for e, inl in zip(ents, inlines):
        if e.segment.note is not None:
            continue
        inl = _with_notes(inl, notes)
        kind = e.segment.kind if not e.segment.context else "meta"
        if kind == "heading":
            blocks.append({"t": "Header", "c": [_level(e), ["", [], []], inl]})
        elif kind == "list-item":
            if blocks and blocks[-1]["t"] == "BulletList":
                blocks[-1]["c"].append([ast.Para(inl)])
            else:
                blocks.append({"t": "BulletList", "c": [[ast.Para(inl)]]})
        elif kind == "paragraph":
            blocks.append(ast.Para(inl))
        else:
            blocks.append(ast.Div("", [ast.Para(inl)], attrs=[["custom-style", style_name(e)]]))
    meta = {"subject": {"t": "MetaString", "c": SUBJECT.format(slug=note.slug, lang=lang)},
            "description": {"t": "MetaString", "c": "Translate each paragraph in place; keep the footnotes "
                            "where they are; do not split or merge paragraphs."}}
    return pandoc.document(blocks, meta)


def _level(entry: catalog.Entry) -> int:
    holder = entry.segment.holder
    return holder[0] if isinstance(holder, list) and holder and isinstance(holder[0], int) else 1


def _with_notes(inlines: list[ast.Node], notes: dict[str, list[ast.Node]]) -> list[ast.Node]:
    out = []
    for node in inlines:
        label = ast.note_label(node)
        if label is None:
            out.append(node)
        else:
            out.append({"t": "Note", "c": notes.get(label) or [ast.Para([])]})
    plain = ast.Plain(out)
    ast.walk_inline_lists([plain], _styled_spans)
    return plain["c"]


def _styled_spans(inlines: list[ast.Node]) -> list[ast.Node]:
    """A span's classes and attributes ([ici]{.link-lost}) travel as a character style: Word keeps
    styles, not attributes, and `docx_read` turns the style back into the span."""
    out = []
    for node in inlines:
        if node["t"] == "Span" and ast.note_label(node) is None and (node["c"][0][1] or node["c"][0][2]):
            ident, classes, attrs = node["c"][0]
            name = " ".join([f".{c}" for c in classes] + [f"{k}={v}" for k, v in attrs])
            node = ast.Span(node["c"][1], attrs=[["custom-style", f"{STYLE}{name}"]])
        out.append(node)
    return out


def export(project: Any, lang: str, note: Note, out: Path) -> None:
    doc = document(note, lang, catalog.entries(note, project.root))
    with atomic_path(out) as tmp:
        pandoc.write_file(doc, "docx", tmp.with_suffix(".docx"))
        tmp.with_suffix(".docx").replace(tmp)
