"""A Japanese translator's edit after a build (the commonest edit of all) must build.  Found by
the msgstr bench: 「（訂正）」 added to the first long msgstr, and the glyph gate refused る, の
and 月 in FRS-Serif-CJK-Aki-Step5 (a failed replay had registered widened faces under the
families the usual path's faces use; since `render/jafill`, every widened face is registered
once, before the first layout, and no layout adds faces of its own)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from projects import ROOT, SLUG, copy_project

from frspub.cli import main


def test_a_japanese_edit_after_a_build_builds(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = copy_project(ROOT, tmp_path / "proj")
    shutil.copytree(built, proj / "build")  # the session's build: its layout record kept
    po = proj / "source" / "ja" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    old = re.search(r'^msgstr "([^"\n]{20,})"$', text, re.M).group(1)
    po.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{old}（訂正）"', 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "-C", str(proj), "--lang", "ja", "--format", "pdf", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "missing glyph" not in err and "error" not in err, err
    pdf = (proj / "build" / "ja" / f"{SLUG}.pdf").read_bytes()
    assert pdf != (built / "ja" / f"{SLUG}.pdf").read_bytes()  # rebuilt with the edit
