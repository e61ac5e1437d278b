"""Cut a note into translation units.

Takes a `source.Note` (French, or a copy being translated) and yields
`Segment`s in document order: every heading, paragraph, list item, table cell,
caption, source line and alt text of figures and tables, block-quote paragraph and footnote paragraph (each footnote right
after the segment that calls it), then the translatable metadata fields.

A segment's text for translators is Markdown inline text; a footnote call is
the locked placeholder ``[^N]`` with N the French label.  `to_markdown` and
`from_markdown` convert between AST inlines and that text, each in one pandoc
process for a whole batch.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from frspub.note import ast, pandoc, pandocmemo
from frspub.note.source import TRANSLATABLE, Note
from frspub.translation import citecalls

SEP = "FRSPUBSEGMENTSEPARATOR"


@functools.cache
def _placeholder_md() -> re.Pattern[str]:
    # compiled at first use (a catalog's segments), not when the French edition's process imports this module
    return re.compile(r'\[\]\{\.frsnote label="([^"]*)"\}')


PLACEHOLDER_PO = re.compile(r"\[\^([^\]\s]+)\]")


@functools.cache
def _letter() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]")


@dataclass
class Segment:
    kind: str  # heading, paragraph, list-item, table-cell, table caption, table source, figure caption,
    # figure source, alt text, quote, footnote, term, meta
    holder: Any  # holder[slot] is the inline list of this segment
    slot: Any
    line: int  # line in the source file
    context: str | None = None  # msgctxt: the metadata field name, None for body text
    note: str | None = None  # footnote label when the segment is inside a footnote

    @property
    def inlines(self) -> list[ast.Node]:
        return self.holder[self.slot]

    @inlines.setter
    def inlines(self, value: list[ast.Node]) -> None:
        self.holder[self.slot] = value

    @property
    def labels(self) -> list[str]:
        return [lbl for lbl in (ast.note_label(n) for n in self.inlines) if lbl is not None]

    @property
    def comment(self) -> str:
        if self.note:
            return f"footnote {self.note}"
        return self.kind if not self.context else f"metadata: {self.context}"


def iter_segments(note: Note) -> Iterator[Segment]:
    """Every translatable segment of `note`, in reading order."""
    locator = _Locator(note)
    for seg in _blocks(note.blocks, "paragraph", locator, None):
        yield seg
        for label in seg.labels:
            locator.at_note(label)
            yield from _blocks(note.notes.get(label, []), "footnote", locator, label)
    for name, blocks in note.fields.items():
        locator.at_field(name)
        for seg in _blocks(blocks, "meta", locator, None):
            seg.context = name
            yield seg


def translatable(seg: Segment) -> bool:
    """Segments without any letter (a number, a lone call, a formula, a citation) are copied,
    not translated."""
    return bool(_letter().search(ast.stringify(_prose(seg.inlines))))


def _prose(inlines: list[ast.Node]) -> list[ast.Node]:
    """`inlines` without formulas and citations (their TeX and keys are no words to translate)."""
    holder = ast.Plain(citecalls.unwrapped(inlines))
    ast.walk_inline_lists([holder], lambda nodes: [n for n in nodes if n["t"] not in ("Math", "Cite")])
    return holder["c"]


def _blocks(blocks: list[ast.Node], kind: str, loc: "_Locator", note: str | None) -> Iterator[Segment]:
    for block in blocks:
        t, c = block["t"], block.get("c")
        if t in ("Para", "Plain"):
            if c:
                yield Segment(kind, block, "c", loc.find(c), note=note)
        elif t == "Header":
            yield Segment("heading", c, 2, loc.find(c[2]), note=note)
        elif t == "BlockQuote":
            yield from _blocks(c, "quote", loc, note)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            for item in items:
                yield from _blocks(item, "list-item", loc, note)
        elif t == "DefinitionList":
            for term, definitions in c:
                yield Segment("term", [term], 0, loc.find(term), note=note)
                for d in definitions:
                    yield from _blocks(d, "definition", loc, note)
        elif t == "Div":
            yield from _div(c, kind, loc, note)
        elif t == "Figure":
            yield from _figure(c, loc, note)
        elif t == "Table":
            yield from _table(c, loc, note)
        elif t == "LineBlock":
            for i in range(len(c)):
                if c[i]:
                    yield Segment("line", c, i, loc.find(c[i]), note=note)


def _div(c: list[Any], kind: str, loc: "_Locator", note: str | None) -> Iterator[Segment]:
    classes = c[0][1]
    if "frs-decorative" in classes:
        return  # an ornament: nothing to translate
    if "frs-source" in classes:
        kind = "figure source" if kind == "figure caption" else "table source"
    yield from _blocks(c[1], kind, loc, note)


def _figure(c: list[Any], loc: "_Locator", note: str | None) -> Iterator[Segment]:
    """Alt text (if the author wrote one), caption, source line: see `figures`."""
    for block in c[2]:
        for image in block["c"] if block["t"] in ("Plain", "Para") else []:
            if image["t"] == "Image" and image["c"][1]:
                yield Segment("alt text", image["c"], 1, loc.find(image["c"][1]), note=note)
    yield from _blocks(c[1][1], "figure caption", loc, note)


def _table(c: list[Any], loc: "_Locator", note: str | None) -> Iterator[Segment]:
    _, caption, _, head, bodies, foot = c
    start = loc.pos
    yield from _blocks(caption[1], "table caption", loc, note)
    after_caption, loc.pos = loc.pos, start  # pandoc's caption line comes after the table's rows
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for row in rows:
        for cell in row[1]:
            yield from _blocks(cell[4], "table-cell", loc, note)
    loc.pos = max(loc.pos, after_caption)


class _Locator:
    """Finds the source line of each segment by searching its first words forward.

    pandoc's Markdown reader keeps no positions; a forward search in reading
    order is exact for ordinary prose and good enough for PO references.
    """

    def __init__(self, note: Note):
        self.text = note.text
        self.note = note
        self.pos = self._offset_of_line(note.body_line)
        self.body_pos = self.pos

    def _offset_of_line(self, line: int) -> int:
        idx = 0
        for _ in range(line - 1):
            idx = self.text.find("\n", idx) + 1
        return idx

    def at_note(self, label: str) -> None:
        self.body_pos = max(self.body_pos, self.pos)
        self.pos = self._offset_of_line(self.note.note_lines.get(label, 1))

    def at_field(self, name: str) -> None:
        self.pos = self._offset_of_line(self.note.meta_lines.get(name, 1))

    def find(self, inlines: list[ast.Node]) -> int:
        words = re.findall(r"\w+", ast.stringify(inlines))[:2]
        if words:
            pattern = r"\W+(?:\S*\W+)?".join(re.escape(w) for w in words)
            m = re.compile(pattern).search(self.text, self.pos)
            if m:
                self.pos = m.end()
        return self.text.count("\n", 0, self.pos) + 1


def to_markdown(inline_lists: list[list[ast.Node]]) -> list[str]:
    """Inline lists -> Markdown strings with `[^N]` placeholders (one pandoc run)."""
    if not inline_lists:
        return []
    blocks: list[ast.Node] = []
    for inlines in inline_lists:  # a citation call shows as its citation, [@key, p. 3]
        blocks += [ast.Para(citecalls.unwrapped(inlines)), ast.Para([ast.Str(SEP)])]
    text = pandoc.write(pandoc.document(blocks), pandoc.WRITE_FORMAT)
    parts = [p.strip() for p in text.split(SEP)][: len(inline_lists)]
    return [_placeholder_md().sub(lambda m: f"[^{m.group(1)}]", p) for p in parts]


def from_markdown(texts: list[str]) -> list[list[ast.Node]]:
    """Markdown strings (translations) -> block lists, one pandoc run for the batch.

    Placeholders `[^N]` become note placeholder spans; raw HTML is not
    recognised by the reader (it stays visible text), so a translation cannot
    inject markup.  A batch of lone lines (`alone`) is parsed only for the lines this
    process has not parsed yet: a save of one msgstr in the preview server parses that
    line, not the catalog (0.08 s of pandoc for the sample's 49).
    """
    if not texts:
        return []
    sources = [placeholders_to_spans(t) for t in texts]
    if not all(alone(source) for source in sources):
        return _batch(sources)
    if not _remember(sources):  # a separator taken into a line after all: the batch as it comes
        return _batch(sources)
    found = [json.loads(_parsed.take(source)) for source in sources]
    _parsed.trim()
    return found


def parse_ahead(texts: list[str]) -> None:
    """Parse the lone lines among `texts` (a catalog's msgstrs, before the note they translate is
    read: `translation.ahead`) into the memo `from_markdown` takes them from, in one pandoc run.
    Taken or not, a line parsed here is not one the edition used (`unitstore` keeps those)."""
    sources = [source for source in map(placeholders_to_spans, texts) if alone(source)]
    _remember(sources)
    _parsed.trim()


def _remember(sources: list[str]) -> bool:
    """The lone lines `sources` not parsed yet, parsed in one batch into `_parsed`; False: the
    batch came back with another count of lines (nothing kept)."""
    todo = [source for source in dict.fromkeys(sources) if source not in _parsed]
    parsed = _batch(todo)
    if len(parsed) != len(todo):
        return False
    for source, blocks in zip(todo, parsed):
        _parsed[source] = json.dumps(blocks)
    return True


# A lone line parsed in the batch gives the blocks it gives parsed in any other batch: the
# reader keeps no state from one paragraph to the next but reference, footnote and macro
# definitions (`]:`, `\\newcommand`), citation and example counters (`@`), inline notes
# (`^[`), header identifiers (`#`), a title block at the document's start (`%`) and blocks a
# line can leave open (fences); a definition (`:`, `~`) takes the separator before it as
# its term.  A line holding none of them is parsed once per process.
@functools.cache
def _not_alone() -> re.Pattern[str]:
    return re.compile(r"\]:|@|\^\[|\\[A-Za-z]|```|~~~|:::|\n|\r|" + SEP)


NOT_FIRST = ("#", "%", ":", "~")
PARSED = 4096  # lines kept (a few hundred bytes each)
_parsed = pandocmemo.Recent(PARSED, "lines")  # line -> its blocks as JSON (a fresh copy each time)


def alone(source: str) -> bool:
    return not _not_alone().search(source) and not source.lstrip().startswith(NOT_FIRST)


def _batch(sources: list[str]) -> list[list[ast.Node]]:
    if not sources:
        return []
    blocks = pandoc.read_markdown("".join(f"{source}\n\n{SEP}\n\n" for source in sources))["blocks"]
    out: list[list[ast.Node]] = [[]]
    for block in blocks:
        if block["t"] == "Para" and block["c"] == [ast.Str(SEP)]:
            out.append([])
        else:
            out[-1].append(block)
    return out[: len(sources)]


def placeholders_to_spans(text: str) -> str:
    return PLACEHOLDER_PO.sub(lambda m: '[]{.frsnote label="%s"}' % m.group(1).replace('"', ""), text)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER_PO.findall(text)


__all__ = ["Segment", "iter_segments", "translatable", "to_markdown", "from_markdown", "TRANSLATABLE"]
