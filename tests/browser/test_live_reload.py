"""`frspub serve` as a translator uses it: the English page is open in Chromium, a msgstr is
saved, and the page reloads by itself with the new text (nothing requested from the network)."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

from frspub.preview import serve
from frspub.project import Project


def test_open_page_reloads_when_its_po_is_saved(browser: Any, catalogue_built: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"  # a copy of the catalogue the session built (make_catalogue, every edition)
    shutil.copytree(catalogue_built / "proj", root, symlinks=True)
    server = serve.make_server(root / "build", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watcher, stop = serve.start_watcher(Project(root), server.changes)
    base = serve.url(server)
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda req: None if req.url.startswith(base) else outside.append(req.url))
    try:
        tab = context.new_page()
        tab.goto(base + "en/note-a.html")
        assert "EN Première partie" in tab.inner_text("body")
        time.sleep(0.5)  # the watcher and the page's event stream are listening
        po = root / "source" / "en" / "note-a.po"
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "EN Première partie"', 'msgstr "Part One"'),
                      encoding="utf-8")
        tab.wait_for_function("document.body.innerText.includes('Part One')", timeout=60_000)
        assert tab.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"
    finally:
        context.close()
        stop.set()
        server.changes.close()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=10)
    assert not outside, f"requests to the network: {outside}"
