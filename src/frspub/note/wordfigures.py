"""Figures and tables of a converted document, made frspub figures and tables.

Takes the cleaned top-level blocks (`wordclean`) and the alt text of each image
in document order (`wordparts`); returns blocks where each picture is a
figure ``![Caption](file){#fig:N alt="…"}`` and each captioned table carries
``{#tbl:N}``, and the images in order (so that `convert` can save them as
``<slug>-figN.png`` and point the figures to those files).

Word and LibreOffice write the number into the caption ("Figure 1 : …",
"Tableau 2 - …"); frspub numbers figures and tables itself, so the label is
taken out (and remembered in `dropped`, so that the text comparison does not
count it as lost).  A picture inside a sentence, a table cell or a footnote,
which a note may not hold, is moved after its paragraph or dropped, and
reported.  A picture without caption gets its alt text as caption, or the
`unfilled` marker.
"""
from __future__ import annotations

import re
from typing import Any

from frspub.note import ast
from frspub.note.unfilled import marked
from frspub.note.wordclean import NO_ATTR, Report, _words

Node = ast.Node
FIGURE_LABEL = re.compile(r"^\s*(figure|fig\.?|graphique|carte|illustration|image|schéma|schema|photo|"
                          r"graph|chart|map)\s*(n°\s*)?\d+\s*[:.–—-]?\s*", re.I)
TABLE_LABEL = re.compile(r"^\s*(tableau|table|tabl\.)\s*(n°\s*)?\d+\s*[:.–—-]?\s*", re.I)


