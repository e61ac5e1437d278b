"""Each language's printing conventions, in one table, each with its source.

Takes a language tag (the name of a folder of ``source/``: ``ko``, ``zh-Hans``…);
returns its `Conventions`: script and CJK region (which regional Noto CJK faces
print it), line breaking, quotation marks and spacing, hyphenation patterns,
note-call placement, the Babel locale of its dates, numbers and plural forms,
the ``lang``/``xml:lang`` tag and the writing direction.  The stages read this
table instead of testing ``lang == "ja"``: a new language is one entry here.

A language the table lacks gets `NEUTRAL` (Latin faces, “ ” quotes, no
hyphenation unless Pyphen has the language's own patterns, no spacing rules,
note calls where the translator put them) and `lacking` names what it lacks,
so that the build warns once instead of printing it silently with another
language's rules.

Sources (cited per field below):
- CLDR through Babel: dates, numbers, plural forms, the quotation marks of
  ``delimiters`` (checked by hand against the style guides below);
- JLReq: W3C "Requirements for Japanese Text Layout" (https://www.w3.org/TR/jlreq/);
- KLREQ: W3C "Requirements for Hangul Text Layout and Typography" (https://www.w3.org/TR/klreq/);
- CLREQ: W3C "Requirements for Chinese Text Layout" (https://www.w3.org/TR/clreq/),
  itself after GB/T 15834-2011 (punctuation) and GB/T 15835-2011 (numbers);
- Duden, "Die deutsche Rechtschreibung", Satzzeichen rules (D 157 quotation
  marks, D 176 footnote marks);
- Russian: Мильчин & Чельцова, "Справочник издателя и автора" (2014), 3.10
  (« » and „ “ quotation marks without spaces), 4.4 (footnote marks before the
  punctuation); GOST 7.0.3-2006;
- French: Lexique des règles typographiques en usage à l'Imprimerie nationale;
- English: The Chicago Manual of Style, 17th ed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

NNBSP = "\u202f"

# Faces of fonts-noto-cjk's collections (NotoSerifCJK-*.ttc, NotoSansCJK-*.ttc): the index of
# each region's face (`fc-query -f '%{index} %{fullname}\n'`); each face's default glyphs
# are its region's forms (Adobe-Japan1, -Korea1, -GB1, -CNS1).
CJK_INDEX = {"JP": 0, "KR": 1, "SC": 2, "TC": 3, "HK": 4}


@dataclass(frozen=True)
class Conventions:
    tag: str  # the folder's tag, as given
    html_lang: str  # lang / xml:lang / PDF /Lang (BCP 47)
    babel: str  # Babel (CLDR) locale identifier: dates, numbers, plural forms
    script: str  # ISO 15924
    cjk: str | None = None  # region of the Noto CJK faces (CJK_INDEX), None: Latin/Greek/Cyrillic faces
    line_break: str = "western"  # western | jlreq | klreq | clreq
    quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’")  # double open, close, single open, close
    typography: str | None = None  # translation.typography rule set: fr, en, ja, zh, ko, ru, de
    hyphenation: str | None = None  # the print tag whose Pyphen patterns WeasyPrint uses (None: none)
    note_call: str | None = None  # callplace rule: before (the punctuation), after, ja; None: left alone
    direction: str = "ltr"  # ltr | rtl (filled by the right-to-left work for ar, fa, he)
    numbers: str = "latn"  # CLDR default numbering system (Babel `default_numbering_system`): latn, arabext…
    known: bool = True  # False: frspub has no entry, NEUTRAL was used
    lacking: tuple[str, ...] = field(default=())  # what NEUTRAL stands in for

    @property
    def aki(self) -> bool:
        """JLReq's Japanese–Western spacing and justification passes (render.aki, render.justify)."""
        return self.line_break == "jlreq"

    @property
    def serif_cjk(self) -> str:
        return f"Noto Serif CJK {self.cjk}" if self.cjk else ""

    @property
    def sans_cjk(self) -> str:
        return f"Noto Sans CJK {self.cjk}" if self.cjk else ""


