"""Word and LibreOffice debris taken out of a converted document (pandoc JSON AST).

Takes the blocks pandoc read from a .docx/.odt/.html/.md file (read with
``+styles`` where the format has it) and the heading level of each paragraph
style (`wordparts`); returns clean blocks, with what could not be kept listed
in a `Report`.  Removed: ``custom-style`` divisions and spans (a style named
like a heading, "Titre 1" or "Heading 1", becomes a heading), underline and
highlight, bookmark anchors (``_Toc…``, ``anchor-N``) and the links to them,
empty paragraphs, hard line breaks inside a paragraph, manual no-break and
invisible spaces (frspub applies French spacing itself).  Kept: footnotes,
emphasis, links to the web, citations, tables and figures (`wordfigures`).
Raw markup, math and unsafe links, which a note may not carry, are turned
into text or dropped, each reported with its place.

Why on the AST and not on the Markdown: a regular expression over Markdown
cannot tell a bookmark span from a bracket in the text, nor an empty
paragraph inside a table cell from a blank line between blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from frspub.note import ast
from frspub.note.safety import SAFE_SCHEMES, SCHEME

Node = ast.Node
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
NO_BREAK = re.compile("[\u00a0\u202f\u2007\u2009]")
HEADING_STYLE = re.compile(r"^(heading|titre|título|titulo|überschrift|titolo|kop)\s*(\d)$", re.I)
BLOCK_TYPES = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList",
               "BulletList", "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}
NO_ATTR = ["", [], []]


@dataclass
class Report:
    """What the conversion could not keep, as (place, message)."""
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, place: str, message: str) -> None:
        self.items.append((place, message))


def is_block_list(value: Any) -> bool:
    return (isinstance(value, list) and bool(value) and isinstance(value[0], dict)
            and value[0].get("t") in BLOCK_TYPES)


def rewrite(value: Any, on_blocks: Callable[[list[Node]], list[Node]],
            on_inlines: Callable[[list[Node]], list[Node]]) -> Any:
    """Every block list and inline list under `value`, innermost first, through the two functions."""
    if isinstance(value, dict):
        if "c" in value:
            value["c"] = rewrite(value["c"], on_blocks, on_inlines)
        return value
    if not isinstance(value, list):
        return value
    value = [rewrite(v, on_blocks, on_inlines) for v in value]
    if is_block_list(value):
        return on_blocks(value)
    if ast.is_inline_list(value):
        return on_inlines(value)
    return value


def style_of(attr: list[Any]) -> str:
    return dict(attr[2]).get("custom-style", "")


def heading_level(style: str, levels: dict[str, int]) -> int | None:
    m = HEADING_STYLE.match(style.strip())
    return levels.get(style) or (int(m.group(2)) if m else None)


class Cleaner:
    def __init__(self, levels: dict[str, int], report: Report, no_break: bool = True):
        self.levels = levels
        self.report = report
        self.no_break = no_break  # take out no-break spaces (an author's; a translator's are kept)

    def clean(self, blocks: list[Node]) -> list[Node]:
        return rewrite(blocks, self.blocks, self.inlines) or []

    # --- inlines --------------------------------------------------------
    def inlines(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            out += self.inline(node)
        return _tidy_spaces(out)

    def inline(self, node: Node) -> list[Node]:
        t, c = node["t"], node.get("c")
        if t == "Str":
            return _split_no_break(c.translate(INVISIBLE)) if self.no_break else [ast.Str(c.translate(INVISIBLE))]
        if t in ("LineBreak", "SoftBreak"):
            return [{"t": "Space"}]
        if t == "Underline":
            return c
        if t == "Span":
            return self.span(c)
        if t in ("Emph", "Strong", "Strikeout", "SmallCaps", "Superscript", "Subscript"):
            return [node] if ast.stringify(c).strip() or _has_note(c) else c
        if t == "Link":
            return self.link(node)
        if t == "Math":
            self.report.add(_words(c[1]), "equation kept as its TeX text (frspub prints no math): check it")
            return [{"t": "Code", "c": [NO_ATTR, c[1]]}]
        if t == "RawInline":
            self.report.add(_words(c[1]), f"raw {c[0]} markup dropped")
            return []
        if t == "Note" and len(c) == 1 and c[0]["t"] == "BlockQuote":  # LibreOffice's note body
            return [{"t": "Note", "c": c[0]["c"]}]
        return [node]

    def span(self, c: list[Any]) -> list[Node]:
        """Spans are styling or bookmarks: only a language change is kept (without ids or classes),
        and the spans of a French segment that `translation.docx_read` marks as its own."""
        if ["data-frspub-keep", "1"] in c[0][2]:
            return [{"t": "Span", "c": [["", c[0][1], c[0][2]], c[1]]}]
        lang = [kv for kv in c[0][2] if kv[0] == "lang"]
        if lang and c[1]:
            return [{"t": "Span", "c": [["", [], lang], c[1]]}]
        return c[1]

    def link(self, node: Node) -> list[Node]:
        attr, text, (target, title) = node["c"]
        if target.startswith("#") or not target:
            return text  # a cross-reference to a Word bookmark: its text stays
        m = SCHEME.match(target)
        if not m or m.group(1).lower() not in SAFE_SCHEMES:  # a file, a relative page, javascript:…
            self.report.add(_words(ast.stringify(text)), f"link to {target[:60]!r} dropped (a note links "
                            "only to http, https and mailto addresses), its text kept")
            return text
        return [{"t": "Link", "c": [NO_ATTR, text, [target, title]]}]

    # --- blocks ---------------------------------------------------------
    def blocks(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            out += self.block(node)
        return out

    def block(self, node: Node) -> list[Node]:
        t, c = node["t"], node.get("c")
        if t in ("Para", "Plain"):
            c = _strip(c)
            return [{"t": t, "c": c}] if c else []
        if t == "Header":
            inlines = _strip(c[2])
            return [{"t": "Header", "c": [c[0], NO_ATTR, inlines]}] if inlines else []
        if t == "Div":
            return self.div(c)
        if t in ("OrderedList", "BulletList"):
            return self.list_(node)
        if t == "RawBlock":
            self.report.add(_words(c[1]), f"raw {c[0]} block dropped")
            return []
        if t == "CodeBlock" and not c[1].strip():
            return []
        return [node]

    def div(self, c: list[Any]) -> list[Node]:
        attr, content = c
        level = heading_level(style_of(attr), self.levels)
        if level and len(content) == 1 and content[0]["t"] in ("Para", "Plain", "Header"):
            inlines = content[0]["c"] if content[0]["t"] != "Header" else content[0]["c"][2]
            return [{"t": "Header", "c": [level, NO_ATTR, inlines]}]
        if "caption" in attr[1]:  # LibreOffice's table caption, placed by `wordfigures`
            return [{"t": "Div", "c": [["", ["caption"], []], content]}]
        return content

    def list_(self, node: Node) -> list[Node]:
        """A numbered heading is read as a one-item list: its items are headings again."""
        items = node["c"] if node["t"] == "BulletList" else node["c"][1]
        items = [item for item in items if item]
        if items and all(all(b["t"] == "Header" for b in item) for item in items):
            return [b for item in items for b in item]
        if not items:
            return []
        if node["t"] == "BulletList":
            return [{"t": "BulletList", "c": items}]
        return [{"t": "OrderedList", "c": [node["c"][0], items]}]


def _split_no_break(text: str) -> list[Node]:
    parts = NO_BREAK.split(text)
    out: list[Node] = []
    for i, part in enumerate(parts):
        if i:
            out.append({"t": "Space"})
        if part:
            out.append(ast.Str(part))
    return out


def _tidy_spaces(nodes: list[Node]) -> list[Node]:
    """One Space between words, adjacent strings joined (a split word reads as one)."""
    out: list[Node] = []
    for node in nodes:
        if node["t"] == "Space" and out and out[-1]["t"] == "Space":
            continue
        if node["t"] == "Str" and out and out[-1]["t"] == "Str":
            out[-1] = ast.Str(out[-1]["c"] + node["c"])
            continue
        out.append(node)
    return out


def _strip(inlines: list[Node]) -> list[Node]:
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak", "LineBreak"):
        inlines = inlines[1:]
    while inlines and inlines[-1]["t"] in ("Space", "SoftBreak", "LineBreak"):
        inlines = inlines[:-1]
    return inlines


def _has_note(nodes: list[Node]) -> bool:
    return any(n.get("t") == "Note" for n in nodes)


def _words(text: str, size: int = 50) -> str:
    words = " ".join(text.split())
    return f"“{words[:size]}…”" if len(words) > size else f"“{words}”"


def header_levels_from_one(blocks: list[Node]) -> None:
    """Shift the headings so that the highest is `#` (a document whose sections are "Titre 2")."""
    levels = [b["c"][0] for b in blocks if b["t"] == "Header"]
    shift = min(levels) - 1 if levels else 0
    for b in blocks:
        if b["t"] == "Header":
            b["c"][0] -= shift
