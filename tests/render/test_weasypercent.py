"""render/weasypercent: a box's used lengths answered once per style and containing block
change no box and no byte (a small layout, no build)."""
from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Any, Iterator

import pytest
from pins import refuses_another_weasyprint

from frspub.render import weasyfootarea, weasypatch, weasypercent

TEXT = ("La coopération <b>militaire</b> entre <i class=\"pad\">Moscou et Pyongyang</i>, longtemps "
        "limitée, s'est <span class=\"calc\">considérablement intensifiée</span> depuis 2023. ")
HTML = f"""<style>
@page {{ size: 320px 300px; margin: 10px; }}
html {{ font: 10px/12px 'Noto Serif'; }} body {{ margin: 0; }}
p {{ margin: 0 0 4px; text-align: justify; padding: 0 2% 0 1em; }}
.pad {{ padding: 0 3% 0 1px; margin: 0 1.5%; border: 0.5px solid; box-sizing: border-box; }}
.calc {{ margin-left: calc(2% + 1px); }}
div {{ width: 80%; padding: 5%; box-sizing: border-box; border: 1px solid; margin: 2px auto; }}
td {{ padding: 2%; }} table {{ border-collapse: collapse; width: 100%; }}
</style><p lang="fr">{TEXT * 3}</p><div><p lang="fr">{TEXT * 2}</p></div>
<table><tr><td>{TEXT}</td><td style="width: 30%">{TEXT}</td></tr></table><p lang="fr">{TEXT * 4}</p>"""


@contextmanager
def lengths(memo: bool) -> Iterator[dict[str, int]]:
    """WeasyPrint with the memo (as frspub runs it) or with its own function; counts the calls
    that worked the lengths out."""
    import importlib

    weasypatch.apply()
    inner = weasypercent.inner()
    assert inner is not None
    tally = {"worked": 0}

    def counted(box: Any, containing_block: Any) -> None:
        tally["worked"] += 1
        inner(box, containing_block)

    homes = [importlib.import_module(name) for name in weasypercent.HOMES]
    saved = [home.resolve_percentages for home in homes]
    wrapped = weasypercent._memoised(counted)
    for home in homes:
        home.resolve_percentages = wrapped if memo else counted
    try:
        yield tally
    finally:
        for home, function in zip(homes, saved):
            home.resolve_percentages = function


def laid_out(memo: bool) -> tuple[list[tuple[Any, ...]], bytes, int]:
    import weasyprint

    with lengths(memo) as tally:
        doc = weasyprint.HTML(string=HTML).render()
        data = doc.write_pdf(pdf_identifier=b"frspub-test", uncompressed_pdf=True)
    found = [(number, type(box).__name__, *(getattr(box, name, None) for name in weasypercent.SET),
              box.position_x, box.position_y)
             for number, page in enumerate(doc.pages, start=1) for box in page._page_box.descendants()]
    return found, data, tally["worked"]


def test_same_boxes_and_bytes_and_fewer_lengths_worked_out() -> None:
    assert weasypercent.install()
    plain, plain_pdf, plain_worked = laid_out(memo=False)
    kept, kept_pdf, kept_worked = laid_out(memo=True)
    assert len(plain) > 100
    assert kept == plain  # every used length, exact
    assert kept_pdf == plain_pdf
    assert kept_worked < plain_worked * 2 // 3, (kept_worked, plain_worked)


def test_a_style_edit_or_another_containing_block_is_asked_again() -> None:
    import weasyprint
    from weasyprint.css.properties import Dimension

    weasypatch.apply()
    doc = weasyprint.HTML(string=HTML).render()
    box = next(box for page in doc.pages for box in page._page_box.descendants()
               if type(box).__name__ == "InlineBox" and box.style["padding_right"].unit == "%")
    resolve = weasypercent._memoised(weasypercent.inner())
    resolve(box, (200.0, 100.0))
    assert box.padding_right == 6.0 and box.width == "auto"
    resolve(box, (100.0, 100.0))
    assert box.padding_right == 3.0
    resolve(box, (0.0, 100.0))  # -0.0 == 0.0, but another key: the answer keeps its sign
    assert math.copysign(1.0, box.margin_left) == 1.0
    resolve(box, (-0.0, 100.0))
    assert box.margin_left == 0 and math.copysign(1.0, box.margin_left) == -1.0
    box.style["padding_right"] = Dimension(5, "%")
    weasyfootarea.edited()  # what render.weasylastpage's remedy says when it edits a style
    resolve(box, (100.0, 100.0))
    assert box.padding_right == 5.0


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasypercent, "SOURCES_SHA256", "resolve_percentages")
