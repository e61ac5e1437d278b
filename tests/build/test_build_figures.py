"""Building notes with figures: what the build says, what it rebuilds, what it refuses."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from projects import DATA, copy_project

from frspub.cli import main
from frspub.translation import catalog

SLUG = "note-figures"
HTML = ["build", "-j", "1", "--format", "html"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(DATA / "figures", tmp_path / "proj")


def run(root: Path, *argv: str) -> int:
    cwd = os.getcwd()
    os.chdir(root)  # messages name files relative to the working folder, as for a user
    try:
        return main([*argv, "-C", str(root)])
    finally:
        os.chdir(cwd)


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "build").rglob("*")) if p.is_file()}


def written(err: str) -> set[str]:
    return {line.split(": ", 1)[1].split(" (")[0] for line in err.splitlines()
            if line[:3] in ("fr ", "en ", "ja ") and (" html: " in line or " pdf: " in line)}


def test_the_build_says_which_image_each_edition_shows(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(project, *HTML) == 0
    err = capsys.readouterr().err
    assert "ja figure 1: source/fr/carte.ja.png" in err
    assert "en figure 1: source/fr/carte.png" in err and "fr figure 2: source/fr/echanges.svg" in err


def test_a_changed_or_added_image_rebuilds_only_the_editions_showing_it(project: Path,
                                                                        capsys: pytest.CaptureFixture) -> None:
    assert run(project, *HTML) == 0
    capsys.readouterr()
    folder = project / "source" / "fr"
    Image.open(folder / "carte.ja.png").rotate(180).save(folder / "carte.ja.png", dpi=(300, 300))
    assert run(project, *HTML) == 0
    assert written(capsys.readouterr().err) == {f"build/ja/{SLUG}.html"}
    shutil.copy(folder / "carte.png", folder / "carte.en.png")  # an English version appears
    assert run(project, *HTML) == 0
    err = capsys.readouterr().err
    assert written(err) == {f"build/en/{SLUG}.html"} and "en figure 1: source/fr/carte.en.png" in err
    (folder / "echanges.svg").write_text((folder / "echanges.svg").read_text().replace("#1f4e79", "#7a1f1f"))
    assert run(project, *HTML) == 0
    assert written(capsys.readouterr().err) == {f"build/{lang}/{SLUG}.html" for lang in ("fr", "en", "ja")}


def test_deleting_an_image_fails_on_the_note_line_and_keeps_the_editions(figures_built: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture) -> None:
    project = tmp_path / "proj"  # the session's full build of the same note (`figures_built`), copied
    shutil.copytree(figures_built, project, symlinks=True)
    assert sorted(p.name for p in (project / "build" / "ja").iterdir() if p.stem == SLUG) == \
        [f"{SLUG}.epub", f"{SLUG}.html", f"{SLUG}.pdf"]
    # build/.frspub.lock names the process of the last build: a build from this process, which
    # finds every edition up to date, so that only the failed build could change a file
    assert run(project, "build", "-j", "2") == 0
    before = digests(project)
    capsys.readouterr()
    (project / "source" / "fr" / "echanges.svg").unlink()
    assert run(project, "build", "-j", "2") == 1
    first = capsys.readouterr().err.strip().splitlines()[0]
    md = (project / "source" / "fr" / f"{SLUG}.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(md, start=1) if "](echanges.svg)" in text)
    assert first.startswith(f"source/fr/{SLUG}.md:{line}: error: image 'echanges.svg' not found"), first
    assert digests(project) == before, "the previous editions stay in place"


def test_a_low_resolution_image_is_a_warning_naming_it(project: Path, capsys: pytest.CaptureFixture) -> None:
    folder = project / "source" / "fr"
    Image.open(folder / "carte.png").resize((300, 225)).save(folder / "carte.png", dpi=(72, 72))
    (folder / "carte.ja.png").unlink()
    assert run(project, "build", "-j", "1", "--lang", "fr", "--format", "pdf") == 0
    err = capsys.readouterr().err
    assert f"source/fr/{SLUG}.md:26: warning: source/fr/carte.png prints at" in err
    dpi = int(err.split("carte.png prints at ")[1].split(" dpi")[0])
    assert 50 < dpi < 150
    assert run(project, "build", "-j", "1", "--lang", "fr", "--format", "pdf", "--strict") == 1


def set_msgstr(root: Path, lang: str, msgid_start: str, value: str) -> int:
    po = root / "source" / lang / f"{SLUG}.po"
    cat = catalog.load(po, lang)
    msg = next(m for m in catalog.messages(cat) if m.id.startswith(msgid_start))
    msg.string = value
    catalog.save(cat, po)
    return catalog.lineno(catalog.load(po, lang).get(msg.id, msg.context))


@pytest.mark.parametrize("msgid, msgstr, message", [
    ("Les échanges ont chuté", "Trade fell ![x](../../../../etc/passwd) (@fig:echanges).",
     "an image cannot be added by a translation"),
    ("Les échanges ont chuté", "Trade fell in 2021 before recovering.", "references of the msgid must be kept"),
])
def test_a_translation_cannot_add_an_image_or_drop_a_reference(project: Path, capsys: pytest.CaptureFixture,
                                                               msgid: str, msgstr: str, message: str) -> None:
    line = set_msgstr(project, "en", msgid, msgstr)
    assert run(project, *HTML, "--lang", "en") == 1
    err = capsys.readouterr().err
    assert f"source/en/{SLUG}.po:{line}: error: " in err and message in err, err


def test_alt_texts_are_in_the_missing_glyph_check(project: Path, capsys: pytest.CaptureFixture) -> None:
    line = set_msgstr(project, "ja", "Carte schématique", "略図\ue000：羅先港。")
    assert run(project, *HTML, "--lang", "ja") == 1
    err = capsys.readouterr().err
    assert f"source/ja/{SLUG}.po:{line}: error:" in err and "U+E000" in err, err


def test_a_wide_table_is_set_smaller_and_stays_within_the_text_width(project: Path) -> None:
    from pdftext import words

    md = project / "source" / "fr" / f"{SLUG}.md"
    cells = ["Réexportations", "Contrebande", "Compensation", "Variation", "Transbordements", "Ajustements", "Cumuls"]
    rows = [f"| {' | '.join(cells)} |", f"|{'|'.join('---' for _ in cells)}|",
            *[f"| {' | '.join(str(1000 * i + j) + ',5' for j in range(len(cells)))} |" for i in range(3)]]
    md.write_text(md.read_text(encoding="utf-8") + "\n" + "\n".join(rows) +
                  "\n\n: Un tableau large. {#tbl:large}\n", encoding="utf-8")
    assert run(project, "build", "-j", "1", "--lang", "fr", "--format", "pdf", "--format", "html") == 0
    html = (project / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'id="tbl-large" class="frs-wide"' in html
    every = words(project / "build" / "fr" / f"{SLUG}.pdf")
    found = [w for w in every if w.text in cells]
    assert len(found) >= len(cells) - 2  # a long header word may be hyphenated in its cell
    page = [w for w in every if w.page == found[0].page]
    assert max(w.x1 for w in page) <= 595.3 - 24 / 25.4 * 72 + 1, "inside the right margin of an A4 page"
    body = next(w for w in every if w.text == "fermeture")  # a word of a body paragraph
    assert max(w.h for w in found) < 0.85 * body.h, "set smaller than the body text"
