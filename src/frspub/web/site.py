"""The download site: ``build/index.html`` (French) and ``build/index.<lang>.html``.

Takes a `Project` whose editions are (partly) built; writes one page per
project language listing every note (title in each language, author, date)
and, for each language, links to the PDF, EPUB and HTML editions found in
``build/<lang>/`` with their size and, for PDFs, page count.  The pages are
self-contained (CSS inlined, nothing loaded from the network) and link to
each other with ``hreflang``.  `write_site` returns the paths written.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frspub.locale import SOURCE_LANG, cldr, long_date, native_name
from frspub.log import log
from frspub.note import source
from frspub.output import write_text
from frspub.project import FORMATS, Project
from frspub.render import rtl, templating
from frspub.translation import typography
from frspub.web import feeds

MIME = {"pdf": "application/pdf", "epub": "application/epub+zip", "html": "text/html"}


def page_name(lang: str) -> str:
    """The site page of a language, relative to build/ (index.html is the French one)."""
    return "index.html" if lang == SOURCE_LANG else f"index.{lang}.html"


@dataclass
class File:
    fmt: str
    href: str  # relative to build/
    size: int
    pages: int | None = None
    title: str = ""  # as published in the file (PDF metadata, HTML heading)
    lineage: dict[str, Any] | None = None  # a translation's state (see worker.EditionResult.lineage)

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
    site_url: str = ""  # where the note says it is published (YAML site_url, else contact.website)


def write_site(project: Project, notes: list[source.Note]) -> list[Path]:
    """Write the site page of every project language for `notes` (as the build read them);
    returns the paths written."""
    langs = project.labelled_languages()
    return write_pages(project, [info for info in (note_info(project, note, langs) for note in notes) if info])


def write_pages(project: Project, infos: list[NoteInfo], ahead: dict[str, str] | None = None) -> list[Path]:
    """Write the site page of every labelled language listing `infos`; returns the paths written.
    `ahead`: pages rendered before (`prerender`), used where their context is this one."""
    langs = project.labelled_languages()
    written = []
    for lang in langs:
        out = project.build_dir / page_name(lang)
        ctx = page_context(project, infos, lang, langs)
        text = (ahead or {}).get(context_key(lang, ctx))
        write_text(out, text if text is not None else _render(project, ctx))
        written.append(out)
    base = feeds.base_url(infos)
    title = "Publications — téléchargements"  # the French site page's title (the feed is in French)
    for name, text in (("feed.xml", feeds.atom(infos, base, title)),
                       ("sitemap.xml", feeds.sitemap(infos, base, {lang: page_name(lang) for lang in langs}))):
        write_text(project.build_dir / name, text)
        written.append(project.build_dir / name)
    log.info("site: %s", ", ".join(p.name for p in written))
    return written


def note_info(project: Project, note: source.Note, langs: list[str]) -> NoteInfo | None:
    """What the site says about one note; None when none of its files is built."""
    files = {lang: [f for f in (file_info(project, lang, note.slug, fmt) for fmt in FORMATS) if f]
             for lang in langs}
    files = {lang: found for lang, found in files.items() if found}
    if not files:
        return None
    return NoteInfo(note.slug, str(note.meta["author"]), note.date, titles(note, files), files,
                    note_record(note)["site_url"])


def file_info(project: Project, lang: str, slug: str, fmt: str) -> File | None:
    path = project.output(lang, slug, fmt)
    if not path.is_file():
        return None
    info = File(fmt, path.relative_to(project.build_dir).as_posix(), path.stat().st_size)
    if fmt == "pdf":
        info.pages, info.title = read_pdf(path)
    elif fmt == "html":
        info.title = html_title(path)
    return info


def titles(note: source.Note | str, files: dict[str, list[File]]) -> dict[str, tuple[str, str]]:
    """Each listed language's title as its files publish it, and the language it is in
    (an edition whose title was not translated shows the French one: lang="fr").
    `note` may be the French title as `source_title` gave it."""
    french = published_title(files.get(SOURCE_LANG, [])) or (note if isinstance(note, str) else source_title(note))
    out = {}
    for lang, found in files.items():
        title = published_title(found) or french
        out[lang] = (title, lang if lang == SOURCE_LANG or title != french else SOURCE_LANG)
    out.setdefault(SOURCE_LANG, (french, SOURCE_LANG))
    return out


def published_title(files: list[File]) -> str:
    return next((f.title for f in files if f.title), "")


def source_title(note: source.Note) -> str:
    """The French title with French typography, for a note whose French files are not built."""
    return typography.french_title(note)


def read_pdf(path: Path) -> tuple[int | None, str]:
    """Page count and title of a PDF (None, "" if it cannot be read): pikepdf, already loaded
    by every PDF build, reads them in milliseconds."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages), str(pdf.docinfo.get("/Title", ""))
    except (pikepdf.PdfError, OSError, ValueError):
        return None, ""


def note_record(note: source.Note) -> dict[str, Any]:
    """What the manifest keeps of a note for the site: author, date, French title, site URL."""
    website = str(source.get(note.meta, "contact.website") or "")
    return {"author": str(note.meta["author"]), "date": note.date.isoformat(), "title": source_title(note),
            "site_url": str(note.meta.get("site_url") or (f"https://{website}" if website else ""))}


