"""No short word stranded at the end of a title or heading line ("…Strategic Axis: An /
Assessment").

Takes pandoc blocks (a note's body, its title field) and the edition's language; `bound`
returns them with, in every heading, each word of at most `SHORT` letters (an article, a
preposition, "An", "of", "du", "une") joined to the word after it in a ``span.frs-nobr``,
which print.css, screen.css and epub.css set `white-space: nowrap`.  A span, not a no-break
space: the text keeps its ordinary spaces, so copying, searching, the PDF bookmarks and the
Sommaire read as before.  Japanese has no spaces to break at, so it is left as it is.
"""
from __future__ import annotations

import copy
from typing import Any

from frspub.note import ast

SHORT = 3  # letters: "An", "of", "the", "for", "du", "une"
NOBR = "frs-nobr"
UNBOUND_LANGS = {"ja"}  # and every CJK language (conventions.cjk): a Hangul word of 2–3 syllables is no "short word"
BREAKS = {"Space", "SoftBreak", "LineBreak"}


def unbound(lang: str) -> bool:
    from frspub import conventions

    return lang in UNBOUND_LANGS or conventions.of(lang).cjk is not None


def bound(blocks: list[Any], lang: str) -> list[Any]:
    """`blocks` with the short words of their headings joined to the next word (headings are
    copied; the other blocks are the same objects)."""
    if unbound(lang):
        return blocks
    out = []
    for block in blocks:
        if block.get("t") == "Header":
            block = copy.deepcopy(block)
            ast.walk_inline_lists([block], _bind)
        out.append(block)
    return out


def bound_title(blocks: list[Any], lang: str) -> list[Any]:
    """A title field's paragraphs, bound as a heading's."""
    if unbound(lang):
        return blocks
    blocks = copy.deepcopy(blocks)
    ast.walk_inline_lists(blocks, _bind)
    return blocks


def short(node: Any) -> bool:
    """A word of one to `SHORT` letters (punctuation around it aside: "(of", "An")."""
    if node.get("t") != "Str":
        return False
    letters = [c for c in node["c"] if c.isalpha()]
    core = node["c"].strip("([{«“‘\"'")
    return 0 < len(letters) <= SHORT and core.isalpha()


def _joinable(node: Any) -> bool:
    """A word (or emphasis, a quotation…) that may follow a short word on its line."""
    return node.get("t") not in BREAKS and ast.note_label(node) is None


def _bind(inlines: list[Any]) -> list[Any]:
    """Each run "short word, space, word" (and "of the US": chains) in one nowrap span."""
    out: list[Any] = []
    i = 0
    while i < len(inlines):
        k = i
        while _links(inlines, k):
            k += 2
        if k == i:
            out.append(inlines[i])
            i += 1
            continue
        out.append(ast.Span(inlines[i:k + 1], classes=[NOBR]))
        i = k + 1
    return out


def _links(inlines: list[Any], k: int) -> bool:
    """The word at `k` is short and joined to the word two places on."""
    return (k + 2 < len(inlines) and short(inlines[k]) and inlines[k + 1].get("t") == "Space"
            and _joinable(inlines[k + 2]))
