"""Whole builds: nine outputs, and a second note with other structures dropped in source/fr/."""
from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html as lhtml
from pdftext import calls_and_markers, pages_text, words
from projects import DATA, SLUG
from validators import epubcheck_errors

from frspub.cli import main

SAMPLE = DATA / "sample" / "source" / "fr" / "note-exemple.md"


def test_build_writes_nine_outputs(built: Path) -> None:
    outputs = sorted(p.relative_to(built).as_posix() for p in built.glob("*/*.*"))
    assert outputs == [f"{lang}/{SLUG}.{ext}" for lang in ("en", "fr", "ja") for ext in ("epub", "html", "pdf")]


def test_second_note_builds_with_no_code_change(built: Path, scratch_project: Path) -> None:
    project = scratch_project
    # The session's build of the real note beside it: only the new note is built.
    shutil.copytree(built, project / "build", symlinks=True)
    shutil.copy(SAMPLE, project / "source" / "fr" / SAMPLE.name)
    assert main(["build", "-C", str(project), "--lang", "fr", "-q", "--no-site"]) == 0
    out = project / "build" / "fr"
    root = lhtml.parse(str(out / "note-exemple.html")).getroot()
    assert root.xpath("//table//td") and root.xpath("//blockquote") and root.xpath("//ul/li")
    assert root.xpath("//ol/li") and root.xpath("//h3")
    assert [a.text_content() for a in root.xpath("//a[@role='doc-noteref']")] == \
        ["1", "†", "2", "3", "4", "5"]
    assert len(root.xpath("//*[@id='fn-1']//p")) == 2  # the two-paragraph footnote
    text = pages_text(out / "note-exemple.pdf")
    assert any("Une sous-partie" in p and "Sommaire" in p for p in text)
    calls, markers = calls_and_markers(words(out / "note-exemple.pdf"))
    assert sorted(w.text for w in calls) == sorted(["1", "†", "2", "3", "4", "5"])
    assert {w.text: w.page for w in calls} == {w.text: w.page for w in markers if w.page >= 4}
    # EPUBCheck through the session's checker process: no error, and no warning either
    assert epubcheck_errors([out / "note-exemple.epub"]) == {out / "note-exemple.epub": []}
