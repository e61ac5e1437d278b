"""XLIFF 1.2 exchange with CAT tools (Trados, memoQ, Phrase, OmegaT), beside the PO catalogs.

`export` takes a project, a language and a note; returns the XLIFF 1.2 text of
its catalog: one ``trans-unit`` per PO entry, in the note's order, with the
French ``source``, the ``target`` (``state`` translated, needs-review-translation
for fuzzy entries, new with a copy of the source when there is none yet), the segment's kind and place
as notes, the previous French text of a fuzzy entry as an ``alt-trans``, and
every footnote placeholder (``[^3]``), figure reference (``@fig:x``) and inline
Markdown mark (``*``, ``**``, ``[``, ``](https://…)``, `` ` ``…) as a ``<ph>``
inline code, which CAT tools show as a tag the translator moves but cannot
edit.  `import_files` reads XLIFF files back into the PO catalogs: each
target's text is rebuilt with the *source's* code for each ``<ph>`` id, checked
with the same rules as ``frspub check``, and no catalog is written unless every
file is clean (errors name the XLIFF file and line).  Export then import
without changes leaves every PO file byte-identical.

Why 1.2: it is the version Trados, memoQ and Phrase import and export without
conversion, and the only one OmegaT 3.6 (the CAT tool the tests drive) reads;
XLIFF 2.0 support is partial in most of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from frspub.errors import Problem, TranslationError, display_path
from frspub.locale import template_po
from frspub.translation import catalog, incoming, labels

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Markdown marks and frspub placeholders that a translator must keep as they are: formulas
# ($…$, $$…$$), note calls, citation keys and figure references (@key, @fig:x), link targets.
CODE = re.compile(r"\$\$[^$]+\$\$|\$[^$\s][^$]*?\$|\\.|\[\^[^\]\s]+\]|(?<![\w.])@\w(?:[\w:.#%&+?<>~/-]*\w)?|"
                  r"\]\([^)]*\)|\*\*|\*|__|_(?=\S)|(?<=\S)_|"
                  r"`[^`]*`|\^|~~|~|\[|\]|\{[^}]*\}")
STATES = {"translated": "translated", "fuzzy": "needs-review-translation"}


@dataclass
class Unit:
    msgid: str
    context: str | None
    kind: str
    place: str
    string: str
    fuzzy: bool
    previous: str
    ident: str = ""  # the trans-unit id (default: its rank); a plural form's is "N.I"


def _pieces(text: str, pattern: re.Pattern[str] = CODE) -> list[tuple[str, str]]:
    """("text", …) and ("code", …) pieces of a Markdown segment (or, with labels.FORMAT, of a
    template label); backslash escapes stay text."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        out.append(("text" if m.group(0).startswith("\\") else "code", m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


def _fill(element: etree._Element, text: str, source_ids: dict[str, list[str]] | None = None,
          pattern: re.Pattern[str] = CODE) -> dict[str, list[str]]:
    """Put `text` into `element` as text and <ph id="n"> codes; returns code -> ids.  A target's
    code takes the id of the same code in the source (so ids mean the same on both sides); a code
    the source lacks gets an id of its own ("t1"…)."""
    last: etree._Element | None = None
    n = 0
    ids: dict[str, list[str]] = {}
    free = {code: list(values) for code, values in (source_ids or {}).items()}
    for kind, value in _pieces(text, pattern):
        if kind == "text":
            if last is None:
                element.text = (element.text or "") + value
            else:
                last.tail = (last.tail or "") + value
            continue
        n += 1
        if source_ids is None:
            ident = str(n)
        else:
            ident = free[value].pop(0) if free.get(value) else f"t{n}"
        ids.setdefault(value, []).append(ident)
        last = etree.SubElement(element, f"{X}ph", id=ident)
        last.text = value
        if value.startswith("[^"):
            last.set("ctype", "x-footnote")
    return ids


def _text(element: etree._Element, codes: dict[str, str], path: Path) -> str:
    """The Markdown text of a source or target: <ph> ids read as the source's codes."""
    def code(child: etree._Element) -> str:
        ident = child.get("id", "")
        if etree.QName(child).localname in ("ph", "x", "bx", "ex", "it") and ident in codes:
            return codes[ident]
        return incoming.inline_text(child, lambda c: "".join(c.itertext()), path)

    return incoming.inline_text(element, code, path)


def _rel(project: Any, note: Any) -> str:
    return note.path.resolve().relative_to(project.root.resolve()).as_posix()


