"""One layout per edition in the common case, a leftover last page included (cured inside the
layout, render/weasylastpage, in every language); in Japanese too (its justification is set
in the boxes, render/jafill)."""
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

    def again(markup: str) -> Any:
        tally.add()
        return weasyprint.HTML(string=markup).render()

    return layouts.lay_out(text, settle, again, spaced=spaced, memory=memory), tally


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
                               lambda markup: weasyprint.HTML(string=markup).render(), spaced=False)
    assert tally.count == 1 and len(document.pages) == len(first.pages) == 4
    assert lastpage.tried(document) and lastpage.short(document) and not lastpage.leftover(document)
    assert [lastpage.lines_on(p) for p in document.pages] == [lastpage.lines_on(p) for p in first.pages]


def test_a_japanese_leftover_is_cured_inside_its_one_layout_cold_and_warm(tmp_path: Path) -> None:
    """Japanese (`spaced`) too: its remedy no longer rides as CSS in a layout of its own (once
    its justification's); with no short line to widen, one layout, cold and warm, and the
    record says no remedy is left to replay."""
    memory = decisions.Memory()
    cold, tally = lay_out(6, tmp_path, memory, spaced=True)
    assert tally.count == 1 and len(cold.pages) == 2 and lastpage.tried(cold)
    assert memory.made["lastpage"] == {"remedy": False}
    lines = [lastpage.lines_on(page) for page in cold.pages]
    # A remedy remembered as CSS (by a build before the layout cured it itself) is not replayed.
    known = memory.made | {"lastpage": {"remedy": True, "leftover": 3, "lines": sum(lines)}}
    for record in (memory.made, known):
        warm, tally = lay_out(6, tmp_path, decisions.Memory(known=record), spaced=True)
        assert tally.count == 1 and [lastpage.lines_on(page) for page in warm.pages] == lines


def test_a_weasyprint_the_patch_does_not_know_takes_the_css_remedy_remembered(
        tmp_path: Path, monkeypatch: Any) -> None:
    """Without the wrapper (another WeasyPrint), the remedy takes a layout of its own as CSS,
    remembered: a warm build takes one layout, a stale record the usual path."""
    from frspub.render import weasylastpage

    monkeypatch.setitem(weasylastpage._state, "installed", False)
    memory = decisions.Memory()
    cold, tally = lay_out(6, tmp_path, memory, spaced=True)
    assert tally.count == 2 and memory.made["lastpage"]["remedy"] is True and not lastpage.tried(cold)
    warm, tally = lay_out(6, tmp_path, decisions.Memory(known=memory.made), spaced=True)
    assert tally.count == 1 and len(warm.pages) == len(cold.pages) == 2
    usual, usual_tally = lay_out(9, tmp_path, spaced=True)
    # Three paragraphs more: the remembered leftover would be a full page; the usual path decides.
    grown, tally = lay_out(9, tmp_path, decisions.Memory(known=memory.made), spaced=True)
    assert tally.count == usual_tally.count + 1 and len(grown.pages) == len(usual.pages)


def test_a_later_layout_of_the_same_lines_skips_the_tries_that_failed(tmp_path: Path, caplog: Any) -> None:
    """The edition's justification layout has the lines of its first: the remakes that did not
    save the page there are not paid again (pages made, as WeasyPrint's progress log counts)."""
    import logging

    import weasyprint

    from frspub.render import weasylastpage, weasypatch

    weasypatch.apply()
    text = PAGE.format(paragraphs=PARAGRAPH * 7 + '<p style="break-before: page">Une ligne.</p>')
    made = []
    with weasylastpage.remedying(), caplog.at_level(logging.INFO, logger="weasyprint.progress"):
        for _ in range(2):
            caplog.clear()
            document = weasyprint.HTML(string=text).render()
            made.append(sum("Creating layout - Page" in r.getMessage() for r in caplog.records))
            assert lastpage.tried(document) and len(document.pages) == 4
    assert made[0] > made[1] >= 4, made