TABLE: dict[str, Conventions] = {
    # French: « » with narrow no-break spaces inside, NNBSP before ; ! ? (Imprimerie nationale);
    # calls before the punctuation (IN); Pyphen's fr patterns.
    "fr": Conventions("fr", "fr", "fr", "Latn", quotes=("«" + NNBSP, NNBSP + "»", "“", "”"),
                      typography="fr", hyphenation="fr", note_call="before"),
    # English: “ ” ‘ ’ (Chicago 6.9), calls after the punctuation (Chicago 14.26); US patterns
    # (American spelling; Pyphen's bare `en` is British).
    "en": Conventions("en", "en", "en", "Latn", typography="en", hyphenation="en-US", note_call="after"),
    # Japanese: 「」『』 (JLReq 3.1.2), JLReq line breaking (kinsoku, 3.1.7) and 四分アキ (3.2.3);
    # calls before 。、 (JIS X 4051); not hyphenated.
    "ja": Conventions("ja", "ja", "ja", "Jpan", "JP", "jlreq", ("「", "」", "『", "』"), "ja", None, "ja"),
    # Korean: “ ” ‘ ’ (KLREQ 3.3, 한글 맞춤법 부록 문장 부호), words separated by spaces and lines
    # broken between them: word-break keep-all (KLREQ 3.1.3); KR faces; calls after the punctuation
    # as in Western text (KLREQ 3.5 leaves it to Western practice).
    "ko": Conventions("ko", "ko", "ko", "Kore", "KR", "klreq", ("“", "”", "‘", "’"), "ko", None, "after"),
    # Simplified Chinese: “ ” ‘ ’ (GB/T 15834-2011 4.1), full-width punctuation ，。：；！？（）
    # (GB/T 15834), no spaces around Chinese text, no aki (CLREQ 3.2 leaves Han–Western spacing
    # optional); calls before the punctuation, as in Japanese (CLREQ 3.6, 注号); SC faces.
    "zh-Hans": Conventions("zh-Hans", "zh-Hans", "zh_Hans", "Hans", "SC", "clreq", ("“", "”", "‘", "’"),
                           "zh", None, "zh"),
    # Traditional Chinese: 「」『』 (Taiwan MOE 重訂標點符號手冊 2008), otherwise as above; TC faces.
    "zh-Hant": Conventions("zh-Hant", "zh-Hant", "zh_Hant", "Hant", "TC", "clreq", ("「", "」", "『", "』"),
                           "zh", None, "zh"),
    # Russian: « » outside, „ “ inside, no space inside (Мильчин 3.10; CLDR ru delimiters); calls
    # before the punctuation (Мильчин 4.4); Pyphen's ru patterns.
    "ru": Conventions("ru", "ru", "ru", "Cyrl", quotes=("«", "»", "„", "“"), typography="ru",
                      hyphenation="ru", note_call="before"),
    # German: „ “ and ‚ ‘ (Duden D 157; CLDR de delimiters); a call for the sentence after its
    # full stop (Duden D 176); Pyphen's de patterns.
    "de": Conventions("de", "de", "de", "Latn", quotes=("„", "“", "‚", "‘"), typography="de",
                      hyphenation="de", note_call="after"),
    # Right-to-left (render/rtl: direction, faces, what WeasyPrint 70 cannot set; README
    # "Right-to-left"). Arabic: Naskh, the book hand of Arabic print; « » as Arabic books and
    # newspapers set them (CLDR ar gives ” “); CLDR ar numbering is latn (Babel 2.19), the
    # Arabic-Indic digits (٠١٢) being regional (ar-EG, ar-SA: arab). No Pyphen patterns.
    "ar": Conventions("ar", "ar", "ar", "Arab", quotes=("«", "»", "“", "”"), direction="rtl"),
    # Persian: Naskh as well (Noto Naskh Arabic has پ چ ژ گ ی and the Persian digits ۰–۹);
    # « » (Academy of Persian Language and Literature, دستور خط فارسی); CLDR fa numbering is
    # arabext: numbers and dates in Persian digits.
    "fa": Conventions("fa", "fa", "fa", "Arab", quotes=("«", "»", "“", "”"), direction="rtl", numbers="arabext"),
    # Hebrew: Noto Serif Hebrew / Noto Sans Hebrew; ” ” and ’ ’, not checked against a Hebrew style
    # guide (Babel 2.19 has no quotation data); latn digits. No typography rule set applies
    # quotes to ar, fa or he yet: the field records them.
    "he": Conventions("he", "he", "he", "Hebr", quotes=("”", "”", "’", "’"), direction="rtl"),
}
# Tags that name an entry of TABLE (a folder `source/zh` is Simplified Chinese, CLDR's zh default).
ALIASES = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-TW": "zh-Hant", "zh-HK": "zh-Hant",
           "zh-MO": "zh-Hant", "en-US": "en", "en-GB": "en", "de-DE": "de", "ru-RU": "ru", "ko-KR": "ko",
           "ja-JP": "ja", "fr-FR": "fr",
           "ar-SA": "ar", "ar-EG": "ar", "fa-IR": "fa", "he-IL": "he", "iw": "he"}