def html_title(path: Path) -> str:
    """The title heading of an HTML edition ("" if none)."""
    root = _html_root(path)
    heading = root.xpath("//header[contains(@class, 'cover')]//h1") if root is not None else []
    return heading[0].text_content().strip() if heading else ""


def _html_root(path: Path) -> Any:
    """The parsed page, or None for an empty, unreadable or damaged file."""
    from lxml import etree
    from lxml import html as lhtml

    try:
        return lhtml.parse(str(path)).getroot()
    except (OSError, ValueError, etree.ParserError):
        return None


def html_lineage(path: Path) -> dict[str, Any] | None:
    """What a translated HTML edition says of its lineage (its `frspub-lineage` data block), so that a
    site written without the build's records still credits the translators."""
    import json

    root = _html_root(path)
    found = root.xpath("//script[@id='frspub-lineage']") if root is not None else []
    try:
        data = json.loads(found[0].text) if found else None
    except (ValueError, TypeError):
        return None
    keys = {"translators": str, "version": str, "fallbacks": int, "french_date": str}
    if not isinstance(data, dict) or not all(isinstance(data.get(k), kind) for k, kind in keys.items()):
        return None
    try:
        dt.date.fromisoformat(data["french_date"])
    except ValueError:
        return None
    return {k: data[k] for k in keys}


def is_epub(path: Path) -> bool:
    """A zip whose first entry is the EPUB `mimetype` (what every reader checks first)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return z.read("mimetype") == b"application/epub+zip"
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False


@functools.lru_cache(maxsize=4096)  # 270 per page of 30 notes, and each page is made twice (ahead, then checked)
def size_text(size: int, lang: str) -> str:
    """54 ko / 54 kB / 54 KB (decimal units, as file managers show them)."""
    # Babel: for the site's pages, after an edition's PDF is handed over
    from babel.units import format_unit

    if size < 1000:
        return format_unit(size, "digital-byte", length="short", locale=cldr(lang))
    if size < 1_000_000:
        kb = size / 1000
        return format_unit(kb, "digital-kilobyte", length="short", format="#,##0" if kb >= 10 else "#,##0.#",
                           locale=cldr(lang))
    return format_unit(size / 1_000_000, "digital-megabyte", length="short", format="#,##0.#", locale=cldr(lang))


@functools.lru_cache(maxsize=1024)
def language_name(lang: str, in_lang: str) -> str:
    """`lang`'s name in `in_lang` ("anglais", "English", "英語")."""
    from babel import Locale

    name = Locale.parse(cldr(in_lang)).languages.get(cldr(lang))
    return name or native_name(lang)


def capitalized(name: str) -> str:
    """"anglais" -> "Anglais" for a heading (CLDR names are lower case in French)."""
    return name[:1].upper() + name[1:]


def prerender(project: Project, infos: list[NoteInfo], ahead: dict[str, str]) -> None:
    """Render the pages for `infos` (what the site will probably list) into `ahead`, keyed by
    their whole context: `write_pages` takes a page from there only for the very context it
    has, so a wrong guess costs the time it took, never a wrong page."""
    langs = project.labelled_languages()
    for lang in langs:
        ctx = page_context(project, infos, lang, langs)
        ahead[context_key(lang, ctx)] = _render(project, ctx)


def context_key(lang: str, ctx: dict[str, Any]) -> str:
    import hashlib
    import json

    typed = json.dumps(ctx, sort_keys=True, ensure_ascii=False, default=lambda o: [type(o).__name__, str(o)])
    return hashlib.sha256(f"{lang}\0{typed}".encode("utf-8", "surrogatepass")).hexdigest()


def render_page(project: Project, notes: list[NoteInfo], lang: str, langs: list[str]) -> str:
    return _render(project, page_context(project, notes, lang, langs))


def _render(project: Project, ctx: dict[str, Any]) -> str:
    return templating.render(project.templates, "site.html.j2", ctx)


def page_context(project: Project, notes: list[NoteInfo], lang: str, langs: list[str]) -> dict[str, Any]:
    ctx = {
        "lang": lang,
        "dir": rtl.direction(lang),
        "css": templating.stylesheet(project.templates, "site.css"),
        "notes": [note_context(n, lang) for n in notes],
        "languages": [{"lang": code, "name": native_name(code), "href": page_name(code),
                       "current": code == lang} for code in langs],
    }
    return ctx


def lineage_context(files: list[File], lang: str) -> dict[str, Any]:
    """What the colophon says of a translation, in the site page's language (`_front.html.j2`)."""
    record = next((f.lineage for f in files if f.lineage), None)
    if not record:
        return {"translated": False}
    return {"translated": True, "translators": record.get("translators", ""), "version": record.get("version", ""),
            "fallbacks": record.get("fallbacks", 0), "french_title": record.get("french_title", ""),
            "french_date": long_date(dt.date.fromisoformat(record["french_date"]), lang)}


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
            "lineage": lineage_context(files, lang),
        } for code, files in note.files.items()],
    }

