"""Fixtures of the browser tests: one Chromium (Debian's, driven by Playwright) for the
whole session, and a built project with one fuzzy and one missing English segment,
served by `frspub serve`'s server on a free port.

Nothing downloads a browser: Playwright launches /usr/bin/chromium, offline.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from projects import ROOT, copy_project, make_fuzzy_and_missing, shared_build

from frspub.cli import main
from frspub.preview import serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def problem_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with one fuzzy and one missing English segment, built and reviewed as a user would."""
    def build(root: Path) -> None:
        copy_project(ROOT, root)
        make_fuzzy_and_missing(root)
        assert main(["build", "-C", str(root), "-q"]) == 0
        assert main(["review", "-C", str(root), "-q", "--lang", "en", "--lang", "ja"]) == 0

    return shared_build(tmp_path_factory, "browser", build)


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
