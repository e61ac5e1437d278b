"""Per-language typography applied to an edition's AST before rendering.

Takes the blocks of an edition (body, footnotes, metadata fields) and rewrites
their inline lists in place with the house rules of the language, so that the
PDF, HTML and EPUB all get them:

- French: narrow no-break space (U+202F) before ; ! ? and inside « », a
  no-break space (U+00A0) before :, narrow no-break spaces as thousands
  separators (3 000) and before %; pandoc's quotes become « » (“ ” nested).
- English: curly quotes and apostrophes, en dashes in number ranges (1950-53).
- Japanese: 「」 and 『』 for quotes (line breaking itself, kinsoku, is done by
  Pango, which follows JIS rules for the listed characters; see the tests).

The source keeps plain spaces and the catalogs are built from the untouched
French tree: this runs on an edition's copy only.  Code, raw markup and URLs
are never touched.
"""
from __future__ import annotations

import copy
import functools
import re
from typing import Callable

from frspub import conventions
from frspub.note import ast
from frspub.note.model import Note

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"
URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
# lang -> (double open, double close, single open, single close): frspub.conventions has them all
QUOTES = {lang: conv.quotes for lang, conv in conventions.TABLE.items()}

TextRule = Callable[[str], str]


def apply(blocks: list[ast.Node], lang: str) -> None:
    """Rewrite every inline list under `blocks` with the rules of `lang` (in place)."""
    conv = conventions.of(lang)
    rule = RULES.get(conv.typography or "")
    quotes = conv.quotes

    def fix(inlines: list[ast.Node]) -> list[ast.Node]:
        if quotes:
            inlines = _unquote(inlines, quotes)
        if rule:
            inlines = _unglue([_rewrite(n, rule) for n in _glue(inlines)])
        return inlines

    ast.walk_inline_lists(blocks, fix)


def apply_note(note, lang: str) -> None:
    """Apply the rules of `lang` to a whole note: body, footnotes and metadata fields."""
    apply(note.blocks, lang)
    for blocks in note.notes.values():
        apply(blocks, lang)
    for blocks in note.fields.values():
        apply(blocks, lang)


def french_title(note: Note) -> str:
    """The French title as plain text with French typography (a translation names its original
    with it; the site lists a note whose French files are not built under it)."""
    blocks = copy.deepcopy(note.fields["title"])  # `apply` rewrites inline lists in place
    apply(blocks, "fr")
    return ast.stringify(blocks).strip()


def _unquote(inlines: list[ast.Node], quotes: tuple[str, str, str, str]) -> list[ast.Node]:
    """pandoc's Quoted nodes as the language's quotation marks (every writer then agrees)."""
    out: list[ast.Node] = []
    for node in inlines:
        if node["t"] != "Quoted":
            out.append(node)
            continue
        double = node["c"][0]["t"] == "DoubleQuote"
        opening, closing = (quotes[0], quotes[1]) if double else (quotes[2], quotes[3])
        out += [ast.Str(opening), *node["c"][1], ast.Str(closing)]
    return out


def _glue(inlines: list[ast.Node]) -> list[ast.Node]:
    """Merge Str/Space runs into Str nodes with real spaces, so rules see text (the reader
    has already turned soft breaks into spaces)."""
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


def _rewrite(node: ast.Node, rule: TextRule) -> ast.Node:
    return ast.Str(protect_urls(node["c"], rule)) if node["t"] == "Str" else node


