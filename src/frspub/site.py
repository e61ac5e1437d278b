"""The download site: ``build/index.html`` (French) and ``build/index.<lang>.html``.

Takes a `Project` whose editions are (partly) built; writes one page per
project language listing every note (title in each language, author, date)
and, for each language, links to the PDF, EPUB and HTML editions found in
``build/<lang>/`` with their size and, for PDFs, page count.  The pages are
self-contained (CSS inlined, nothing loaded from the network) and link to
each other with ``hreflang``.  `write_site` returns the paths written.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.units import format_unit
from markupsafe import Markup

from frspub import ast, catalog, segments, source, typography
from frspub.errors import FrspubError, RenderError
from frspub.locale import SOURCE_LANG, long_date, native_name
from frspub.log import log
from frspub.output import write_text
from frspub.project import FORMATS, Project
from frspub.render import templating

MIME = {"pdf": "application/pdf", "epub": "application/epub+zip", "html": "text/html"}
# Innermost PDF dictionaries (no nested << >>): the page tree root is one of them.
PDF_DICT = re.compile(rb"<<((?:(?!<<|>>).)*)>>", re.S)
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")
PAGES_COUNT = re.compile(rb"/Count\s+(\d+)")


def page_name(lang: str) -> str:
    """The site page of a language, relative to build/ (index.html is the French one)."""
    return "index.html" if lang == SOURCE_LANG else f"index.{lang}.html"


@dataclass
class File:
    fmt: str
    href: str  # relative to build/
    size: int
    pages: int | None = None

    @property
    def mime(self) -> str:
        return MIME[self.fmt]


@dataclass
class NoteInfo:
    slug: str
    author: str
    date: dt.date
    titles: dict[str, tuple[str, str]]  # lang -> (title as plain text, its language: fr when untranslated)
    files: dict[str, list[File]] = field(default_factory=dict)  # lang -> files that exist


def write_site(project: Project) -> list[Path]:
    """Write the site page of every project language; returns the paths written."""
    langs = project.languages()
    notes = [info for info in (note_info(project, path, langs) for path in project.notes()) if info]
    written = []
    for lang in langs:
        out = project.build_dir / page_name(lang)
        write_text(out, render_page(project, notes, lang, langs))
        written.append(out)
    log.info("site: %s", ", ".join(p.name for p in written))
    return written


def note_info(project: Project, path: Path, langs: list[str]) -> NoteInfo | None:
    """What the site says about one note; None when it cannot be read (the build reports why)."""
    try:
        note = source.read_note(path)
    except FrspubError:
        return None
    info = NoteInfo(note.slug, str(note.meta["author"]), note.date, titles(project, note, langs))
    for lang in langs:
        found = [file_info(project, lang, note.slug, fmt) for fmt in FORMATS]
        found = [f for f in found if f is not None]
        if found:
            info.files[lang] = found
    return info if info.files else None


def file_info(project: Project, lang: str, slug: str, fmt: str) -> File | None:
    path = project.output(lang, slug, fmt)
    if not path.is_file():
        return None
    href = path.relative_to(project.build_dir).as_posix()
    return File(fmt, href, path.stat().st_size, pdf_pages(path) if fmt == "pdf" else None)


def titles(project: Project, note: source.Note, langs: list[str]) -> dict[str, tuple[str, str]]:
    """The note's title in each language, with that language's typography (one pandoc run)."""
    msgid = segments.to_markdown([ast_inlines(note.fields["title"])])[0]
    wanted = {lang: translated_title(project.po(lang, note.slug), lang, msgid)
              for lang in langs if lang != SOURCE_LANG}
    wanted = {lang: text for lang, text in wanted.items() if text}
    parsed = dict(zip(wanted, segments.from_markdown(list(wanted.values()))))
    parsed[SOURCE_LANG] = note.fields["title"]
    out = {}
    for lang in langs:
        text_lang = lang if parsed.get(lang) else SOURCE_LANG
        blocks = copy.deepcopy(parsed[text_lang])
        typography.apply(blocks, text_lang)
        out[lang] = (ast.stringify(blocks).strip(), text_lang)
    return out


def translated_title(po: Path, lang: str, msgid: str) -> str:
    """The usable msgstr of the title ("" when missing, fuzzy or unreadable: French is shown)."""
    if not po.exists():
        return ""
    try:
        cat = catalog.load(po, lang)
    except FrspubError:
        return ""
    msg = cat.get(msgid, "title")
    if msg is None or msg.fuzzy or not msg.string or segments.placeholders(msg.string):
        return ""
    return str(msg.string)


def ast_inlines(blocks: list[ast.Node]) -> list[ast.Node]:
    return [i for b in blocks if b["t"] in ("Para", "Plain") for i in b["c"]]


def pdf_pages(path: Path) -> int | None:
    """Page count from the page tree root (/Type /Pages … /Count N), looking inside
    compressed object streams too; None if not found.  No PDF library needed."""
    data = path.read_bytes()
    chunks = [data]
    for m in PDF_STREAM.finditer(data):
        try:
            chunks.append(zlib.decompress(m.group(1).rstrip(b"\r\n")))
        except zlib.error:
            continue  # images, fonts with other filters: not dictionaries
    counts = [int(c.group(1)) for chunk in chunks for d in PDF_DICT.finditer(chunk)
              if PAGES_TYPE.search(d.group(1)) for c in [PAGES_COUNT.search(d.group(1))] if c]
    return max(counts) if counts else None


def size_text(size: int, lang: str) -> str:
    """54 ko / 54 kB / 54 KB (decimal units, as file managers show them)."""
    if size < 1000:
        return format_unit(size, "digital-byte", length="short", locale=lang)
    if size < 1_000_000:
        kb = size / 1000
        return format_unit(kb, "digital-kilobyte", length="short", format="#,##0" if kb >= 10 else "#,##0.#",
                           locale=lang)
    return format_unit(size / 1_000_000, "digital-megabyte", length="short", format="#,##0.#", locale=lang)


def language_name(lang: str, in_lang: str) -> str:
    """`lang`'s name in `in_lang` ("anglais", "English", "英語")."""
    name = Locale.parse(in_lang).languages.get(lang)
    return name or native_name(lang)


def capitalized(name: str) -> str:
    """"anglais" -> "Anglais" for a heading (CLDR names are lower case in French)."""
    return name[:1].upper() + name[1:]


def render_page(project: Project, notes: list[NoteInfo], lang: str, langs: list[str]) -> str:
    css = read_css(project.templates / "site.css")
    ctx = {
        "lang": lang,
        "css": Markup(css),
        "notes": [note_context(n, lang) for n in notes],
        "languages": [{"lang": code, "name": native_name(code), "href": page_name(code),
                       "current": code == lang} for code in langs],
    }
    return templating.render(project.templates, "site.html.j2", ctx)


def note_context(note: NoteInfo, lang: str) -> dict[str, object]:
    title, title_lang = note.titles[lang if lang in note.files else SOURCE_LANG]
    return {
        "slug": note.slug,
        "title": title,
        "title_lang": title_lang,
        "author": note.author,
        "date_iso": note.date.isoformat(),
        "date_text": long_date(note.date, lang),
        "editions": [{
            "lang": code,
            "language": language_name(code, lang),
            "heading": capitalized(language_name(code, lang)),
            "title": note.titles[code][0],
            "title_lang": note.titles[code][1],
            "files": [{"fmt": f.fmt, "href": f.href, "mime": f.mime, "size": size_text(f.size, lang),
                       "pages": f.pages} for f in files],
        } for code, files in note.files.items()],
    }


def read_css(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot read the stylesheet: {exc.strerror}", path, 0) from None