class Figures:
    def __init__(self, alt_texts: list[str], report: Report):
        self.alt_texts = list(alt_texts)
        self.report = report
        self.images: list[Node] = []  # Image nodes in reading order; `convert` sets their files
        self.dropped: list[str] = []  # caption labels taken out
        self.tables = 0

    def place(self, blocks: list[Node]) -> list[Node]:
        out: list[Node] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            t = block["t"]
            if t == "Figure":
                out.append(self.figure(block))
            elif t in ("Para", "Plain") and _lone_image(block["c"]):
                caption = None
                if nxt is not None and nxt["t"] in ("Para", "Plain") and FIGURE_LABEL.match(ast.stringify(nxt["c"])):
                    caption, i = nxt["c"], i + 1
                out.append(self.make(_lone_image(block["c"]), caption))
            elif t in ("Para", "Plain") and _images_in(block):
                out += self.pull_out(block)
            elif t == "Table":
                caption = None
                if out and _is_table_caption(out[-1]):
                    caption = _caption_inlines(out.pop())
                elif nxt is not None and nxt["t"] in ("Para", "Plain") and TABLE_LABEL.match(ast.stringify(nxt["c"])):
                    caption, i = nxt["c"], i + 1
                if "".join(ast.stringify(cell[4]) for cell in _cells(block)).strip():
                    out.append(self.table(block, caption))
                else:
                    self.report.add("an empty table", "table without any text dropped")
            elif t == "Div" and "caption" in block["c"][0][1]:
                out += block["c"][1]
            else:
                out.append(self.no_images(block))
            i += 1
        return out

    def figure(self, block: Node) -> Node:
        image = next((n for n in _walk(block["c"][2]) if n.get("t") == "Image"), None)
        caption = [n for b in block["c"][1][1] for n in _caption_inlines(b)]
        if image is None:
            return ast.Para(caption)
        return self.make(image, caption)

    def make(self, image: Node, caption: list[Node] | None) -> Node:
        alt = self.alt_texts.pop(0) if self.alt_texts else ""
        alt = alt or ast.stringify(image["c"][1]).strip()
        caption = self.strip_label(caption or [], FIGURE_LABEL)
        number = len(self.images) + 1
        if not caption:
            caption = [ast.Str(alt)] if alt else [ast.Str(marked(f"légende de la figure {number}"))]
            self.report.add(f"figure {number}", "picture without caption: "
                            + ("its alt text stands as caption, check it" if alt else "write its caption"))
        attrs = [["alt", alt]] if alt else []
        if not alt:
            self.report.add(f"figure {number}", "picture without alt text: write one (alt=\"…\")")
        new = {"t": "Image", "c": [["", [], attrs], caption, [image["c"][2][0], ""]]}
        self.images.append(new)
        return {"t": "Figure", "c": [[f"fig:{number}", [], []], [None, [ast.Plain(caption)]],
                                     [ast.Plain([new])]]}

    def table(self, block: Node, caption: list[Node] | None) -> Node:
        c = block["c"]
        inlines = caption if caption is not None else [n for b in c[1][1] for n in _caption_inlines(b)]
        inlines = self.strip_label(inlines, TABLE_LABEL)
        block = self.no_images(block)
        c = block["c"]
        c[2] = [[align, {"t": "ColWidthDefault"}] for align, _ in c[2]]  # Word's widths make grid tables
        if inlines:
            self.tables += 1
            c[0] = [f"tbl:{self.tables}", [], []]
            c[1] = [None, [ast.Plain(inlines)]]
        else:
            c[0], c[1] = NO_ATTR, [None, []]
        return block

    def strip_label(self, inlines: list[Node], label: re.Pattern[str]) -> list[Node]:
        """The caption without its "Figure 1 :" label (at a node boundary, as Word writes it)."""
        m = label.match(ast.stringify(inlines))
        if not m:
            return inlines
        taken = 0
        while inlines and taken < m.end():
            taken += len(ast.stringify(inlines[0]))
            inlines = inlines[1:]
        self.dropped.append(m.group(0))
        while inlines and inlines[0]["t"] == "Space":
            inlines = inlines[1:]
        return inlines

    def pull_out(self, block: Node) -> list[Node]:
        """A picture inside a sentence becomes a figure after its paragraph."""
        found: list[Node] = []

        def take(nodes: list[Node]) -> list[Node]:
            kept = []
            for n in nodes:
                (found if n["t"] == "Image" else kept).append(n)
            return kept

        ast.walk_inline_lists([block], take)
        self.report.add(_words(ast.stringify(block["c"])), "picture inside a sentence moved after its paragraph")
        return [block, *(self.make(img, None) for img in found)]

    def no_images(self, block: Node) -> Node:
        """Pictures inside a table, list, quotation or footnote: a note cannot hold them there."""
        def drop(nodes: list[Node]) -> list[Node]:
            kept = [n for n in nodes if n["t"] != "Image"]
            if len(kept) != len(nodes):
                if self.alt_texts:
                    self.alt_texts.pop(0)
                self.report.add(_words(ast.stringify(nodes)) or "a picture",
                                "picture inside a table, list, quotation or footnote dropped: put it in a "
                                "paragraph of its own")
            return kept

        ast.walk_inline_lists([block], drop)
        return block


def _cells(table: Node) -> list[Any]:
    _, _, _, head, bodies, foot = table["c"]
    rows = list(head[1]) + [r for body in bodies for r in body[2] + body[3]] + list(foot[1])
    return [cell for row in rows for cell in row[1]]


def _lone_image(inlines: list[Node]) -> Node | None:
    content = [n for n in inlines if n["t"] not in ("Space", "SoftBreak", "LineBreak")]
    return content[0] if len(content) == 1 and content[0]["t"] == "Image" else None


def _images_in(block: Node) -> bool:
    return any(n.get("t") == "Image" for n in _walk(block["c"]))


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        yield value
        yield from _walk(value.get("c"))
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def _is_table_caption(block: Node) -> bool:
    if block["t"] == "Div" and "caption" in block["c"][0][1]:
        return True
    return block["t"] in ("Para", "Plain") and bool(TABLE_LABEL.match(ast.stringify(block["c"])))


def _caption_inlines(block: Node) -> list[Node]:
    if block["t"] == "Div":
        return [n for b in block["c"][1] for n in _caption_inlines(b)]
    return block["c"] if block["t"] in ("Para", "Plain") else []
