"""Stage 2b: gettext catalogs of a note (Babel's `babel.messages`).

Takes a French `source.Note`; writes ``source/<slug>.pot`` and merges it into
``source/<lang>/<slug>.po`` (`update`), reads catalogs with their line numbers
(`load`), counts their state (`status`) and checks translations (`check`,
returning `Problem`s).  No PO parsing by hand: Babel reads and writes them.
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
from babel.messages.pofile import PoFileError, denormalize, generate_po, normalize, read_po

from frspub import pofile, segments
from frspub.checks import segment_problems
from frspub.errors import Problem, TranslationError, display_path
from frspub.output import write_bytes
from frspub.source import Note

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
    return Catalog(locale=lang, domain=slug, project=PROJECT, header_comment=HEADER.format(slug=slug),
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


def load(path: Path, lang: str | None = None) -> Catalog:
    """Read a PO file; syntax errors raise TranslationError with their lines."""
    shown = display_path(path)
    if path.exists():
        problems = syntax_problems(path)
        if problems:
            raise TranslationError(problems)
    try:
        with path.open("rb") as fh:
            cat = read_po(fh, locale=lang, abort_invalid=True)
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


def update(note: Note, root: Path, langs: list[str], memories: dict | None = None) -> list[Path]:
    """Regenerate the template and merge it into each language's catalog, filling empty entries
    from the translation memory of that language (`memories`: lang -> `memory.Memory`); returns
    the files written."""
    tmpl = template(note, root)
    written = []
    pot = root / "source" / f"{note.slug}.pot"
    if save(tmpl, pot):
        written.append(pot)
    for lang in langs:
        path = root / "source" / lang / f"{note.slug}.po"
        cat = load_or_new(path, lang, note.slug)
        merge(cat, tmpl)
        if memories and lang in memories:
            from frspub.memory import prefill

            prefill(cat, memories[lang], note.slug)
        if save(cat, path):
            written.append(path)
    return written


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


def update_templates(templates: Path, langs: list[str]) -> list[Path]:
    """Regenerate templates/locale/templates.pot and merge it into each language's catalog."""
    from frspub.locale import template_po

    tmpl = template_strings(templates)
    written = []
    pot = templates / "locale" / "templates.pot"
    if save(tmpl, pot, markdown=False):
        written.append(pot)
    for lang in langs:
        path = template_po(templates, lang)
        cat = load_or_new(path, lang, "templates")
        merge(cat, tmpl)
        if save(cat, path, markdown=False):
            written.append(path)
    return written


@dataclass
class Status:
    note: str
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def percent(self) -> float:
        total = self.translated + self.fuzzy + self.untranslated
        return round(100.0 * self.translated / total, 1) if total else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"note": self.note, "lang": self.lang, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "obsolete": self.obsolete, "percent": self.percent}


def messages(cat: Catalog) -> list[Message]:
    return [m for m in cat if m.id]


def status(cat: Catalog, note: str, lang: str, tmpl: Catalog | None = None) -> Status:
    """Counts of a catalog; with `tmpl`, template entries absent from the PO count as untranslated."""
    msgs = messages(cat)
    translated = sum(1 for m in msgs if m.string and not m.fuzzy)
    fuzzy = sum(1 for m in msgs if m.fuzzy)
    untranslated = sum(1 for m in msgs if not m.string and not m.fuzzy)
    if tmpl is not None:
        untranslated += sum(1 for m in messages(tmpl) if cat.get(m.id, m.context) is None)
    return Status(note, lang, translated, fuzzy, untranslated, len(cat.obsolete))


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def lineno(msg: Message) -> int:
    """The line of the entry's msgstr (its msgid's when the catalog was not read from a file)."""
    return getattr(msg, "msgstr_lineno", None) or msg.lineno or 1


__all__ = ["template", "update", "load", "status", "Status", "save", "Problem", "TranslationError"]


def project_status(project) -> list[Status]:
    """Status of every note × translation language (a missing PO counts as all untranslated)."""
    from frspub import source

    rows = []
    for path in project.notes():
        note = source.read_note(path)
        tmpl = template(note, project.root)
        for lang in project.languages()[1:]:
            po = project.po(lang, note.slug)
            cat = load_or_new(po, lang, note.slug)
            rows.append(status(cat, note.slug, lang, tmpl))
    return rows


