"""PO catalogs: template, update (fuzzy, obsolete, idempotent), status, check."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from projects import ROOT, SLUG

from frspub.cli import main
from frspub.translation import catalog


def po(project: Path, lang: str = "en") -> Path:
    return project / "source" / lang / f"{SLUG}.po"


def read(path: Path, lang: str = "en"):
    return catalog.load(path, lang)


def test_committed_catalogs_open_cleanly_with_standard_headers() -> None:
    for lang in ("en", "ja"):
        text = (ROOT / "source" / lang / f"{SLUG}.po").read_text(encoding="utf-8")
        assert f'"Language: {lang}\\n"' in text
        assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text  # gettext's spelling (msgcat)
        assert '"Plural-Forms: nplurals=' in text
        assert f"#: source/fr/{SLUG}.md:" in text
    pot = (ROOT / "source" / f"{SLUG}.pot").read_text(encoding="utf-8")
    assert "2273-4644" not in pot  # the ISSN is not a segment
    assert 'msgctxt "legal"' in pot and "[^7]" in pot


def test_gnu_gettext_accepts_the_catalogs() -> None:
    for path in [*(ROOT / "source").rglob("*.po"), *(ROOT / "templates" / "locale").rglob("*.po")]:
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_update_is_idempotent_and_matches_the_committed_files(scratch_project: Path) -> None:
    before = {p: p.read_bytes() for p in (scratch_project / "source").rglob("*.po*")}
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    after = {p: p.read_bytes() for p in (scratch_project / "source").rglob("*.po*")}
    assert after == before


def test_status_json_shows_complete_translations(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--json", "-C", str(built.parent)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["lang"], r["percent"], r["fuzzy"]) for r in rows] == [("en", 100.0, 0), ("ja", 100.0, 0)]
    for r in rows:
        assert set(r) == {"note", "lang", "translated", "fuzzy", "untranslated", "obsolete", "percent", "queries"}
        assert r["note"] == SLUG and r["untranslated"] == 0


def edit_source(project: Path, old: str, new: str) -> None:
    path = project / "source" / "fr" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_paragraph_becomes_fuzzy_with_previous_msgid(scratch_project: Path, capsys) -> None:
    edit_source(scratch_project, "sous l'égide de la Russie.", "sous l'égide de Moscou.")
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    cat = read(po(scratch_project))
    fuzzy = [m for m in cat if m.fuzzy and m.id]
    assert len(fuzzy) == 1
    assert fuzzy[0].id.endswith("sous l’égide de Moscou.")
    assert fuzzy[0].previous_id[0].endswith("sous l’égide de la Russie.")
    assert "#| msgid" in po(scratch_project).read_text(encoding="utf-8")
    # GNU gettext reads it as a fuzzy entry with its previous msgid (what Poedit and Weblate use).
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po(scratch_project))], check=True)
    before = po(scratch_project).read_bytes()
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    assert po(scratch_project).read_bytes() == before
    assert main(["status", "--json", "-C", str(scratch_project)]) == 0
    rows = {r["lang"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["en"]["fuzzy"] == 1 and rows["en"]["translated"] == 48

    # The next build shows the new French text there, and says so with the PO line.
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site"]) == 0
    err = capsys.readouterr().err
    # The line named is the msgstr's, the one the translator has to fix.
    lines = po(scratch_project).read_text(encoding="utf-8").splitlines()
    line = next(i for i in range(fuzzy[0].lineno, len(lines) + 1) if lines[i - 1].startswith("msgstr"))
    assert line > fuzzy[0].lineno
    assert f"source/en/{SLUG}.po:{line}: warning: fuzzy" in err
    html = (scratch_project / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "sous l’égide de Moscou." in html
    # --strict makes it a failure, and says how many warnings.
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--strict",
                 "--no-site"]) == 1
    assert "--strict" in capsys.readouterr().err


def test_removed_segment_becomes_obsolete_never_deleted(scratch_project: Path) -> None:
    path = scratch_project / "source" / "fr" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("Par ailleurs, la Corée du Sud pourrait saisir")
    end = text.index("favorisant ainsi des défections.") + len("favorisant ainsi des défections.")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    text = po(scratch_project).read_text(encoding="utf-8")
    assert "#~ msgid" in text and "defections." in text.split("#~ msgid", 1)[1]
    assert catalog.load(po(scratch_project)).obsolete


def test_new_language_gets_a_catalog(scratch_project: Path) -> None:
    (scratch_project / "source" / "de").mkdir()
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    text = po(scratch_project, "de").read_text(encoding="utf-8")
    assert '"Language: de\\n"' in text and 'msgstr ""' in text


def set_msgstr(project: Path, contains: str, new: str, lang: str = "en") -> int:
    """Replace the msgstr of the entry whose msgstr contains `contains`; returns its line."""
    path = po(project, lang)
    cat = read(path, lang)
    msg = next(m for m in cat if m.id and contains in m.string)
    msg.string = new(msg.string) if callable(new) else new
    catalog.save(cat, path)
    return msgstr_line(path, read(path, lang).get(msg.id, msg.context).lineno)


def msgstr_line(path: Path, msgid_line: int) -> int:
    """The line of the msgstr of the entry whose msgid is at `msgid_line` (messages name it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i in range(msgid_line, len(lines) + 1) if lines[i - 1].startswith("msgstr"))