def units(project: Any, lang: str, note: Any) -> list[Unit]:
    po = project.po(lang, note.slug)
    cat = catalog.load(po, lang) if po.exists() else None
    out = []
    for entry in catalog.entries(note, project.root):
        msg = cat.get(entry.msgid, entry.segment.context) if cat is not None else None
        string = msg.string if msg is not None and isinstance(msg.string, str) else ""
        out.append(Unit(entry.msgid, entry.segment.context, entry.segment.comment,
                        f"{_rel(project, note)}:{entry.segment.line}", string,
                        bool(msg is not None and msg.fuzzy),
                        (msg.previous_id[0] if msg is not None and msg.previous_id else "")))
    return out


def export(project: Any, lang: str, note: Any) -> bytes:
    note_text = (f"frspub: {note.slug} ({lang}). Tags are footnote calls, figure references and Markdown marks: "
                 "move them where the sentence needs them, keep every one.")
    return _document(_rel(project, note), "x-frspub-markdown", lang, note_text, units(project, lang, note), CODE)


def export_labels(project: Any, lang: str) -> bytes:
    """The template labels of `lang` (Sommaire, Télécharger le PDF…): placeholders such as
    %(date)s are codes; each plural form is a unit of its own."""
    po = template_po(project.templates, lang)
    cat = catalog.load(po, lang)
    place = po.resolve().relative_to(project.root.resolve()).as_posix()
    found = []
    for n, msg in enumerate(catalog.messages(cat), start=1):
        ids = list(msg.id) if isinstance(msg.id, (list, tuple)) else [msg.id]
        strings = list(msg.string) if isinstance(msg.string, (list, tuple)) else [msg.string]
        for i, string in enumerate(strings):
            ident = str(n) if len(ids) == 1 else f"{n}.{i}"
            found.append(Unit(ids[min(i, len(ids) - 1)], msg.context, "template label", place, string or "",
                              bool(msg.fuzzy), "", ident))
    note_text = (f"frspub: the labels of the templates ({lang}). Tags are placeholders such as %(date)s: "
                 "keep every one.")
    return _document(place, "x-frspub-labels", lang, note_text, found, labels.FORMAT)