@dataclass
class Checked:
    """One template entry with its catalog message and the check's verdict (for review pages)."""
    entry: Entry
    message: Message | None
    errors: list[str]
    warnings: list[str]

    @property
    def state(self) -> str:
        m = self.message
        if m is None or (not m.string and not m.fuzzy):
            return "missing"
        if self.errors:
            return "error"
        return "fuzzy" if m.fuzzy else "translated"


def check_catalog(note: Note, cat: Catalog, root: Path, ents: list[Entry] | None = None) -> list[Checked]:
    """Every entry of the note (`ents` if already cut) checked against `cat` (one pandoc
    run for all msgstrs)."""
    ents = entries(note, root) if ents is None else ents
    msgs = [cat.get(e.msgid, e.segment.context) for e in ents]
    strings = [m.string if m is not None and m.string else "" for m in msgs]
    parsed = segments.from_markdown([s for s in strings if s])
    it = iter(parsed)
    out = []
    for e, m, s in zip(ents, msgs, strings):
        if not s:
            state = "missing from the catalog (run `frspub update`)" if m is None else "untranslated"
            out.append(Checked(e, m, [], [f"{state}: {e.segment.kind} shown in French"]))
            continue
        errors, warnings = segment_problems(e.segment, e.msgid, s, next(it))
        if m is not None and m.fuzzy:  # checked all the same: the translator will confirm it
            warnings = [f"fuzzy: {e.segment.kind} shown in French", *warnings]
        out.append(Checked(e, m, errors, warnings))
    return out


def check_file(note: Note, lang: str, po: Path, root: Path, min_complete: float | None,
               ents: list[Entry] | None = None) -> list[Problem]:
    """All problems of one PO file, as `path:line:` problems (errors and warnings); `ents`
    are the note's entries when the caller checks several languages."""
    shown = display_path(po)
    if not po.exists():
        return [Problem(shown, 0, f"no catalog for {lang}: run `frspub update`")]
    try:
        cat = load(po)  # no locale given: the Language header itself is checked
    except TranslationError as exc:
        return exc.problems
    problems = header_problems(cat, po, lang)
    ents = entries(note, root) if ents is None else ents
    for c in check_catalog(note, cat, root, ents):
        line = lineno(c.message) if c.message is not None else 0
        problems += [Problem(shown, line, e) for e in c.errors]
        problems += [Problem(shown, line, w, "warning") for w in c.warnings]
    problems += lost_previous(cat, shown)
    if min_complete is not None:
        st = status(cat, note.slug, lang, template(note, root, ents))
        if st.percent < min_complete:
            problems.append(Problem(shown, 1, f"{st.percent:.1f} % translated, under --min-complete "
                                    f"{min_complete:g} % ({st.fuzzy} fuzzy, {st.untranslated} untranslated)"))
    return problems


def lost_previous(cat: Catalog, shown: str) -> list[Problem]:
    """Fuzzy entries without their previous msgid (``#| msgid``): a plain `msgmerge --update`
    drops them, and the translator no longer sees what changed in the French."""
    return [Problem(shown, lineno(m), "fuzzy entry without its previous msgid (#| msgid): the change in the "
                    "French cannot be shown; merge with `frspub update` (or `msgmerge --previous`), not "
                    "a plain `msgmerge --update`", "warning")
            for m in messages(cat) if m.fuzzy and not m.previous_id]


def header_problems(cat: Catalog, po: Path, lang: str) -> list[Problem]:
    """A Language header that does not name the catalog's folder (an empty file has none):
    such a catalog would publish another language's text, or none, under `lang`."""
    declared = str(cat.locale) if cat.locale else (cat.mime_headers and dict(cat.mime_headers).get("Language"))
    if (declared or "") == lang:
        return []
    empty = "" if messages(cat) else " (the catalog has no entry: restore it or run `frspub update`)"
    return [Problem(display_path(po), _header_line(po), f"Language header is {declared or 'missing'!r}, "
                    f"but the file is in source/{lang}/{empty}")]


def _header_line(po: Path) -> int:
    for i, line in enumerate(po.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if line.startswith('"Language:'):
            return i
    return 1


def check_project(project, langs: list[str], min_complete: float | None) -> list[Problem]:
    from frspub import source

    problems: list[Problem] = []
    for path in project.notes():
        note = source.read_note(path)
        ents = entries(note, project.root)  # the same for every language: cut once
        for lang in langs:
            problems += check_file(note, lang, project.po(lang, note.slug), project.root, min_complete, ents)
    return problems
