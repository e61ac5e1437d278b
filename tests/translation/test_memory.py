"""The translation memory: a new note that repeats an old one's text arrives pre-filled, as fuzzy."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ROOT, SLUG, copy_project

from frspub.cli import main
from frspub.translation import catalog
from frspub.translation.memory import Memory, relabel

OLD_PARA = ("Pour Moscou, le soutien nord-coréen est précieux dans la poursuite de la guerre en Ukraine, "
            "mais il ne constitue pas un élément décisif.")


@pytest.fixture(scope="module")
def new_note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project plus a note repeating its YAML (legal notice, bio) and two of its paragraphs,
    one of them with a changed figure, and one new paragraph; then `frspub update`."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("memory"))
    old = (root / "source" / "fr" / f"{SLUG}.md").read_text(encoding="utf-8")
    head, body = old.split("\n---\n", 1)
    paras = [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "[^", "-", ">"))]
    exact, changed = paras[3], paras[4]
    assert "2024" in changed or any(c.isdigit() for c in changed)
    digit = next(c for c in changed if c.isdigit())
    changed2 = changed.replace(digit, str((int(digit) + 1) % 10), 1)
    text = head.replace("title: \"L'axe stratégique Russie-Corée du Nord : une évaluation\"",
                        "title: \"Une note nouvelle\"") + "\n---\n\n" + "\n\n".join(
        [exact, changed2, "Un paragraphe entièrement nouveau, que personne n'a encore traduit."]) + "\n"
    import re

    labels = set(re.findall(r"\[\^([^\]]+)\](?!:)", exact + changed2))
    text += "".join(f"\n{d}\n" for d in body.split("\n\n") if re.match(r"\[\^([^\]]+)\]:", d.strip())
                    and re.match(r"\[\^([^\]]+)\]:", d.strip()).group(1) in labels)
    (root / "source" / "fr" / "nouvelle.md").write_text(text, encoding="utf-8")
    assert main(["update", "-C", str(root), "-q"]) == 0
    return root


def entries(root: Path, lang: str) -> dict[tuple[str, str | None], object]:
    cat = catalog.load(root / "source" / lang / "nouvelle.po", lang)
    return {(m.id, m.context): m for m in catalog.messages(cat)}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_repeated_text_is_prefilled_as_fuzzy_with_its_origin(new_note: Path, lang: str) -> None:
    old = {(m.id, m.context): m for m in catalog.messages(catalog.load(ROOT / "source" / lang / f"{SLUG}.po", lang))}
    new = entries(new_note, lang)
    legal = next(m for (i, c), m in new.items() if c == "legal")
    assert legal.fuzzy and legal.string == next(m for (i, c), m in old.items() if c == "legal").string
    assert f"frspub memory: {SLUG} (100 % similar)" in legal.user_comments
    bio = next(m for (i, c), m in new.items() if c == "bio")
    assert bio.fuzzy and bio.string
    prefilled = [m for (i, c), m in new.items() if c is None and m.fuzzy and "paragraph" in m.auto_comments]
    scores = sorted(int(m.user_comments[-1].split("(")[1].split(" ")[0]) for m in prefilled)
    assert len(prefilled) == 2 and scores[-1] == 100 and 90 <= scores[0] < 100
    fresh = next(m for (i, c), m in new.items() if i.startswith("Un paragraphe entièrement nouveau"))
    assert not fresh.string and not fresh.fuzzy


def test_prefilled_entries_are_not_published_as_translated(new_note: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "-C", str(new_note), "--lang", "en", "--strict", "-q"]) == 1
    assert "fuzzy: meta shown in French" in capsys.readouterr().err


def test_review_page_names_where_a_suggestion_came_from(new_note: Path) -> None:
    assert main(["review", "-C", str(new_note), "--lang", "en", "-q"]) == 0
    page = (new_note / "build" / "review" / "en" / "nouvelle.html").read_text(encoding="utf-8")
    assert f"Translation memory suggestion, from {SLUG} (100 % similar)" in page


def test_footnote_labels_follow_the_new_segment() -> None:
    assert relabel("See [^4] and [^5].", "Voir [^4] et [^5].", "Voir [^1] et [^2].") == "See [^1] and [^2]."
    assert relabel("See [^4].", "Voir [^4].", "Voir [^1] et [^2].") is None


def test_unrelated_sentences_do_not_match() -> None:
    memory = Memory()
    memory.add("La Russie livre des missiles à la Corée du Nord.", "Russia delivers missiles.", None, "a")
    assert memory.lookup("La Chine achète du pétrole à l'Iran depuis 2019.", None, exclude="b") is None
    assert memory.lookup("La Russie livre des missiles à la Corée du Nord.", "legal", exclude="b") is None
    assert memory.lookup("La Russie livre des missiles à la Corée du Nord.", None, exclude="a") is None
