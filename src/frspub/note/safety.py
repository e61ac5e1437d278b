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
        first = text.strip().splitlines()[0] if text.strip() else text
        if fmt in ("tex", "latex"):
            return tex_message(text), first
        return (f"raw {fmt.upper()} is not allowed in a note: write it in Markdown "
                f"({text.strip()[:40]!r})", first)
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


# What to write in Markdown instead of the TeX commands authors bring most often.
TEX_HINTS = {
    "cite": "a citation, [@key] or [@key, p. 12]", "citep": "a citation, [@key]", "citet": "a citation, @key",
    "parencite": "a citation, [@key]", "textcite": "a citation, @key", "autocite": "a citation, [@key]",
    "emph": "*…*", "textit": "*…*", "textbf": "**…**", "underline": "[…]{.underline}",
    "textsc": "[…]{.smallcaps}", "texttt": "`…`", "footnote": "a note, ^[…] or [^1]", "url": "<https://…>",
    "href": "[text](https://…)", "ref": "a link, [text](#id)", "autoref": "a reference, @fig:id or @tbl:id",
    "label": "an id, {#fig:id} after the figure or {#id} after the heading", "section": "a heading, # …",
    "subsection": "a heading, ## …", "subsubsection": "a heading, ### …", "chapter": "a heading, # …",
    "includegraphics": "a figure, ![Caption](file.png)", "begin": "a pipe table, a list or a block quote",
    "item": "a list item, - …", "newpage": "nothing (the editions break pages themselves)",
    "clearpage": "nothing (the editions break pages themselves)", "vspace": "nothing", "hspace": "nothing",
    "noindent": "nothing",
}
TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")


def tex_message(text: str) -> str:
    """Raw TeX is refused (no edition is typeset by TeX, and it would print as typed): the hint
    says what to write instead."""
    m = TEX_COMMAND.search(text)
    hint = TEX_HINTS.get(m.group(1) if m else "", "it in Markdown")
    shown = text.strip().splitlines()[0][:40] if text.strip() else text
    return f"raw TeX {shown!r} is not allowed in a note (no edition is set by TeX): write {hint}"


def empty_links(note: Any) -> list[Problem]:
    """`[x]()` links nowhere: its text stays, as text, and the author is told at its line."""
    warnings: list[Problem] = []

    def unwrap(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in inlines:
            if node["t"] == "Link" and not node["c"][2][0].strip():
                text = "".join(_text(node["c"][1]))
                warnings.append(Problem(note.display, _line(note, f"[{text}]()") if text else note.body_line,
                                        f"link [{text[:40]}]() has no target: it is printed as plain text "
                                        "(give the address, or remove the brackets)", "warning"))
                out += node["c"][1]
            else:
                out.append(node)
        return out

    for tree in [note.blocks, *note.notes.values(), *note.fields.values()]:
        ast.walk_inline_lists(tree, unwrap)
    return warnings


def _text(inlines: list[dict[str, Any]]) -> list[str]:
    return [n["c"] if n["t"] == "Str" else " " if n["t"] == "Space" else "" for n in inlines]


def _line(note: Any, needle: str) -> int:
    """The first line of the body that holds `needle` (else of the YAML block, where a field's
    link is; else the body's first line)."""
    from urllib.parse import unquote

    lines = note.text.splitlines()
    for wanted in dict.fromkeys([needle, unquote(needle)]):  # pandoc writes "a b" as a%20b
        for start in (note.body_line, 1):
            for number in range(start, len(lines) + 1):
                if wanted and wanted in lines[number - 1]:
                    return number
    return note.body_line
