"""frspub finds pypandoc-binary's pandoc without importing pypandoc, under the very name
pypandoc gives it (the name keys pandoc's remembered answers, `note/pandocmemo`)."""
from __future__ import annotations

import pypandoc

from frspub.note import pandoc


def test_bundled_pandoc_is_the_one_pypandoc_names() -> None:
    found = pandoc.bundled()
    assert found is not None  # pypandoc-binary installed, no other pandoc on this machine
    assert found == pypandoc.get_pandoc_path()


def test_another_pandoc_is_left_to_pypandoc(monkeypatch) -> None:
    monkeypatch.setenv("PYPANDOC_PANDOC", "/usr/local/bin/pandoc")
    assert pandoc.bundled() is None
