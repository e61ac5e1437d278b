"""Editions from catalogs: labels fixed by the French, fallbacks shown in French."""
from __future__ import annotations

from pathlib import Path

from lxml import html as lhtml
from projects import ROOT, SLUG

from frspub.build.run import edition
from frspub.cli import main
from frspub.note.source import read_note
from frspub.project import Project
from frspub.translation import catalog


def test_moved_calls_keep_their_french_labels(scratch_project: Path) -> None:
    """A translation may put calls in another order: note 1 stays note 1, * stays *."""
    po = scratch_project / "source" / "en" / f"{SLUG}.po"
    cat = catalog.load(po, "en")
    msg = next(m for m in cat if m.id and m.id.startswith("Le 23 octobre 2024"))
    # Move the symbol call after call 1: the translation now calls 1 before *.
    msg.string = msg.string.replace("[^*]", "").replace("[^1]", "[^1][^*]", 1)
    catalog.save(cat, po)
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "-q", "--no-site"]) == 0
    root = lhtml.parse(str(scratch_project / "build" / "en" / f"{SLUG}.html")).getroot()
    calls = [a.text_content() for a in root.xpath("//a[@role='doc-noteref']")]
    assert calls[:2] == ["1", "*"]
    star = root.xpath("//*[@id='fn-x2a']")[0].text_content()
    assert "webinar" in star
    assert "Garamone" in root.xpath("//*[@id='fn-1']")[0].text_content()


def test_every_edition_has_the_french_labels() -> None:
    project = Project.find(ROOT)
    note = read_note(project.notes()[0])
    for lang in ("en", "ja"):
        ed = edition(project, note, lang)
        assert list(ed.note.notes) == list(note.notes)
        assert ed.fallbacks == 0


def test_missing_catalog_falls_back_to_french_with_a_warning(scratch_project: Path, capsys) -> None:
    (scratch_project / "source" / "en" / f"{SLUG}.po").unlink()
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site"]) == 0
    assert "no catalog for en" in capsys.readouterr().err
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site",
                 "--strict"]) == 1
