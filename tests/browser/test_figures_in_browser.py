"""The HTML edition with figures, opened from build/ in Chromium (file://, offline)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_figures_show_when_the_edition_is_opened_from_build(browser: Any, figures_built: Path, artifacts: Path,
                                                            lang: str) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((figures_built / "build" / lang / "note-figures.html").as_uri())
    shown = page.eval_on_selector_all(
        "figure img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])")
    assert len(shown) == 2 and all(done and natural > 0 and width > 200 for done, natural, width in shown), shown
    page.locator("a.frs-xref").first.click()
    assert page.evaluate("location.hash") in ("#fig-rason",)
    page.locator("figure").first.screenshot(path=artifacts / f"figure-{lang}.png")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == [], "nothing from the network"
    page.close()
