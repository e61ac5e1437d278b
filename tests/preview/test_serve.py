"""`frspub serve`: real HTTP on 127.0.0.1, downloads with their types, nothing outside build/,
rebuilds on change, clean stop on Ctrl-C."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from projects import DATA

from frspub.preview import reload, serve
from frspub.project import Project

SLUG = "axe-russie-coree-du-nord"
HANG = 120  # seconds: only a hang waits that long (never a measure of speed)


@pytest.fixture(scope="module")
def site(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A copy of the built site with a secret beside it and a symlink leading to it."""
    top = tmp_path_factory.mktemp("served")
    root = top / "build"
    shutil.copytree(built, root)
    (top / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "escape").symlink_to(top, target_is_directory=True)
    (root / "escape.txt").symlink_to(top / "secret.txt")
    (root / "inside.pdf").symlink_to(root / "fr" / f"{SLUG}.pdf")
    server = serve.make_server(root, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield serve.url(server), root
    server.shutdown()
    server.server_close()


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """GET exactly `path` (no client-side normalisation of `..`)."""
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def test_listens_on_loopback_only(site: tuple[str, Path]) -> None:
    assert site[0].startswith("http://127.0.0.1:")


def test_epub_and_pdf_are_downloads_with_their_types(site: tuple[str, Path]) -> None:
    base, root = site
    for lang, fmt, mime in (("ja", "epub", "application/epub+zip"), ("ja", "pdf", "application/pdf")):
        with urllib.request.urlopen(f"{base}{lang}/{SLUG}.{fmt}") as resp:
            assert resp.headers["Content-Type"] == mime
            assert resp.headers["Content-Disposition"].startswith(f'attachment; filename="{SLUG}.{fmt}"')
            assert resp.read() == (root / lang / f"{SLUG}.{fmt}").read_bytes()


def test_pages_are_html_and_not_downloads(site: tuple[str, Path]) -> None:
    base, _ = site
    for path in ("", "index.ja.html", f"en/{SLUG}.html"):
        with urllib.request.urlopen(base + path) as resp:
            assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
            assert resp.headers["Content-Disposition"] is None
            assert b"<!DOCTYPE html>" in resp.read(200)


@pytest.mark.parametrize("path", ["/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt",
                                  "/en/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/escape/secret.txt",
                                  "/escape/", "/escape.txt", "/a%00b"])
def test_nothing_outside_build(site: tuple[str, Path], path: str) -> None:
    status, body = raw_get(site[0], path)
    assert status in (403, 404), (path, status)
    assert b"secret" not in body


def test_symlink_inside_build_is_served(site: tuple[str, Path]) -> None:
    status, body = raw_get(site[0], "/inside.pdf")
    assert status == 200 and body.startswith(b"%PDF")


def test_missing_file_is_404_and_not_a_download(site: tuple[str, Path]) -> None:
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(site[0] + "nope.pdf")
    assert exc.value.code == 404 and exc.value.headers["Content-Disposition"] is None


def test_languages_to_rebuild(tmp_path: Path) -> None:
    for folder in ("source/fr", "source/en", "source/ja", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    rb = serve.Rebuilder(Project(tmp_path))
    src = tmp_path / "source"
    assert rb.languages([src / "en" / "x.po"]) == ["en"]
    assert rb.languages([src / "ja" / "x.po", src / "en" / "x.po"]) == ["en", "ja"]
    assert rb.languages([src / "fr" / "x.md"]) == ["fr", "en", "ja"]
    assert rb.languages([tmp_path / "templates" / "screen.css"]) == ["fr", "en", "ja"]
    assert rb.languages([src / "x.pot"]) == []


def test_notes_a_save_changed(tmp_path: Path) -> None:
    """Only a note's own French source or catalog names it; anything every note may read
    (templates/, an image, a bibliography, a new folder) names them all (None)."""
    for folder in ("source/fr/images", "source/en", "source/ja", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    rb = serve.Rebuilder(Project(tmp_path))
    src = tmp_path / "source"
    assert rb.notes([src / "en" / "a.po", src / "fr" / "b.md", src / "a.pot"]) == {"a", "b"}
    assert rb.notes([src / "x.pot"]) == set()
    for shared in (tmp_path / "templates" / "screen.css", src / "fr" / "images" / "map.png",
                   src / "fr" / "refs.bib", src / "en" / "a.md", src / "de" / "a.po", src / "de"):
        assert rb.notes([src / "en" / "a.po", shared]) is None, shared


def test_watcher_rebuilds_only_the_changed_language(scratch_project: Path) -> None:
    """No timing: the watcher says when it listens, the rebuild says what it wrote, and the stop
    cancels the English PDF under way (its process is ended) instead of waiting for it."""
    from frspub.cli import main

    assert main(["build", "-C", str(scratch_project), "-q", "--format", "html"]) == 0
    out = scratch_project / "build"
    fr_before = (out / "fr" / f"{SLUG}.html").stat().st_mtime_ns
    changes = reload.Changes()
    rebuilder = serve.Rebuilder(Project(scratch_project), changes)
    stop = threading.Event()
    thread = threading.Thread(target=rebuilder.watch, args=(stop,), daemon=True)
    thread.start()
    try:
        assert rebuilder.ready.wait(HANG), "the watcher never started"
        po = scratch_project / "source" / "en" / f"{SLUG}.po"
        # Saved as an editor does, by renaming a finished file over it: the watcher can never
        # see a half-written catalog (a plain write is one truncation, then the text).
        saved = scratch_project / f"{SLUG}.po.saving"
        saved.write_text(po.read_text(encoding="utf-8").replace("A Strategic Partnership in Action…",
                                                                "A Strategic Partnership at Work…"), encoding="utf-8")
        os.replace(saved, po)
        _, written = changes.since(0, HANG)  # the HTML comes first, on its own
        assert written == [f"en/{SLUG}.html"]
    finally:
        stop.set()
        thread.join(HANG)
    assert not thread.is_alive()
    html = re.sub(r"<[^>]+>", "", (out / "en" / f"{SLUG}.html").read_text(encoding="utf-8"))  # short words wrapped
    assert "A Strategic Partnership at Work" in html
    assert (out / "fr" / f"{SLUG}.html").stat().st_mtime_ns == fr_before
    assert not list(out.rglob("*.tmp"))  # the cancelled PDF's staging file is gone


def test_a_set_cancel_event_stops_the_build_before_any_edition(scratch_project: Path) -> None:
    from frspub.build import cancel, run

    event = threading.Event()
    event.set()
    with pytest.raises(cancel.Cancelled):
        run.build(Project(scratch_project), formats=("pdf",), cancel=event)
    assert not (scratch_project / "build" / "fr" / f"{SLUG}.pdf").exists()


def test_review_pages_are_refreshed_even_when_the_build_fails(built: Path, scratch_project: Path, capfd) -> None:
    from frspub.cli import main

    # The session's build of these sources, so that the rebuild finds the French and Japanese
    # editions up to date and only tries the English one (without it, it built both in full).
    shutil.copytree(built, scratch_project / "build", symlinks=True)
    assert main(["review", "-C", str(scratch_project), "-q", "--lang", "en"]) == 0
    po = scratch_project / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert "Russia[^*]." in text
    # A dropped footnote placeholder: the English edition cannot be built.
    po.write_text(text.replace("Russia[^*].", "Russland."), encoding="utf-8")
    serve.Rebuilder(Project(scratch_project)).rebuild([po])
    assert "error: footnote placeholder [^*] of the msgid is missing" in capfd.readouterr().err
    review = scratch_project / "build" / "review" / "en" / f"{SLUG}.html"
    assert "Russland" in review.read_text(encoding="utf-8")


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(DATA / "sample" / "source", root / "source")
    (root / "templates").mkdir()
    # Started with SIGINT ignored, as a test runner's worker may leave it (an ignored signal is
    # inherited): the server still stops on Ctrl-C (in a full run it once ignored it for 120 s).
    proc = subprocess.Popen([sys.executable, "-m", "frspub", "serve", "-C", str(root), "--port", "0", "--no-build"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        line = proc.stderr.readline()
        assert "serving build/ on http://127.0.0.1:" in line, line
        url = line.split(" on ", 1)[1].split()[0]
        with urllib.request.urlopen(url) as resp:  # build/ is empty: its listing
            assert resp.status == 200
        proc.send_signal(signal.SIGINT)
        # EOF on stderr: the fork server (it holds stderr) may still be importing WeasyPrint;
        # on a loaded machine that alone took over 15 s.
        _, err = proc.communicate(timeout=HANG)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err and "stopped" in err
