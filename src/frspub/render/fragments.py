"""An edition's text as HTML pieces, from one pandoc run.

Takes an `Edition`; returns `Fragments`: the body (lxml element, footnote
calls still placeholders ``<span class="frsnote" data-label="N">``), each
footnote's HTML by label, each metadata field's HTML and the table of
contents.  `inline_notes` (print) and `linked_notes` (screen) then place the
notes with their fixed labels.
"""
from __future__ import annotations

import copy
import html
from dataclasses import dataclass

from lxml import html as lhtml
from lxml.html import HtmlElement
from markupsafe import Markup

from frspub.note import ast, headings
from frspub.render import barelinks, htmlmemo, shortwords
from frspub.translation.edition import Edition

BODY = "frs-body"
NOTE = "frs-note-"
FIELD = "frs-field-"


@dataclass
class TocEntry:
    id: str
    level: int
    html: str
    text: str


@dataclass
class Fragments:
    body: HtmlElement
    notes: dict[str, HtmlElement]
    fields: dict[str, HtmlElement]
    toc: list[TocEntry]


def label_id(label: str) -> str:
    """An id-safe form of a label: 7 -> 7, * -> x2a."""
    return "".join(c if c.isalnum() else f"x{ord(c):x}" for c in label)


def pieces(ed: Edition) -> list[ast.Node]:
    """The Divs pandoc writes: the body, then each footnote and metadata field."""
    note = ed.note
    divs = [ast.Div(BODY, shortwords.bound(barelinks.linked(note.blocks), ed.lang))]
    divs += [ast.Div(NOTE + label_id(k), barelinks.linked(v)) for k, v in note.notes.items()]
    divs += [ast.Div(FIELD + k.replace(".", "-"), shortwords.bound_title(v, ed.lang) if k == "title" else v)
             for k, v in note.fields.items()]
    return divs


def build(ed: Edition) -> Fragments:
    note = ed.note
    text = htmlmemo.html(pieces(ed))  # pandoc's html5, the blocks it has written before taken from memory
    root = lhtml.fragment_fromstring(text, create_parent="div")
    by_id = {el.get("id"): el for el in root if el.get("id")}
    notes = {k: by_id[NOTE + label_id(k)] for k in note.notes}
    fields = {k: by_id[FIELD + k.replace(".", "-")] for k in note.fields}
    body = by_id[BODY]
    depth = headings.toc_depth(note.meta, note.meta_lines, note.display)[0]
    return Fragments(body, notes, fields, toc(body, depth))


def toc(body: HtmlElement, depth: int = headings.DEFAULT_DEPTH) -> list[TocEntry]:
    """The Sommaire: the note's `depth` highest heading levels (the note's highest level is
    <h2> in every edition, see `note.headings`)."""
    entries = []
    for heading in body.xpath(" | ".join(f".//h{level}[@id]" for level in range(2, 2 + depth))):
        if "unlisted" in heading.get("class", ""):
            continue
        clean = copy.deepcopy(heading)
        clean.tail = None
        for span in placeholders(clean):
            _drop(span)
        for link in clean.xpath(".//a"):  # the entry is a link itself: a link in a link is invalid
            link.drop_tag()
        for el in clean.xpath(".//*[@id]"):  # an anchor in the heading keeps its id there only
            del el.attrib["id"]
        for span in clean.xpath(".//span[not(@*)]"):
            span.drop_tag()
        # Markup: the heading's HTML (pandoc's, escaped), with its spans (lang="fr" of a passage in French)
        entries.append(TocEntry(heading.get("id"), int(str(heading.tag)[1]), Markup(inner_html(clean)),
                                clean.text_content().strip()))
    return entries


def _glue_to_previous_text(el: HtmlElement) -> None:
    """End the text before `el` with a word joiner: browsers may break a Japanese line
    before a call, leaving a lone "*" or "1" at a line start."""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + "\u2060"
    else:
        parent = el.getparent()
        parent.text = (parent.text or "") + "\u2060"


def toc_tree(entries: list[TocEntry]) -> list[tuple[TocEntry, list[TocEntry]]]:
    """Sections with their sub-sections, for a nested list (a sub-section before any section
    stands as a section)."""
    tree: list[tuple[TocEntry, list[TocEntry]]] = []
    for entry in entries:
        if entry.level > 2 and tree:
            tree[-1][1].append(entry)
        else:
            tree.append((entry, []))
    return tree


def _drop(el: HtmlElement) -> None:
    """Remove `el` but keep its tail text."""
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def inner_html(el: HtmlElement) -> str:
    # lxml gives .text unescaped: "<" in a title must come out as "&lt;", never as markup
    return html.escape(el.text or "", quote=False) + "".join(lhtml.tostring(c, encoding="unicode") for c in el)


def field_inline(frag: Fragments, name: str) -> str:
    """A one-paragraph field as inline HTML (the paragraph's content)."""
    el = frag.fields.get(name)
    if el is None:
        return ""
    p = el.find("p")
    return inner_html(p if p is not None and len(el) == 1 else el)


def placeholders(root: HtmlElement) -> list[HtmlElement]:
    return root.xpath(".//span[contains(concat(' ', @class, ' '), ' frsnote ')]")


BLOCK_TAGS = {"p", "div", "blockquote", "ul", "ol", "li", "table", "section", "pre", "figure"}


def inline_notes(frag: Fragments) -> HtmlElement:
    """A copy of the body with each call replaced by its note as a `span.fn` (for WeasyPrint's
    `float: footnote`); block elements of the note become block-displayed spans."""
    body = copy.deepcopy(frag.body)
    for ph in placeholders(body):
        label = ph.get("data-label")
        note = copy.deepcopy(frag.notes[label])
        for el in note.iter():
            if el.tag in BLOCK_TAGS:
                el.set("class", f"fn-{el.tag} {el.get('class', '')}".strip())
                el.tag = "span"
        _first_paragraph_inline(note)
        note.tag = "span"
        note.attrib.clear()
        note.set("class", "fn")
        note.set("data-label", label)
        note.set("id", f"fn-{label_id(label)}")
        note.tail = ph.tail
        ph.getparent().replace(ph, note)
    return body


def _first_paragraph_inline(note: HtmlElement) -> None:
    """The marker must run into the first paragraph: no whitespace before it, not a block."""
    note.text = None
    for child in note:
        if child.tail is not None and not child.tail.strip():
            child.tail = None
    if len(note) and "fn-p" in note[0].get("class", "").split():
        note[0].set("class", note[0].get("class") + " fn-first")


def linked_notes(frag: Fragments) -> HtmlElement:
    """A copy of the body with each call as a link to its note (role doc-noteref)."""
    body = copy.deepcopy(frag.body)
    for ph in placeholders(body):
        label = ph.get("data-label")
        ident = label_id(label)
        a = lhtml.Element("a", {"class": "fnref", "href": f"#fn-{ident}", "id": f"fnref-{ident}",
                                "role": "doc-noteref"})
        _glue_to_previous_text(ph)
        sup = lhtml.Element("sup")
        sup.text = label
        a.append(sup)
        a.tail = ph.tail
        ph.getparent().replace(ph, a)
    return body
