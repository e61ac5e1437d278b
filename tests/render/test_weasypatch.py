"""The WeasyPrint 70 fix of render/weasypatch, on a page of ten 10 px lines: a note called
on the first line takes the tenth; the next paragraph's second line would overflow, and
orphans forbid breaking before it.  WeasyPrint 70 moves the note to page 2 to make room;
patched, the note stays and the page breaks where orphans hold: before that paragraph."""
from __future__ import annotations

from typing import Any

import pytest

from frspub.render import weasypatch

HTML = """<style>
@page { size: 100px; margin: 0; @footnote { margin: 0; padding: 0; } }
html { font-size: 10px; line-height: 1; }
body { margin: 0; }
p { margin: 0; orphans: 2; widows: 2; }
.note { float: footnote; footnote-policy: line; }
::footnote-call, ::footnote-marker { content: none; }
</style>
<p>a<span class="note">N</span><br>b<br>c<br>d<br>e<br>f<br>g</p>
<p>i<br>j<br>k<br>l</p>"""


def pages(html: str = HTML) -> list[tuple[str, str]]:
    """(text, notes) of each page."""
    import weasyprint

    found = []
    for page in weasyprint.HTML(string=html).render().pages:
        text: list[str] = []
        notes: list[str] = []

        def walk(box: Any, in_notes: bool) -> None:
            in_notes = in_notes or type(box).__name__ == "FootnoteAreaBox"
            if type(box).__name__ == "TextBox":
                (notes if in_notes else text).append(box.text)
            for child in getattr(box, "children", None) or []:
                walk(child, in_notes)

        walk(page._page_box, False)
        found.append(("".join(text), "".join(notes)))
    return found


def test_weasyprint_70_moves_the_note_off_its_calls_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.layout.block as block

    monkeypatch.setattr(block, "_linebox_layout", weasypatch.original())
    assert pages() == [("abcdefgij", ""), ("kl", "N")]


def test_patched_the_note_stays_and_the_paragraph_moves_whole() -> None:
    assert weasypatch.apply()
    # not "i" alone at the page foot (orphans: 2): a heading before it would be left with one line
    assert pages() == [("abcdefg", "N"), ("ijkl", "")]


def test_a_note_with_policy_auto_may_still_move() -> None:
    assert weasypatch.apply()
    assert pages(HTML.replace("footnote-policy: line", "footnote-policy: auto")) == [("abcdefgij", ""), ("kl", "N")]


def test_it_refuses_another_version_or_another_source() -> None:
    import inspect

    import weasyprint

    source = inspect.getsource(weasypatch.original())
    assert weasypatch.refusal(weasyprint.__version__, source) is None
    assert "71.0" in weasypatch.refusal("71.0", source)
    assert weasypatch.refusal(weasypatch.VERSION, source.replace("needed = max(0, needed)", "needed = 0"))


def first_lines(html: str) -> list[str]:
    """The text of each line of the first page."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    def text(box: Any) -> str:
        return box.text if isinstance(box, boxes.TextBox) else "".join(text(c) for c in getattr(box, "children", []))

    def lines(box: Any) -> list[Any]:
        if isinstance(box, boxes.LineBox):
            return [box]
        return [line for child in getattr(box, "children", []) for line in lines(child)]

    return [text(line) for line in lines(weasyprint.HTML(string=html).render().pages[0]._page_box)]


def hanging_case() -> str:
    """A paragraph whose first line, "le Japon, a dénoncé ces pays.", fits only without the space
    that ends its text box (the next word starts an inline box): 0.1 px to spare."""
    import weasyprint

    style = "<style>@page { size: 600px; margin: 0 } body { margin: 0; font: 14px serif }</style>"
    words = "le <span>Japon</span>, a dénoncé ces pays."
    probe = weasyprint.HTML(string=f"{style}<p style='float: left'>{words}</p>").render()
    width = probe.pages[0]._page_box.children[0].children[0].children[0].width  # html > body > p
    return f"{style}<p style='width: {width + 0.1}px'>{words} <span>Au</span> mois de juin.</p>"


def test_weasyprint_70_cuts_a_line_after_its_first_word(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.layout.inline as inline

    monkeypatch.setattr(inline, "split_first_line", weasypatch.hang_original())
    assert first_lines(hanging_case())[0] == "le Japon,"


def test_patched_the_trailing_space_hangs() -> None:
    assert weasypatch.apply()
    assert first_lines(hanging_case()) == ["le Japon, a dénoncé ces pays.", "Au mois de juin."]


def test_the_hang_patch_is_pinned_to_its_source() -> None:
    import inspect

    source = inspect.getsource(weasypatch.hang_original())
    assert weasypatch.refusal(weasypatch.VERSION, source, weasypatch.HANG_SHA256, weasypatch.HANG_ANCHOR) is None
    edited = source.replace("ratio = 4", "ratio = 5")
    assert weasypatch.refusal(weasypatch.VERSION, edited, weasypatch.HANG_SHA256, weasypatch.HANG_ANCHOR)