# What a language without an entry lacks (named in the build's warning).
NEUTRAL_LACKS = ("quotation marks", "spacing and punctuation rules", "note-call placement", "line breaking")


def of(lang: str) -> Conventions:
    """The conventions of `lang` (NEUTRAL ones, marked unknown, if the table lacks it)."""
    return _of(lang)


@functools.cache
def _of(lang: str) -> Conventions:
    entry = TABLE.get(ALIASES.get(lang, lang))
    if entry is not None:
        return entry if entry.tag == lang else replace(entry, tag=lang)
    return neutral(lang)


def neutral(lang: str) -> Conventions:
    """Neutral defaults: nothing of another language's rules, only what belongs to `lang` itself
    (its Babel locale if CLDR has it, its own Pyphen patterns if Pyphen has them)."""
    lacks = list(NEUTRAL_LACKS)
    patterns = _pyphen(lang)
    if patterns is None:
        lacks.append("hyphenation patterns")
    babel = _babel(lang)
    if babel is None:
        lacks.append("dates and numbers (CLDR)")
    return Conventions(lang, lang, babel or "en", "Zyyy", hyphenation=lang if patterns else None, known=False,
                       lacking=tuple(lacks))


def _pyphen(lang: str) -> str | None:
    import pyphen

    for name in (lang.replace("-", "_"), lang.split("-")[0]):
        if name in pyphen.LANGUAGES:
            return name
    return None


def _babel(lang: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(lang, sep="-" if "-" in lang else "_"))
    except (UnknownLocaleError, ValueError):
        return None


def babel_locale(lang: str) -> str:
    """The Babel locale identifier for `lang` (``zh-Hans`` → ``zh_Hans``)."""
    return of(lang).babel


def warning(lang: str) -> str | None:
    """The build's one warning for a language the table lacks (None for a known one)."""
    conv = of(lang)
    if conv.known:
        return None
    return (f"frspub has no conventions for language {lang!r} (frspub/conventions.py): built with neutral "
            f"defaults; it lacks {', '.join(conv.lacking)}")


# The digits of CLDR's numbering systems (common/supplemental/numberingSystems.xml) that
# a table entry may name; Babel writes dates with Latin digits whatever the locale's default.
DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def native_digits(text: str, lang: str) -> str:
    """`text` with its digits 0–9 in the language's own numbering system (Persian: ۷ ژانویه ۲۰۲۵)."""
    digits = DIGITS.get(of(lang).numbers)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text
