"""A note's figures, tables and references to them.

Takes the pandoc blocks of a note just read (`prepare` works on a `source.Note`
in place); returns them normalised and checked, and the `Numbered` list of
figures and tables in reading order (``note.figures``):

- a figure is pandoc's implicit figure, ``![Caption](carte.png){#fig:rason
  width=60% alt="…" source="Source : …"}``: the caption, the alt text and the
  source line become separate inline lists (each a translation segment); the
  source line sits in a ``frs-source`` division at the end of the caption;
- a table with a caption is numbered; its ``source="…"`` moves to a
  ``frs-source`` division after it (both inside a ``frs-table`` division);
- a standalone image with the class ``.decorative`` is an unnumbered,
  unspoken ornament; an image inside a sentence (a table, a footnote) is shown
  in its line, its bracketed words as alt text; in a YAML field it is refused;
- every image file is checked (`images`); ``@fig:id`` / ``@tbl:id`` must
  name a figure or table of the note.

Figures and tables are numbered separately, in reading order; the numbers
depend on the French tree only, so every language and format shows the same.
Problems come with the note's lines; a figure without alt text is a warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from frspub.errors import Problem
from frspub.note import ast, images, pandoc
from frspub.note.model import Note

PREFIXES = {"figure": ("fig:", "fig-"), "table": ("tbl:", "tbl-")}
SOURCE_CLASS = "frs-source"
TABLE_CLASS = "frs-table"
DECORATIVE = "decorative"
NO_ALT = "frs-alt-from-caption"
INLINE_CLASS = "frs-inline"  # an image inside a sentence, shown in its line (set by render.figures)  # the author gave no alt text: the caption stands in
SEP = "FRSPUBFIGURESEPARATOR"


@dataclass(frozen=True)
class Numbered:
    kind: str  # figure | table
    ident: str  # the author's id ("fig:rason"), or ""
    number: int
    ref: str  # the image as the note names it ("" for a table)
    line: int


def prepare(note: Note, root: Path) -> tuple[list[Numbered], list[Problem], list[Problem]]:
    """Normalise and check `note`'s figures and tables; (numbered, errors, warnings)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    sources: list[tuple[list[Any], str]] = []  # (holder to fill, source text)
    _inline_images(note, root, errors, warnings)
    numbered: list[Numbered] = []
    counters = {"figure": 0, "table": 0}
    for kind, node, parent, index in list(walk(note.blocks)):
        after = numbered[-1].line if numbered else 0  # figures come in reading order
        if kind == "decorative":
            _decorative(node, parent, index, note, root, errors, after)
            continue
        if kind == "table" and not ast.stringify(node["c"][1][1]).strip():
            continue  # a table without caption is a layout grid: no number
        counters[kind] += 1
        ident = node["c"][0][0]
        if kind == "figure":
            numbered.append(_figure(node, counters[kind], note, root, sources, errors, warnings, after))
        else:
            line = _line(note, "#" + ident, after) if ident else _caption_line(note, after)
            numbered.append(Numbered(kind, ident, counters[kind], "", line))
            _table(node, parent, index, sources)
    _fill_sources(sources)
    errors += _reference_problems(note, numbered)
    return numbered, errors, warnings


def walk(blocks: list[Any]) -> Iterator[tuple[str, Any, list[Any], int]]:
    """(kind, node, parent list, index) of each figure, table and standalone image, in reading order."""
    for index, block in enumerate(blocks):
        t, c = block["t"], block.get("c")
        if t == "Figure":
            yield "figure", block, blocks, index
        elif t == "Table":
            yield "table", block, blocks, index
        elif t in ("Para", "Plain") and len(c) == 1 and c[0]["t"] == "Image":
            yield "decorative", block, blocks, index
        elif t == "Div":
            yield from walk(c[1])
        elif t == "BlockQuote":
            yield from walk(c)
        elif t in ("BulletList", "OrderedList"):
            for item in (c if t == "BulletList" else c[1]):
                yield from walk(item)


def is_ref(node: Any) -> str | None:
    """The figure or table id an inline ``@fig:x`` cites, else None."""
    if node.get("t") != "Cite" or len(node["c"][0]) != 1:
        return None
    ident = node["c"][0][0]["citationId"]
    return ident if ident.startswith(PREFIXES["figure"] + PREFIXES["table"]) else None


def _figure(node: Any, number: int, note: Note, root: Path, sources: list[Any],
            errors: list[Problem], warnings: list[Problem], after: int) -> Numbered:
    attr, caption, content = node["c"]
    single = len(content) == 1 and content[0]["t"] in ("Plain", "Para") and len(content[0]["c"]) == 1
    image = content[0]["c"][0] if single else None
    line = _line(note, "#" + attr[0] if attr[0] else None, after)
    if image is None or image["t"] != "Image":
        errors.append(Problem(note.display, line, "a figure holds one image; write it "
                              "`![Caption](file.png){#fig:id}` on a line of its own"))
        return Numbered("figure", attr[0], number, "", line)
    img_attr, alt, (ref, _) = image["c"]
    line = _line(note, f"]({ref}", after) if ref else line
    _check_image(ref, note, root, line, errors)
    source = _pop(img_attr, "source")
    caption_blocks = caption[1]
    if source is not None:
        holder = ast.Plain([])
        caption_blocks.append(ast.Div("", [holder], [SOURCE_CLASS]))
        sources.append((holder, source))
    if DECORATIVE in img_attr[1]:
        errors.append(Problem(note.display, line, "a decorative image has no caption: "
                              "write `![](file.png){.decorative}` without a caption"))
    caption_inlines = caption_blocks[0]["c"] if caption_blocks else []
    if not alt or alt == caption_inlines:
        image["c"][1] = []
        img_attr[1].append(NO_ALT)
        warnings.append(Problem(note.display, line, f"figure {number} ({ref}) has no alt text: add "
                                "alt=\"…\" describing what the image shows (the caption stands in for now)",
                                severity="warning"))
    return Numbered("figure", attr[0], number, ref, line)


