"""render/weasyparse: frspub's print HTML read by libxml2 is the tree tinyhtml5 builds (every
element, attribute in order, text and tail), for the sample's three editions; markup that
HTML's tree construction would move, which libxml2 keeps as written, is left to tinyhtml5.
(The real-world corpus's editions: tests/realworld/test_realworld.py.)"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pins import refuses_another_weasyprint
from projects import SLUG

from frspub.render import weasyparse

PAGE = ('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
        '<link rel="stylesheet" href="print.css">\n</head>\n<body class="b">\n{}\n</body>\n</html>')
# Each of these is read back by libxml2's serialiser as written, and tinyhtml5 builds another tree.
MOVED = ["<table><tr><td>x</td></tr></table>",  # HTML adds a tbody
         "<h1>a<h2>b</h2></h1>", "<ul><li>a<span><li>b</li></span></li></ul>",  # the first closed
         "<p>a<span><div>b</div></span></p>",  # the p closed
         "<table><tbody><tr><td>x</td></tr></tbody>text</table>",  # the text fostered before the table
         "<pre>\nx</pre>",  # the line feed dropped
         "<td>x</td>",  # a cell outside a table: no element
         '<table><tbody><tr><td nowrap>x</td></tr></tbody></table>',  # "" in HTML, "nowrap" in libxml2
         "<p>x</p><!-- c -->", "<p>&eacute;</p>", "<p>a\r\nb</p>"]
KEPT = ["<table><tbody><tr><td>x</td></tr></tbody></table>", "<ul><li>a<ul><li>b</li></ul></li></ul>",
        "<pre>x\n</pre>", '<p>a<br>b &amp; <a href="#n">c</a> <span class="n" data-label="1">d</span></p>',
        "<section><h2>t</h2><div><p>a</p></div></section>"]


def items(root: Any) -> list[tuple[Any, ...]]:
    return [(type(e), e.tag, list(e.attrib.items()), e.text, e.tail) for e in root.iter()]


def tinyhtml5s(text: str) -> Any:
    import tinyhtml5

    return tinyhtml5.parse(text, namespace_html_elements=False)


@pytest.mark.parametrize("body", MOVED)
def test_markup_the_tree_construction_moves_is_left_to_tinyhtml5(body: str) -> None:
    assert weasyparse.tree(PAGE.format(body)) is None


@pytest.mark.parametrize("body", KEPT)
def test_markup_kept_as_written_is_tinyhtml5s_tree(body: str) -> None:
    text = PAGE.format(body)
    made = weasyparse.tree(text)
    assert made is not None and items(made) == items(tinyhtml5s(text))


def test_weasyprint_reads_vouched_html_without_tinyhtml5(monkeypatch: pytest.MonkeyPatch) -> None:
    import tinyhtml5
    import weasyprint

    from frspub.render import weasypatch

    weasypatch.apply()
    assert weasyparse.install()
    expected, calls = items(tinyhtml5s(PAGE.format(KEPT[3]))), []
    real = tinyhtml5.parse
    monkeypatch.setattr(tinyhtml5, "parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    kept = weasyprint.HTML(string=PAGE.format(KEPT[3]))
    assert calls == [] and items(kept.etree_element) == expected
    weasyprint.HTML(string=PAGE.format(MOVED[0]))
    assert calls == [1]


def test_the_sample_editions_are_tinyhtml5s_trees(real_project: Path) -> None:
    from frspub.build.worker import edition
    from frspub.note import pandocmemo, source
    from frspub.project import Project
    from frspub.render import citations, figures, fragments, printpage

    project = Project(real_project)
    pandocmemo.keep_in(project.build_dir / pandocmemo.FOLDER)  # the session build's pandoc answers
    note = source.read_note(project.source / "fr" / f"{SLUG}.md")
    for lang in ("fr", "en", "ja"):
        ed = edition(project, note, lang)
        figures.apply(ed, project.templates)
        citations.apply(ed, project.templates)
        text = printpage.printed(ed, fragments.build(ed), project.templates).text
        made = weasyparse.tree(text)
        assert made is not None, lang
        assert items(made) == items(tinyhtml5s(text)), lang


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasyparse, "SOURCE_SHA256", "HTML.__init__")
