"""What a read note is — the `Note` every later stage receives.

Takes nothing: it defines the data `source.read_note` fills (metadata with
their lines, the body and footnotes as pandoc JSON with fixed labels, the
numbered figures) and `get`, the dotted look-up into the metadata.  It sits
below `source` and `figures` so that both can name a `Note` without importing
each other.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frspub.errors import display_path
from frspub.note import ast


@dataclass
class Note:
    path: Path
    slug: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    fields: dict[str, list[ast.Node]]  # translatable metadata, parsed Markdown blocks
    blocks: list[ast.Node]  # body; footnote calls are placeholder spans
    notes: dict[str, list[ast.Node]]  # label -> footnote blocks, in French order
    note_lines: dict[str, int] = field(default_factory=dict)  # label -> line of definition
    call_lines: dict[str, int] = field(default_factory=dict)  # label -> line of the call
    text: str = ""  # the whole source file
    body_line: int = 1  # line where the body starts
    figures: list[Any] = field(default_factory=list)  # `figures.Numbered`, in reading order
    citations: Any = None  # `citations.Sources` when the note cites or names a bibliography

    @property
    def display(self) -> str:
        return display_path(self.path)

    @property
    def date(self) -> dt.date:
        return self.meta["date"]

    def copy(self) -> "Note":
        """A copy sharing nothing mutable (`ast.copied`: a third of `copy.deepcopy`'s time, 0.01 s
        of the French note's edition)."""
        return ast.copied(self)


def get(meta: dict[str, Any], dotted: str) -> Any:
    value: Any = meta
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value
