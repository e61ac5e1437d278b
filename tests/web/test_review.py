"""`frspub review --lang L`: the side-by-side page of a translation, its states and counts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import SLUG, make_fuzzy_and_missing

from frspub.cli import main
from frspub.note import source
from frspub.web import review


def reviewed(root: Path, lang: str = "en") -> lhtml.HtmlElement:
    assert main(["review", "-C", str(root), "--lang", lang, "-q"]) == 0
    return lhtml.fromstring((root / "build" / "review" / lang / f"{SLUG}.html").read_bytes())


def counts(doc: lhtml.HtmlElement) -> dict[str, int]:
    out = {}
    for li in doc.xpath("//section[@class='summary']//li"):
        state = li.get("class").split()[-1].removeprefix("state-")
        out[state] = int(li.xpath("./span[@class='n']")[0].text)
    return out


@pytest.fixture()
def problem_root(scratch_project: Path) -> Path:
    make_fuzzy_and_missing(scratch_project)
    return scratch_project


def test_fuzzy_and_missing_rows(problem_root: Path) -> None:
    doc = reviewed(problem_root)
    rows = doc.xpath("//table[@id='segments']/tbody/tr")
    todo = [r for r in rows if "todo" in r.get("class").split()]
    assert [r.get("data-state") for r in todo] == ["fuzzy", "missing"]
    assert counts(doc) == {"translated": len(rows) - 2, "fuzzy": 1, "missing": 1, "error": 0, "total": len(rows)}
    fuzzy, missing = todo
    # the French change since the translation, as a word diff
    assert [d.text_content() for d in fuzzy.xpath(".//del")] == ["déjà"]
    assert [i.text_content() for i in fuzzy.xpath(".//ins")] == ["désormais"]
    assert "3,000 North Korean soldiers" in fuzzy.xpath(".//td[@class='tr']")[0].text_content()
    assert "A Strategic Partnership" not in missing.text_content()
    assert "Un partenariat stratégique en action" in missing.text_content()
    # the PO line to edit is the line of the entry's msgstr, right after its msgid
    po_lines = (problem_root / "source" / "en" / f"{SLUG}.po").read_text(encoding="utf-8").splitlines()
    for row, msgid in ((fuzzy, 'msgid "Le 23 octobre 2024'), (missing, 'msgid "Un partenariat stratégique en action…"')):
        where = row.xpath(".//p[@class='po']/code")[0].text
        path, line = where.rsplit(":", 1)
        assert path == f"source/en/{SLUG}.po"
        assert po_lines[int(line) - 1].startswith("msgstr ")
        above = po_lines[: int(line) - 1]
        assert next(x for x in reversed(above) if x.startswith("msgid")).startswith(msgid)


def test_rows_in_document_order_with_footnote_labels(problem_root: Path) -> None:
    doc = reviewed(problem_root)
    note = source.read_note(problem_root / "source" / "fr" / f"{SLUG}.md")
    rows = doc.xpath("//table[@id='segments']/tbody/tr")
    assert [int(r.xpath(".//span[@class='num']")[0].text) for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].xpath(".//td[@class='fr']")[0].text_content().strip().startswith("Changes to the French since the translation")  # the reviewer's language
    labels = [r.xpath(".//span[@class='note-label']")[0].text for r in rows if r.xpath(".//span[@class='note-label']")]
    assert list(dict.fromkeys(labels)) == list(note.notes), "every footnote, in call order, with its fixed label"
    assert "*" in labels
    # each footnote row comes after the row that calls it
    for label in note.notes:
        call = next(i for i, r in enumerate(rows) if f"[^{label}]" in r.xpath(".//td[@class='fr']")[0].text_content())
        first = next(i for i, r in enumerate(rows) if label in [s.text for s in r.xpath(".//span[@class='note-label']")])
        assert call < first
        chip = rows[call].xpath(f".//span[@class='call'][.='[^{label}]']")
        assert chip, "placeholders are shown as labelled chips"


def test_error_rows_show_the_check_message(problem_root: Path) -> None:
    po = problem_root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert "territory[^1]." in text
    po.write_text(text.replace("territory[^1].", "territory.", 1), encoding="utf-8")
    doc = reviewed(problem_root)
    assert counts(doc)["error"] == 1
    row = doc.xpath("//tr[@data-state='error']")[0]
    assert "todo" in row.get("class")
    assert "footnote placeholder [^1] of the msgid is missing from the msgstr" in row.text_content()
    shown = doc.xpath("//output[@id='shown-count']")[0].text
    assert shown == str(counts(doc)["total"])


def test_clean_catalog_has_nothing_to_do(scratch_project: Path) -> None:
    doc = reviewed(scratch_project, "ja")
    c = counts(doc)
    assert c["fuzzy"] == c["missing"] == c["error"] == 0 and c["translated"] == c["total"] > 40
    assert doc.get("lang") == "ja"  # the interface speaks the reviewer's language…
    assert "翻訳" in doc.xpath("string(//h1)") and "Relecture" not in doc.xpath("string(//h1)")
    assert doc.xpath("//td[@class='fr'][@lang='fr']")  # …and the French column says it is French
    assert doc.xpath("//td[@class='tr'][@lang='ja']")
    assert not doc.xpath("//tr[contains(@class, 'todo')]")


def test_french_is_not_a_translation(scratch_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "-C", str(scratch_project), "--lang", "fr"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and re.match(r"^\S+:0: error: fr is the source language", err[0]), err


def test_word_diff_and_placeholders() -> None:
    diff = review.word_diff("Le chat[^1] dort.", "Le chien[^1] dort bien.")
    assert str(diff) == ('Le <del>chat</del><ins>chien</ins><span class="call" title="note 1">[^1]</span>'
                         ' dort<ins> bien</ins>.')
    assert str(review.marked("a < b [^*]")) == 'a &lt; b <span class="call" title="note *">[^*]</span>'


def test_previous_msgid() -> None:
    from babel.messages.catalog import Message

    assert review.previous_msgid(Message("a", "b", flags=["fuzzy"], previous_id=["old"])) == "old"
    assert review.previous_msgid(Message("a", "b")) is None
    assert review.previous_msgid(None) is None


def test_without_catalog_every_row_is_missing(scratch_project: Path) -> None:
    (scratch_project / "source" / "en" / f"{SLUG}.po").unlink()
    doc = reviewed(scratch_project)
    c = counts(doc)
    assert c["missing"] == c["total"] > 40
    assert "frspub update" in doc.xpath("//p[@class='files']")[0].text_content()
    assert all("frspub update" in p.text_content() for p in doc.xpath("//p[@class='po']"))
