"""PO and POT files in GNU gettext's own layout, unwrapped: the one every tool agrees on, even after edits.

Takes the PO text Babel writes for a catalog (and the file it replaces, if
any); returns the bytes frspub saves: the catalog passed through GNU gettext's
``msgcat --no-wrap`` (strings on one line each, broken only after ``\\n``;
``#:`` and ``#|`` lines as gettext writes them), with the header entry of the
file being replaced kept as it was.  Why no wrapping: every editor wraps a
string it changed with its own line-breaking rules, and they differ
(translate-toolkit, Weblate's storage layer, saving at width 79 made the next
``frspub update`` rewrap 216 English and 275 Japanese lines; CJK text
breaks differently at any width), while an unwrapped string has one form in
all of them: GNU gettext with ``--no-wrap``, translate-toolkit at width 65535
(Weblate's ``po_line_wrap: 65535``), Poedit with wrapping off.  So a catalog
edited and saved by any of them is not rewritten by ``frspub update``; the
headers a tool or translator added (``Last-Translator``, ``X-Generator``,
``X-Poedit-*``…), which Babel would drop, stay.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from frspub.errors import TranslationError

# The header entry: leading comments, then msgid "" and its msgstr lines.
HEADER = re.compile(rb'\A((?:#[^\n]*\n)*msgid ""\nmsgstr ""\n(?:"[^\n]*"\n)*)', re.M)


def header(data: bytes) -> bytes | None:
    m = HEADER.match(data)
    return m.group(1) if m else None


def msgcat(data: bytes, where: Path) -> bytes:
    program = shutil.which("msgcat")
    if program is None:
        raise TranslationError("GNU gettext's msgcat is needed to write PO files: run `make` "
                               "(Debian package gettext)", where, 0)
    proc = subprocess.run([program, "--no-wrap", "--to-code=UTF-8", "-"], input=data, capture_output=True,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})
    if proc.returncode != 0:
        raise TranslationError(f"msgcat refused the catalog frspub made: {proc.stderr.decode(errors='replace').strip()}",
                               where, 0)
    return proc.stdout


# The order msgmerge gives header fields (gettext's po-header order); others follow as they came.
ORDER = [b"Project-Id-Version", b"Report-Msgid-Bugs-To", b"POT-Creation-Date", b"PO-Revision-Date",
         b"Last-Translator", b"Language-Team", b"Language", b"MIME-Version", b"Content-Type",
         b"Content-Transfer-Encoding", b"Plural-Forms"]
FIELD = re.compile(rb'^"([A-Za-z0-9-]+): [^\n]*\\n"\n', re.M)


def ordered_header(data: bytes) -> bytes:
    """`data` (msgcat's output: one header field per line) with the fields in msgmerge's order."""
    block = header(data)
    if block is None:
        return data
    start = block.index(b'msgstr ""\n') + len(b'msgstr ""\n')
    lines = block[start:].splitlines(keepends=True)
    if not all(FIELD.match(line) for line in lines):
        return data  # a field wrapped over lines: leave the header as the tool wrote it
    rank = {name: i for i, name in enumerate(ORDER)}
    keyed = sorted(enumerate(lines), key=lambda p: (rank.get(FIELD.match(p[1]).group(1), len(ORDER)), p[0]))
    return block[:start] + b"".join(line for _, line in keyed) + data[len(block):]


def gettext_layout(babel_text: bytes, path: Path) -> bytes:
    """What frspub writes at `path` for the catalog Babel wrote as `babel_text`."""
    try:
        old = header(path.read_bytes()) if path.exists() else None
    except OSError:
        old = None
    new = header(babel_text)
    if old is not None and new is not None:
        babel_text = old + babel_text[len(new):]
    return ordered_header(msgcat(babel_text, path))
