"""The last build's layout decisions go into the next build's first layout (render.decisions,
render.replay, build.layoutcache): counted in layouts, never in seconds."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from projects import ROOT, SLUG, copy_project

from frspub.build import layoutcache
from frspub.cli import main
from frspub.render import decisions


def layouts(err: str, lang: str) -> int:
    found = re.search(rf"^{lang} pdf: .*, (\d+) layouts?\)$", err, re.M)
    assert found, err
    return int(found.group(1))


def test_a_remembered_edition_takes_one_layout(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = copy_project(ROOT, tmp_path / "proj")
    shutil.copytree(built, proj / "build")
    record = json.loads(layoutcache.path(proj / "build", "ja", SLUG).read_text(encoding="utf-8"))["decisions"]
    # render/jafill and render/weasylastpage: justified and cured inside the one layout, nothing to remember
    assert "justify" not in record and record["lastpage"] == {"remedy": False}
    capsys.readouterr()
    fr = json.loads(layoutcache.path(proj / "build", "fr", SLUG).read_text(encoding="utf-8"))["decisions"]
    # render/weasyhyphens: the hyphen rules held in the cold build's first layout, no round to remember
    assert fr["linerules"]["rounds"] == [] and fr["linerules"]["lines"]
    assert fr["lastpage"] == {"remedy": False} and "justify" not in fr  # so the cold build took one layout
    assert main(["build", "-C", str(proj), "--lang", "ja", "--lang", "fr", "--format", "pdf", "--force",
                 "-j", "1"]) == 0
    err = capsys.readouterr().err
    for lang in ("ja", "fr"):
        assert layouts(err, lang) == 1
        name = f"{lang}/{SLUG}.pdf"
        assert (proj / "build" / name).read_bytes() == (built / name).read_bytes()  # the cold build's PDF

    po = proj / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("substantial material aid", "substantial and sustained material aid", 1), encoding="utf-8")
    assert main(["build", "-C", str(proj), "--lang", "en", "--format", "pdf", "-j", "1"]) == 0
    # one msgstr: one layout, whose page maker cures the leftover last page itself
    # (render/weasylastpage), whose line breaker keeps the hyphen rules (render/weasyhyphens)
    # and whose loose lines are spaced in its boxes (render/looseness): nothing is left for a
    # second layout, and no remedy to remember
    assert layouts(capsys.readouterr().err, "en") == 1
    warm = json.loads(layoutcache.path(proj / "build", "en", SLUG).read_text(encoding="utf-8"))["decisions"]
    assert warm["lastpage"] == {"remedy": False}
    assert not [r for r in warm["linerules"]["rounds"] if r["words"]]


def test_a_record_made_on_another_basis_or_damaged_is_none(tmp_path: Path) -> None:
    file = layoutcache.path(tmp_path, "en", "n")
    layoutcache.save(file, "basis-1", {"lastpage": {"remedy": False}})
    assert layoutcache.load(file, "basis-1") == {"lastpage": {"remedy": False}}
    assert layoutcache.load(file, "basis-2") == {}
    file.write_text('{"basis": "basis-1", "decisions": [', encoding="utf-8")
    assert layoutcache.load(file, "basis-1") == {}


def test_units_are_keyed_by_content_not_by_numbering() -> None:
    page = ('<html><body><main><p data-frs-block="{0}">FRSが<span class="aki" data-aki="{1}">4</span>年</p>'
            '<p data-frs-block="{2}">Autre</p></main></body></html>')
    one, two = decisions.units(page.format(0, 7, 1)), decisions.units(page.format(5, 9, 6))
    assert one.order == two.order and len(one.order) == 2
    assert one.block == {one.order[0]: "0", one.order[1]: "1"} and two.block == {two.order[0]: "5", two.order[1]: "6"}
