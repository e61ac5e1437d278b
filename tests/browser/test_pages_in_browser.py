"""The site, an HTML edition and a review page in Chromium, as a reader and an editor use them.

Screenshots are kept in tests/artifacts/ (look at them after a change of template or CSS).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

SLUG = "axe-russie-coree-du-nord"


def test_site_switch_language_and_download_japanese_pdf(page: Any, base_url: str, problem_project: Path,
                                                        artifacts: Path, tmp_path: Path) -> None:
    page.goto(base_url)
    assert page.get_attribute("html", "lang") == "fr"
    page.screenshot(path=artifacts / "site-fr.png", full_page=True)
    page.get_by_role("navigation", name="Langue de la page").get_by_role("link", name="日本語").click()
    page.wait_for_url("**/index.ja.html")
    assert page.get_attribute("html", "lang") == "ja"
    assert page.get_by_role("heading", level=2).first.inner_text() == "ロシア・北朝鮮戦略枢軸の評価"
    page.screenshot(path=artifacts / "site-ja.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("日本語版PDF")).click()
    download = info.value
    assert download.suggested_filename == f"{SLUG}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes() == (problem_project / "build" / "ja" / f"{SLUG}.pdf").read_bytes()
    reader = PdfReader(saved)
    assert "ロシア・北朝鮮戦略枢軸の評価" in (reader.metadata.title or "") + reader.pages[0].extract_text()


def test_every_edition_within_two_clicks(page: Any, base_url: str, problem_project: Path) -> None:
    """From build/index.html opened as a file: one click on a language, one on the edition."""
    index = problem_project / "build" / "index.html"
    page.goto(index.as_uri())
    hrefs = page.eval_on_selector_all("a.file", "els => els.map(e => e.href)")
    expected = {(problem_project / "build" / lang / f"{SLUG}.{fmt}").as_uri()
                for lang in ("fr", "en", "ja") for fmt in ("pdf", "epub", "html")}
    assert set(hrefs) == expected  # every edition is one click away, on every language page
    for href in hrefs:
        assert Path(href.removeprefix("file://")).is_file()
    page.get_by_role("link", name="English", exact=True).click()
    assert page.get_attribute("html", "lang") == "en"
    page.get_by_role("link", name=re.compile("EPUB in Japanese")).wait_for()


def test_keyboard_reaches_the_switcher_and_the_files(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#notes"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "English"
    page.keyboard.press("Enter")
    page.wait_for_url("**/index.en.html")
    seen = []
    for _ in range(4):  # skip link, Français, 日本語, then the first file
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.className || document.activeElement.textContent"))
    assert seen[1:3] == ["Français", "日本語"] and "file" in seen[3].split(), seen


def test_site_on_a_phone(browser: Any, base_url: str, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    try:
        tab = context.new_page()
        for name in ("index.ja.html", f"review/en/{SLUG}.html", f"ja/{SLUG}.html"):
            tab.goto(base_url + name)
            width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{name} scrolls sideways on a phone: {width}"
        tab.goto(base_url + "index.ja.html")
        tab.screenshot(path=artifacts / "site-ja-phone.png", full_page=True)
        box = tab.locator("a.file").first.bounding_box()
        assert box["height"] >= 44, "touch targets of at least 44 px"
    finally:
        context.close()


def test_html_edition_links_to_its_files_and_languages(page: Any, base_url: str, artifacts: Path) -> None:
    page.goto(f"{base_url}ja/{SLUG}.html")
    page.screenshot(path=artifacts / "edition-ja.png")
    # note calls read "(1)" as in the PDF, where the text shows them
    call = page.locator("#fnref-1 sup").evaluate(
        "e => getComputedStyle(e, '::before').content + e.innerText + getComputedStyle(e, '::after').content")
    assert call == '"("1")"', call
    for ext in ("pdf", "epub"):
        assert page.locator(f"a[href='{SLUG}.{ext}']").count() == 1
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**/en/{SLUG}.html")
    assert page.get_attribute("html", "lang") == "en"
    page.locator("a[href='../index.en.html']").click()
    page.wait_for_url("**/index.en.html")


def test_review_page_filters_the_rows_that_need_work(page: Any, base_url: str, artifacts: Path) -> None:
    page.goto(f"{base_url}review/en/{SLUG}.html")
    rows = page.locator("#segments tbody tr")
    total = rows.count()
    summary = page.locator(".summary")
    assert summary.locator(".state-fuzzy .n").inner_text() == "1"
    assert summary.locator(".state-missing .n").inner_text() == "1"
    assert summary.locator(".total .n").inner_text() == str(total)
    page.screenshot(path=artifacts / "review-en.png")
    box = page.get_by_label(re.compile("Show only the segments that need work"))
    box.focus()
    page.keyboard.press("Space")  # keyboard-operable
    assert box.is_checked()
    visible = page.locator("#segments tbody tr:visible")
    assert visible.count() == 2
    assert [visible.nth(i).get_attribute("data-state") for i in range(2)] == ["fuzzy", "missing"]
    assert page.locator("#shown-count").inner_text() == "2"
    assert visible.first.locator("del").inner_text() == "déjà"
    assert visible.first.locator("ins").inner_text() == "désormais"
    page.screenshot(path=artifacts / "review-en-filtered.png", full_page=True)
    box.uncheck()
    assert page.locator("#segments tbody tr:visible").count() == total
    assert page.locator("#shown-count").inner_text() == str(total)


def test_html_edition_keeps_note_calls_on_their_words_line(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        for lang in ("fr", "en", "ja"):
            tab.goto(f"{base_url}{lang}/{SLUG}.html")
            # the call's top against the top of the character just before it
            gaps = tab.eval_on_selector_all("#text a.fnref", """calls => calls.map(a => {
                const range = document.createRange();
                let node = a.previousSibling;
                while (node && node.nodeType !== 3) node = node.lastChild || node.previousSibling;
                range.setStart(node, node.length - 1); range.setEnd(node, node.length);
                return Math.abs(a.getBoundingClientRect().bottom - range.getBoundingClientRect().bottom);
            })""")
            assert len(gaps) == 12 and max(gaps) < 10, (lang, gaps)
    finally:
        context.close()
