"""Any language is one folder (issue 25): the sample note built in ko, zh-Hans, zh-Hant, ru, de and an
unknown language (eo) by one session build (`languages_built`), checked on the real outputs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lhtml
from pdftext import pages_text
from projects import NEW_LANGUAGES, PSEUDO, UNKNOWN_LANGUAGE
from validators import epubcheck_errors, vnu_errors

from frspub import conventions
from frspub.errors import RenderError
from frspub.project import Project
from frspub.translation import checks, typography

SLUG = "note-exemple"
ALL = ("fr", *NEW_LANGUAGES, UNKNOWN_LANGUAGE)
# The cover's date (2024-03-15) as CLDR writes it in each language (Babel).
DATES = {"ko": "2024년 3월 15일", "zh-Hans": "2024年3月15日", "zh-Hant": "2024年3月15日", "ru": "15 марта 2024 г.",
         "de": "15. März 2024", "eo": "15 Marto 2024"}
# The region of each CJK language's faces.
REGION = {"ko": "KR", "zh-Hans": "SC", "zh-Hant": "TC"}


def out(root: Path, lang: str, fmt: str) -> Path:
    return root / "build" / lang / f"{SLUG}.{fmt}"


def glyphs(pdf: Path) -> list[tuple[str, str, int]]:
    """(font, character, glyph id) of every glyph the pages draw (PyMuPDF's text trace)."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return [(span["font"], chr(ch[0]), ch[1]) for page in doc for span in page.get_texttrace()
                for ch in span["chars"]]


@pytest.mark.parametrize("lang", ALL)
def test_no_missing_glyph_in_any_pdf_spaces_included(languages_built, lang: str) -> None:
    root, _ = languages_built
    drawn = glyphs(out(root, lang, "pdf"))
    assert len(drawn) > 500
    assert [(font, ch) for font, ch, gid in drawn if gid == 0] == []


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_cjk_faces_are_the_languages_region(languages_built, lang: str) -> None:
    root, _ = languages_built
    fonts = {font for font, _, _ in glyphs(out(root, lang, "pdf"))}
    cjk = {f for f in fonts if "CJK" in f}
    if lang in REGION:
        assert cjk and all(f.startswith("FRS-S") and f"CJK-{REGION[lang]}" in f for f in cjk), cjk
    else:
        assert cjk == set()  # Cyrillic and Latin in Noto Serif and Sans
    assert all(f.startswith("FRS-") for f in fonts), fonts  # never a system font


# The first paragraph as each edition prints it: the pseudo-translation's straight quotes as the
# language's marks, its spacing (no French no-break space before ":" in ru, de, ko; the full-width
# colon with no space after it in Chinese), then the French text.
FIRST = {"ko": "한국어 “번역” 문장: Cette note", "zh-Hans": "简体中文 “译文”：Cette note",
         "zh-Hant": "繁體中文 「譯文」：Cette note", "ru": "Перевод «текста»: Cette note",
         "de": "Übersetzung „Text“: Cette note", "eo": "Esperanto “traduko”: Cette note"}


@pytest.mark.parametrize("lang", (*NEW_LANGUAGES, UNKNOWN_LANGUAGE))
def test_quotes_spacing_and_dates_as_the_table_says(languages_built, lang: str) -> None:
    root, _ = languages_built
    conv = conventions.of(lang)
    assert FIRST[lang].split(" ")[1 if lang != "eo" else 1].startswith(conv.quotes[0])
    text = "\n".join(pages_text(out(root, lang, "pdf"), layout=False))
    page = lhtml.parse(str(out(root, lang, "html"))).getroot()
    html_text = re.sub("[\u00a0\u202f]", " ", page.find("body").text_content())  # CLDR's "2024 г." is no-break
    first = page.xpath("//main//p[contains(., 'Cette note')]")[0].text_content()
    assert first.startswith(FIRST[lang]), first
    assert FIRST[lang].replace(" Cette note", "") in re.sub(r"\s+", " ", text).replace(" Cette", "Cette")
    assert DATES[lang] in text and DATES[lang] in html_text
    assert page.get("lang") == conv.html_lang


def test_korean_words_are_never_broken_and_japanese_passes_stay_japanese(languages_built) -> None:
    root, _ = languages_built
    for lang in NEW_LANGUAGES:
        assert not conventions.of(lang).aki  # render.aki and render.justify are JLReq's
    words = [w for line in pages_text(out(root, "ko", "pdf"), layout=False) for w in line.split()]
    # every Hangul run the pseudo-translation wrote prints whole on its line
    assert words.count("문장:") >= 10 and "번" not in words and "장:" not in words


def test_same_note_labels_in_every_language(languages_built) -> None:
    root, _ = languages_built

    def labels(lang: str) -> list[str]:
        page = lhtml.parse(str(out(root, lang, "html"))).getroot()
        return [a.text_content() for a in page.xpath("//a[contains(@class, 'fnref')]")]

    french = labels("fr")
    assert french and all(labels(lang) == french for lang in ALL)


def test_epubcheck_and_nu_find_nothing(languages_built) -> None:
    root, _ = languages_built
    found = epubcheck_errors([out(root, lang, "epub") for lang in ALL])
    assert {path.parent.name: errors for path, errors in found.items() if errors} == {}
    assert vnu_errors([out(root, lang, "html") for lang in ALL]) == []


