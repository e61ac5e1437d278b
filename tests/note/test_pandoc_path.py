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


def test_api_version_is_read_from_a_document_pandoc_wrote(monkeypatch) -> None:
    """Once pandoc has written one JSON document (a build reads its note first), its API
    version comes from there: no pandoc run of its own, and the very version pandoc gives."""
    import json
    import subprocess

    asked = json.loads(subprocess.run([pandoc.pandoc_path(), "-f", "markdown", "-t", "json"], input=b"",
                                      capture_output=True, check=True).stdout)["pandoc-api-version"]
    monkeypatch.setattr(pandoc, "_API_VERSION", [])
    assert pandoc.read_markdown("Une *note*.")["blocks"]  # read (by pandoc, or its memo)
    runs = []
    monkeypatch.setattr(pandoc.subprocess, "run", lambda *a, **k: runs.append(a))
    assert pandoc.api_version() == asked and runs == []


def test_api_version_asks_pandoc_when_it_wrote_no_document(monkeypatch) -> None:
    monkeypatch.setattr(pandoc, "_API_VERSION", [])
    version = pandoc.api_version()
    assert isinstance(version, list) and version[0] >= 1 and all(isinstance(n, int) for n in version)
