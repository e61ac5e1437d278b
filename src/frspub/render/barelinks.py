"""Bare web addresses as links, in every format.

Takes pandoc blocks of an edition (its body, a note, a field: the translated text, so the
catalogs keep the address as the author typed it); `linked` returns them with each bare
``http(s)://`` address of running text made a link to itself (class ``uri``, as pandoc's own
autolinks), its surrounding punctuation left outside.  Pandoc's Markdown reader leaves such
an address a plain word (its `autolink_bare_uris` extension is off, and turning it on would
change the catalogs' segments): the HTML and EPUB reader could not follow it, and print
hyphenated it like a word ("…/data/departe-/ments.json", a wrong address when copied), where
print.css never hyphenates a link.  Code, links, images, citations, math and raw markup are
left as they are.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from frspub.note import ast

URL = re.compile(r"^(?P<pre>[(\[«“‘<\"']*)(?P<url>https?://[\w\[][^\s<>\"]*)$")
TRAILING = ".,;:!?)]»”’>'\""  # after an address: the sentence's, not the address's
OPAQUE = {"Link", "Image", "Code", "Cite", "Math", "RawInline"}  # their words are not running text


def linked(blocks: list[Any]) -> list[Any]:
    """`blocks` with bare addresses linked (copied only where one is found)."""
    if not _holds_bare(blocks):
        return blocks
    blocks = copy.deepcopy(blocks)
    _walk(blocks)
    return blocks


def _bare(node: dict[str, Any]) -> bool:
    return node.get("t") == "Str" and "://" in node["c"] and URL.match(node["c"]) is not None


def _holds_bare(value: Any) -> bool:
    """A bare address somewhere in running text under `value` (`OPAQUE` nodes not entered)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if _bare(item):
                return True
            if item.get("t") not in OPAQUE:
                todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def _walk(value: Any) -> None:
    """Link the bare addresses of every inline list under `value`, not entering `OPAQUE` nodes."""
    if isinstance(value, dict):
        if value.get("t") in OPAQUE:
            return
        if "c" in value:
            if ast.is_inline_list(value["c"]):
                value["c"] = _linked(value["c"])
            _walk(value["c"])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if ast.is_inline_list(item):
                value[i] = _linked(item)
            _walk(value[i])


def _linked(inlines: list[Any]) -> list[Any]:
    out: list[Any] = []
    for node in inlines:
        out += _split(node["c"]) if _bare(node) else [node]
    return out


def _split(word: str) -> list[Any]:
    """[text before, the link, text after] of a word holding an address."""
    m = URL.match(word)
    assert m is not None  # _bare matched it
    url, post = _trimmed(m.group("url"))
    link = {"t": "Link", "c": [["", ["uri"], []], [ast.Str(url)], [url, ""]]}
    return ([ast.Str(m.group("pre"))] if m.group("pre") else []) + [link] + ([ast.Str(post)] if post else [])


def _trimmed(text: str) -> tuple[str, str]:
    """(address, punctuation after it): a closing bracket stays when the address opened it
    (Wikipedia's "…_(disambiguation)")."""
    end = len(text)
    while end > 0 and text[end - 1] in TRAILING:
        if text[end - 1] == ")" and text[:end].count("(") >= text[:end].count(")"):
            break
        end -= 1
    return text[:end], text[end:]
