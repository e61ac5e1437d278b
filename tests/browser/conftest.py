"""Fixtures of the browser tests: one Chromium (Debian's, driven by Playwright) for the
whole session, and a built project with one fuzzy and one missing English segment,
served by `frspub serve`'s server on a free port.

Nothing downloads a browser: Playwright launches /usr/bin/chromium, offline.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from frspub import serve
from frspub.cli import main

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SLUG = "axe-russie-coree-du-nord"

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (run `make test`, which installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="run `make test`: it installs playwright")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


def make_fuzzy_and_missing(root: Path) -> None:
    """One French paragraph changed a little (fuzzy after update), one English msgstr blanked (missing)."""
    md = root / "source" / "fr" / f"{SLUG}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("seraient déjà présents", "seraient désormais présents"),
                  encoding="utf-8")
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "A Strategic Partnership in Action…"', 'msgstr ""'), encoding="utf-8")


@pytest.fixture(scope="session")
def problem_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with one fuzzy and one missing English segment, built and reviewed as a user would."""
    root = tmp_path_factory.mktemp("browser") / "proj"
    root.mkdir()
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    make_fuzzy_and_missing(root)
    assert main(["update", "-C", str(root), "-q"]) == 0
    assert main(["build", "-C", str(root), "-q"]) == 0
    assert main(["review", "-C", str(root), "-q", "--lang", "en", "--lang", "ja"]) == 0
    return root


@pytest.fixture(scope="session")
def base_url(problem_project: Path) -> Iterator[str]:
    server = serve.make_server(problem_project / "build", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield serve.url(server)
    server.shutdown()
    server.server_close()


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh tab that fails the test if anything is requested outside the local server."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    outside: list[str] = []
    context.on("request", lambda req: None if req.url.startswith((base_url, "file://", "data:", "blob:"))
               else outside.append(req.url))
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"requests to the network: {outside}"
