"""render/weasylines: the memo of WeasyPrint's line breaker changes no line and no byte, and
answers the repeats a page of notes asks (small layouts, no build)."""
from __future__ import annotations

import importlib
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, Iterator

from frspub.render import weasylines, weasypatch

TEXT = ("La coopération militaire entre Moscou et Pyongyang, longtemps limitée, s'est "
        "considérablement intensifiée depuis 2023, notamment dans le domaine des munitions. ")
NOTE = '<span class="fn">Source : <a href="https://www.frstrategie.org/">rapport</a> de 2024, p. 12.</span>'
HTML = f"""<style>
@page {{ size: 300px 260px; margin: 10px; @footnote {{ margin-top: 4px; }} }}
html {{ font: 10px/12px 'Noto Serif'; }} body {{ margin: 0; }}
p {{ margin: 0 0 4px; hyphens: auto; text-align: justify; }}
.fn {{ float: footnote; footnote-policy: line; font-size: 8px; }}
.wide {{ letter-spacing: 0.5px; word-spacing: 1px; }} a {{ text-decoration: underline; }}
</style><p lang="fr">{TEXT * 2}{NOTE} {TEXT}{NOTE}</p>
<p lang="fr" class="wide">{TEXT}{NOTE} <em>{TEXT}</em>{NOTE}</p><p lang="fr">{TEXT * 3}{NOTE}</p>"""


@contextmanager
def breaker(memo: bool) -> Iterator[None]:
    """WeasyPrint with the memo installed (as frspub runs it) or with the function it wraps."""
    weasypatch.apply()
    chosen = weasylines._state["memo"] if memo else weasylines._state["inner"]
    homes = [importlib.import_module(name) for name in weasypatch.HANG_HOMES]
    before = [home.split_first_line for home in homes]
    for home in homes:
        home.split_first_line = chosen
    try:
        yield
    finally:
        for home, function in zip(homes, before):
            home.split_first_line = function


def laid_out(memo: bool) -> tuple[list[tuple[Any, ...]], bytes, Any]:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    with breaker(memo):
        doc = weasyprint.HTML(string=HTML).render(font_config=config)
        data = doc.write_pdf(pdf_identifier=b"frspub-test", uncompressed_pdf=True)
    boxes: list[tuple[Any, ...]] = []

    def walk(box: Any, page: int) -> None:
        if type(box).__name__ == "TextBox":
            boxes.append((page, box.text, round(box.position_x, 4), round(box.position_y, 4), round(box.width, 4)))
        for child in getattr(box, "children", None) or []:
            walk(child, page)

    for number, page in enumerate(doc.pages, start=1):
        walk(page._page_box, number)
    return boxes, data, config


def test_same_lines_and_bytes_with_the_memo() -> None:
    plain, plain_pdf, _ = laid_out(memo=False)
    kept, kept_pdf, config = laid_out(memo=True)
    assert len({page for page, *_ in plain}) >= 2  # notes carried over a page turn
    assert kept == plain
    assert kept_pdf == plain_pdf
    calls, repeats = weasylines.counts(config)
    assert calls > 0 and repeats > calls // 5  # each note added lays the page's notes out again


def test_a_style_edited_in_place_is_asked_again() -> None:
    """weasylastpage edits computed styles of boxes it makes again: no stale answer."""
    import weasyprint

    weasypatch.apply()
    doc = weasyprint.HTML(string=HTML).render()
    text = next(box for box in doc.pages[0]._page_box.descendants() if type(box).__name__ == "TextBox"
                and len(box.text) > 20)
    split, context = weasylines._state["memo"], SimpleNamespace(dictionaries={})  # what split_first_line reads
    wide = split(TEXT, text.style, context, 120, 0)
    text.style["letter_spacing"] = 3  # what a relaxed paragraph gets
    wider = split(TEXT, text.style, context, 120, 0)
    assert wider[1] < wide[1]  # fewer bytes fit the line
    assert wider[1:] == weasylines._state["inner"](TEXT, text.style, context, 120, 0)[1:]
