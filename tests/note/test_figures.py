"""frspub.figures: figures and tables as the note is read — numbering, segments, errors."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import DATA

from frspub import log
from frspub.errors import SourceError
from frspub.note import ast
from frspub.note.source import read_note
from frspub.translation import catalog, segments

FIGURES = DATA / "figures" / "source" / "fr" / "note-figures.md"


@pytest.fixture()
def note_dir(tmp_path: Path) -> Path:
    """A project holding the figures note and its images, to break."""
    shutil.copytree(DATA / "figures" / "source", tmp_path / "source")
    return tmp_path / "source" / "fr"


def test_figures_and_tables_are_numbered_in_reading_order() -> None:
    note = read_note(FIGURES)
    assert [(f.kind, f.ident, f.number, f.ref) for f in note.figures] == [
        ("figure", "fig:rason", 1, "carte.png"), ("figure", "fig:echanges", 2, "echanges.svg"),
        ("table", "tbl:commerce", 1, "")]
    text = FIGURES.read_text(encoding="utf-8").splitlines()
    assert "carte.png" in text[note.figures[0].line - 1] and "{#tbl:commerce" in text[note.figures[2].line - 1]


def test_caption_alt_text_and_source_are_segments_with_their_kind() -> None:
    note = read_note(FIGURES)
    found = {(s.kind, segments.to_markdown([s.inlines])[0]) for s in segments.iter_segments(note)}
    assert ("alt text", "Carte schématique : le port de Rason au bord de la mer du Japon, près du fleuve Tumen "
            "qui sépare la Corée du Nord de la Russie, Vladivostok au nord-est.") in found
    assert ("figure caption", "Le port de Rason et la frontière russo-nord-coréenne.") in found
    assert ("figure source", "Source : carte schématique de la Fondation.") in found
    assert ("table caption", "Échanges mensuels entre la Russie et la Corée du Nord, en millions de "
            "dollars[^2].") in found
    assert ("table source", "Source : données fictives, à titre d’illustration.") in found
    assert not any("carte.png" in text for _, text in found), "an image path must never reach a translator"


def test_po_comments_name_the_kinds(tmp_path: Path) -> None:
    note = read_note(FIGURES)
    cat = catalog.template(note, DATA / "figures")
    comments = {c for m in cat if m.id for c in m.auto_comments}
    assert {"alt text", "figure caption", "figure source", "table caption", "table source"} <= comments


def append(note_dir: Path, text: str) -> Path:
    md = note_dir / "note-figures.md"
    md.write_text(md.read_text(encoding="utf-8") + text, encoding="utf-8")
    return md


def problems_of(md: Path) -> list[str]:
    with pytest.raises(SourceError) as exc:
        read_note(md)
    return [str(p) for p in exc.value.problems]


def last_line(md: Path) -> int:
    return len(md.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("text, message", [
    ("\n![Carte absente.](absente.png){alt=\"x\"}\n", "image 'absente.png' not found"),
    ("\n![Fuite.](../../../../etc/passwd){alt=\"x\"}\n", "outside the project folder"),
    ("\nUn mot ![icône](https://example.org/x.png) dans le texte.\n", "no URL"),
    ("\n![](carte.png)\n", "has no caption"),
    ("\nVoir la @fig:absente.\n", "@fig:absente refers to no figure"),
    ("\nVoir le @tbl:absent.\n", "@tbl:absent refers to no table"),
])
def test_bad_figures_are_errors_on_their_line(note_dir: Path, text: str, message: str) -> None:
    md = append(note_dir, text)
    found = problems_of(md)
    assert any(message in p for p in found), found
    assert any(p.startswith(f"{md}:{last_line(md)}: error:") for p in found), found


def test_an_image_inside_a_sentence_is_shown_in_its_line(note_dir: Path) -> None:
    md = append(note_dir, "\nUn mot ![une carte](carte.png) dans le texte.\n")
    note = read_note(md)
    para = note.blocks[-1]
    assert para["t"] == "Para" and [n["t"] for n in para["c"]].count("Image") == 1
    assert ast.stringify(para["c"]) == "Un mot une carte dans le texte."


def test_a_figure_without_alt_text_is_a_warning(note_dir: Path, capsys: pytest.CaptureFixture) -> None:
    md = append(note_dir, "\n![Une seconde carte.](carte.png)\n")
    log.setup()  # to this test's stderr
    note = read_note(md)
    assert f"{md}:{last_line(md)}: warning: figure 3 (carte.png) has no alt text" in capsys.readouterr().err
    assert [(f.kind, f.number) for f in note.figures][-1] == ("figure", 3)  # tables count apart


def test_decorative_image_is_unnumbered_and_untranslated(note_dir: Path) -> None:
    md = append(note_dir, "\n![](carte.png){.decorative}\n")
    note = read_note(md)
    assert [f.kind for f in note.figures].count("figure") == 2
    assert not any("carte.png" in segments.to_markdown([s.inlines])[0] for s in segments.iter_segments(note))
