"""Side-by-side review pages: ``build/review/<lang>/<slug>.html``.

Takes a `Project` and a translation language; for every note, checks its PO
catalog (`audit.check_catalog`, the rules of `frspub check`) and writes one
self-contained page: the note segment by segment in document order, French on
the left, the translation on the right, each row with its state (translated,
fuzzy with a word diff of the French change, missing, or error with the
messages), the PO line to edit and the source line; footnote segments carry
their fixed labels; a summary gives the counts and a checkbox shows only the
rows that need work.  `write_reviews` returns the paths written.

The page is for editors at FRS, so its labels are in French.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from markupsafe import Markup, escape

from frspub.errors import ConfigError, display_path
from frspub.locale import SOURCE_LANG, native_name
from frspub.note import source
from frspub.output import write_text
from frspub.project import Project
from frspub.render import rtl, templating
from frspub.translation import audit, catalog, queries, segments
from frspub.translation.memory import COMMENT

STATES = ("translated", "fuzzy", "missing", "error")
TODO = frozenset({"fuzzy", "missing", "error"})
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Row:
    number: int
    kind: str
    note: str | None  # fixed footnote label when the segment is in a footnote
    field: str | None  # metadata field name
    state: str
    french: Markup
    translation: Markup
    diff: Markup | None  # French change since the fuzzy translation was made
    errors: list[str]
    warnings: list[str]
    po_line: int  # 0 when the entry is not in the catalog
    source_line: int
    suggestion: str = ""  # where the translation memory's suggestion came from ("note (95 % similar)")
    queries: list[str] = field(default_factory=list)  # open queries to the author about this segment

    @property
    def todo(self) -> bool:
        return self.state in TODO


def review_path(project: Project, lang: str, slug: str) -> Path:
    return project.build_dir / "review" / lang / f"{slug}.html"


def write_reviews(project: Project, lang: str) -> list[Path]:
    """Write the review page of every note for `lang`; returns the paths written."""
    if lang == SOURCE_LANG:
        raise ConfigError(f"{SOURCE_LANG} is the source language: review a translation (--lang en, --lang ja…)",
                          project.source / SOURCE_LANG, 0)
    written = []
    for path in project.notes():
        note = source.read_note(path)
        out = review_path(project, lang, note.slug)
        write_text(out, render_review(project, note, lang))
        written.append(out)
    return written


def render_review(project: Project, note: source.Note, lang: str) -> str:
    po = project.po(lang, note.slug)
    cat = catalog.load_or_new(po, lang, note.slug)
    rows = [make_row(i, c) for i, c in enumerate(audit.check_catalog(note, cat, project.root), start=1)]
    counts = Counter(r.state for r in rows)
    ctx = {
        "lang": lang,  # the interface speaks the reviewer's language; the French column is lang="fr"
        "target_lang": lang,
        "dir": rtl.direction(lang),  # an Arabic reviewer reads an RTL page; the French column stays LTR
        "target_name": native_name(lang),
        "title": str(note.meta.get("title", note.slug)),
        "slug": note.slug,
        "po_path": _rel(po, project.root),
        "po_exists": po.exists(),
        "source_path": _rel(note.path, project.root),
        "rows": rows,
        "counts": {state: counts.get(state, 0) for state in STATES},
        "todo": sum(r.todo for r in rows),
        "warnings": sum(bool(r.warnings) for r in rows),
        "total": len(rows),
        "css": templating.stylesheet(project.templates, "review.css"),
    }
    return templating.render(project.templates, "review.html.j2", ctx)


def make_row(number: int, checked: audit.Checked) -> Row:
    seg, msg = checked.entry.segment, checked.message
    string = msg.string if msg is not None and isinstance(msg.string, str) else ""
    previous = previous_msgid(msg) if checked.state == "fuzzy" else None
    return Row(
        number=number, kind=seg.kind, note=seg.note, field=seg.context, state=checked.state,
        french=marked(checked.entry.msgid),
        translation=marked(string),
        diff=word_diff(previous, checked.entry.msgid) if previous is not None else None,
        errors=checked.errors, warnings=checked.warnings,
        po_line=catalog.lineno(msg) if msg is not None else 0,
        source_line=seg.line,
        suggestion=next((c[len(COMMENT):].strip() for c in (msg.user_comments if msg is not None else [])
                         if c.startswith(COMMENT)), ""),
        queries=queries.texts(msg) if msg is not None and not msg.fuzzy else [],
    )


def marked(text: str) -> Markup:
    """Escaped text with footnote placeholders shown as labelled chips."""
    out = []
    pos = 0
    for m in segments.PLACEHOLDER_PO.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<span class="call" title="note {0}">{1}</span>').format(m.group(1), m.group(0)))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def word_diff(old: str, new: str) -> Markup:
    """`new` with the words removed since `old` in <del> and the words added in <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(marked("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{0}</del>").format(marked("".join(a[i1:i2]))))
        if j2 > j1:
            out.append(Markup("<ins>{0}</ins>").format(marked("".join(b[j1:j2]))))
    return Markup("").join(out)


def previous_msgid(msg: Message | None) -> str | None:
    """The French text the fuzzy translation was made for (the PO's ``#| msgid``,
    which `catalog.load` gives back as `previous_id`)."""
    if msg is None or not msg.previous_id:
        return None
    prev = msg.previous_id
    return prev if isinstance(prev, str) else prev[0]


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return display_path(path)

