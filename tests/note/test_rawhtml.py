"""Raw HTML and TeX in a note (issue 20): the safe subset becomes ordinary nodes (nh3, then
pandoc's HTML reader), comments are dropped, unsafe HTML and every TeX command are refused
at their own line with a hint, and a translation may keep the msgid's own markup."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import MINIMAL_META

from frspub.errors import SourceError
from frspub.note import ast
from frspub.note.source import read_note
from frspub.translation import checks, segments

META = MINIMAL_META


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "n.md"
    path.write_text(META + body, encoding="utf-8")
    return path


def kinds(note: object) -> set[str]:
    return {n["t"] for n in ast.nodes([note.blocks, *note.notes.values()])}  # type: ignore[attr-defined]


SAFE = """
<!-- note interne : vérifier -->

Un bookmark <span id="anchor-7" class="anchor"></span>ici, H<sub>2</sub>O, 1<sup>er</sup>,
<abbr title="Organisation du traité de l'Atlantique Nord">OTAN</abbr><br>et un
[renvoi](#anchor-7) et <a href="https://example.org/">un <em>lien</em></a>.

<table><caption>Brut</caption><tr><th>Pays</th><th>Valeur</th></tr>
<tr><td>France</td><td>3<br>4</td></tr></table>

<div class="encadre">
Dans un *encadré*.
</div>
"""


def test_the_safe_subset_becomes_nodes_and_comments_vanish(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, SAFE))
    assert not kinds(note) & {"RawInline", "RawBlock"}
    assert {"Subscript", "Superscript", "LineBreak", "Table", "Div"} <= kinds(note)
    text = json.dumps(note.blocks, ensure_ascii=False)
    assert "note interne" not in text and "<" not in ast.stringify(note.blocks)
    spans = [n for n in ast.nodes(note.blocks) if n["t"] == "Span"]
    assert any(s["c"][0][0] == "anchor-7" for s in spans)  # a link target
    assert any(s["c"][0][1] == ["abbr"] and dict(s["c"][0][2])["title"].startswith("Organisation") for s in spans)
    links = [n["c"][2][0] for n in ast.nodes(note.blocks) if n["t"] == "Link"]
    assert links == ["#anchor-7", "https://example.org/"]
    # Translators get Markdown, never the comment nor a tag.
    texts = segments.to_markdown([s.inlines for s in segments.iter_segments(note)])
    assert not any("note interne" in t or "<" in t for t in texts), texts


@pytest.mark.parametrize("html, words", [
    ("<script>alert(1)</script>", "<script>"),
    ("<style>p { color: red }</style>", "<style>"),
    ('<b onclick="steal()">gras</b>', "event handler onclick"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ('<form action="https://example.org"><input name="q"></form>', "<form>"),
    ('<a href="javascript:alert(1)">lien</a>', "link scheme 'javascript'"),
    ('<span style="color: red">rouge</span>', "attribute 'style'"),
    ('<img src="carte.png" alt="x">', "write the image in Markdown"),
])
def test_unsafe_html_is_refused_at_its_own_line(tmp_path: Path, html: str, words: str) -> None:
    path = write(tmp_path, f"\nUn paragraphe.\n\nAutre paragraphe {html} fin.\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    problems = err.value.problems
    assert problems and all(p.line == 14 for p in problems), problems
    assert any(words in p.message for p in problems), problems


def test_each_refusal_names_its_own_line_when_a_tag_repeats(tmp_path: Path) -> None:
    path = write(tmp_path, "\n<b onclick=\"a()\">x</b>\n\ntexte\n\n<b onclick=\"a()\">y</b>\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    assert [p.line for p in err.value.problems] == [12, 16]


@pytest.mark.parametrize("tex, hint", [
    (r"Voir \cite[22-23]{smith.1899}.", "[@key]"),
    (r"Un mot \emph{important}.", "*…*"),
    ("\\begin{tabular}{ll}\na & b \\\\\n\\end{tabular}", "a pipe table"),
    (r"Voir la figure \autoref{fig:x}.", "@fig:id"),
])
def test_raw_tex_is_refused_at_its_line_with_a_hint(tmp_path: Path, tex: str, hint: str) -> None:
    path = write(tmp_path, f"\nUn paragraphe.\n\n{tex}\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    [problem] = err.value.problems
    assert problem.line == 14 and "raw TeX" in problem.message and hint in problem.message


def test_a_translation_may_keep_the_msgids_own_markup_and_add_none() -> None:
    seg = segments.Segment("paragraph", ast.Para([ast.Str("x")]), "c", 1)
    msgid = "La balise `<hr />` et le texte \\<span\\>."
    kept = "The `<hr />` tag and the text \\<span\\>."
    blocks = segments.from_markdown([kept])[0]
    assert checks.segment_problems(seg, msgid, kept, blocks)[0] == []
    added = "The `<hr />` tag and <b>bold</b> \\<span\\>."
    errors = checks.segment_problems(seg, msgid, added, segments.from_markdown([added])[0])[0]
    assert any("raw HTML is not allowed in a translation: '<b>'" in e for e in errors)
