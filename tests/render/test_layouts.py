"""One layout per edition in the common case, a leftover last page included (cured inside the
layout, render/weasylastpage), in Japanese too (its justification is set in the boxes,
render/jafill)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from frspub.render import decisions, footnotes, lastpage, layouts

PAGE = """<!DOCTYPE html><html lang="fr"><head><style>
@page body {{ size: A6; margin: 12mm 10mm 26mm; }}
main {{ page: body; font: 10pt/1.45 serif; }}
p {{ margin: 0 0 2.5mm; text-align: justify; orphans: 2; widows: 2; }}
</style></head><body><main>{paragraphs}</main></body></html>"""
PARAGRAPH = f"<p>{'Texte de la note, ligne après ligne. ' * 9}</p>"


def lay_out(paragraphs: int, tmp_path: Path, memory: decisions.Memory | None = None,
            spaced: bool = False) -> tuple[Any, layouts.Tally]:
    import weasyprint

    tally = layouts.Tally()
    text = PAGE.format(paragraphs=PARAGRAPH * paragraphs)

    def settle(markup: str) -> tuple[Any, str]:
        return footnotes.settle(markup, str(tmp_path), tally)

    def again(markup: str, css: str, fresh: bool = False) -> Any:
        tally.add()
        return weasyprint.HTML(string=markup).render(stylesheets=[weasyprint.CSS(string=css or "p {}")])

    return layouts.lay_out(text, settle, again, tmp_path, spaced=spaced, memory=memory), tally


def plain(paragraphs: int, tmp_path: Path) -> Any:
    return footnotes.render(PAGE.format(paragraphs=PARAGRAPH * paragraphs), str(tmp_path))


def test_a_full_last_page_takes_one_layout(tmp_path: Path) -> None:
    document, tally = lay_out(5, tmp_path)
    assert not lastpage.short(plain(5, tmp_path))
    assert tally.count == 1 and len(document.pages) == 2


def test_a_leftover_last_page_is_cured_inside_the_one_layout(tmp_path: Path) -> None:
    """render/weasylastpage: the page maker's pass that ends on a leftover makes the last
    pages again with the remedy (here all three: the first is the body's first)."""
    first = plain(6, tmp_path)
    assert lastpage.short(first) and len(first.pages) == 3  # three lines on page 3
    document, tally = lay_out(6, tmp_path)
    assert tally.count == 1 and len(document.pages) == 2
    assert lastpage.tried(document) and not lastpage.leftover(document)


def test_a_leftover_no_remedy_cures_is_kept_and_not_laid_out_again(tmp_path: Path) -> None:
    """A leftover after a forced page break: the remedy cannot save the page, so the pages
    are made again as they were, and no layout of its own tries once more."""
    import weasyprint

    tally = layouts.Tally()
    text = PAGE.format(paragraphs=PARAGRAPH * 7 + '<p style="break-before: page">Une ligne.</p>')
    first = footnotes.render(text, str(tmp_path))
    document = layouts.lay_out(text, lambda markup: footnotes.settle(markup, str(tmp_path), tally),
                               lambda markup, css, fresh=False: weasyprint.HTML(string=markup).render(),
                               tmp_path, spaced=False)
    assert tally.count == 1 and len(document.pages) == len(first.pages) == 4
    assert lastpage.tried(document) and lastpage.short(document) and not lastpage.leftover(document)
    assert [lastpage.lines_on(p) for p in document.pages] == [lastpage.lines_on(p) for p in first.pages]


def test_a_japanese_leftover_is_cured_inside_the_one_layout_too(tmp_path: Path) -> None:
    """Japanese (`spaced`): its justification is set in the boxes (render/jafill), so the
    remedy is the layout's own as in the Western editions, cold and warm, with nothing to
    remember (until round 4 its justification's layout carried the remedy as CSS)."""
    memory = decisions.Memory()
    cold, tally = lay_out(6, tmp_path, memory, spaced=True)
    assert tally.count == 1 and len(cold.pages) == 2 and lastpage.tried(cold)
    assert memory.made["lastpage"] == {"remedy": False} and "justify" not in memory.made
    warm, tally = lay_out(6, tmp_path, decisions.Memory(known=memory.made), spaced=True)
    assert tally.count == 1 and len(warm.pages) == 2
