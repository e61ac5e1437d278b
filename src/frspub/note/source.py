"""Read a canonical French note.

Takes ``source/fr/<slug>.md`` (a YAML metadata block, then pandoc Markdown) and
returns a `Note`: the metadata (checked, with line numbers), the body as
pandoc JSON blocks in which every footnote call is replaced by a placeholder
span carrying a fixed label, and the footnote bodies by label.

Labels are fixed here, from the French order: numbered notes get 1…n in the
order of their calls whatever the author typed, symbol notes (``[^*]``,
``[^†]``) keep their symbol and never shift the numbering.  Translations and
every output format reuse these labels (pandoc's AST has no labels, and its
EPUB writer restarts numbering per file, jgm/pandoc#1391).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from frspub.errors import Problem, SourceError, display_path
from frspub.log import warn
from frspub.note import (
    anchors,
    ast,
    citations,
    figures,
    formulas,
    frontmatter,
    headings,
    identity,
    pandoc,
    rawhtml,
    safety,
    unfilled,
)
from frspub.note.model import Note, get  # noqa: F401 (get: part of reading a note's fields)

# Metadata every note must carry (dotted paths into the YAML mapping).
REQUIRED = ("title", "author", "date", "issn", "publisher.name", "copyright", "legal")
# Metadata written in Markdown and translated like body text.
TRANSLATABLE = ("title", "author", "bio", "publisher.name", "publisher.decree", "copyright", "legal")  # author: ヴァレリー・ニケ
ISSN_RE = re.compile(r"^\d{4}-\d{3}[\dX]$")
REF_RE = re.compile(r"\[\^([^\]\s^]+)\](:?)|(?<![\[\\])\^\[")  # [^label], [^label]: or an inline ^[…]
DEF_PREFIX = re.compile(r"^(?:\s*>)*\s*(?:(?:[-*+]|\d+[.)])\s+)?$")  # pandoc: in a quote or a list item too
INLINE = "^["  # the label scan_refs gives an inline note (`fix_labels` numbers it)
FIELD_DIV = "frsfield-"
# WeasyPrint keeps the whole laid-out document in memory: measured (`/usr/bin/time`, fr PDF)
# 190 MB peak for a 300 KiB note and 412 MB for 1 MiB; a policy note is 20-100 KiB.
MAX_NOTE_BYTES = 512 * 1024


def read_note(path: Path, draft: bool = False) -> Note:
    """Parse and check one canonical note; raises SourceError with every problem found.
    `draft`: fields still marked to be filled (`unfilled`) are left out instead of refused
    (`update` cuts a new note's body for translators before its author has filled them)."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise SourceError(f"the note weighs {size / 1024:.0f} KiB, over the {MAX_NOTE_BYTES // 1024} KiB "
                              "a note may weigh (its PDF layout would need more than 400 MB): split it "
                              "into several notes", path, 0)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("no such source file", path, 0) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 text ({exc.reason})", path, line) from None
    meta_text, body, body_line = split_front_matter(text, shown)
    meta, meta_lines = parse_meta(meta_text, shown)
    body, more = frontmatter.extra_blocks(body, body_line)
    for block_text, first in more:  # pandoc merges every YAML block, a later one winning
        frontmatter.merge(meta, meta_lines, *parse_meta(block_text, shown, first))
    frontmatter.normalise(meta, meta_lines)
    to_fill = unfilled.marked_fields(meta)
    if not draft and unfilled.MARK in text:
        raise SourceError(unfilled.problems(text, shown))
    unfilled.drop(meta, to_fill)
    problems = check_meta(meta, meta_lines, shown, skip=to_fill)
    if problems:
        raise SourceError(problems)
    for w in identity.meta_warnings(meta, meta_lines, shown):
        warn(w.path, w.line, w.message)
    problems = safety.nesting_problems(body, shown, body_line)
    if problems:
        raise SourceError(problems)
    doc = pandoc.read_markdown(body + fields_markdown(meta), pandoc.NOTE_FORMAT)
    problems = rawhtml.Resolver(shown, lambda needle, after: _line_of(text, needle, body_line, after)).run(doc["blocks"])
    if problems:
        raise SourceError(problems)
    blocks, fields = take_fields(doc["blocks"])
    refs, problems = scan_refs(body, body_line, shown)
    if problems:
        raise SourceError(problems)
    notes, call_lines, note_lines = fix_labels(blocks, refs, shown)
    note = Note(path, path.stem, meta, meta_lines, fields, blocks, notes, note_lines,
                call_lines, text, body_line)
    warnings = headings.prepare(note, body) + headings.toc_depth(meta, meta_lines, shown)[1]
    note.figures, problems, more = figures.prepare(note, project_root(path))
    note.citations, cite_problems, cite_warnings = citations.prepare(note, project_root(path))
    problems += cite_problems + safety.note_problems(note) + formulas.problems(note)
    problems += anchors.problems(note, [(r.label, r.line) for r in refs if r.definition])
    more += cite_warnings
    if problems:
        raise SourceError(problems)
    for w in warnings + more + safety.empty_links(note):
        warn(w.path, w.line, w.message)
    return note


