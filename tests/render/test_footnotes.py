"""The footnote guard: a note that WeasyPrint would print a page late is brought back.

The document is made so that WeasyPrint 70 alone defers note 7 to page 2
(a paragraph starts at the foot of page 1 and orphans forbid breaking it
there, so WeasyPrint moves the notes away instead of the text).  Patched
(`render.weasypatch`), WeasyPrint keeps it there in the first layout: the
guard only checks."""
from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from frspub.render import footnotes, layouts, weasypatch

HTML = f"""<!DOCTYPE html><html lang="fr"><head><style>
@page {{ size: A6; margin: 10mm; }}
body {{ font: 10pt/1.3 serif; }}
p {{ margin: 0 0 2mm; orphans: 2; widows: 2; }}
.fn {{ float: footnote; footnote-policy: line; }}
.fn::footnote-call {{ content: attr(data-label); }}
.fn::footnote-marker {{ content: attr(data-label) " "; }}
.frs-page-break {{ break-before: page; }}
.frs-relax {{ orphans: 1; widows: 1; }}
</style></head><body><main><p>{"Texte de remplissage. " * 32}</p>
<p>{"Un paragraphe qui appelle. " * 6}une note<span class="fn" data-label="7">{"Une note assez longue. " * 6}</span> fin.</p>
<p>{"Suite du texte après la note. " * 30}</p></main></body></html>"""


def test_weasyprint_alone_prints_the_note_a_page_late(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.layout.block as block

    monkeypatch.setattr(block, "_linebox_layout", weasypatch.original())
    wrong = footnotes.misplaced(weasyprint.HTML(string=footnotes.number_blocks(HTML)).render())
    assert [(m.label, m.call_page, m.note_page) for m in wrong] == [("7", 1, 2)]


def test_the_guard_puts_it_back_on_its_call_page() -> None:
    document = footnotes.render(HTML, str(Path.cwd()))
    assert footnotes.misplaced(document) == []
    assert len(document.pages) == 2  # fixed by relaxing orphans, not by pushing text to a new page


def test_patched_weasyprint_needs_one_layout() -> None:
    tally = layouts.Tally()
    document, _ = footnotes.settle(HTML, str(Path.cwd()), tally)
    assert footnotes.misplaced(document) == [] and len(document.pages) == 2
    assert tally.count == 1
