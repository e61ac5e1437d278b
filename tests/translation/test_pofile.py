"""PO files every tool agrees on: frspub writes GNU gettext's layout without wrapping, so saving a
catalog with msgcat, msgmerge --previous or translate-toolkit (Weblate), or editing every string with
GNU gettext or translate-toolkit at Weblate's no-wrap setting, and then running `frspub update`
changes no byte, and frspub keeps the headers and comments a tool or translator added."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from projects import ROOT, SLUG, copy_project

from frspub.cli import main

TRACKED = [f"source/{SLUG}.pot", f"source/en/{SLUG}.po", f"source/ja/{SLUG}.po", "templates/locale/templates.pot",
           "templates/locale/en/LC_MESSAGES/templates.po", "templates/locale/ja/LC_MESSAGES/templates.po"]


def catalogs(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in TRACKED}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(ROOT, tmp_path / "proj")


def update(root: Path) -> None:
    assert main(["update", "-C", str(root), "-q"]) == 0


def test_update_on_a_fresh_clone_changes_no_file(project: Path) -> None:
    before = catalogs(project)
    update(project)
    assert catalogs(project) == before


@pytest.mark.parametrize("name", TRACKED)
def test_msgcat_leaves_what_frspub_writes_unchanged(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.po"
    subprocess.run(["msgcat", "--no-wrap", str(ROOT / name), "-o", str(out)], check=True)
    assert out.read_bytes() == (ROOT / name).read_bytes()


def msgcat_no_wrap(root: Path, name: str) -> None:
    subprocess.run(["msgcat", "--no-wrap", str(root / name), "-o", str(root / name)], check=True)


def msgmerge_previous(root: Path, name: str) -> None:
    pot = root / (f"source/{SLUG}.pot" if name.startswith("source") else "templates/locale/templates.pot")
    subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(root / name), str(pot)],
                   check=True)


def translate_toolkit(width: int | None) -> Callable[[Path, str], None]:
    def save(root: Path, name: str) -> None:
        from translate.storage import po

        store = po.pofile.parsefile(str(root / name))
        if width is not None:
            store = po.pofile(width=width)
            store.parse((root / name).read_bytes())
        (root / name).write_bytes(bytes(store))
    return save


@pytest.mark.parametrize("tool", [msgcat_no_wrap, msgmerge_previous, translate_toolkit(None), translate_toolkit(77)],
                         ids=["msgcat --no-wrap", "msgmerge --previous", "translate-toolkit", "translate-toolkit width 77"])
def test_a_catalog_saved_by_another_tool_comes_back_byte_for_byte(project: Path, tool: Callable[[Path, str], None]) -> None:
    before = catalogs(project)
    for name in TRACKED[1:3] + TRACKED[4:]:
        tool(project, name)
    update(project)
    assert catalogs(project) == before


def test_translate_toolkit_at_weblates_no_wrap_setting_saves_our_layout(project: Path) -> None:
    before = catalogs(project)
    for name in TRACKED:
        translate_toolkit(WEBLATE_NO_WRAP)(project, name)
    assert catalogs(project) == before


WEBLATE_NO_WRAP = 65535  # Weblate's po_line_wrap parameter: long lines are not wrapped
EDITS = {"en": " Reviewed.", "ja": "（校閲済み）"}


def edit_with_translate_toolkit(root: Path, name: str) -> None:
    """What Weblate does to a catalog a translator edited: translate-toolkit sets each msgstr and
    saves the file at its po_line_wrap width."""
    from translate.misc.multistring import multistring
    from translate.storage import po

    store = po.pofile(width=WEBLATE_NO_WRAP)
    store.parse((root / name).read_bytes())
    extra = EDITS["ja" if "/ja/" in name else "en"]
    for unit in store.units:
        if not unit.isheader() and unit.target:
            forms = unit.target.strings if unit.hasplural() else [str(unit.target)]
            unit.target = multistring([form + extra for form in forms]) if unit.hasplural() else forms[0] + extra
    (root / name).write_bytes(bytes(store))


def edit_with_gettext(root: Path, name: str) -> None:
    """GNU gettext's own editing tool: msgfilter runs a filter over every msgstr."""
    extra = EDITS["ja" if "/ja/" in name else "en"]
    subprocess.run(["msgfilter", "--no-wrap", "--keep-header", "-i", str(root / name), "-o", str(root / name), "sed", "-e",
                    f"s/$/{extra}/"], check=True, env={**os.environ, "LC_ALL": "C.UTF-8"})


@pytest.mark.parametrize("editor", [edit_with_translate_toolkit, edit_with_gettext], ids=["weblate", "gettext"])
def test_an_edit_of_every_msgstr_is_not_rewrapped_by_update(project: Path, editor: Callable[[Path, str], None]) -> None:
    """Every string changed and saved by the editor (long English and Japanese paragraphs among
    them), then `frspub update`: zero lines change (wrapped at 79, translate-toolkit and gettext
    broke 216 English and 275 Japanese lines differently)."""
    names = [n for n in TRACKED if n.endswith(".po")]
    for name in names:
        editor(project, name)
    edited = {name: (project / name).read_bytes() for name in names}
    assert all(EDITS["ja" if "/ja/" in n else "en"].encode() in text for n, text in edited.items())
    update(project)
    assert {name: (project / name).read_bytes() for name in names} == edited


def test_headers_and_comments_a_tool_added_are_kept(project: Path) -> None:
    po = project / f"source/en/{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
                        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"X-Generator: Poedit 3.4\\n"\n'
                        '"X-Poedit-SourceCharset: UTF-8\\n"\n', 1)
    text = text.replace("#. paragraph\n", "# Relu par J. Smith, à vérifier avec l’autrice.\n#. paragraph\n", 1)
    po.write_text(text, encoding="utf-8")
    update(project)
    after = po.read_text(encoding="utf-8")
    assert '"X-Generator: Poedit 3.4\\n"' in after and '"X-Poedit-SourceCharset: UTF-8\\n"' in after
    assert "# Relu par J. Smith, à vérifier avec l’autrice.\n" in after


def test_a_lost_previous_msgid_is_a_warning_with_its_line(project: Path, capsys: pytest.CaptureFixture) -> None:
    from projects import make_fuzzy_and_missing

    make_fuzzy_and_missing(project)  # frspub update: a fuzzy entry with its #| msgid
    po = project / f"source/en/{SLUG}.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("#| msgid"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("#|"))
    po.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")  # what a plain msgmerge --update does
    capsys.readouterr()
    main(["check", "-C", str(project), "--lang", "en"])
    err = capsys.readouterr().err
    msgstr = next(n for n, line in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1)
                  if n > start and line.startswith("msgstr"))
    assert f"source/en/{SLUG}.po:{msgstr}: warning: fuzzy entry without its previous msgid" in err, err
