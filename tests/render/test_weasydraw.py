"""render/weasydraw: WeasyPrint 70's draw_first_line rewritten (a run's glyphs read at once, a
glyph's piece of the TJ string remembered): the PDF's bytes are those of WeasyPrint's own
function, on justified French at several sizes, Japanese, a glyph no font has (.notdef),
a raised combining mark and a shortened line (ellipsis)."""
from __future__ import annotations

import logging
from typing import Any, Callable

import pytest

from frspub.render import weasydraw, weasyload, weasypatch

PARAGRAPH = ("Le Conseil a rappelé, dans sa note du 12 mars, que l'effort budgétaire « devait "
             "porter d'abord sur les dépenses de fonctionnement » ; l'État s'y est engagé. ")
HTML = f"""<html lang="fr"><head><title>Essai</title><style>
@page {{ size: A6; margin: 1cm }} p {{ text-align: justify; hyphens: auto }}
.petit {{ font-size: 7pt }} .court {{ width: 3cm; white-space: nowrap; overflow: hidden;
text-overflow: ellipsis }}</style></head><body>
<p>{PARAGRAPH * 3}</p><p class="petit">{PARAGRAPH * 2}<sup>12</sup> <i>{PARAGRAPH}</i></p>
<p lang="ja">日本の財政は、二〇二四年度の予算で「歳出の見直し」を掲げた。経済成長と財政健全化の両立が求められている。</p>
<p>Inconnu : \ue123\U0010fffd ; accents combinés : e\u0323\u0302 a\u0308\u0301 Q\u0303\u0323 ; fin.</p>
<p class="court">Une ligne bien trop longue pour sa boîte étroite</p></body></html>"""


def _pdf(draw: object, monkeypatch: pytest.MonkeyPatch) -> bytes:
    weasyprint = weasyload.load()
    import weasyprint.draw.text as text

    monkeypatch.setattr(text, "draw_first_line", draw)
    return weasyprint.HTML(string=HTML).render().write_pdf()


def test_the_pdf_is_the_one_weasyprints_own_function_writes(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    weasypatch.apply()
    assert weasydraw.install()
    own_function = weasydraw.original()
    calls: dict[str, int] = {}
    for name in ("_glyph", "_raised"):
        monkeypatch.setattr(weasydraw._Line, name, _counted(getattr(weasydraw._Line, name), calls))
    monkeypatch.setitem(weasydraw._state, "original", _counted(weasydraw.original(), calls))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        rewritten = _pdf(weasydraw.draw_first_line, monkeypatch)
        notdef = [r for r in caplog.records if ".notdef" in r.getMessage()]
        caplog.clear()
        own = _pdf(own_function, monkeypatch)
        own_notdef = [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert rewritten == own
    assert len(notdef) == len(own_notdef) >= 1  # the unknown glyph's path was taken, warning and all
    assert calls["_raised"] >= 1 and calls["draw_first_line"] == 1  # a raised mark; the ellipsis
    # The memory served: far fewer glyphs took WeasyPrint's steps than were drawn.
    assert 0 < calls["_glyph"] < len(PARAGRAPH) * 6 // 3


def _counted(function: Callable[..., Any], calls: dict[str, int]) -> Callable[..., Any]:
    def counting(*args: object) -> Any:
        calls[function.__name__] = calls.get(function.__name__, 0) + 1
        return function(*args)
    return counting


def test_it_refuses_another_weasyprint_or_function() -> None:
    import inspect

    import weasyprint.draw.text as text

    source = inspect.getsource(weasydraw.original())
    assert weasydraw.refusal("70.0", source, 20) is None
    assert "not 71.0" in weasydraw.refusal("71.0", source, 20)
    assert "not the one" in weasydraw.refusal("70.0", source + "\n", 20)
    assert "24 bytes" in weasydraw.refusal("70.0", source, 24)
    assert text.draw_first_line is weasydraw.draw_first_line
