"""Citation calls (a note-class style's citations, numbered with the footnotes) as translators
see them: ``[@key]`` in the msgid, and the French label back on each citation of the msgstr,
whichever order the translator chose (real pandoc runs)."""
from __future__ import annotations

from frspub.note import ast, pandoc
from frspub.note.citations import cite_call
from frspub.translation import citecalls, segments


def french(text: str, first_label: int) -> list[ast.Node]:
    """`text` read by pandoc, its citations made calls numbered from `first_label`."""
    inlines = pandoc.read_markdown(text)["blocks"][0]["c"]
    out, label = [], first_label
    for node in inlines:
        if node["t"] == "Cite":
            node, label = cite_call(node, str(label)), label + 1
        out.append(node)
    return out


def calls(inlines: list[ast.Node]) -> list[tuple[str, list[str]]]:
    return [(ast.note_label(n), [c["citationId"] for c in n["c"][1][0]["c"][0]])
            for n in inlines if ast.note_label(n) is not None]


def test_translators_see_the_citation_not_a_note_call() -> None:
    assert segments.to_markdown([french("Voir [@martin2020, p. 78] et [voir @kato2018].", 4)]) == [
        "Voir [@martin2020, p.\u00a078] et [voir @kato2018]."]  # pandoc glues "p." to its number


def test_swapped_citations_keep_their_own_labels() -> None:
    source = french("D'abord [@a], ensuite [@b; @c].", 4)
    translated = segments.from_markdown(["First [@b; @c], then [see @a, p. 2]."])[0][0]["c"]
    out = citecalls.rewrap(source, translated)
    assert calls(out) == [("5", ["b", "c"]), ("4", ["a"])]
    first = out.index(next(n for n in out if ast.note_label(n) == "5"))
    assert out[first - 1] == ast.Str("First")  # the call follows its word: no space before it