def protect_urls(text: str, rule: TextRule) -> str:
    """Apply `rule` to the text between URLs and e-mail addresses, never inside them."""
    parts, last = [], 0
    for m in URL.finditer(text):
        parts += [rule(text[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join(parts + [rule(text[last:])])


# --- French ----------------------------------------------------------------------

FR_RULES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # ; ! ? take a narrow no-break space, unless doubled (?!) or after an opening bracket.
    (re.compile(r"(?:(?<=[^\s;!?(\[«\u2060])|^)[ \u00a0\u2009\u202f]*([;!?])"), NNBSP + r"\1"),
    # : takes a no-break space, but not in 10:30, nor at the start of a text.
    (re.compile(r"(?<=[^\s(\[])[ \u00a0\u2009\u202f]*:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"«[ \u00a0\u2009\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u2009\u202f]*»"), NNBSP + "»"),
    # 3 000, 1 250 000 (a group of 1–3 digits, then groups of exactly 3).
    (re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,])"), lambda m: m.group(0).replace(" ", NNBSP)),
    (re.compile(r"(?<=\d) %"), NNBSP + "%"),
]


def french(text: str) -> str:
    for pattern, repl in FR_RULES:
        text = pattern.sub(repl, text)
    return text


# --- English ---------------------------------------------------------------------

RANGE = re.compile(r"(?<![\w.\-/–])(\d{1,4})-(\d{1,4})(?![\w\-/])")
# L. 122-4 (an article) and ISSN 2273-4644 are not ranges.
NOT_RANGE = re.compile(r"(?:\b[A-Z]\.\s?|ISSN:?\s?)$")


def english(text: str) -> str:
    text = re.sub(r'(^|[\s(\[—–])"', r"\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[—–])'(?=\w)", r"\1‘", text)
    text = text.replace("'", "’")
    return RANGE.sub(lambda m: m.group(0) if NOT_RANGE.search(text[: m.start()]) else
                     f"{m.group(1)}–{m.group(2)}", text)


# --- Japanese --------------------------------------------------------------------

CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# JIS X 4051 / JLReq 3.2.3: no space character between Japanese and Western text (the layout
# gives the gap); an ASCII space in a Japanese run would also print as a box, since WeasyPrint
# drops it from the embedded font while still drawing it.
# (Compiled at the first Japanese text: the CJK classes' patterns take 4-5 ms each to compile,
# on the path of every build's edition process, fr and en included.)
SPACE_BY_CJK = f"(?<=[{CJK}]) +| +(?=[{CJK}])"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def japanese(text: str) -> str:
    return _compiled(SPACE_BY_CJK).sub("", text)


# --- Chinese (GB/T 15834-2011; CLREQ 3.1) ----------------------------------------------------------

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# Punctuation typed half-width after a hanzi is the full-width mark (GB/T 15834 4.1: Chinese
# punctuation occupies a full em); a space after a full-width mark, or between two hanzi, is a
# slip (the mark carries its own space). A space between hanzi and Latin text stays (CLREQ 3.2.4).
HALF_AFTER_HAN = f"(?<=[{HAN}])([,;:!?])(?=\\s|$|[{HAN}])"  # (compiled at first use: `_compiled`)
SPACE_AFTER_FULL = re.compile("(?<=[，。、；：！？」』）])[ ]+")
SPACE_IN_HAN = f"(?<=[{HAN}])[ ]+(?=[{HAN}])"


def chinese(text: str) -> str:
    text = _compiled(HALF_AFTER_HAN).sub(lambda m: FULL_WIDTH[m.group(1)], text)
    text = SPACE_AFTER_FULL.sub("", text)
    return _compiled(SPACE_IN_HAN).sub("", text)


# --- Russian (Мильчин, Справочник издателя и автора, 2014) ----------------------------------------

def russian(text: str) -> str:
    """Digit groups of 3 000 and 1 250 000 with a narrow no-break space (Мильчин 7.5), and no
    French spacing: no space inside « », none before ; ! ?."""
    return FR_RULES[4][0].sub(lambda m: m.group(0).replace(" ", NNBSP), text)


# --- German (Duden) -----------------------------------------------------------------------------

def german(text: str) -> str:
    """Straight double quotes as „ “ (Duden D 157), number ranges with an en dash (Duden D 27)."""
    text = re.sub(r'(^|[\s(\[—–])"', "\\1„", text)
    text = text.replace('"', "“")
    return RANGE.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)


RULES: dict[str, TextRule] = {"fr": french, "en": english, "ja": japanese, "zh": chinese, "ru": russian,
                              "de": german}