def project_root(path: Path) -> Path:
    """The project a note belongs to (``<root>/source/fr/<slug>.md``): its files may be published."""
    return path.resolve().parent.parent.parent


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """(yaml text, body text, first line of the body)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError("the note must start with a YAML metadata block (a line `---`)", shown, 1)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    raise SourceError("the YAML metadata block opened here is never closed with `---`", shown, 1)


def _line_of(text: str, needle: str, body_line: int, after: int = 0) -> int:
    """The first line of the body after line `after` holding `needle` (else the first of the
    body, else of the whole file, else the body's first line)."""
    lines = text.splitlines()
    for start in (max(body_line, after + 1), body_line, 1):
        for number in range(start, len(lines) + 1):
            if needle and needle in lines[number - 1]:
                return number
    return body_line


def parse_meta(meta_text: str, shown: str, first: int = 2) -> tuple[dict[str, Any], dict[str, int]]:
    """The fields of a YAML block whose first line is line `first` of the note, with their lines."""
    try:
        node = yaml.compose(meta_text, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(meta_text) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first if mark else first - 1
        raise SourceError(f"bad YAML: {exc.problem or exc.context}", shown, line) from None
    except (ValueError, OverflowError) as exc:
        # PyYAML's constructors raise bare errors without a place (a date such as 2025-02-30)
        line, value = _unconstructible(node, yaml.SafeLoader, first)
        raise SourceError(f"bad YAML value {value!r}: {exc} (dates are YYYY-MM-DD and must exist)",
                          shown, line) from None
    if not isinstance(meta, dict):
        raise SourceError("the YAML metadata block must be a mapping of fields", shown, first)
    return meta, key_lines(node, first=first)


def _unconstructible(node: Any, loader: type, first: int) -> tuple[int, str]:
    """(line, text) of the first scalar that PyYAML cannot turn into a value."""
    todo = [node]
    while todo:
        n = todo.pop(0)
        if isinstance(n, yaml.MappingNode):
            todo += [v for pair in n.value for v in pair]
        elif isinstance(n, yaml.SequenceNode):
            todo += n.value
        elif isinstance(n, yaml.ScalarNode):
            try:
                loader("").construct_object(n, deep=True)
            except (ValueError, OverflowError):
                return n.start_mark.line + first, n.value
    return 1, ""


def key_lines(node: Any, prefix: str = "", first: int = 2) -> dict[str, int]:
    """Dotted key -> line in the file, for messages."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + first
            lines.update(key_lines(value, name + ".", first))
    return lines


def check_meta(meta: dict[str, Any], lines: dict[str, int], shown: str, skip: list[str] | None = None
               ) -> list[Problem]:
    problems = []
    for name in REQUIRED:
        if get(meta, name) in (None, "") and name not in (skip or []):
            parent = name.rpartition(".")[0]
            problems.append(Problem(shown, lines.get(parent, 1), f"missing required metadata field `{name}`"))
    date = meta.get("date")
    if date is not None and not isinstance(date, dt.date):
        problems.append(Problem(shown, lines.get("date", 1), f"`date` must be a date (YYYY-MM-DD, or "
                                f"'2 December 2022'), not {date!r}"))
    issn = meta.get("issn")
    if issn is not None and not ISSN_RE.match(str(issn)):
        problems.append(Problem(shown, lines.get("issn", 1), f"`issn` must look like 1234-567X, not {issn!r}"))
    for name in TRANSLATABLE:
        value = get(meta, name)
        if value is not None and not isinstance(value, (str, int, float)):
            problems.append(Problem(shown, lines.get(name, 1), f"`{name}` must be text"))
    credited = meta.get("translators")
    if credited is not None and not (isinstance(credited, dict) and
                                     all(isinstance(v, str) for v in credited.values())):
        problems.append(Problem(shown, lines.get("translators", 1),
                                "`translators` must be a mapping of languages to names (translators: {en: Jane Doe})"))
    return problems


def fields_markdown(meta: dict[str, Any]) -> str:
    """Translatable fields as fenced divs appended to the body: one pandoc run per note."""
    parts = []
    for name in TRANSLATABLE:
        value = get(meta, name)
        if value is not None:
            parts.append(f"\n\n::: {{#{FIELD_DIV}{name.replace('.', '-')}}}\n{value}\n:::\n")
    return "".join(parts)


def take_fields(blocks: list[ast.Node]) -> tuple[list[ast.Node], dict[str, list[ast.Node]]]:
    fields: dict[str, list[ast.Node]] = {}
    names = {f"{FIELD_DIV}{n.replace('.', '-')}": n for n in TRANSLATABLE}
    while blocks and blocks[-1]["t"] == "Div" and blocks[-1]["c"][0][0] in names:
        div = blocks.pop()
        fields[names[div["c"][0][0]]] = div["c"][1]
    return blocks, dict(reversed(list(fields.items())))


@dataclass
class Ref:
    label: str  # as typed by the author
    line: int
    definition: bool


def scan_refs(body: str, body_line: int, shown: str) -> tuple[list[Ref], list[Problem]]:
    """Footnote references and definitions in the Markdown, with their lines.

    pandoc drops the labels, so this scan is how symbol notes are recognised.
    """
    refs: list[Ref] = []
    for offset, line in enumerate(mask_code(body).splitlines()):
        for m in REF_RE.finditer(line):
            if m.group(1) is None:  # an inline note: its own definition
                refs.append(Ref(f"{INLINE}{len(refs)}", body_line + offset, False))
                continue
            is_def = bool(m.group(2)) and bool(DEF_PREFIX.match(line[: m.start()]))
            refs.append(Ref(m.group(1), body_line + offset, is_def))
    problems = []
    defined = {r.label for r in refs if r.definition}
    called = {r.label for r in refs if not r.definition}
    for r in refs:
        if r.label.startswith(INLINE):
            continue
        if not r.definition and r.label not in defined:
            problems.append(Problem(shown, r.line, f"footnote [^{r.label}] is called but never defined"))
        elif r.definition and r.label not in called:
            warn(shown, r.line, f"footnote [^{r.label}] is defined but never called: it is not published "
                 "(call it in the text or delete the definition)")
    return refs, problems


def mask_code(text: str) -> str:
    """Blank out code spans and fenced code so footnote-like text there is ignored."""
    text = re.sub(r"(?ms)^(```|~~~).*?^\1|<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group(0)), text)


def is_symbol(label: str) -> bool:
    return not any(ch.isalnum() for ch in label)


def fix_labels(blocks: list[ast.Node], refs: list[Ref], shown: str
               ) -> tuple[dict[str, list[ast.Node]], dict[str, int], dict[str, int]]:
    """Replace every Note inline by a labelled placeholder; return the note bodies."""
    calls = [r for r in refs if not r.definition]
    definitions = {r.label: r.line for r in refs if r.definition}
    labels: dict[str, str] = {}  # author's label -> fixed label
    for r in calls:
        if r.label not in labels:
            labels[r.label] = r.label if is_symbol(r.label) else str(1 + sum(not is_symbol(k) for k in labels))
    notes: dict[str, list[ast.Node]] = {}
    call_lines: dict[str, int] = {}
    note_lines: dict[str, int] = {}
    seen = iter(calls)

    def replace(inlines: list[ast.Node]) -> list[ast.Node]:
        out = []
        for node in inlines:
            if node["t"] != "Note":
                out.append(node)
                continue
            ref = next(seen, None)
            if ref is None:  # pandoc read a note the scan did not see (in a YAML field, say)
                raise SourceError("a footnote here was not recognised: notes belong in the body "
                                  "([^label] or ^[…])", shown, calls[-1].line if calls else 0)
            label = labels[ref.label]
            notes.setdefault(label, node["c"])
            call_lines.setdefault(label, ref.line)
            note_lines.setdefault(label, definitions.get(ref.label, ref.line))
            out.append(ast.note_placeholder(label))
        return out

    ast.walk_inline_lists(blocks, replace)
    if next(seen, None) is not None:
        raise SourceError("a footnote reference was not recognised by pandoc (inside code or a link?)",
                          shown, calls[-1].line)
    return notes, call_lines, note_lines
