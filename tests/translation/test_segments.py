"""Cutting a note into translation units, and Markdown both ways."""
from __future__ import annotations

from collections import Counter

from projects import DATA, ROOT, SLUG

from frspub.note.source import read_note
from frspub.translation import segments


def test_every_kind_of_block_is_a_segment() -> None:
    note = read_note(DATA / "sample" / "source" / "fr" / "note-exemple.md")
    segs = [s for s in segments.iter_segments(note) if segments.translatable(s)]
    kinds = Counter(s.kind for s in segs)
    assert kinds["list-item"] == 5 and kinds["quote"] == 2 and kinds["table caption"] == 1
    assert kinds["table-cell"] == 5  # "3 000", "2024"… have no letter: copied, not translated
    assert kinds["heading"] == 3
    assert [s.note for s in segs if s.kind == "footnote"] == ["1", "1", "†", "2", "3", "4", "5"]
    assert {s.context for s in segs if s.kind == "meta"} == {
        "title", "author", "bio", "publisher.name", "publisher.decree", "copyright", "legal"}


def test_placeholders_stand_for_calls() -> None:
    note = read_note(DATA / "sample" / "source" / "fr" / "note-exemple.md")
    segs = list(segments.iter_segments(note))
    first = segments.to_markdown([segs[0].inlines])[0]
    assert "publication[^1]" in first and "symbole[^†]" in first
    assert "[le site de la FRS](https://www.frstrategie.org)" in first


def test_markdown_round_trip_is_exact() -> None:
    note = read_note(ROOT / "source" / "fr" / f"{SLUG}.md")
    segs = list(segments.iter_segments(note))
    texts = segments.to_markdown([s.inlines for s in segs])
    back = segments.from_markdown(texts)
    assert len(back) == len(segs)
    for seg, blocks in zip(segs, back):
        assert len(blocks) == 1 and blocks[0]["c"] == seg.inlines


def test_source_lines_point_at_the_text() -> None:
    note = read_note(ROOT / "source" / "fr" / f"{SLUG}.md")
    lines = note.text.splitlines()
    for seg in segments.iter_segments(note):
        first_word = segments.ast.stringify(seg.inlines).split()[0].strip("«….*").replace("’", "'")
        assert first_word in lines[seg.line - 1], (seg.line, first_word)


def test_lines_parsed_apart_are_the_lines_parsed_together() -> None:
    """`from_markdown` parses only the lines it has not seen (the preview's save of one
    msgstr): the blocks are those of the whole batch in one pandoc run, for the real
    catalogs and for lines that the reader would tie to their neighbours (those are parsed
    in their batch, as before)."""
    from frspub.translation import catalog

    lines = [msg.string for lang in ("en", "ja") for msg in catalog.load(ROOT / "source" / lang / f"{SLUG}.po")
             if msg.id and msg.string]
    lines += ["- an item[^1]", "1. first", "> quoted *text*", "    indented", "'Quoted' -- dashes...",
              "[a link](https://example.org) and <https://example.org>", "--- ", "| a line"]
    assert all(segments.alone(segments.placeholders_to_spans(line)) for line in lines)
    tied = ["# Heading", "[Heading] and [ref][r]", "[r]: https://example.org", ": a definition",
            "see @key", "^[inline]", "```", "text"]
    assert [segments.alone(line) for line in tied] == [False, True, False, False, False, False, False, True]
    for batch in (lines, lines + tied):
        segments._parsed.clear()
        for part in (batch[::2], batch, batch):  # half the lines, then all, then all from memory
            assert segments.from_markdown(part) == segments._batch([segments.placeholders_to_spans(x) for x in part])
