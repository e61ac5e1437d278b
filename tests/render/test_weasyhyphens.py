"""render/weasyhyphens: WeasyPrint 70's line breaker keeps at most two hyphenated lines in a
row and no hyphen at a page's last line, in its own layout (on pages of 10 px lines of long
English words: no build, a few small layouts)."""
from __future__ import annotations

import importlib
from typing import Any

import pytest

from frspub.render import hyphenlimit, weasyhyphens, weasypatch

WORDS = ("Internationalization characteristically accompanies extraordinarily comprehensive "
         "reorganizations, notwithstanding unquestionably counterproductive administrative "
         "responsibilities and incomprehensibilities. ")
NOTE = '<span class="fn">Note.</span>'


def html(height: int, text: str) -> str:
    return f"""<style>
@page {{ size: 110px {height}px; margin: 0; @footnote {{ margin: 0; }} }}
html {{ font: 10px/10px 'Noto Serif'; }} body {{ margin: 0; }}
p {{ margin: 0; hyphens: auto; text-align: justify; orphans: 1; widows: 1;
     hyphenate-limit-chars: 6 3 3; hyphenate-character: "\\2010"; }}
.fn {{ float: footnote; footnote-policy: line; hyphens: none; }}
</style><p lang="en">{text}</p>"""


def lines(document: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(page, text) of every body line, and of every note line."""
    import weasyprint

    body: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []

    def walk(box: Any, number: int, into: list[tuple[int, str]]) -> None:
        if type(box).__name__ == "LineBox":
            into.append((number, "".join(b.text for b in box.descendants() if type(b).__name__ == "TextBox")))
            return
        for child in getattr(box, "children", None) or []:
            walk(child, number, notes if type(child).__name__ == "FootnoteAreaBox" else into)

    for number, page in enumerate(weasyprint.HTML(string=document).render().pages, start=1):
        walk(page._page_box, number, body)
    return body, notes


def ladder(found: list[tuple[int, str]]) -> int:
    """The longest run of lines ending in a hyphen."""
    run = longest = 0
    for _, text in found:
        run = run + 1 if text.endswith("\u2010") else 0
        longest = max(longest, run)
    return longest


def page_ends(found: list[tuple[int, str]]) -> list[str]:
    return [text for (page, text), (after, _) in zip(found, found[1:] + [(0, "")]) if after != page]


@pytest.fixture
def unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    assert weasypatch.apply()
    for (module, name), function in weasyhyphens.originals().items():
        monkeypatch.setattr(importlib.import_module(module), name, function)


def test_weasyprint_70_sets_a_ladder_and_a_page_turn_hyphen(unpatched: None) -> None:
    assert ladder(lines(html(1000, WORDS * 2))[0]) == 3
    found, _ = lines(html(60, WORDS.replace("characteristically", "characteristically" + NOTE, 1) + WORDS))
    assert page_ends(found)[0] == "extraordinarily com\u2010"


def test_patched_no_third_hyphen_in_a_row() -> None:
    assert weasypatch.apply()
    assert weasyhyphens.MAX_RUN == hyphenlimit.MAX_RUN  # the rule render/hyphenlimit checks
    found, _ = lines(html(1000, WORDS * 2))
    assert ladder(found) == 2
    assert (1, "ations,") in found and (1, "notwithstanding") in found  # the third line's word kept whole
    assert " ".join(t for _, t in found).replace("\u2010 ", "").split() == (WORDS * 2).split()


def test_patched_no_hyphen_at_a_page_turn_and_the_page_made_again_keeps_its_note() -> None:
    assert weasypatch.apply()
    found, notes = lines(html(60, WORDS.replace("characteristically", "characteristically" + NOTE, 1) + WORDS))
    assert not [text for text in page_ends(found) if text.endswith("\u2010")]
    assert (1, "extraordinarily") in found and (2, "comprehensive reor\u2010") in found
    assert notes == [(1, "1. Note.")]  # once, on its call's page
    assert ladder(found) <= 2


def test_last_body_line_leaves_the_notes_out() -> None:
    import weasyprint

    assert weasypatch.apply()
    page = weasyprint.HTML(string=html(60, "Short" + NOTE + " text.")).render().pages[0]
    last = weasyhyphens.last_body_line(page._page_box)
    assert "".join(b.text for b in last.descendants() if type(b).__name__ == "TextBox").startswith("Short")
