"""What a translator sends back (XLIFF, TMX): parsed safely, its inline text read, its language checked.

`parse` reads an XML file with the network, DTD loading and entity expansion
off (an entity bomb or an external entity is never expanded): a file that
declares entities is refused at its DOCTYPE's line, an undeclared entity is a
syntax error at its line.  `inline_text` reads a ``<source>``, ``<target>`` or
``<seg>``: text, inline codes (given back through a callback), ``<g>``/``<mrk>``
wrappers (their text), XML comments and processing instructions (which CAT
tools write, and which say nothing of the translation: skipped).  `language`
checks a declared target language: a language code, one of the project's
catalogs (so ``ja/../en`` never reaches a path), the same as each target's
``xml:lang``, and written in that language's script (an English file that
says ``ja`` is refused).  Every refusal is a `TranslationError` at
``file:line``.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from lxml import etree

from frspub.errors import Problem, TranslationError, display_path

LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# The letters each language is written in (unicodedata name prefixes); other languages: Latin.
SCRIPTS = {"ja": ("HIRAGANA", "KATAKANA", "CJK UNIFIED"), "zh": ("CJK UNIFIED",), "ko": ("HANGUL",),
           "ru": ("CYRILLIC",), "uk": ("CYRILLIC",), "bg": ("CYRILLIC",), "ar": ("ARABIC",), "fa": ("ARABIC",),
           "he": ("HEBREW",), "el": ("GREEK",)}
LATIN = ("LATIN",)
WRAPPERS = ("g", "mrk", "hi", "sub")  # XLIFF and TMX elements that only wrap text


def parse(path: Path, kind: str) -> etree._ElementTree:
    """Parse a file a CAT tool wrote; refuse declared entities (an entity bomb, an external file)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise TranslationError(f"not a readable {kind} file: {exc.msg}", path, line) from None
    except OSError as exc:
        raise TranslationError(f"cannot read this {kind} file: {exc.strerror or exc}", path, 0) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise TranslationError(f"this {kind} file declares XML entities: export it again without a DOCTYPE "
                               "(a CAT tool never needs one)", path, _doctype_line(path))
    return tree


def _doctype_line(path: Path) -> int:
    try:
        head = path.read_bytes()
    except OSError:
        return 1
    at = head.find(b"<!DOCTYPE")
    return head[:at].count(b"\n") + 1 if at >= 0 else 1


def inline_text(element: etree._Element, code: Callable[[etree._Element], str], path: Path) -> str:
    """The text of `element`: its text, `code(child)` for each inline code, a wrapper's inner text;
    comments and processing instructions are skipped; an entity reference is refused."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child, etree._Entity):
            raise TranslationError(f"entity &{child.name}; inside a segment: write the character itself",
                                   path, child.sourceline or element.sourceline or 0)
        if isinstance(child, (etree._Comment, etree._ProcessingInstruction)):
            pass  # what a CAT tool notes for itself: not part of the translation
        elif etree.QName(child).localname in WRAPPERS:
            parts.append(inline_text(child, code, path))
        else:
            parts.append(code(child))
        parts.append(child.tail or "")
    return "".join(parts)


def language(declared: str, known: Iterable[str], path: Path, line: int) -> str:
    """The project language a file declares (its primary subtag), or a refusal at `line`."""
    if not LANG_CODE.match(declared or ""):
        raise TranslationError(f"target-language {declared[:40]!r} is not a language code (such as ja or en)",
                               path, line)
    lang = re.split(r"[-_]", declared)[0].lower()
    if lang == "fr" or lang not in known:
        others = ", ".join(k for k in known if k != "fr")
        raise TranslationError(f"target-language {declared!r}: this project has no {lang} catalog ({others})",
                               path, line)
    return lang


def lang_problems(lang: str, tagged: Iterable[tuple[str, int]], path: Path) -> list[Problem]:
    """Each `xml:lang` (with its line) that names another language than `lang`."""
    shown = display_path(path)
    return [Problem(shown, line, f"xml:lang {value!r} here, but the file's target-language is {lang}")
            for value, line in tagged if value and re.split(r"[-_]", value)[0].lower() != lang]


def script_problem(lang: str, texts: list[str], path: Path, line: int) -> Problem | None:
    """Refuse a file whose translations are mostly not in `lang`'s script (an English file that
    says ja): at least half of the translations that hold letters must be written in it."""
    scripts = SCRIPTS.get(lang, LATIN)
    lettered = [t for t in texts if any(ch.isalpha() for ch in t)]
    fitting = sum(_in_script(t, scripts) for t in lettered)
    if not lettered or fitting * 2 >= len(lettered):
        return None
    return Problem(display_path(path), line, f"the translations are not in {lang}: {len(lettered) - fitting} "
                   f"of {len(lettered)} are not written in its script ({', '.join(s.lower() for s in scripts)}); "
                   "check the file's target-language")


def _in_script(text: str, scripts: tuple[str, ...]) -> bool:
    letters = [unicodedata.name(ch, "") for ch in text if ch.isalpha()]
    hits = sum(name.startswith(scripts) for name in letters)
    return hits * 2 >= len(letters) if scripts == LATIN else hits > 0
