"""Every page frspub writes for the web passes the Nu Html Checker (npm `vnu-jar`, run with Java):
the site pages, the HTML editions and review pages with every row state."""
from __future__ import annotations

from pathlib import Path

from projects import SLUG, make_fuzzy_and_missing
from validators import vnu_errors

from frspub.cli import main


def with_every_state(root: Path) -> None:
    """A fuzzy, a missing and a failing English segment."""
    make_fuzzy_and_missing(root)
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Ibid."' in text  # the edit below must hit a real entry
    po.write_text(text.replace('msgstr "Ibid."', 'msgstr "<i>Ibid.</i>"', 1), encoding="utf-8")


def test_site_editions_and_review_pages_are_valid(built: Path, scratch_project: Path, rtl_built: Path) -> None:
    with_every_state(scratch_project)
    assert main(["review", "-C", str(scratch_project), "-q", "--lang", "en"]) == 0
    assert main(["review", "-C", str(built.parent), "-q", "--lang", "en", "--lang", "ja"]) == 0
    pages = sorted(built.glob("index*.html")) + sorted(built.glob("*/*.html")) + sorted(built.glob("review/*/*.html"))
    problem_page = scratch_project / "build" / "review" / "en" / f"{SLUG}.html"
    text = problem_page.read_text(encoding="utf-8")
    for state in ("fuzzy", "missing", "error"):
        assert f'data-state="{state}"' in text
    assert len(pages) == 3 + 3 + 2
    # the Arabic edition and site page (render/rtl) in the same Java process
    rtl_pages = [rtl_built / "build" / name for name in (f"ar/{SLUG}.html", "index.ar.html", f"review/ar/{SLUG}.html")]
    assert vnu_errors([*pages, problem_page, *rtl_pages]) == []
