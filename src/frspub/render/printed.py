"""The print page an edition's process hands the PDF's: its HTML and the characters it prints.

A module of its own so that making the page (`render.printpage`) does not import the PDF's
writer (`render.pdf`: the layout's modules and WeasyPrint's patches, 0.03-0.05 s), which the
edition's process needs only after it has handed the page over.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Printed:
    """The print HTML of an edition and the characters it puts on paper (made once:
    the glyph check and the PDF both need them)."""
    text: str
    chars: set[str]
    aki: frozenset[str] = frozenset()  # characters set in the widened faces (render.aki)
    halt: frozenset[str] = frozenset()  # marks set in the half-width faces (render.yakumono)
