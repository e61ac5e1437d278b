"""Stage 1e: every id of a note is unique, across headings, figures, tables, spans and notes.

Takes a note just read (its pandoc tree: blocks, footnotes, fields, with
pandoc's own heading ids) and its source text; returns a problem at the line
of each id used a second time, of each footnote defined twice, and of each id
frspub's pages already use (the footnotes' ``fn-N``, the Sommaire's ``toc``…).
A duplicate id makes a link or a cross-reference land on the wrong element,
and EPUBCheck refuses the EPUB.  Ids are compared as the editions write them
(``fig:x`` is written ``fig-x``).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from frspub.errors import Problem

# Ids of frspub's own edition pages (edition.html.j2, the EPUB's notes).
RESERVED = {"text", "toc", "toc-title", "notes", "notes-title", "frspub-lineage", "summary-title"}
RESERVED_PREFIXES = ("fn-", "fnref-")
WITH_ATTR = {"Header": 1, "Div": 0, "Span": 0, "Figure": 0, "Table": 0, "CodeBlock": 0, "Code": 0, "Link": 0,
             "Image": 0}


def problems(note: Any, definitions: list[tuple[str, int]]) -> list[Problem]:
    """`definitions`: (label, line) of each footnote definition, as the note's scan found them."""
    found: list[Problem] = []
    seen: dict[str, int] = {}
    lines = _explicit_lines(note.text)
    for ident in _ids([note.blocks, *note.notes.values(), *note.fields.values()]):
        shown = ident.replace(":", "-")
        line = lines.get(ident, [0])
        if shown in RESERVED or shown.startswith(RESERVED_PREFIXES):
            found.append(Problem(note.display, line[0], f"id {ident!r} is one frspub's pages use: choose another"))
        elif shown in seen:
            at = line[min(seen[shown], len(line) - 1)] if line else 0
            found.append(Problem(note.display, at, f"id {ident!r} is used twice: ids name one place each"))
        seen[shown] = seen.get(shown, 0) + 1
    labels: dict[str, int] = {}
    for label, line in definitions:
        if label in labels:
            found.append(Problem(note.display, line, f"footnote [^{label}] is defined twice (first at line "
                                 f"{labels[label]})"))
        labels.setdefault(label, line)
    return found


def _ids(trees: list[Any]) -> Iterator[str]:
    """Every id of the trees, in document order (headings' ids as pandoc gave them)."""
    todo = list(reversed(trees))
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(reversed(node))
        elif isinstance(node, dict):
            kind = node.get("t")
            if kind in WITH_ATTR:
                attr = node["c"][WITH_ATTR[kind]] if kind != "Header" else node["c"][1]
                if isinstance(attr, list) and attr and isinstance(attr[0], str) and attr[0]:
                    yield attr[0]
            content = node.get("c")
            if isinstance(content, list):
                todo.append(content)


def _explicit_lines(text: str) -> dict[str, list[int]]:
    """The lines of each explicit ``{#id …}`` of the source, in order (a heading's automatic id has
    none: its duplicate is reported where the explicit one is)."""
    out: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for block in re.findall(r"\{([^{}]*)\}", line):
            for m in re.finditer(r"(?:^|\s)#([^\s}]+)", block):
                out.setdefault(m.group(1), []).append(number)
    return out
