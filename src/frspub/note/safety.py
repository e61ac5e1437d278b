"""What a canonical note may not carry into an edition.

Takes a French `source.Note` (or its Markdown text, for the nesting check,
before pandoc reads it); returns `Problem`s with the note's lines.  The note is
the foundation's own text, but it comes through many hands and its editions
are published on the web: the same rules as for translations (`checks`) apply
to it, so that no route (body, footnote, YAML field) injects markup, script
links or event-handler attributes into the HTML and EPUB editions:

- no raw HTML or other raw formats (pandoc would pass them through); TeX math is allowed,
  and checked by `formulas` (MathML in HTML and EPUB, drawn vectors in the PDF);
- link targets: ``#anchor`` or http / https / mailto; a site-root or relative
  link is made absolute against the note's ``site_url`` (YAML), or refused without one
  (image files are checked by `figures` and `images`);
- attributes ``{key=value}``: only the inert ones listed in `ATTRIBUTES`;
- block quotes and lists nested at most `MAX_DEPTH` deep (deeper is no text a
  reader can follow, and it would exhaust the recursion of every tree walker).
"""
from __future__ import annotations

import re
from typing import Any

from frspub.errors import Problem
from frspub.note import ast

SAFE_SCHEMES = ("http", "https", "mailto")  # the only link schemes of notes and translations
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")

ATTRIBUTES = {"lang", "dir", "title", "width", "height", "label", "source"}  # source: figures
MAX_DEPTH = 24
# Where each kind of node keeps its attributes (pandoc's [id, classes, [[key, value]]]).
ATTR_SLOT = {"Span": 0, "Div": 0, "Link": 0, "Image": 0, "Code": 0, "CodeBlock": 0, "Header": 1,
             "Table": 0, "Figure": 0}
QUOTE_OR_ITEM = re.compile(r"^((?:\s*>)+)|^(\s*)(?:[-*+]|\d+[.)])\s")


def nesting_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Block quotes or list items nested deeper than MAX_DEPTH (checked on the text, before
    pandoc builds a tree that deep)."""
    for number, line in enumerate(text.splitlines(), start=first_line):
        m = QUOTE_OR_ITEM.match(line)
        if not m:
            continue
        depth = m.group(1).count(">") if m.group(1) else len(m.group(2).expandtabs(4)) // 2 + 1
        if depth > MAX_DEPTH:
            return [Problem(shown, number, f"block quotes or lists nested {depth} deep (at most {MAX_DEPTH}): "
                            "flatten the structure")]
    return []


def note_problems(note: Any) -> list[Problem]:
    """Raw markup, unsafe link targets and attributes anywhere in the note, with their lines;
    site-root and relative links are made absolute against the note's `site_url`."""
    trees = [note.blocks, *note.notes.values(), *note.fields.values()]
    problems = []
    site, site_problems = _site_url(note)
    for node in ast.nodes(trees):
        message, needle = _problem(node) or ("", "")
        if not message and node["t"] == "Link":
            message, needle = _resolve(node, site)
        if message:
            problems.append(Problem(note.display, _line(note, needle), message))
    return site_problems + list(dict.fromkeys(problems))


SITE_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")


def site_url_problem(value: object) -> str:
    """Why `value` is no address a site is published at ("" when it is one); YAML's `site_url`
    and $FRSPUB_BASE_URL obey the same rule."""
    if isinstance(value, str) and SITE_URL.match(value) and '"' not in value and "<" not in value:
        return ""
    return f"must be an http(s) address such as https://www.frstrategie.org/, not {str(value)[:80]!r}"


def _site_url(note: Any) -> tuple[str | None, list[Problem]]:
    value = note.meta.get("site_url")
    if value is None:
        return None, []
    problem = site_url_problem(value)
    if problem:
        return None, [Problem(note.display, note.meta_lines.get("site_url", 1), f"`site_url` {problem}")]
    return value if value.endswith("/") else value + "/", []


def _resolve(link: dict[str, Any], site: str | None) -> tuple[str, str]:
    """Make a site-root or relative link absolute (the EPUB must never point outside itself,
    and the HTML edition is read from build/, not from the site)."""
    target = link["c"][2][0]
    if not target or target.startswith("#") or SCHEME.match(target) or target.startswith("//"):
        return "", ""
    if site is None:
        return (f"relative link {target[:60]!r}: write the full address, or set `site_url` in the YAML "
                "block to resolve it against the site", target)
    from urllib.parse import urljoin

    link["c"][2][0] = urljoin(site, target)
    return "", ""


def _problem(node: dict[str, Any]) -> tuple[str, str]:
    t = node["t"]
    if t in ("RawBlock", "RawInline"):
        fmt, text = node["c"]
        return (f"raw {fmt.upper()} is not allowed in a note: write it in Markdown "
                f"({text.strip()[:40]!r})", text.strip().splitlines()[0] if text.strip() else text)
    if t == "Link":
        target = node["c"][2][0]
        m = SCHEME.match(target)
        if m and m.group(1).lower() not in SAFE_SCHEMES:
            return (f"link scheme {m.group(1)!r} is not allowed (only http, https, mailto, or a relative "
                    f"link): {target[:60]}", target)
    if t in ATTR_SLOT:
        attrs = node["c"][ATTR_SLOT[t]][2]
        for key, _ in attrs:
            if key not in ATTRIBUTES and not key.startswith("data-"):
                return (f"attribute {key!r} is not allowed (allowed: id, classes, "
                        f"{', '.join(sorted(ATTRIBUTES))}, data-*)", key)
    return "", ""


def _line(note: Any, needle: str) -> int:
    """The first line of the note that holds `needle` (the body's first line if none does)."""
    if needle:
        for number, line in enumerate(note.text.splitlines(), start=1):
            if needle in line:
                return number
    return note.body_line