def _document(original: str, datatype: str, lang: str, note_text: str, found: list[Unit],
              pattern: re.Pattern[str]) -> bytes:
    root = etree.Element(f"{X}xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, f"{X}file", original=original, datatype=datatype)
    file.set("source-language", "fr")
    file.set("target-language", lang)
    header = etree.SubElement(file, f"{X}header")
    etree.SubElement(header, f"{X}note").text = note_text
    body = etree.SubElement(file, f"{X}body")
    for n, unit in enumerate(found, start=1):
        tu = etree.SubElement(body, f"{X}trans-unit", id=unit.ident or str(n))
        if unit.context:
            tu.set("resname", unit.context)
        source = etree.SubElement(tu, f"{X}source")
        source.set(XML_LANG, "fr")
        ids = _fill(source, unit.msgid, pattern=pattern)
        state = ("fuzzy" if unit.fuzzy else "translated") if unit.string else "new"
        target = etree.SubElement(tu, f"{X}target", state=STATES.get(state, "new"))
        target.set(XML_LANG, lang)
        # a new unit's target is a copy of the source, as CAT tools expect (OmegaT reads no other)
        _fill(target, unit.string or unit.msgid, ids, pattern)
        tu.set("approved", "yes" if state == "translated" else "no")
        if unit.fuzzy and unit.previous:
            alt = etree.SubElement(tu, f"{X}alt-trans", origin="previous-french")
            etree.SubElement(alt, f"{X}source").text = unit.previous
        etree.SubElement(tu, f"{X}note", {"from": "frspub", "annotates": "general"}).text = \
            f"{unit.kind} — {unit.place}"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class Imported:
    msgid: str
    context: str | None
    string: str
    fuzzy: bool
    line: int
    ident: str = ""


@dataclass
class Read:
    original: str  # the note as exported (source/fr/<slug>.md)
    lang: str  # the project language it declares, checked
    units: list[Imported]


def read(path: Path, known: list[str]) -> Read:
    """The translated units of an XLIFF file, its declared language checked against `known`."""
    tree = incoming.parse(path, "XLIFF")
    file = tree.getroot().find(f"{X}file")
    if file is None:
        raise TranslationError("not an XLIFF 1.2 file (no <file> in the XLIFF 1.2 namespace)", path, 1)
    lang = incoming.language(file.get("target-language", ""), known, path, file.sourceline or 1)
    found, tagged = [], []
    for tu in file.iter(f"{X}trans-unit"):
        source, target = tu.find(f"{X}source"), tu.find(f"{X}target")
        if source is None or target is None:
            continue
        tagged.append((target.get(XML_LANG, ""), target.sourceline or 0))
        codes = {ph.get("id", ""): "".join(ph.itertext()) for ph in source.iter(f"{X}ph")}
        text, original = _text(target, codes, path), _text(source, codes, path)
        state = target.get("state", "translated")
        if not text.strip() or (state == "new" and text == original):
            continue  # untranslated (a CAT tool that translates a unit may leave state="new" as it was)
        fuzzy = state.startswith("needs-")
        found.append(Imported(original, tu.get("resname"), text, fuzzy, target.sourceline or tu.sourceline,
                              tu.get("id", "")))
    problems = incoming.lang_problems(lang, tagged, path)
    wrong = incoming.script_problem(lang, [u.string for u in found if u.string != u.msgid], path,
                                    file.sourceline or 1)
    if problems or wrong:
        raise TranslationError(problems + ([wrong] if wrong else []))
    return Read(file.get("original", ""), lang, found)


def import_files(project: Any, paths: list[Path]) -> list[Path]:
    """Merge XLIFF files into their PO catalogs; raise with every problem, writing nothing, if any."""
    from frspub.note import source

    problems: list[Problem] = []
    staged: list[tuple[Path, Any]] = []
    notes = {p.stem: p for p in project.notes()}
    for path in paths:
        try:
            got = read(path, project.languages())
        except TranslationError as exc:
            problems += exc.problems
            continue
        if got.original == template_po(Path("templates"), got.lang).as_posix():
            po = template_po(project.templates, got.lang)
            cat = catalog.load(po, got.lang)
            problems += catalog.header_problems(cat, po, got.lang) + _merge_labels(cat, got.units, path)
            staged.append((po, cat))
            continue
        slug = PurePosixPath(got.original).stem
        if slug not in notes or not project.po(got.lang, slug).exists():
            problems.append(Problem(display_path(path), 1, f"no note {slug!r} or no {got.lang} catalog for it in "
                                    "this project (run `frspub update` first)"))
            continue
        po = project.po(got.lang, slug)
        cat = catalog.load(po, got.lang)
        problems += catalog.header_problems(cat, po, got.lang)
        problems += _merge(cat, got.units, source.read_note(notes[slug]), project, path)
        staged.append((po, cat))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TranslationError(errors)
    from frspub.log import log

    for p in problems:
        log.warning("%s", p)
    return [po for po, cat in staged if catalog.save(cat, po, markdown=po.name != "templates.po")]


def _merge_labels(cat: Any, found: list[Imported], path: Path) -> list[Problem]:
    """Template labels into their catalog, checked as `frspub check` checks them."""
    shown = display_path(path)
    problems: list[Problem] = []
    for unit in found:
        msg = cat.get(unit.msgid, unit.context)
        if msg is None and "." in unit.ident:  # a plural form: the unit's source may be the plural msgid
            msg = next((m for m in catalog.messages(cat) if isinstance(m.id, (list, tuple)) and unit.msgid in m.id
                        and m.context == unit.context), None)
        if msg is None:
            problems.append(Problem(shown, unit.line, f"label not in the templates any more: {unit.msgid[:50]!r}",
                                    "warning"))
            continue
        if isinstance(msg.string, (list, tuple)):
            strings = list(msg.string)
            index = int(unit.ident.rpartition(".")[2]) if "." in unit.ident else 0
            if index < len(strings):
                strings[index] = unit.string
            msg.string = tuple(strings)
        else:
            msg.string = unit.string
        errors = labels.message_problems(msg)
        problems += [Problem(shown, unit.line, e) for e in errors]
        if unit.fuzzy:
            msg.flags.add("fuzzy")
        else:
            msg.flags.discard("fuzzy")
    return problems


def _merge(cat: Any, found: list[Imported], note: Any, project: Any, path: Path) -> list[Problem]:
    from frspub.translation import segments
    from frspub.translation.checks import segment_problems

    by_key = {(e.msgid, e.segment.context): e for e in catalog.entries(note, project.root)}
    shown = display_path(path)
    problems: list[Problem] = []
    usable = [u for u in found if (u.msgid, u.context) in by_key]
    problems += [Problem(shown, u.line, f"segment not in the note any more: {u.msgid[:50]!r} (export again)",
                         "warning") for u in found if (u.msgid, u.context) not in by_key]
    parsed = segments.from_markdown([u.string for u in usable])
    for unit, blocks in zip(usable, parsed):
        entry = by_key[(unit.msgid, unit.context)]
        errors, _ = segment_problems(entry.segment, unit.msgid, unit.string, blocks)
        problems += [Problem(shown, unit.line, e) for e in errors]
        msg = cat.get(unit.msgid, unit.context)
        if msg is None or errors:
            continue
        msg.string = unit.string
        if unit.fuzzy:
            msg.flags.add("fuzzy")
        else:
            msg.flags.discard("fuzzy")
            msg.previous_id = []
    return [p for p in problems if p.severity == "error"] + [p for p in problems if p.severity != "error"]
