"""render/weasyfootarea: the footnote area's measure answers its earlier notes from a memo and
changes no box and no byte (small layouts, no build)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import pytest
from pins import refuses_another_weasyprint

from frspub.render import weasyfootarea, weasylastpage, weasypatch

TEXT = ("La coopération militaire entre Moscou et Pyongyang, longtemps limitée, s'est "
        "considérablement intensifiée depuis 2023, notamment dans le domaine des munitions. ")
NOTE = ('<span class="fn">Source : <a href="https://www.frstrategie.org/">rapport</a> de 2024, '
        '<em>p. 12</em>, et {extra}.</span>')
# A table in a note: not a plain note, laid out by WeasyPrint as ever (no memo).
TABLE = '<span class="fn">Tableau <span style="display: inline-table"><span style="display: table-cell">1</span></span></span>'
HTML = f"""<style>
@page {{ size: 300px 300px; margin: 10px; @footnote {{ margin-top: 4px; border-top: 0.5px solid; }} }}
html {{ font: 10px/12px 'Noto Serif'; }} body {{ margin: 0; }}
p {{ margin: 0 0 4px; hyphens: auto; text-align: justify; }}
.fn {{ float: footnote; footnote-policy: line; font-size: 8px; margin-bottom: 1.5px; }}
.fn::footnote-marker {{ content: counter(footnote) ". "; }}
</style><p lang="fr">{TEXT}{NOTE.format(extra="une")} {TEXT}{NOTE.format(extra=TEXT)}</p>
<p lang="fr">{TEXT}{NOTE.format(extra="trois")} {TEXT}{TABLE}{NOTE.format(extra=TEXT)}</p>
<p lang="fr">{TEXT * 3}{NOTE.format(extra="six")}{NOTE.format(extra="sept")}</p>"""


@contextmanager
def measured(memo: bool) -> Iterator[dict[str, int]]:
    """WeasyPrint with the memo (as frspub runs it) or with its own functions; counts the
    notes the measure laid out for real."""
    import weasyprint.layout.block as block

    weasypatch.apply()
    inner = weasyfootarea.originals()["inner"]
    tally = {"laid": 0}

    def counted(context: Any, box: Any, bottom_space: Any, skip_stack: Any, containing_block: Any,
                *rest: Any) -> Any:
        if type(containing_block).__name__ == "FootnoteAreaBox":
            tally["laid"] += 1
        return inner(context, box, bottom_space, skip_stack, containing_block, *rest)

    saved = weasyfootarea._state["inner"], block.block_level_layout
    weasyfootarea._state["inner"] = counted
    if not memo:
        block.block_level_layout = counted
    try:
        yield tally
    finally:
        weasyfootarea._state["inner"], block.block_level_layout = saved


def laid_out(memo: bool) -> tuple[list[tuple[Any, ...]], bytes, int]:
    import weasyprint

    with measured(memo) as tally:
        doc = weasyprint.HTML(string=HTML).render()
        data = doc.write_pdf(pdf_identifier=b"frspub-test", uncompressed_pdf=True)
    boxes: list[tuple[Any, ...]] = []
    for number, page in enumerate(doc.pages, start=1):
        for box in page._page_box.descendants():
            if type(box).__name__ in ("TextBox", "LineBox", "FootnoteAreaBox"):
                # Exact floats: the memo must give the very positions a layout gives.
                boxes.append((number, type(box).__name__, getattr(box, "text", None), box.position_x,
                              box.position_y, box.width, box.height))
    return boxes, data, tally["laid"]


def test_same_boxes_and_bytes_and_fewer_notes_laid_out() -> None:
    assert weasyfootarea.install()
    plain, plain_pdf, plain_laid = laid_out(memo=False)
    kept, kept_pdf, kept_laid = laid_out(memo=True)
    assert sum(1 for box in plain if box[1] == "FootnoteAreaBox") >= 2  # notes on more than one page
    assert kept == plain
    assert kept_pdf == plain_pdf
    # WeasyPrint measures a page of n notes n times (n² notes laid out), then lays the page's
    # area out to print it; with the memo each note is laid out about once per page.
    assert kept_laid < plain_laid // 2, (kept_laid, plain_laid)


def test_a_style_edit_in_place_makes_earlier_answers_stale() -> None:
    """render/weasylastpage's remedy sets paragraphs closer in their computed styles: a note
    measured before must not be answered from its old layout."""
    assert weasyfootarea.install()
    before = weasyfootarea._state["epoch"]
    remedy, style = weasylastpage.Remedy(), {"line_height": 1.4}
    remedy.restyle(style, "line_height", 1.3)
    assert style["line_height"] == 1.3 and weasyfootarea._state["epoch"] > before
    middle = weasyfootarea._state["epoch"]
    remedy.undo()
    assert style["line_height"] == 1.4 and weasyfootarea._state["epoch"] > middle


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasyfootarea, "IN_FLOW_SHA256", "_in_flow_layout")