def _table(node: Any, parent: list[Any], index: int, sources: list[Any]) -> None:
    source = _pop(node["c"][0], "source")
    if source is None:
        return
    holder = ast.Plain([])
    sources.append((holder, source))
    parent[index] = ast.Div("", [node, ast.Div("", [holder], [SOURCE_CLASS])], [TABLE_CLASS])


def _decorative(block: Any, parent: list[Any], index: int, note: Note, root: Path,
                errors: list[Problem], after: int) -> None:
    image = block["c"][0]
    img_attr, alt, (ref, _) = image["c"]
    line = _line(note, f"]({ref}", after)
    if DECORATIVE not in img_attr[1]:
        errors.append(Problem(note.display, line, f"image {ref[:60]!r} has no caption: give it one "
                              "(`![Caption](file.png)`, a numbered figure) or mark it `{.decorative}`"))
        return
    _check_image(ref, note, root, line, errors)
    image["c"][1] = []  # decorative: nothing to say, nothing to translate
    parent[index] = ast.Div("", [ast.Plain([image])], ["frs-decorative"])


def _check_image(ref: str, note: Note, root: Path, line: int, errors: list[Problem]) -> None:
    try:
        images.load(images.resolve(ref, note.path, root), ref)
    except ValueError as exc:
        errors.append(Problem(note.display, line, str(exc)))


def _inline_images(note: Note, root: Path, errors: list[Problem], warnings: list[Problem]) -> None:
    """An image inside a sentence (a table, a footnote) is shown in its line, as pandoc does:
    its file is checked, its words in brackets are its alt text; in a YAML field it is refused."""
    allowed = set()
    for kind, node, _, _ in walk(note.blocks):
        if kind == "figure" and node["c"][2] and node["c"][2][0]["c"]:
            allowed.add(id(node["c"][2][0]["c"][0]))
        elif kind == "decorative":
            allowed.add(id(node["c"][0]))
    fields = {id(n) for n in ast.nodes(list(note.fields.values())) if n["t"] == "Image"}
    for node in ast.nodes([note.blocks, *note.notes.values(), *note.fields.values()]):
        if node["t"] != "Image" or id(node) in allowed:
            continue
        ref = node["c"][2][0]
        line = (_line(note, f"{ast.stringify(node['c'][1])}]({ref}") if node["c"][1] else 0) or \
            _line(note, f"]({ref}")
        if id(node) in fields:
            errors.append(Problem(note.display, line, f"image {ref[:60]!r} inside a field: an image belongs "
                                  "in the text (write it in the body)"))
            continue
        _check_image(ref, note, root, line, errors)
        if not ast.stringify(node["c"][1]).strip():
            warnings.append(Problem(note.display, line, f"image {ref[:60]!r} inside a sentence has no alt "
                                    "text: say in its brackets what it shows, ![…](file.png)", "warning"))


def _reference_problems(note: Note, numbered: list[Numbered]) -> list[Problem]:
    known = {n.ident for n in numbered if n.ident}
    problems = []
    for node in ast.nodes([note.blocks, *note.notes.values(), *note.fields.values()]):
        ident = is_ref(node)
        if ident is not None and ident not in known:
            kind = "figure" if ident.startswith(PREFIXES["figure"]) else "table"
            problems.append(Problem(note.display, _line(note, "@" + ident),
                                    f"@{ident} refers to no {kind} of this note (give the {kind} "
                                    f"{{#{ident}}}, or fix the reference)"))
    return problems


def _pop(attr: list[Any], key: str) -> str | None:
    for i, (k, v) in enumerate(attr[2]):
        if k == key:
            del attr[2][i]
            return v
    return None


def _fill_sources(sources: list[tuple[Any, str]]) -> None:
    """Parse every source line as Markdown inline text, in one pandoc run."""
    if not sources:
        return
    text = "".join(f"{value}\n\n{SEP}\n\n" for _, value in sources)
    parsed: list[list[Any]] = [[]]
    for block in pandoc.read_markdown(text)["blocks"]:
        if block["t"] == "Para" and block["c"] == [ast.Str(SEP)]:
            parsed.append([])
        elif block["t"] in ("Para", "Plain"):
            parsed[-1] += block["c"]
    for (holder, _), inlines in zip(sources, parsed):
        holder["c"] = inlines


def _caption_line(note: Note, after: int) -> int:
    """The line of the next table caption (``: Caption`` or ``Table: Caption``)."""
    lines = note.text.splitlines()
    for number in range(max(after, note.body_line), len(lines) + 1):
        if lines[number - 1].startswith((": ", "Table: ", "table: ")):
            return number
    return note.body_line


def _line(note: Note, needle: str | None, after: int = 0) -> int:
    """The first line of the body after `after` (else of the body) holding `needle`, or its
    unquoted form (pandoc writes "carte x.png" as carte%20x.png): a figure is in the body,
    never in the YAML block."""
    if needle:
        from urllib.parse import unquote

        lines = note.text.splitlines()
        for wanted in dict.fromkeys([needle, unquote(needle)]):
            for start in (max(after, note.body_line), note.body_line):
                for number in range(start, len(lines) + 1):
                    if wanted in lines[number - 1]:
                        return number
    return note.body_line
