"""pandoc's HTML of an edition's pieces put together from blocks written apart and remembered
(`render/htmlmemo`): the very text of one pandoc run over the whole document, for every test
note and the real note's translations; documents with stateful blocks are written whole."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import DATA, ROOT, SLUG

from frspub.build import worker
from frspub.note import pandoc, source
from frspub.project import Project
from frspub.render import citations, figures, fragments, htmlmemo

NOTES = [(ROOT, SLUG, lang) for lang in ("fr", "en", "ja")] + [
    (path.parents[2], path.stem, "fr") for path in sorted(DATA.glob("*/source/fr/*.md"))]


@pytest.mark.parametrize("root, slug, lang", NOTES, ids=[f"{slug}-{lang}" for _, slug, lang in NOTES])
def test_blocks_written_apart_are_the_document_written_whole(root: Path, slug: str, lang: str) -> None:
    project = Project(root)
    ed = worker.edition(project, source.read_note(project.source / "fr" / f"{slug}.md"), lang)
    templates = project.templates if project.templates.is_dir() else ROOT / "templates"  # (test data has none)
    figures.apply(ed, templates)
    citations.apply(ed, templates)
    divs = fragments.pieces(ed)
    whole = pandoc.write(pandoc.document(divs), "html5", htmlmemo.ARGS)
    htmlmemo._written.clear()
    assert htmlmemo.html(divs) == whole
    assert htmlmemo.html(divs) == whole  # every unit from memory
    if slug in (SLUG, "note-exemple"):  # the memory's path, not the whole document's
        assert htmlmemo._written