@pytest.mark.parametrize("change, message", [
    (lambda s: s.replace("[^7]", ""), "footnote placeholder [^7] of the msgid is missing"),
    (lambda s: s.replace("[^7]", "[^7][^7]"), "footnote placeholder [^7] appears 2 times"),
    (lambda s: s.replace("[^7]", "[^7][^12]"), "footnote placeholder [^12] is not in the msgid"),
    (lambda s: s + " <script>alert(1)</script>", "raw HTML is not allowed"),
    (lambda s: s + " [x](javascript:alert(1))", "link scheme 'javascript' is not allowed"),
    (lambda s: s + " [x](https://example.org)", "link target changed"),
])
def test_check_reports_each_problem_with_file_and_line(scratch_project: Path, capsys, change, message) -> None:
    line = set_msgstr(scratch_project, "frozen in Russian banks", change)
    assert main(["check", "-C", str(scratch_project)]) == 1
    err = capsys.readouterr().err
    assert f"source/en/{SLUG}.po:{line}: error: {message}" in err


def test_translation_that_drops_a_placeholder_fails_the_build_keeping_outputs(scratch_project: Path,
                                                                               capsys) -> None:
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site", "-q"]) == 0
    out = scratch_project / "build" / "en" / f"{SLUG}.html"
    good = out.read_bytes()
    line = set_msgstr(scratch_project, "frozen in Russian banks", lambda s: s.replace("[^7]", ""))
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site"]) == 1
    err = capsys.readouterr().err
    assert f"source/en/{SLUG}.po:{line}: error: footnote placeholder [^7]" in err
    assert "Traceback" not in err
    assert out.read_bytes() == good


def test_language_header_and_syntax_errors(scratch_project: Path, capsys) -> None:
    path = po(scratch_project, "ja")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: ja\\n"', '"Language: ko\\n"'),
                    encoding="utf-8")
    en = po(scratch_project, "en")
    lines = en.read_text(encoding="utf-8").splitlines()
    bad = next(i for i, l in enumerate(lines) if l.startswith("msgstr") and i > 30)
    lines.insert(bad + 1, 'this is not PO syntax')
    en.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", "-C", str(scratch_project)]) == 1
    err = capsys.readouterr().err
    assert f"source/ja/{SLUG}.po:" in err and "Language header is 'ko'" in err
    assert f"source/en/{SLUG}.po:{bad + 2}: error: PO syntax" in err


def test_min_complete_and_number_warning(scratch_project: Path, capsys) -> None:
    line = set_msgstr(scratch_project, "frozen in Russian banks", lambda s: s.replace("$30 million", "a sum"))
    assert main(["check", "-C", str(scratch_project), "--lang", "en"]) == 0
    assert f"source/en/{SLUG}.po:{line}: warning: number 30000000 of the French is missing" in capsys.readouterr().err
    assert main(["check", "-C", str(scratch_project), "--lang", "en", "--strict"]) == 1
    set_msgstr(scratch_project, "Uncharted Levels", "")  # one untranslated entry: 47/48
    assert main(["check", "-C", str(scratch_project), "--lang", "en", "--min-complete", "99"]) == 1
    assert "under --min-complete 99" in capsys.readouterr().err
    assert main(["check", "-C", str(scratch_project), "--lang", "en", "--min-complete", "90"]) == 0


def test_a_broken_po_is_never_rewritten(scratch_project: Path, capsys) -> None:
    """Babel alone would read an unterminated msgstr as empty and write the file back without it."""
    path = po(scratch_project)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith('msgstr "') and l != 'msgstr ""')
    lines[at] = lines[at].rstrip('"')  # unterminated string
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    assert main(["update", "-C", str(scratch_project)]) == 1
    assert path.read_bytes() == before
    assert f"source/en/{SLUG}.po:{at + 1}: error: PO syntax" in capsys.readouterr().err
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site"]) == 1
