"""Preview server: only the changed edition is rebuilt, and open pages hear about it
(server-sent events on 127.0.0.1; the reload script is added as pages are served, never to build/)."""
from __future__ import annotations

import http.client
import json
import shutil
import threading
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from catalogue import outputs

from frspub.preview import reload, serve
from frspub.project import Project


@pytest.fixture(scope="module")
def served(catalogue_built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, object]]:
    """A copy of the catalogue the session built (make_catalogue, two workers), served."""
    root = tmp_path_factory.mktemp("reload") / "proj"
    shutil.copytree(catalogue_built / "proj", root, symlinks=True)
    server = serve.make_server(root / "build", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield serve.url(server), root, server
    server.changes.close()
    server.shutdown()
    server.server_close()


def test_script_goes_before_the_last_body_end() -> None:
    page = reload.inject(b"<html><body><p>x</p></body>\n</html>")
    assert page.index(b"EventSource") < page.index(b"</body>") and page.count(b"<script>") == 1


def test_pages_are_served_with_the_script_files_stay_without(served: tuple[str, Path, object]) -> None:
    base, root, _ = served
    for path, file in (("en/note-a.html", root / "build" / "en" / "note-a.html"), ("", root / "build" / "index.html")):
        with urllib.request.urlopen(base + path) as resp:
            body = resp.read()
            assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
            assert int(resp.headers["Content-Length"]) == len(body)
        assert reload.EVENTS.encode() in body and body.startswith(b"<!DOCTYPE html>")
        assert b"EventSource" not in file.read_bytes()
    with urllib.request.urlopen(base + "en/note-a.pdf") as resp:
        assert resp.read() == (root / "build" / "en" / "note-a.pdf").read_bytes()


def test_a_msgstr_rebuilds_one_edition_and_tells_the_open_pages(served: tuple[str, Path, object]) -> None:
    base, root, server = served
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", reload.EVENTS)
    events = conn.getresponse()
    assert events.headers["Content-Type"] == "text/event-stream"
    assert events.fp.readline() == b": frspub\n"
    po = root / "source" / "en" / "note-a.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "EN Première partie"', 'msgstr "Part One"'),
                  encoding="utf-8")
    before = server.changes.generation
    written = serve.Rebuilder(Project(root), server.changes).rebuild([po])
    edition_files = {p.relative_to(root / "build").as_posix() for p in written if p.parent.name == "en"}
    assert edition_files == outputs(slugs=("note-a",), langs=("en",), formats=("html", "pdf", "epub"))
    # Each publication is one generation: the HTML alone first, then its PDF and EPUB, the site last.
    told = [paths for gen, paths in server.changes.history if gen > before]
    assert told[0] == ["en/note-a.html"]
    assert told[1] == ["en/note-a.epub", "en/note-a.pdf"]
    assert "index.en.html" in told[2] and not any(p.startswith("en/") for p in told[2])
    assert len(told) == 3
    received: set[str] = set()
    while "index.en.html" not in received:  # the open page's stream hears them all (events may merge)
        line = events.fp.readline()
        if line.startswith(b"data: "):
            received |= set(json.loads(line[6:]))
    conn.close()
    assert received == {p for paths in told for p in paths}
    assert "Part One" in (root / "build" / "en" / "note-a.html").read_text(encoding="utf-8")


def test_a_newer_save_cancels_the_pdf_under_way(served: tuple[str, Path, object]) -> None:
    """No timing: the newer save is made the moment the HTML is announced, while the PDF and
    EPUB are being made in their process; that process is ended before it can publish."""
    from frspub.build import cancel

    _, root, _ = served
    po = root / "source" / "en" / "note-b.po"
    pdf = root / "build" / "en" / "note-b.pdf"
    before = pdf.read_bytes()
    changes = reload.Changes()
    rebuilder = serve.Rebuilder(Project(root), changes)
    told: list[list[str]] = []

    def newer_save(paths: list[str]) -> None:  # what the watcher does when a save comes in
        told.append(paths)
        rebuilder.cancel.set()

    changes.publish = newer_save  # type: ignore[method-assign]
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "EN Première partie"', 'msgstr "Part Two"'),
                  encoding="utf-8")
    with pytest.raises(cancel.Cancelled):
        rebuilder.rebuild([po])
    assert told == [["en/note-b.html"]]
    assert "Part Two" in (root / "build" / "en" / "note-b.html").read_text(encoding="utf-8")
    assert pdf.read_bytes() == before
    assert not list((root / "build").rglob("*.tmp"))


def test_warming_up_builds_the_first_note_and_changes_no_output(served: tuple[str, Path, object]) -> None:
    """What the preview server (HTML) and its fork server (PDF) do before the first save."""
    from frspub.build import warm

    _, root, _ = served
    project = Project(root)
    kept = {p: p.read_bytes() for p in (root / "build").rglob("*")
            if p.is_file() and ".frspub-cache" not in p.parts and p.name != ".frspub.lock"}
    assert warm.translation_first(project) == [*[lang for lang in project.languages() if lang != "fr"], "fr"]
    assert warm.editions(project, ("html",)) == len(project.languages())
    assert warm.editions(project, ("html", "pdf"), ["en"]) == 1
    after = {p: p.read_bytes() for p in (root / "build").rglob("*")
             if p.is_file() and ".frspub-cache" not in p.parts and p.name != ".frspub.lock"}
    assert after == kept
