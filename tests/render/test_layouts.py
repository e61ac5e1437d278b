"""One layout per edition in the common case; one more when the first shows a leftover last
page, and then that one settles it (render.layouts folds the later stages into it)."""
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


def lay_out(paragraphs: int, tmp_path: Path, memory: decisions.Memory | None = None) -> tuple[Any, layouts.Tally]:
    import weasyprint

    tally = layouts.Tally()
    text = PAGE.format(paragraphs=PARAGRAPH * paragraphs)

    def settle(markup: str) -> tuple[Any, str]:
        return footnotes.settle(markup, str(tmp_path), tally)

    def again(markup: str, css: str, fresh: bool = False) -> Any:
        tally.add()
        return weasyprint.HTML(string=markup).render(stylesheets=[weasyprint.CSS(string=css or "p {}")])

    return layouts.lay_out(text, settle, again, tmp_path, spaced=False, memory=memory), tally


def plain(paragraphs: int, tmp_path: Path) -> Any:
    return footnotes.render(PAGE.format(paragraphs=PARAGRAPH * paragraphs), str(tmp_path))


def test_a_full_last_page_takes_one_layout(tmp_path: Path) -> None:
    document, tally = lay_out(5, tmp_path)
    assert not lastpage.short(plain(5, tmp_path))
    assert tally.count == 1 and len(document.pages) == 2


def test_a_leftover_last_page_takes_one_more_layout_that_absorbs_it(tmp_path: Path) -> None:
    first = plain(6, tmp_path)
    assert lastpage.short(first) and len(first.pages) == 3  # three lines on page 3
    document, tally = lay_out(6, tmp_path)
    assert tally.count == 2 and len(document.pages) == 2


def test_a_remembered_remedy_takes_one_layout_and_a_stale_one_the_usual_path(tmp_path: Path) -> None:
    memory = decisions.Memory()
    cold, tally = lay_out(6, tmp_path, memory)
    assert tally.count == 2 and memory.made["lastpage"]["remedy"] is True
    warm, tally = lay_out(6, tmp_path, decisions.Memory(known=memory.made))
    assert tally.count == 1 and len(warm.pages) == len(cold.pages) == 2
    usual, usual_tally = lay_out(9, tmp_path)
    # Three paragraphs more: the remembered leftover would be a full page; the usual path decides.
    grown, tally = lay_out(9, tmp_path, decisions.Memory(known=memory.made))
    assert tally.count == usual_tally.count + 1 and len(grown.pages) == len(usual.pages)
