"""Figures and tables of an edition, made ready for every renderer.

Takes an `Edition` whose tree went through `frspub.figures` (at reading) and
translation; rewrites that tree in place, the same for PDF, HTML and EPUB:

- captions start with their number in the edition's language ("Figure 1 : ",
  "Table 2. ", "図1　"; labels from ``templates/_figures.j2``, translated in
  the template catalogs), and every numbered figure or table gets an id;
- ``@fig:id`` / ``@tbl:id`` become links reading "figure 1" / "Table 2" / "図1";
- each image becomes a ``data:`` URI of the checked file, or of the
  language's own version (``carte.ja.png``) when there is one: the renderers
  then read no file at all (pandoc's EPUB writer stores data URIs as manifest
  items, WeasyPrint and browsers show them), so nothing but a checked image
  can enter an edition, and the HTML edition works offline as one file;
- a figure without alt text gets its caption as alt text; a decorative image
  an empty one.

Returns `Used`: which file each figure showed (for the build log) and every
file that was looked at (the build cache keys the edition on them).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frspub.errors import RenderError, display_path
from frspub.locale import SOURCE_LANG
from frspub.note import ast, images
from frspub.note.figures import (
    INLINE_CLASS,
    NO_ALT,
    PREFIXES,
    SOURCE_CLASS,
    is_ref,
    walk,
)
from frspub.note.source import project_root
from frspub.render import raster
from frspub.translation.edition import Edition

NBSP = "\u00a0"
WIDE_COLUMNS = 6  # from this many columns a table is set smaller in print (print.css: table.frs-wide)


@dataclass
class Used:
    shown: list[tuple[str, int, Path]] = field(default_factory=list)  # (kind, number, file)
    inputs: list[Path] = field(default_factory=list)  # files read or looked for


@dataclass(frozen=True)
class Labels:
    caption: Any  # (kind, number) -> "Figure 1"
    separator: str
    reference: Any


def labels(templates: Path, lang: str) -> Labels:
    from frspub.render import templating

    try:
        module = templating.environment(templates, lang).get_template("_figures.j2").module
    except Exception as exc:  # jinja2.TemplateError, OSError: the project's templates are broken
        raise RenderError(f"figure labels: {exc}", templates / "_figures.j2", 0) from None

    def text(markup: Any) -> str:
        return html.unescape(str(markup))

    return Labels(lambda k, n: text(module.caption_label(k, n)), text(module.separator()),
                  lambda k, n: text(module.reference(k, n)))


def html_id(ident: str) -> str:
    """An id valid in every format (`fig:rason` -> `fig-rason`; XHTML's NCName has no colon)."""
    return ident.replace(":", "-")


def apply(ed: Edition, templates: Path) -> Used:
    """Number, link and embed the figures and tables of `ed` (in place); see the module text."""
    lab = labels(templates, ed.lang)
    used = Used()
    root = project_root(ed.french.path)
    ids: dict[str, tuple[str, int, str]] = {}
    counters = {"figure": 0, "table": 0}
    for kind, node, _, _ in walk(ed.note.blocks):
        if kind == "table" and len(node["c"][2]) >= WIDE_COLUMNS:
            node["c"][0][1].append("frs-wide")
        if kind == "decorative":
            _embed(node["c"][0], ed, root, used, None, [])
            continue
        if kind == "table" and not ast.stringify(node["c"][1][1]).strip():
            continue
        counters[kind] += 1
        number = counters[kind]
        attr = node["c"][0]
        attr[0] = html_id(attr[0]) if attr[0] else f"{PREFIXES[kind][1]}{number}"
        ids[attr[0]] = (kind, number, attr[0])
        if kind == "figure":  # before numbering: the caption may stand in for the alt text
            _embed(node["c"][2][0]["c"][0], ed, root, used, (kind, number), node["c"][1][1], attr[0])
        _number_caption(node["c"][1][1], lab, kind, number)
    _inline_images(ed, root, used)
    _link_references(ed, ids, lab)
    return used


def _inline_images(ed: Edition, root: Path, used: Used) -> None:
    """Images inside sentences (checked at reading; a translation keeps the msgid's) are
    embedded like the others and marked for the style sheets, which set them in the line."""
    for node in ast.nodes([ed.note.blocks, *ed.note.notes.values()]):
        if node["t"] == "Image" and not node["c"][2][0].startswith("data:"):
            node["c"][0][1].append(INLINE_CLASS)
            _embed(node, ed, root, used, None, [])


def _number_caption(blocks: list[Any], lab: Labels, kind: str, number: int) -> None:
    label = ast.Span([ast.Str(lab.caption(kind, number).replace(" ", NBSP))], classes=["frs-fignum"])
    first = blocks[0] if blocks and blocks[0]["t"] in ("Plain", "Para") else None
    if first is None:
        blocks.insert(0, ast.Plain([label]))
    else:
        first["c"][:0] = [label, ast.Str(lab.separator)]


def _embed(image: Any, ed: Edition, root: Path, used: Used, numbered: tuple[str, int] | None,
           caption: list[Any], anchor: str = "") -> None:
    attr, alt, target = image["c"]
    ref = target[0]
    base = images.resolve(ref, ed.french.path, root)  # checked at reading: cannot fail here
    chosen = base
    if ed.lang != SOURCE_LANG:
        own = images.variant(base, ed.lang)
        used.inputs.append(own)
        if own.is_file() and own.resolve().is_relative_to(root.resolve()):
            chosen = own
    used.inputs.append(base)
    try:
        picture = images.load(chosen, chosen.name)
    except ValueError as exc:  # the language's own version is broken, or a file changed since
        raise RenderError(str(exc), chosen, 0) from None
    picture = raster.fit(picture, raster.share(dict(attr[2]).get("width")))  # before WeasyPrint decodes it
    target[0] = picture.data_uri()
    target[1] = ""
    classes = [c for c in attr[1] if c != NO_ALT]
    if NO_ALT in attr[1] and numbered is not None:
        image["c"][1] = [ast.Str(ast.stringify(_caption_text(caption)))]
    attr[1] = classes
    attr[2] = [kv for kv in attr[2] if kv[0] in ("width", "height")]
    if numbered is not None:
        used.shown.append((numbered[0], numbered[1], chosen))
        line = next((f.line for f in ed.french.figures if f.kind == "figure" and f.number == numbered[1]), 0)
        ed.images[anchor] = (display_path(chosen), line)


def _caption_text(caption: list[Any]) -> list[Any]:
    """The caption's words, without its source line (the alt text's stand-in)."""
    return caption[0]["c"] if caption and caption[0]["t"] in ("Plain", "Para") else []


def _link_references(ed: Edition, ids: dict[str, tuple[str, int, str]], lab: Labels) -> None:
    def swap(inlines: list[Any]) -> list[Any]:
        out = []
        for node in inlines:
            ident = is_ref(node)
            target = ids.get(html_id(ident)) if ident else None
            if target is None:
                out.append(node)
                continue
            kind, number, anchor = target
            text = lab.reference(kind, number).replace(" ", NBSP)
            if _starts_sentence(out):  # "figure 1" in running text (Chicago 3.9), "Figure 1 shows…"
                text = text[:1].upper() + text[1:]
            out.append({"t": "Link", "c": [["", ["frs-xref"], []], [ast.Str(text)], ["#" + anchor, ""]]})
        return out

    for tree in [ed.note.blocks, *ed.note.notes.values(), *ed.note.fields.values()]:
        ast.walk_inline_lists(tree, swap)


def _starts_sentence(before: list[Any]) -> bool:
    """Whether a reference placed after `before` (the inlines preceding it in its list) opens a
    sentence: nothing before it, or a full stop, question or exclamation mark (and any closing
    quote) then a space."""
    rest = [n for n in before if n["t"] not in ("Space", "SoftBreak")]
    if not rest:
        return True
    if rest[-1]["t"] != "Str" or before[-1]["t"] not in ("Space", "SoftBreak"):
        return False
    return rest[-1]["c"].rstrip("»”’\"')").endswith((".", "!", "?", "…"))


__all__ = ["apply", "Used", "html_id", "SOURCE_CLASS"]
