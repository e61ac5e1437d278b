"""A number never leaves its counter, unit or prefix (JLReq 3.1.7, render/kinsoku): every
counter of the list, after a number, in columns of 7 to 14 characters, so that line ends fall
inside the runs, laid out by WeasyPrint."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from frspub.render import fonts, justify, kinsoku

REVIEWED = ["300万発", "3カ国", "第1718号", "900万ドル", "3000万ドル", "約3000人", "数十発", "47カ国",
            "2024年", "10月", "23日", "7000キロ", "6人"]


def runs() -> list[str]:
    """Each counter after a number, each prefix before one, and the reviewers' cases."""
    return ([f"12{c}" for c in kinsoku.COUNTERS] + [f"{p}12" for p in kinsoku.PREFIXES]
            + [f"{p}1718号" for p in kinsoku.PREFIXES] + REVIEWED)


def test_the_reviewers_cases_and_every_counter_are_bound() -> None:
    body = html.fragment_fromstring(f"<div><p>{'、'.join(runs())}。ISSN 2273-4644、G7、2024。</p></div>")
    kinsoku.bind(body)
    bound = [s.text for s in body.iter("span")]
    assert bound == runs()  # each whole, nothing more: bare numbers and Latin words need no span
    assert {"年", "月", "日", "人", "発", "カ国", "キロ", "ドル", "号", "%", "件", "回", "名", "隻", "機",
            "基", "両", "台", "倍", "割"} <= set(kinsoku.COUNTERS)
    assert {"第", "約"} <= set(kinsoku.PREFIXES) and set("万億兆") <= set(kinsoku.MULTIPLIERS)


def _lines(tmp_path: Path, bind: bool) -> tuple[list[str], list[str]]:
    """(the line texts of the laid-out columns, the bound runs)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # a kana before each run shifts it along the line: line ends fall at every offset
    text = "".join(f"で{'あ' * (i % 3)}{run}" for i, run in enumerate(runs()))
    columns = "".join(f'<p style="width:{w}em">{text}</p>' for w in range(7, 15))
    body = html.fragment_fromstring(f"<div>{columns}</div>")
    if bind:
        kinsoku.bind(body)
    page = (f'<html lang="ja"><body style="font-family: \'FRS Serif\', \'FRS Serif CJK\'; font-size: 10pt">'
            f'{html.tostring(body, encoding="unicode")}</body></html>')
    config = FontConfiguration()
    css = weasyprint.CSS(string=fonts.font_face_css(set(text), "ja", tmp_path)
                         + ":lang(ja) { line-break: strict } .ja-w { white-space: nowrap }", font_config=config)
    document = weasyprint.HTML(string=page).render(stylesheets=[css], font_config=config)
    return justify.line_texts(document), runs()


def _split(lines: list[str], bound: list[str]) -> list[tuple[str, str]]:
    """(line end, next line start) pairs that cut a run in two."""
    cut = []
    for a, b in zip(lines, lines[1:]):
        for run in bound:
            if any(a.endswith(run[:i]) and b.startswith(run[i:]) for i in range(1, len(run))):
                cut.append((a[-4:], b[:4]))
    return cut


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[list[str], list[str]]]:
    workdir = tmp_path_factory.mktemp("kinsoku")
    return {bind: _lines(workdir, bind) for bind in (False, True)}


def test_unbound_the_columns_do_split_numbers_from_counters(laid_out) -> None:
    lines, bound = laid_out[False]
    assert len(lines) > 150
    assert len(_split(lines, bound)) >= 30  # the test forces line ends inside the runs


def test_bound_no_run_is_ever_split(laid_out) -> None:
    lines, bound = laid_out[True]
    assert len(lines) > 150
    assert _split(lines, bound) == []
