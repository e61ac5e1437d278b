"""A note's headings: checked, and levelled so that the Sommaire lists real sections.

Takes a `Note` just read (`prepare` changes its blocks in place); returns
warnings with the headings' lines:

- an empty heading (``## `` alone) is a warning and is left out: it would be an
  empty Sommaire entry and an empty ``<h2>`` (the Nu checker's complaint);
- a heading that skips a level (``#`` then ``###``) is a warning, and is set one
  level below the heading before it: readers of the tagged PDF and of the HTML
  navigate by levels;
- the headings are shifted so that the note's highest level present is a
  section (``#``): a thesis whose chapters are ``###`` gets a Sommaire of its
  chapters and their sub-sections, and every edition's headings start at the
  first level under the title, as PDF/UA asks.

`toc_depth` reads ``toc-depth:`` from the YAML (how many levels the Sommaire
lists, from the highest present; 2 by default).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from frspub.errors import Problem
from frspub.note import ast

DEFAULT_DEPTH = 2
ATX = re.compile(r"^(#{1,6})(?:[ \t]|$)")
SETEXT = re.compile(r"^(=+|-+)[ \t]*$")


def prepare(note: Any, body: str) -> list[Problem]:
    """Drop empty headings, shift the levels; warnings for empty and skipped levels.
    `body` is the note's body as pandoc read it (its later YAML blocks blanked)."""
    lines = [note.body_line + i for i in _heading_lines(body)]
    warnings: list[Problem] = []
    previous = 0
    headers = list(_headers(note.blocks))
    for index, (holder, position, header) in enumerate(headers):
        line = lines[index] if index < len(lines) else note.body_line
        level = header["c"][0]
        if not ast.stringify(header["c"][2]).strip() and not _has_image(header):
            warnings.append(Problem(note.display, line, f"empty heading ({'#' * level}): it is left out "
                                    "(write its title, or delete the line)", "warning"))
            holder[position] = None
            continue
        if previous and level > previous + 1:
            warnings.append(Problem(note.display, line, f"heading level skips from {'#' * previous} to "
                                    f"{'#' * level}: it is printed as {'#' * (previous + 1)}, as readers "
                                    "navigating by headings expect (write it so)", "warning"))
            level = header["c"][0] = previous + 1
        previous = level
    _drop_empty(note.blocks)
    _shift(note.blocks)
    _retarget(note, _anchors(note.blocks))
    return warnings


def toc_depth(meta: dict[str, Any], lines: dict[str, int], shown: str) -> tuple[int, list[Problem]]:
    value = meta.get("toc-depth", DEFAULT_DEPTH)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 6:
        return value, []
    return DEFAULT_DEPTH, [Problem(shown, lines.get("toc-depth", 1), f"`toc-depth` must be a number of heading "
                                   f"levels from 1 to 6, not {value!r}: the Sommaire lists 2", "warning")]


def _headers(blocks: list[Any]) -> Iterator[tuple[list[Any], int, Any]]:
    """(list, index, Header) of the body's headings, in reading order (in divisions too)."""
    for i, block in enumerate(blocks):
        if block is None:
            continue
        if block["t"] == "Header":
            yield blocks, i, block
        elif block["t"] == "Div":
            yield from _headers(block["c"][1])


def _has_image(header: Any) -> bool:
    todo: list[Any] = [header["c"][2]]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if item.get("t") == "Image":
                return True
            todo.append(item.get("c"))
        elif isinstance(item, list):
            todo.extend(item)
    return False


def _drop_empty(blocks: list[Any]) -> None:
    blocks[:] = [b for b in blocks if b is not None]
    for b in blocks:
        if b["t"] == "Div":
            _drop_empty(b["c"][1])


def _shift(blocks: list[Any]) -> None:
    found = list(_headers(blocks))
    top = min((h["c"][0] for _, _, h in found), default=1)
    for _, _, header in found:
        header["c"][0] -= top - 1


def _anchors(blocks: list[Any]) -> dict[str, str]:
    """Take the empty anchor spans out of the headings (LibreOffice's and Word's
    ``<span id="anchor-7"></span>Titre``): {anchor id: the heading's id}. An empty span in a
    Sommaire entry is invalid in the EPUB's navigation, and the heading is the target."""
    moved: dict[str, str] = {}
    for _, _, header in _headers(blocks):
        ident = header["c"][1][0]
        kept = []
        for node in header["c"][2]:
            if node["t"] == "Span" and not node["c"][1] and node["c"][0][0] and ident:
                moved[node["c"][0][0]] = ident
            else:
                kept.append(node)
        header["c"][2] = kept
    return moved


def _retarget(note: Any, moved: dict[str, str]) -> None:
    """Links to a moved anchor go to its heading."""
    def swap(inlines: list[Any]) -> list[Any]:
        for node in inlines:
            if node["t"] == "Link" and node["c"][2][0].startswith("#") and node["c"][2][0][1:] in moved:
                node["c"][2][0] = "#" + moved[node["c"][2][0][1:]]
        return inlines

    if moved:
        for tree in [note.blocks, *note.notes.values(), *note.fields.values()]:
            ast.walk_inline_lists(tree, swap)


def _heading_lines(body: str) -> list[int]:
    """Offsets in `body` of its headings' lines (ATX ``## x``, setext underlined), outside code."""
    found = []
    lines = body.splitlines()
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif fenced:
            continue
        elif ATX.match(line):
            found.append(i)
        elif (SETEXT.match(line) and i and lines[i - 1].strip() and not ATX.match(lines[i - 1])
              and not lines[i - 1].startswith((" ", "\t", "-", "*", ">", "|"))):
            found.append(i - 1)
    return found
