"""Queries to the author: translator comments beginning AQ: on the segment they are about —
listed with the French and its line, counted by status, shown on the review page, closed when
the French changes or the comment goes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import ROOT, SLUG, copy_project

from frspub.cli import main

KURILS_LINE = 276  # the paragraph of « territoires du nord (Kouriles) » in the French note


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(ROOT, tmp_path / "proj")


def listed(project: Path, capsys: pytest.CaptureFixture, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["queries", "-C", str(project), "-q", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_reviewers_queries_are_listed_with_their_french_segment_and_line(
        project: Path, capsys: pytest.CaptureFixture) -> None:
    queries = listed(project, capsys, "--lang", "en")
    assert len(queries) == 15 and all(q["open"] and q["lang"] == "en" for q in queries)
    kurils = [q for q in queries if q["text"].startswith("AQ1 ")]
    assert len(kurils) == 1
    assert kurils[0]["source"] == f"source/fr/{SLUG}.md" and kurils[0]["source_line"] == KURILS_LINE
    assert "territoires du nord (Kouriles)" in kurils[0]["french"]
    md = (project / "source" / "fr" / f"{SLUG}.md").read_text(encoding="utf-8").splitlines()
    assert md[KURILS_LINE - 1].startswith(kurils[0]["french"][:40])
    po = (project / "source" / "en" / f"{SLUG}.po").read_text(encoding="utf-8").splitlines()
    assert po[kurils[0]["po_line"] - 1].startswith("msgstr")
    assert len(listed(project, capsys, "--lang", "ja")) == 16


def test_status_counts_open_queries(project: Path, capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert main(["status", "-C", str(project), "--json"]) == 0
    rows = {r["lang"]: r["queries"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {"en": 15, "ja": 16}


def test_a_query_closes_when_the_french_changes(project: Path, capsys: pytest.CaptureFixture) -> None:
    md = project / "source" / "fr" / f"{SLUG}.md"
    text = md.read_text(encoding="utf-8")
    assert text.count("(Kouriles)") == 1
    md.write_text(text.replace("(Kouriles)", "(Kouriles du Sud dans la terminologie russe)"), encoding="utf-8")
    assert main(["update", "-C", str(project), "-q"]) == 0
    assert len(listed(project, capsys, "--lang", "en")) == 14
    closed = [q for q in listed(project, capsys, "--lang", "en", "--all") if not q["open"]]
    assert [q["text"][:4] for q in closed] == ["AQ1 "]


def test_a_query_closes_when_its_comment_is_removed(project: Path, capsys: pytest.CaptureFixture) -> None:
    po = project / "source" / "en" / f"{SLUG}.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("# AQ: AQ1 "))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("# ") or
               lines[i].startswith("# AQ:"))
    po.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    assert len(listed(project, capsys, "--lang", "en")) == 14


def test_the_review_page_shows_each_query_beside_its_segment(project: Path) -> None:
    assert main(["review", "-C", str(project), "-q", "--lang", "en"]) == 0
    page = lhtml.parse(str(project / "build" / "review" / "en" / f"{SLUG}.html")).getroot()
    shown = page.xpath("//td[@class='fr']/p[@class='query']")
    assert len(shown) == 15
    row = shown[0].xpath("ancestor::tr")[0]
    assert "Query to the author:" in shown[0].text_content() and row.get("id") == "seg-1"
    kurils = next(q for q in shown if "AQ1 " in q.text_content())
    assert "territoires du nord (Kouriles)" in kurils.xpath("string(../p[1])")
