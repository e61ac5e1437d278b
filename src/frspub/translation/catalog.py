"""Gettext catalogs of a note (Babel's `babel.messages`).

Takes a French `source.Note`; returns its entries and template (`entries`,
`template`), reads catalogs with their line numbers and syntax checked by GNU
msgfmt (`load`), merges a template into a catalog (`merge`) and writes a
catalog in gettext's layout (`save`).  `update` runs the merge for every
language, `progress` counts a catalog's state and `audit` checks its
translations.  No PO parsing by hand: Babel reads and writes them.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import (
    PoFileError,
    denormalize,
    generate_po,
    normalize,
    read_po,
)

from frspub.errors import Problem, TranslationError, display_path
from frspub.locale import cldr
from frspub.note.source import Note
from frspub.output import write_bytes
from frspub.translation import pofile, segments

PROJECT = "frspub"
HEADER = "# Translations of the FRS note {slug}.\n# Edit msgstr only; keep every [^N] footnote placeholder.\n#"
DATE_HEADERS = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)
MSGFMT_LINE = re.compile(r"^.*?\.pot?:(\d+):(?:\d+:)? (.*)$", re.M)
# Babel flags msgids that look like Python format strings; ours are Markdown ("[ici]{.link-lost}").
NOT_FORMATS = ("python-format", "python-brace-format")
# A fixed date: the files change only when their content does ("update twice changes no byte").
EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class Entry:
    """One segment with its Markdown msgid (the unit of translation)."""
    segment: segments.Segment
    msgid: str


def entries(note: Note, root: Path) -> list[Entry]:
    segs = [s for s in segments.iter_segments(note) if segments.translatable(s)]
    return [Entry(s, m) for s, m in zip(segs, segments.to_markdown([s.inlines for s in segs]))]


def template(note: Note, root: Path, ents: list[Entry] | None = None) -> Catalog:
    """The POT of `note` (from `ents` when the caller already cut it into entries)."""
    cat = Catalog(domain=note.slug, project=PROJECT, header_comment=HEADER.format(slug=note.slug),
                  creation_date=EPOCH, revision_date=EPOCH, fuzzy=False)
    rel = _rel(note.path, root)
    for e in entries(note, root) if ents is None else ents:
        cat.add(e.msgid, "", locations=[(rel, e.segment.line)],
                auto_comments=[e.segment.comment], context=e.segment.context)
    return cat


def new_catalog(lang: str, slug: str) -> Catalog:
    return Catalog(locale=cldr(lang), domain=slug, project=PROJECT, header_comment=HEADER.format(slug=slug),
                   creation_date=EPOCH, revision_date=EPOCH, fuzzy=False)


def load_or_new(path: Path, lang: str, slug: str) -> Catalog:
    """The catalog at `path`, or an empty one for a language that has none yet."""
    return load(path, lang) if path.exists() else new_catalog(lang, slug)


def dump(cat: Catalog, markdown: bool = True) -> bytes:
    """The PO text of `cat`, with previous msgids (``#| msgid``) in gettext's own layout.

    Babel 2.18 re-wraps a long previous msgid as free text, which msgmerge,
    Poedit and Babel itself then cannot read back; those runs are rewritten."""
    for msg in [*cat, *cat.obsolete.values()] if markdown else []:
        msg.flags.difference_update(NOT_FORMATS)
    previous = iter([m.previous_id[0] for m in cat if m.id and m.previous_id])
    out: list[str] = []
    in_run = False
    for line in generate_po(cat, include_previous=True, width=76):
        if line.startswith("#| "):
            if not in_run:
                out.append(f"#| msgid {normalize(next(previous), prefix='#| ', width=76)}\n")
            in_run = True
            continue
        in_run = False
        out.append(line)
    return "".join(out).encode("utf-8")


def _restore_previous(cat: Catalog) -> None:
    """Babel's reader keeps ``#| msgid`` lines as user comments: give them back their meaning."""
    for msg in cat:
        run = [c for c in msg.user_comments if c.startswith("| ")]
        if not run or not run[0].startswith("| msgid "):
            continue
        text = "\n".join(c[2:] for c in run)[len("msgid "):]
        msg.previous_id = [denormalize(text)]
        msg.user_comments = [c for c in msg.user_comments if not c.startswith("| ")]


def save(cat: Catalog, path: Path, markdown: bool = True) -> bool:
    """Write `cat` unless only its date headers would change; True if written.
    `markdown`: the msgids are Markdown segments, not the templates' Python format strings."""
    data = pofile.gettext_layout(dump(cat, markdown), path)
    if path.exists() and DATE_HEADERS.sub(b"", path.read_bytes()) == DATE_HEADERS.sub(b"", data):
        return False
    write_bytes(path, data)
    return True


def syntax_problems(path: Path) -> list[Problem]:
    """PO syntax errors found by GNU gettext's msgfmt, the reference checker.

    Babel's reader is lenient (``msgstr broken "x"`` reads as 'roken "x', an
    unterminated string as an empty translation): reading such a file and
    writing it back would destroy a translator's work, so msgfmt checks first."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise TranslationError("GNU gettext's msgfmt is needed to check PO files: run `make` "
                               "(Debian package gettext)", path, 0)
    proc = subprocess.run([msgfmt, "--check-format", "-o", os.devnull, str(path)],
                          capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if proc.returncode == 0:
        return []
    shown = display_path(path)
    found = [Problem(shown, _line(int(m.group(1)), m.group(2)), f"PO syntax: {m.group(2).strip()}")
             for m in MSGFMT_LINE.finditer(proc.stderr)]
    return list(dict.fromkeys(found)) or [Problem(shown, 0, f"PO syntax: {proc.stderr.strip().splitlines()[0]}")]


def _line(line: int, message: str) -> int:
    # msgfmt notices an unclosed string on the next line; the string to fix is on this one.
    return line - 1 if "end-of-line within string" in message else line


def load(path: Path, lang: str | None = None, checked: bool = False) -> Catalog:
    """Read a PO file; syntax errors raise TranslationError with their lines (`checked`: the
    caller has just had msgfmt check this file: not run twice)."""
    shown = display_path(path)
    if path.exists() and not checked:
        problems = syntax_problems(path)
        if problems:
            raise TranslationError(problems)
    try:
        with path.open("rb") as fh:
            cat = read_po(fh, locale=cldr(lang) if lang else None, abort_invalid=True)
    except PoFileError as exc:
        raise TranslationError(f"PO syntax: {exc.args[0].rsplit(' on ', 1)[0]}", shown, exc.lineno + 1) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise TranslationError(f"unreadable PO file: {exc}", shown, 1) from None
    _restore_previous(cat)
    _note_msgstr_lines(cat, path)
    return cat


def _note_msgstr_lines(cat: Catalog, path: Path) -> None:
    """Remember the line of each msgstr: that is the line a translator has to fix
    (Babel only knows the msgid's, which is `msgid ""` for a wrapped one)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for msg in cat:
        start = (msg.lineno or 1) - 1
        for i in range(start, min(len(lines), start + 400)):
            if lines[i].startswith("msgstr"):
                msg.msgstr_lineno = i + 1  # type: ignore[attr-defined]
                break


def merge(cat: Catalog, tmpl: Catalog) -> None:
    """Catalog.update, keeping the previous msgid of entries that were already fuzzy."""
    import copy

    kept = {(m.id, m.context): m.previous_id for m in cat if m.id and m.fuzzy and m.previous_id}
    # Babel puts the template's own Message objects into `cat`: without a copy, every language
    # merged from one template would share (and a suggestion for one would fill the others).
    cat.update(copy.deepcopy(tmpl), update_header_comment=False, update_creation_date=False)
    for msg in cat:
        if msg.id and msg.fuzzy and not msg.previous_id and (msg.id, msg.context) in kept:
            msg.previous_id = kept[(msg.id, msg.context)]


def template_strings(templates: Path) -> Catalog:
    """The labels of the Jinja2 templates (``_("…")``), extracted with Babel's Jinja2 extractor."""
    from babel.messages.extract import extract_from_dir

    cat = Catalog(domain="templates", project=PROJECT, creation_date=EPOCH, revision_date=EPOCH, fuzzy=False,
                  header_comment="# Labels of the frspub templates (French msgids).\n#")
    method_map = [("**.j2", "jinja2.ext:babel_extract")]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    for filename, line, msgid, comments, context in extract_from_dir(
            str(templates), method_map, options, strip_comment_tags=True):
        cat.add(msgid, "", locations=[(f"templates/{filename}", line)], auto_comments=comments, context=context)
    return cat


def messages(cat: Catalog) -> list[Message]:
    return [m for m in cat if m.id]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def lineno(msg: Message) -> int:
    """The line of the entry's msgstr (its msgid's when the catalog was not read from a file)."""
    return getattr(msg, "msgstr_lineno", None) or msg.lineno or 1


def header_problems(cat: Catalog, po: Path, lang: str) -> list[Problem]:
    """A Language header that does not name the catalog's folder (an empty file has none):
    such a catalog would publish another language's text, or none, under `lang`."""
    declared = str(cat.locale) if cat.locale else (cat.mime_headers and dict(cat.mime_headers).get("Language"))
    if same_language(declared or "", lang):
        return []
    empty = "" if messages(cat) else " (the catalog has no entry: restore it or run `frspub update`)"
    return [Problem(display_path(po), header_line(po, "Language"), f"Language header is {declared or 'missing'!r}, "
                    f"but the file is in source/{lang}/{empty}")]


def same_language(declared: str, lang: str) -> bool:
    """`zh_Hans` (gettext's and Babel's spelling) and `zh-Hans` (BCP 47, the folder's) are one language,
    and so are a folder `zh` and the `zh_Hans` its new catalog declares (conventions.ALIASES)."""
    from frspub import conventions

    if declared.replace("_", "-").lower() == lang.replace("_", "-").lower():
        return True
    ours, theirs = conventions.of(lang), conventions.of(declared.replace("_", "-"))
    return bool(declared) and ours.known and theirs.known and ours.babel == theirs.babel


def header_line(po: Path, field: str) -> int:
    """The line of a header field (``"Language: ja\\n"``) in a PO file; 1 if it has none."""
    for i, line in enumerate(po.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if line.startswith(f'"{field}:'):
            return i
    return 1
