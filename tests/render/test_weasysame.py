"""render/weasysame: a page WeasyPrint 70 asks again with nothing changed (the Sommaire's,
whose `target-counter()`s flag their own page) is handed back, and the document is the one
WeasyPrint makes without it (a small document: a title page, a contents page and five parts)."""
from __future__ import annotations

from typing import Any

import pytest

from frspub.render import weasylastpage, weasypatch, weasysame

HEADS = 5
DOC = """<style>
@page { size: 200px 160px; margin: 10px; }
@page body { @bottom-center { content: counter(page) " / " counter(pages); } }
html { font: 10px/12px 'Noto Serif'; } body { margin: 0; }
nav { page: front; break-after: page; }
nav a::after { content: leader('.') target-counter(attr(href url), page); }
main { page: body; } h2 { font-size: 12px; margin: 4px 0; break-before: page; }
.cover { break-after: page; }
</style><p class="cover">Title</p><nav>""" + "".join(f'<p><a href="#h{i}">Part {i}</a></p>' for i in range(HEADS)) + "</nav><main>" + "".join(
    f'<h2 id="h{i}">Part {i}</h2>' + "<p>Words that fill a line or two of the page. </p>" * (3 + i) for i in range(HEADS)
) + "</main>"


def render(monkeypatch: pytest.MonkeyPatch, handed_back: bool) -> tuple[Any, list[int]]:
    """The document, and the page index of each make WeasyPrint's make_page ran."""
    import weasyprint

    assert weasypatch.apply()
    inner = weasysame._state["inner"]
    made: list[int] = []

    def counted(context: Any, root_box: Any, page_type: Any, *rest: Any) -> Any:
        made.append(page_type.index)
        return inner(context, root_box, page_type, *rest)

    with monkeypatch.context() as patch:
        patch.setitem(weasysame._state, "inner", counted)
        if not handed_back:  # weasylastpage's make_page calls WeasyPrint's directly
            patch.setitem(weasylastpage._state, "page", counted)
        return weasyprint.HTML(string=DOC).render(), made


def boxes(document: Any) -> list[list[tuple]]:
    """Every box of every page: kind, text, position and size."""
    return [[(type(box).__name__, getattr(box, "text", None), box.position_x, box.position_y, box.width, box.height)
             for box in page._page_box.descendants()] for page in document.pages]


def test_the_contents_page_is_made_once_for_each_content(monkeypatch: pytest.MonkeyPatch) -> None:
    document, made = render(monkeypatch, handed_back=True)
    assert made.count(1) == 2  # its first make, its make with the headings' pages (not a third)
    lines = ["".join(t.text for t in line.descendants() if type(t).__name__ == "TextBox")
             for line in document.pages[1]._page_box.descendants() if type(line).__name__ == "LineBox"]
    heads = [number for number, page in enumerate(document.pages, start=1) for box in page._page_box.descendants()
             if box.element_tag == "h2" and type(box).__name__ == "BlockBox"]
    assert [line.rsplit(".", 1)[-1] for line in lines if line] == [str(page) for page in heads]
    assert heads[0] == 3 and len(heads) == HEADS


def test_without_it_weasyprint_makes_the_contents_page_three_times(monkeypatch: pytest.MonkeyPatch) -> None:
    _, made = render(monkeypatch, handed_back=False)
    assert made.count(1) == 3


def test_the_pages_handed_back_are_those_a_make_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, fewer = render(monkeypatch, handed_back=True)
    made, more = render(monkeypatch, handed_back=False)
    assert len(fewer) < len(more)
    assert len(kept.pages) > 2 + HEADS
    assert boxes(kept) == boxes(made)
    assert kept.write_pdf() == made.write_pdf()


def test_the_patch_is_pinned_to_weasyprint_70s_make_page() -> None:
    import inspect
    from hashlib import sha256

    assert weasypatch.apply()
    source = inspect.getsource(weasysame._state["inner"])
    assert sha256(source.encode()).hexdigest() == weasysame.MAKE_PAGE_SHA256 == weasylastpage.MAKE_PAGE_SHA256

    def other(*args: Any) -> None:
        """Not WeasyPrint's make_page."""

    assert weasysame.wrap(other) is other  # any other function is left alone
