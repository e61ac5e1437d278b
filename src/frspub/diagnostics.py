"""Problems as machines read them: stable codes and the ``--format`` of every command.

Takes the lines frspub logs for problems (``path:line: error|warning: message``,
the one place where problems are formatted, see `log`); returns them as text
(unchanged), as GitHub Actions workflow commands (``::error file=…,line=…,
title=FRS103::message``: a pull request shows each problem on its line) or,
for ``json``, collects them and prints one JSON list of objects (file, line,
column, severity, code, message) on standard output when the command ends.

Each kind of problem has a stable code, found from the message by the table
`CODES` (first match wins, so the specific rules come first); a message no rule knows gets FRS000.  Codes are
never reused for another kind: add rules, do not renumber.
"""
from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any

# A Word document's places are paragraphs and footnotes (``note.docx:paragraph 3:``): it has no lines.
LINE = re.compile(r"^(?P<file>[^\s:][^:]*|[A-Za-z]:[^:]*):(?:paragraph |footnote )?(?P<line>\d+): (?P<severity>error|warning): (?P<message>.*)$", re.S)

CODES: list[tuple[str, str]] = [
    # catalogs (first: their messages are the most specific)
    ("FRS301", r"PO syntax|msgcat|msgfmt"),
    ("FRS309", r"^translator credit"),
    ("FRS302", r"Language header|no catalog for|no template catalog|header"),
    ("FRS303", r"placeholder"),
    ("FRS304", r"raw HTML is not allowed in a (translation|template label)"),
    ("FRS305", r"must be one paragraph"),
    ("FRS306", r"number .* is missing from the translation"),
    ("FRS307", r"fuzzy entry without its previous msgid"),
    ("FRS310", r"target-language|xml:lang|translations are not in|XLIFF|TMX|entity"),
    ("FRS308", r"untranslated|fuzzy|missing from the catalog|shown in French|translated, under --min-complete"),
    # source notes (formulas and citations first: their messages quote the note's own words)
    ("FRS311", r"Word file|structure does not match"),
    ("FRS108", r"formula"),
    ("FRS109", r"citation|bibliograph|`csl"),
    ("FRS101", r"still to be filled|bad YAML|YAML metadata block|must be a mapping|missing required metadata|must be YYYY-MM-DD|"
               r"must be a date|"
               r"must look like 1234-567X|must be text"),
    ("FRS102", r"not UTF-8|no such source file|the note weighs"),
    ("FRS103", r"footnote|never called|called on page"),
    ("FRS104", r"raw (HTML|TEX|LATEX)|nested \d+ deep|event handler|attribute \w+ on <"),
    ("FRS105", r"link scheme|link target|site_url|attribute '|has no target"),
    ("FRS106", r"ISSN|DOI"),
    ("FRS107", r"^id '.*' (is used twice|is one frspub)|defined twice"),
    ("FRS110", r"heading"),
    ("FRS111", r"^conversion|^comment by|the conversion would lose text|cannot read .* give a \.docx"),
    # figures and images
    ("FRS201", r"^image |image .* inside text|has no caption|a figure holds|decorative image"),
    ("FRS202", r"refers to no (figure|table)|figure and table references"),
    ("FRS203", r"has no alt text"),
    ("FRS204", r"prints at \d+ dpi"),
    ("FRS205", r"an image cannot be added by a translation"),
    # rendering and build
    ("FRS410", r"right-to-left"),  # before FRS401/402: its message names WeasyPrint
    ("FRS401", r"no font|glyph"),
    ("FRS402", r"WeasyPrint|template error|figure labels|cannot read the stylesheet"),
    ("FRS403", r"not published: .* warnings? and --strict"),
    ("FRS404", r"no space left|permission|read-only|disk"),
    ("FRS405", r"not a readable (PDF|HTML|EPUB) file"),
    ("FRS501", r"FRSPUB_BASE_URL"),
    ("FRS406", r"no conventions for language"),
    ("FRS407", r"straight double quote is not allowed in a template label"),
]
@functools.cache
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    # At the first problem line a machine reads (--format github/json), not at import: every
    # command imports this module, and the 37 rules took 0.01 s to compile.
    return [(code, re.compile(rule, re.I)) for code, rule in CODES]


def code_of(message: str) -> str:
    return next((code for code, rule in _compiled() if rule.search(message)), "FRS000")


def parse(text: str) -> dict[str, Any] | None:
    m = LINE.match(text)
    if not m:
        return None
    return {"file": m["file"], "line": int(m["line"]), "column": 1 if int(m["line"]) else 0,
            "severity": m["severity"], "code": code_of(m["message"]), "message": m["message"]}


def github(item: dict[str, Any]) -> str:
    def esc(value: str, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    place = f"file={esc(item['file'], True)}"
    if item["line"]:
        place += f",line={item['line']},col={item['column']}"
    return f"::{item['severity']} {place},title={item['code']}::{esc(item['message'])}"


class Collector:
    """The JSON list of `--format json`, printed once when the command ends."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, item: dict[str, Any]) -> None:
        self.items.append(item)

    def flush(self) -> None:
        json.dump(self.items, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
