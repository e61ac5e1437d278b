"""The glyph gate: no missing glyph is ever published, and each one found names its line.

Takes an edition's printed characters, or the PDF WeasyPrint laid out; returns `path:line:`
problems:
- `glyph_problems`: characters no face of the edition's stacks covers (checked before
  anything is rendered, by `render.pdf.check_glyphs`);
- `laid_out_problems`: on the laid-out pages, every glyph drawn with id 0 (``.notdef``, a
  box in every viewer) or past its font's last glyph, whatever the font (an SVG figure's
  text may use a system font) — spaces included, which the character check cannot see: a
  space between two Hangul words was set in a CJK face cut down without one.

`locate` names the line a character or word comes from: the msgstr of the edition's
catalog, the French note, the template catalog, the YAML field whose value CLDR writes
out (the date, the country of the address), or the template that holds it; never line 0
of the note.
"""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from frspub.errors import Problem, display_path
from frspub.locale import SOURCE_LANG, template_po

MSGSTR = re.compile(r'^msgstr(\[\d+\])?\s')
BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")
SECTION_CHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
SECTION_RANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
BFRANGE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")


def glyph_problems(chars: dict[str, tuple[str, int]], lang: str, fonts: str) -> list[Problem]:
    """One problem per character of `chars` (characters no font covers, each mapped to the
    (path, line) where it occurs); `fonts` names the edition's faces."""
    problems = []
    for c in sorted(chars):
        path, line = chars[c]
        name = unicodedata.name(c, "unnamed character")
        problems.append(Problem(display_path(path), line,
                                f"character {c!r} U+{ord(c):04X} {name} is in none of the fonts of the "
                                f"{lang} edition ({fonts}): it would print as a missing glyph (tofu)"))
    return problems


# --- on the laid-out pages -----------------------------------------------------------------------

def laid_out_problems(data: bytes, ed: Any, templates: Path) -> list[Problem]:
    """Every glyph the PDF `data` of edition `ed` draws without its font having it."""
    import pikepdf

    found: dict[str, tuple[str, str, str]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not _suspect_fonts(pdf):
            return []
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for words, font, chars in _notdefs(page, fonts):
                found.setdefault(words, (words, chars, str(fonts[font].get("/BaseFont", font))))
    return [_problem(words, chars, base, ed, templates) for words, chars, base in found.values()]


def _suspect_fonts(pdf: Any) -> bool:
    """Whether a font of `pdf` maps glyph 0 or a glyph past its last: WeasyPrint writes a
    ToUnicode entry for every glyph it draws, so reading each font once is enough to know the
    pages are clean (a page-by-page parse of the content streams took 1.9 s of an 8-page note's
    build); the parse then runs only to name the words of a fault."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen or not _two_byte(font):
                continue
            if font.objgen != (0, 0):  # a direct object has no number to remember
                seen.add(font.objgen)
            codes, count = _to_unicode(font), _glyph_count(font)
            if 0 in codes or (count and max(codes, default=0) >= count):
                return True
    return False


def _problem(words: str, chars: str, base: str, ed: Any, templates: Path) -> Problem:
    name = base.lstrip("/").split("+")[-1]
    path, line = locate(words.strip() or " ", ed, templates)
    return Problem(display_path(path), line,
                   f"{chars} prints as a missing glyph (.notdef, a box on paper) in font {name} of the "
                   f"{ed.lang} PDF, in “{words}”: the face chosen for that character lacks it")


def _notdefs(page: Any, fonts: Any) -> list[tuple[str, str, str]]:
    """(the words around it, font resource name, the characters) for each glyph that `page` shows and its font
    lacks: glyph id 0 (.notdef), or an id past the font's last glyph (HarfBuzz shaped the
    character with a face that lacks it; WeasyPrint then embeds no glyph for it)."""
    import pikepdf

    out = []
    font, unicode, count = None, {}, 0
    known: dict[str, tuple[dict[int, str], int]] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            font = str(operands[0])
            if font not in known:
                known[font] = ((_to_unicode(fonts.get(font)), _glyph_count(fonts.get(font)))
                               if font in fonts else ({}, 0))
            unicode, count = known[font]
        elif op in ("Tj", "TJ", "'", '"') and font is not None and _two_byte(fonts.get(font)):
            codes = [c for s in _strings(operands) for c in _codes(s)]
            lacking = [c for c in codes if c == 0 or (count and c >= count)]
            if lacking:
                text = "".join(unicode.get(c, "\u25a1") for c in codes)
                names = sorted({f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
                                for c in lacking for ch in unicode.get(c, "")[:1]})
                out.append((text.strip() or text, font, ", ".join(names) or "a character"))
    return out


def _glyph_count(font: Any) -> int:
    """The number of glyphs of a Type0 font's embedded program (0 if unknown): WeasyPrint's
    codes are glyph ids of it."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        descriptor = font["/DescendantFonts"][0]["/FontDescriptor"]
        stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        data = stream.read_bytes() if stream is not None else b""
        if not data.startswith((b"OTTO", b"\x00\x01\x00\x00", b"true")):
            return 0  # a bare CFF (already re-embedded): its CIDs are the codes
        return TTFont(io.BytesIO(data), lazy=True)["maxp"].numGlyphs
    except (KeyError, IndexError, TypeError, TTLibError, AssertionError, ValueError):
        return 0


