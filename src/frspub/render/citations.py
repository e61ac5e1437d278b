"""Citations and the bibliography of an edition, through pandoc's citeproc.

Takes an `Edition` whose French note has `Sources` (`note.citations`) and the templates
folder; rewrites the edition's tree in place, once for the three formats:

- every citation is set by the edition's CSL style (`Sources.style`) in the edition's
  language (pandoc's CSL locales: "et al." / "et al." / "ほか", "p.", "dir." / "ed." / "編",
  dates), linked to its bibliography entry (``link-citations``);
- the author's footnotes and the citation calls of a note-class style are given to citeproc as
  pandoc notes, each inside a span carrying its frspub label, so that citeproc sees every
  citation in its real place (first, subsequent, "ibid.") and each note comes back to the
  label it had: the same numbers in every language and format;
- the bibliography follows the text under a heading from the template catalogs
  (``templates/_citations.j2``), so the Sommaire lists it.

Returns the files of the project it read (the build cache keys the edition on them).
"""
from __future__ import annotations

import copy
import html
import json
import tempfile
from pathlib import Path
from typing import Any

from frspub.errors import RenderError
from frspub.note import ast, pandoc
from frspub.note.citations import citations, is_cite_call
from frspub.translation.edition import Edition

LABELLED = "frsnotecall"  # the span that carries a note's label through citeproc
HEADING_ID = "bibliography"
REFS_ID = "refs"  # where citeproc puts the entries


def apply(ed: Edition, templates: Path) -> list[Path]:
    sources = getattr(ed.french, "citations", None)
    note = ed.note
    if sources is None or next(citations([note.blocks, *note.notes.values()]), None) is None:
        return sources.inputs if sources is not None else []
    blocks = _with_notes(note)
    title = [ast.Str(heading(templates, ed.lang))]
    blocks += [{"t": "Header", "c": [1, [HEADING_ID, ["frs-bibliography"], []], title]}, ast.Div(REFS_ID, [])]
    with tempfile.TemporaryDirectory(prefix="frspub-cite-") as work:
        files = [str(p) for p in sources.files]
        if sources.references:
            files.append(_references_file(sources.references, Path(work)))
        meta = {"bibliography": {"t": "MetaList", "c": [_string(f) for f in files]},
                "csl": _string(str(sources.style(ed.lang))), "lang": _string(ed.lang),
                "link-citations": {"t": "MetaBool", "c": True},
                "notes-after-punctuation": {"t": "MetaBool", "c": False}}  # callplace placed the calls
        doc = pandoc.run_json(["-f", "json", "-t", "json", "--citeproc"], json.dumps(pandoc.document(blocks, meta)))
    note.blocks = _without_empty_bibliography(_back_to_labels(note, doc["blocks"]))
    return sources.inputs


def heading(templates: Path, lang: str) -> str:
    from frspub.render import templating

    try:
        module = templating.environment(templates, lang).get_template("_citations.j2").module
    except Exception as exc:  # jinja2.TemplateError, OSError: the project's templates are broken
        raise RenderError(f"citation labels: {exc}", templates / "_citations.j2", 0) from None
    return html.unescape(str(module.bibliography()))


def _string(text: str) -> dict[str, Any]:
    return {"t": "MetaString", "c": text}


def _references_file(refs: list[Any], work: Path) -> str:
    """`references:` of the YAML block as a CSL YAML file (pandoc reads it like the others)."""
    import yaml

    path = work / "references.yaml"
    path.write_text(yaml.safe_dump({"references": refs}, allow_unicode=True), encoding="utf-8")
    return str(path)


def _with_notes(note: Any) -> list[Any]:
    """A copy of the body whose calls are pandoc notes, each in a span with its label."""
    blocks = copy.deepcopy(note.blocks)

    def swap(inlines: list[Any]) -> list[Any]:
        out = []
        for node in inlines:
            label = ast.note_label(node)
            if label is None:
                out.append(node)
                continue
            body = [ast.Para([node["c"][1][0]])] if is_cite_call(node) else copy.deepcopy(note.notes[label])
            out.append(ast.Span([{"t": "Note", "c": body}], classes=[LABELLED], attrs=[["label", label]]))
        return out

    ast.walk_inline_lists(blocks, swap)
    return blocks


def _back_to_labels(note: Any, blocks: list[Any]) -> list[Any]:
    """citeproc's output with each labelled note back as frspub's call and note body."""
    def swap(inlines: list[Any]) -> list[Any]:
        out = []
        for node in inlines:
            if node["t"] == "Span" and LABELLED in node["c"][0][1]:
                label = dict(node["c"][0][2])["label"]
                inner = node["c"][1]
                note.notes[label] = inner[0]["c"] if inner and inner[0]["t"] == "Note" else [ast.Plain(inner)]
                node = ast.note_placeholder(label)
            out.append(node)
        return out

    ast.walk_inline_lists(blocks, swap)
    # Only a citation outside frspub's calls would make one: a bug, never a silent extra note.
    if any(n["t"] == "Note" for n in ast.nodes(blocks)):
        raise RenderError("citeproc made a footnote frspub did not number")
    return blocks


def _without_empty_bibliography(blocks: list[Any]) -> list[Any]:
    refs = blocks[-1] if blocks and blocks[-1]["t"] == "Div" and blocks[-1]["c"][0][0] == REFS_ID else None
    if refs is not None and not refs["c"][1]:
        return blocks[:-2]
    return blocks
