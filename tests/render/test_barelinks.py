"""render/barelinks: a bare address of running text becomes a link to itself; its punctuation,
code, existing links and citations are left as they are."""
from __future__ import annotations

from frspub.note import ast, pandoc
from frspub.render import barelinks


def read(markdown: str) -> list:
    return pandoc.read_markdown(markdown)["blocks"]


def links(blocks: list) -> list[tuple[str, str]]:
    return [(ast.stringify(n["c"][1]), n["c"][2][0]) for n in ast.nodes(blocks) if n["t"] == "Link"]


def test_a_bare_address_becomes_a_link_and_its_punctuation_stays_outside() -> None:
    blocks = read("Voir https://example.org/a/b.json. Et (https://fr.wikipedia.org/wiki/Axe_(politique)), "
                  "puis «https://example.org/x».\n")
    done = barelinks.linked(blocks)
    assert links(done) == [("https://example.org/a/b.json", "https://example.org/a/b.json"),
                           ("https://fr.wikipedia.org/wiki/Axe_(politique)",
                            "https://fr.wikipedia.org/wiki/Axe_(politique)"),
                           ("https://example.org/x", "https://example.org/x")]
    assert ast.stringify(done) == ast.stringify(blocks)  # not a character added or lost
    assert links(blocks) == []  # the edition's own blocks are not changed


def test_code_links_and_plain_words_are_left_alone() -> None:
    blocks = read("`curl https://example.org/api` and [the site](https://example.org/) and "
                  "<https://example.org/auto> and http:// alone, httpsfoo://x.\n")
    assert barelinks.linked(blocks) is blocks  # nothing bare: no copy
    assert links(blocks) == [("the site", "https://example.org/"),
                             ("https://example.org/auto", "https://example.org/auto")]
