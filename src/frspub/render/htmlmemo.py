"""pandoc's HTML of an edition's pieces, written a block at a time and remembered.

Takes the Divs `fragments` writes (the body, then each footnote and metadata field);
returns pandoc's HTML for them, the very text one pandoc run over the whole document
gives.  When nothing in them carries state from one block to the next in pandoc's HTML
writer (`separable`), each body block and each other Div is a unit: the units this
process has not written yet are written in one pandoc run, separated by a marker
paragraph, and remembered; the text is put together around them.  The preview server's
save of one msgstr then writes one paragraph, not the note (0.05-0.1 s of pandoc for
the sample).  Otherwise the document is written whole, as before.
"""
from __future__ import annotations

import json
from typing import Any

from frspub.note import ast, pandoc, pandocmemo

ARGS = ["--shift-heading-level-by=1", "--mathml"]
SEP = "FRSPUBFRAGMENTSEPARATOR"
KEPT = 4096  # units remembered (a paragraph's HTML each)
# What makes a block's HTML depend on the others: footnotes (numbered and gathered at the
# end), code blocks (numbered ids), nested Divs (pandoc makes sections of a Div opening on
# a heading); raw blocks (their own line ends); and the marker itself.
STATEFUL = ('"t": "Note"', '"t": "CodeBlock"', '"t": "Div"', '"t": "RawBlock"', SEP)
_written = pandocmemo.Recent(KEPT, "html")  # unit -> its HTML (kept per edition too: `note.unitstore`)


def html(divs: list[ast.Node]) -> str:
    """pandoc's html5 of `divs` (the body Div first), as one run over them would give it."""
    body, others = divs[0], divs[1:]
    units = [json.dumps(block, ensure_ascii=False) for block in body["c"][1]]
    units += [json.dumps(div, ensure_ascii=False) for div in others]
    inner = [json.dumps(div["c"][1], ensure_ascii=False) for div in others]
    if not separable(body, units[: len(body["c"][1])] + inner):
        return pandoc.write(pandoc.document(divs), "html5", ARGS)
    todo = [unit for unit in dict.fromkeys(units) if unit not in _written]
    made = _write(todo)
    if made is None:
        return pandoc.write(pandoc.document(divs), "html5", ARGS)
    _written.update(zip(todo, made))
    parts = [_written.take(unit) for unit in units]
    _written.trim()
    count = len(body["c"][1])
    opening = f'<div id="{body["c"][0][0]}">'
    return "\n".join([opening, *parts[:count], "</div>", *parts[count:]]) + "\n"


def separable(body: ast.Node, texts: list[str]) -> bool:
    """Each unit's HTML is the same written alone: a plain body Div (an id, no class or
    attribute) not opening on a heading (a section to pandoc), and no stateful node."""
    blocks = body["c"][1]
    return (body["c"][0][1:] == [[], []] and bool(blocks) and blocks[0]["t"] != "Header"
            and not any(mark in text for text in texts for mark in STATEFUL))


def _write(units: list[str]) -> list[str] | None:
    """The HTML of each unit, from one pandoc run; None if the marker did not cut it so."""
    if not units:
        return []
    blocks: list[Any] = []
    for unit in units:
        blocks += [json.loads(unit), ast.Para([ast.Str(SEP)])]
    text = pandoc.write(pandoc.document(blocks), "html5", ARGS)
    parts = [part.strip("\n") for part in text.split(f"<p>{SEP}</p>")]
    if len(parts) != len(units) + 1 or parts[-1]:
        return None
    return parts[:-1]
