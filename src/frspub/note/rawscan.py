"""The tokenizer `note.rawhtml` checks raw HTML with: a fragment's tags and comments, as a
browser's tokenizer sees them (Python's `html.parser`).

A module of its own, imported at the first raw HTML a note holds: `html.parser` compiles a dozen
patterns at import (0.005 s of CPU), which a note without raw HTML never needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Tag:
    name: str
    attrs: list[tuple[str, str | None]]
    end: bool = False


@dataclass
class Scan(HTMLParser):
    """Tags and comments of a fragment, as a browser's tokenizer sees them."""

    tags: list[Tag] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    comments: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(Tag(tag, [], end=True))

    def handle_comment(self, data: str) -> None:
        self.comments += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_decl(self, decl: str) -> None:
        self.tags.append(Tag("!" + decl.split()[0].lower() if decl.split() else "!", []))

    def handle_pi(self, data: str) -> None:
        self.tags.append(Tag("?", []))