def test_unknown_language_builds_with_neutral_defaults_and_one_warning(languages_built) -> None:
    root, diagnostics = languages_built
    warned = [d for d in diagnostics if d["code"] == "FRS406"]
    po = root / "source" / UNKNOWN_LANGUAGE / f"{SLUG}.po"
    header = next(i for i, line in enumerate(po.read_text().splitlines(), 1) if line.startswith('"Language:'))
    # (the build may have run in the other pytest worker's folder: projects.shared_build)
    assert [(Path(d["file"]).parts[-3:], d["line"], d["severity"]) for d in warned] == [(po.parts[-3:], header, "warning")]
    assert "quotation marks" in warned[0]["message"] and "note-call placement" in warned[0]["message"]


def test_new_catalogs_carry_cldr_plural_forms(languages_built) -> None:
    root, _ = languages_built
    header = {lang: (root / "source" / lang / f"{SLUG}.po").read_text() for lang in NEW_LANGUAGES}
    assert "Plural-Forms: nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0" in header["ru"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["de"]
    for lang in ("ko", "zh-Hans", "zh-Hant"):
        assert "Plural-Forms: nplurals=1; plural=0;" in header[lang]
    assert re.search(r'"Language: zh_Hans\\n"', header["zh-Hans"])  # gettext's spelling of zh-Hans


def test_review_page_speaks_the_language(languages_built) -> None:
    from frspub.cli import main

    root, _ = languages_built
    assert main(["review", "-C", str(root), "-q", "--lang", "zh-Hant"]) == 0
    page = lhtml.parse(str(root / "build" / "review" / "zh-Hant" / f"{SLUG}.html")).getroot()
    assert page.get("lang") == "zh-Hant"
    assert PSEUDO["zh-Hant"].strip().split()[0] in page.xpath("string(//thead)")


def test_number_checks_know_each_languages_forms() -> None:
    french = "investir 1 500 millions d’euros et 3 000 soldats"
    for translation in ("инвестировать 1 500 млн евро и 3\u202f000 солдат", "1.500 Millionen Euro und 3.000 Soldaten",
                        "投资15亿欧元和三千名士兵", "15억 유로, 병력 3,000명"):
        assert checks.number_warnings(french, translation) == [], translation
    assert checks.number_warnings("3 000 soldats", "300 солдат") == [
        "number 3000 of the French is missing from the translation"]


def test_chinese_punctuation_is_full_width() -> None:
    assert typography.chinese("中文,测试 文本: Une note") == "中文，测试文本：Une note"


# --- the glyph gate on the laid-out pages (render/glyphgate), on the same build -------------------

def edition(root: Path, lang: str):
    from frspub.build.worker import edition as make
    from frspub.note import source

    project = Project(root)
    return project, make(project, source.read_note(project.source / "fr" / f"{SLUG}.md"), lang)


def test_a_space_the_cjk_face_lacks_is_refused_at_its_catalog_line(languages_built, monkeypatch, tmp_path) -> None:
    """The fault of issue 25 put back (spaces left out of the CJK subsets): the PDF is refused,
    naming the msgstr line of the words around the box, and nothing is written."""
    from frspub.render import fonts, fragments, pdf, printpage

    root, _ = languages_built
    project, ed = edition(root, "zh-Hans")
    page = printpage.printed(ed, fragments.build(ed), project.templates)
    real = fonts.cjk_chars
    monkeypatch.setattr(fonts, "cjk_chars", lambda chars, lang: {c for c in real(chars, lang) if not c.isspace()})
    with pytest.raises(RenderError) as caught:
        pdf.write(ed, page, project.templates, tmp_path / "out.pdf")
    problems = caught.value.problems
    assert problems and not (tmp_path / "out.pdf").exists()
    po_lines = (root / "source" / "zh-Hans" / f"{SLUG}.po").read_text(encoding="utf-8").splitlines()
    for p in problems:
        assert p.path.endswith(f"source/zh-Hans/{SLUG}.po") and p.line > 0, p
        assert po_lines[p.line - 1].startswith("msgstr") and "SPACE prints as a missing glyph" in p.message, p


def test_text_cldr_writes_is_located_at_its_yaml_line(languages_built) -> None:
    from frspub.render import glyphgate

    root, _ = languages_built
    project, ed = edition(root, "ko")
    path, line = glyphgate.locate("년", ed, project.templates)  # only in the date Babel writes: 2024년 3월 15일
    assert Path(path) == ed.french.path and line == ed.note.meta_lines["date"] > 0


def test_a_straight_quote_in_a_template_label_is_refused() -> None:
    from babel.messages.catalog import Message

    from frspub.translation import labels

    assert labels.message_problems(Message("Langues", 'Языки "сайта"')) != []
    assert labels.message_problems(Message("Langues", "Языки «сайта»")) == []


def test_a_folder_zh_is_simplified_chinese_and_its_catalog_header_names_it() -> None:
    from frspub.translation.catalog import same_language

    assert conventions.of("zh").cjk == "SC" and conventions.of("zh").babel == "zh_Hans"
    assert same_language("zh_Hans", "zh") and same_language("zh_Hans", "zh-Hans")
    assert not same_language("zh_Hant", "zh") and not same_language("ja", "zh") and not same_language("xx", "yy")