def _two_byte(font: Any) -> bool:
    return font is not None and str(font.get("/Subtype")) == "/Type0"


def _strings(operands: Any) -> list[bytes]:
    import pikepdf

    found = []
    for operand in operands:
        if isinstance(operand, pikepdf.Array):
            found += [bytes(item) for item in operand if isinstance(item, pikepdf.String)]
        elif isinstance(operand, pikepdf.String):
            found.append(bytes(operand))
    return found


def _codes(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]


def _to_unicode(font: Any) -> dict[int, str]:
    """The font's ToUnicode CMap (WeasyPrint writes bfchar and bfrange entries) as code → text."""
    stream = font.get("/ToUnicode") if font is not None else None
    if stream is None:
        return {}
    data = stream.read_bytes()
    table: dict[int, str] = {}
    for section in SECTION_CHAR.findall(data):
        table.update({int(code, 16): _utf16(text) for code, text in BFCHAR.findall(section)})
    for section in SECTION_RANGE.findall(data):
        for lo, hi, start in BFRANGE.findall(section):
            first = _utf16(start)
            for code in range(int(lo, 16), int(hi, 16) + 1):
                table[code] = first[:-1] + chr(min(ord(first[-1]) + code - int(lo, 16), 0x10FFFF)) if first else ""
    return table


def _utf16(hexa: bytes) -> str:
    return bytes.fromhex(hexa.decode()).decode("utf-16-be", errors="replace")


# --- where a character comes from ---------------------------------------------------------------

def locate(text: str, ed: Any, templates: Path) -> tuple[str, int]:
    """Where a translator or author typed `text` (a character or a few words): the PO msgstr
    line, else the French source line, else the template catalog; else the YAML field CLDR
    writes out in the edition's language (date, country), else the template holding it."""
    words = [w for w in re.split(r"[\s\u25a1]+", text) if w] or [text]
    places: list[tuple[Path, bool]] = []
    if ed.lang != SOURCE_LANG and ed.po_path is not None:
        places.append((ed.po_path, True))
    places.append((ed.french.path, False))
    if ed.lang != SOURCE_LANG:
        places.append((template_po(templates, ed.lang), True))
    for word in sorted(words, key=len, reverse=True):
        for path, is_po in places:
            line = find_line(path, word, is_po)
            if line:
                return str(path), line
    return _generated(words, ed, templates)


def _generated(words: list[str], ed: Any, templates: Path) -> tuple[str, int]:
    """Text frspub writes from a YAML field through CLDR, or from a template."""
    from frspub import locale
    from frspub.note import contact
    from frspub.note.model import get

    meta, lines = ed.note.meta, ed.note.meta_lines
    date = locale.long_date(ed.note.date, ed.lang)
    address = contact.address(get(meta, "publisher.address") or "", meta, ed.lang)
    for field, value in (("date", date), ("publisher.address", address), ("publisher.country", address)):
        if any(w in value for w in words) and field in lines:
            return str(ed.french.path), lines[field]
    for template in sorted(templates.glob("*.j2")):
        for word in words:
            line = find_line(template, word, False)
            if line:
                return str(template), line
    # Nothing to point at but the language itself: the catalog's Language header.
    po = ed.po_path if ed.lang != SOURCE_LANG and ed.po_path is not None else None
    if po is not None and po.exists():
        from frspub.translation.catalog import header_line

        return str(po), header_line(po, "Language")
    return str(ed.french.path), lines.get("title", 1)


def find_line(path: Path, text: str, po: bool) -> int:
    """First line of `path` holding `text` (in a PO file, only inside msgstr); 0 if none."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    in_msgstr = not po
    for number, line in enumerate(lines, start=1):
        if po:
            in_msgstr = bool(MSGSTR.match(line)) or (in_msgstr and line.startswith('"'))
        if in_msgstr and text in line:
            return number
    return 0
