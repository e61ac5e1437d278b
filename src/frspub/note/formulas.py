"""TeX formulas of a note (``$…$`` inline, ``$$…$$`` display), set once and checked at reading.

Takes a French `source.Note`; `problems` returns a `Problem` at the formula's own line for
each formula that pandoc cannot turn into MathML (what the HTML and EPUB editions carry) or
that ziamath cannot draw from that MathML (what the PDF prints, `render.formulas`).  Both
renderers work from the same MathML, so a formula that passes here is the same formula in
every format; translations cannot change a formula (`translation.checks`), so checking the
French note checks every edition.  `draw` turns one MathML formula into an SVG drawing
(ziamath: pure Python, its own STIX Two Math font, glyphs as paths, so no font to embed).
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from frspub.errors import Problem
from frspub.note import ast, pandoc

SEP = "FRSPUBFORMULASEPARATOR"


@functools.cache
def _mathml() -> re.Pattern[str]:
    # compiled at the first formula, not when every build's edition process imports this module
    return re.compile(r"<math\b.*?</math>", re.S)


SIZE = 20.0  # px of the drawing's em: sizes are then given in em, so a formula follows its text


@dataclass(frozen=True)
class Formula:
    tex: str
    display: bool


@dataclass(frozen=True)
class Drawing:
    svg: str = ""
    width: float = 0.0  # em
    height: float = 0.0  # em
    depth: float = 0.0  # em below the baseline (inline formulas sit on the text's baseline)
    problem: str = ""  # why it cannot be drawn, "" if it can


def formula(node: ast.Node) -> Formula | None:
    """The formula a `Math` node holds, else None."""
    if node.get("t") != "Math":
        return None
    kind, tex = node["c"]
    return Formula(tex, kind["t"] == "DisplayMath")


def in_note(note: Any) -> list[Formula]:
    """Every formula of the body and its footnotes, in reading order."""
    return [f for f in map(formula, ast.nodes([note.blocks, *note.notes.values()])) if f is not None]


def mathml(formulas: list[Formula]) -> list[str | None]:
    """Each formula as pandoc's MathML (None where pandoc could only print the TeX), one run."""
    if not formulas:
        return []
    blocks = []
    for f in formulas:
        kind = "DisplayMath" if f.display else "InlineMath"
        blocks += [ast.Para([{"t": "Math", "c": [{"t": kind}, f.tex]}]), ast.Para([ast.Str(SEP)])]
    parts = pandoc.write(pandoc.document(blocks), "html5", ["--mathml"]).split(SEP)[: len(formulas)]
    return [m.group(0) if (m := _mathml().search(part)) else None for part in parts]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def draw(mathml_text: str) -> Drawing:
    """An SVG drawing of one MathML formula, or the reason ziamath cannot make one."""
    import ziamath

    clean = _without_annotations(mathml_text)
    collect = _Collect()
    root = logging.getLogger()  # ziamath reports the elements it cannot draw on the root logger
    root.addHandler(collect)
    try:
        drawing = ziamath.Math(clean, size=SIZE)
        svg = drawing.svg()
    except Exception as exc:  # noqa: BLE001 - ziamath raises many kinds on what it cannot set
        return Drawing(problem=f"{type(exc).__name__}: {exc}"[:120])
    finally:
        root.removeHandler(collect)
    if collect.messages:
        return Drawing(problem="; ".join(dict.fromkeys(collect.messages))[:120])
    return _sized(svg)


def _without_annotations(text: str) -> str:
    """ziamath knows no `semantics`/`annotation`: keep the presentation MathML only."""
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"))
    ns = {"m": "http://www.w3.org/1998/Math/MathML"}
    for sem in root.xpath("//m:semantics", namespaces=ns):
        for ann in sem.xpath("m:annotation | m:annotation-xml", namespaces=ns):
            sem.remove(ann)
        parent, index = sem.getparent(), sem.getparent().index(sem)
        parent.remove(sem)
        for offset, child in enumerate(sem):
            parent.insert(index + offset, child)
    return etree.tostring(root, encoding="unicode")


@functools.cache
def _viewbox() -> re.Pattern[str]:
    return re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


def _sized(svg: str) -> Drawing:
    """Sizes in em from the drawing's view box (its y = 0 is the formula's baseline)."""
    m = _viewbox().search(svg)
    if not m:
        return Drawing(problem="ziamath gave a drawing without a view box")
    _, y, width, height = (float(v) for v in m.groups())
    return Drawing(svg, width / SIZE, height / SIZE, max(0.0, (height + y) / SIZE))


def problems(note: Any) -> list[Problem]:
    found = in_note(note)
    out: list[Problem] = []
    for f, line, ml in zip(found, _lines(note, found), mathml(found)):
        shown = " ".join(f.tex.split())[:60]
        if ml is None:
            out.append(Problem(note.display, line, f"formula ${shown}$ cannot be set: pandoc's TeX math reader "
                               "does not understand it (check the TeX; only math commands, no macros)"))
            continue
        why = draw(ml).problem
        if why:
            out.append(Problem(note.display, line, f"formula ${shown}$ cannot be set in print ({why}): "
                               "simplify the TeX"))
    return out


def _lines(note: Any, found: list[Formula]) -> list[int]:
    """Each formula's line: its first TeX line, searched forward from the previous formula."""
    text = note.text
    start = pos = _offset(text, note.body_line)
    out = []
    for f in found:
        needle = next((ln.strip() for ln in f.tex.splitlines() if ln.strip()), "")
        at = text.find(needle, pos) if needle else -1
        if at < 0 and needle:
            at = text.find(needle, start)
        if at >= 0:
            pos = at + len(needle)
        out.append(text.count("\n", 0, at) + 1 if at >= 0 else note.body_line)
    return out


def _offset(text: str, line: int) -> int:
    idx = 0
    for _ in range(line - 1):
        idx = text.find("\n", idx) + 1
    return idx
