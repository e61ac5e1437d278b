"""The fonts of the print edition: stacks, glyph coverage and CJK subsetting.

Takes the text an edition will print (a set of characters); returns
- `missing(chars, lang)`: the characters no font of the stacks covers
  (`render.pdf.check_glyphs` runs this, `render.glyphgate` words the problems
  for every edition before any format is written: no tofu is ever published);
- `font_face_css(chars, lang, workdir)`: ``@font-face`` rules naming the font
  files frspub ships through Debian packages (never a font a user happens to
  have).  CJK fonts (a 20 MB collection) are first cut down, with HarfBuzz,
  to the characters of the edition and written to `workdir`: WeasyPrint
  embeds fonts keeping glyph ids, so a cut-down font is what keeps the
  Japanese PDF small.

print.css uses the families ``FRS Serif``/``FRS Sans`` (Latin, Greek,
Cyrillic) followed by ``FRS Serif CJK``/``FRS Sans CJK``.
"""
from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from frspub import conventions
from frspub.conventions import CJK_INDEX
from frspub.errors import RenderError
from frspub.log import log
from frspub.render import fontcache, weasyffi

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")


@dataclass(frozen=True)
class Face:
    family: str  # CSS family name used by print.css
    name: str  # the real font, for messages
    file: Path
    weight: str = "normal"
    style: str = "normal"
    package: str = "fonts-noto-core"
    index: int = 0  # face in a collection (.ttc)
    cjk: bool = False  # cut down to the edition's characters before embedding


def _latin(family: str, name: str, stem: str) -> list[Face]:
    styles = [("Regular", "normal", "normal"), ("Bold", "bold", "normal"),
              ("Italic", "normal", "italic"), ("BoldItalic", "bold", "italic")]
    return [Face(family, name, NOTO / f"{stem}-{suffix}.ttf", w, s) for suffix, w, s in styles]


def _cjk(family: str, name: str, stem: str, region: str = "JP") -> list[Face]:
    # CJK has no italic: an italic run keeps upright glyphs (declared as
    # the italic face so that WeasyPrint never slants CJK characters).
    # Each region is a face of the collection, whose default glyphs are that region's forms
    # (骨, 直, 画 differ between JP, KR, SC and TC): the region comes from the conventions table.
    return [Face(family, f"{name} {region}", NOTO_CJK / f"{stem}-{suffix}.ttc", w, s, "fonts-noto-cjk",
                 CJK_INDEX[region], True)
            for suffix, w in (("Regular", "normal"), ("Bold", "bold")) for s in ("normal", "italic")]


SERIF = _latin("FRS Serif", "Noto Serif", "NotoSerif")
SANS = _latin("FRS Sans", "Noto Sans", "NotoSans")
SERIF_CJK = _cjk("FRS Serif CJK", "Noto Serif CJK", "NotoSerifCJK")
SANS_CJK = _cjk("FRS Sans CJK", "Noto Sans CJK", "NotoSansCJK")
# Each stack in the order print.css gives it; every character must be in both. The CJK faces
# are the Japanese ones here; `stacks(lang)` gives each language its region's.
STACKS = {"serif": [SERIF, SERIF_CJK], "sans": [SANS, SANS_CJK]}
# Right-to-left scripts (render/rtl): for the glyph gate only (their editions have no PDF).
RTL_FACES = {"Arab": ([Face("FRS Serif Arabic", "Noto Naskh Arabic", NOTO / "NotoNaskhArabic-Regular.ttf")],
                      [Face("FRS Sans Arabic", "Noto Sans Arabic", NOTO / "NotoSansArabic-Regular.ttf")]),
             "Hebr": ([Face("FRS Serif Hebrew", "Noto Serif Hebrew", NOTO / "NotoSerifHebrew-Regular.ttf")],
                      [Face("FRS Sans Hebrew", "Noto Sans Hebrew", NOTO / "NotoSansHebrew-Regular.ttf")])}


@functools.cache
def cjk_faces(lang: str) -> tuple[list[Face], list[Face]]:
    """The serif and sans CJK faces of `lang`: its region's (conventions table); a language
    written in another script falls back on the Japanese faces for a stray ideograph."""
    region = conventions.of(lang).cjk or "JP"
    if region == "JP":
        return SERIF_CJK, SANS_CJK
    # A family of its own (print.css: html.cjk-kr…), so that the PDF's font names tell the region.
    return (_cjk(f"FRS Serif CJK {region}", "Noto Serif CJK", "NotoSerifCJK", region),
            _cjk(f"FRS Sans CJK {region}", "Noto Sans CJK", "NotoSansCJK", region))


def stacks(lang: str) -> dict[str, list[list[Face]]]:
    serif_cjk, sans_cjk = cjk_faces(lang)
    rtl = RTL_FACES.get(conventions.of(lang).script)  # a right-to-left script's faces (render/rtl)
    extra = ([rtl[0]], [rtl[1]]) if rtl else ([], [])
    return {"serif": [SERIF, serif_cjk, *extra[0]], "sans": [SANS, sans_cjk, *extra[1]]}

# In Japanese text the Latin faces set only Latin letters, digits and the
# quotes of Latin titles; Japanese punctuation (…, ―, full-width forms) comes
# from the Japanese fonts, which centre it on the em square.
# Greek and Cyrillic too (with their accents and the combining diacritics), so that a word
# such as "ἀρχή" or "Москва" is set in one face; Noto Serif has them all, the CJK faces
# only the bare letters (no tonos: ά ί ό).
LATIN_IN_CJK = ((0x0020, 0x052F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1FFF), (0x2000, 0x200A), (0x2013, 0x2013),
                (0x2018, 0x201D), (0x202F, 0x202F), (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
                (0xA720, 0xA7FF))
# Characters print.css generates (page numbers, leaders, note markers).
CSS_CHARS = set("0123456789.()")


def latin_ranges(lang: str, chars: Iterable[str] = ()) -> tuple[tuple[int, int], ...] | None:
    """What the Latin faces set in an edition (None: everything they have). In Japanese, the
    ranges above, plus each character of `chars` that no CJK face has and a Latin face has
    (the fallback: the Latin faces cover what Noto Serif covers)."""
    if not conventions.of(lang).aki:  # JLReq: Japanese punctuation in the Japanese faces
        return None
    extra = sorted({ord(c) for c in chars if _fallback(c)})
    return LATIN_IN_CJK + tuple((cp, cp) for cp in extra)


def _fallback(ch: str) -> bool:
    cp = ord(ch)
    return (not _in(LATIN_IN_CJK, cp) and not any(cp in coverage(f[0]) for f in (SERIF_CJK, SANS_CJK))
            and any(cp in coverage(f[0]) for f in (SERIF, SANS)))


def printable(chars: Iterable[str]) -> set[str]:
    """The characters that need a glyph (not spaces or invisible format characters)."""
    return {c for c in chars if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") and c not in " \u00ad"}


# --- HarfBuzz through cffi (WeasyPrint's own bindings lack these calls) -------------

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef int hb_bool_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_face_collect_unicodes (hb_face_t *face, hb_set_t *out);
hb_set_t *hb_set_create (void);
void hb_set_destroy (hb_set_t *set);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
unsigned int hb_set_get_population (const hb_set_t *set);
unsigned int hb_set_next_many (const hb_set_t *set, hb_codepoint_t codepoint, hb_codepoint_t *out, unsigned int size);
"""
_CDEF_SUBSET = """
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
void hb_set_clear (hb_set_t *set);
uint32_t hb_tag_from_string (const char *str, int len);
"""
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6
# Horizontal text only: vertical metrics and forms would only add weight to the PDF.
DROP_TABLES = ("vhea", "vmtx", "VORG", "BASE", "DSIG")
# No `locl`: each edition has its own region's face (JP, KR, SC, TC), whose default forms
# are already that region's; `locl` would only add the other regions' forms, which no line
# of the edition takes (6 KB of glyphs in the Japanese PDF; its pages render pixel for pixel
# the same without).
LAYOUT_FEATURES = ("ccmp", "liga", "kern", "mark", "mkmk", "calt", "rlig")


@functools.cache
def _hb():  # -> (ffi, harfbuzz, harfbuzz_subset or None)
    ffi = weasyffi.declared("frspub-harfbuzz", _CDEF + _CDEF_SUBSET)  # type tables, not pycparser's parse
    lib = _dlopen(ffi, ("libharfbuzz.so.0", "harfbuzz", "libharfbuzz.0.dylib"))
    if lib is None:
        raise RenderError("HarfBuzz not found: run `make` (Debian package libharfbuzz0b)")
    sub = _dlopen(ffi, ("libharfbuzz-subset.so.0", "harfbuzz-subset", "libharfbuzz-subset.0.dylib"))
    return ffi, lib, sub


def _dlopen(ffi, names: tuple[str, ...]):
    for name in names:
        try:
            return ffi.dlopen(name)
        except OSError:
            continue
    return None


def fast_subsetting() -> bool:
    """True when HarfBuzz's subsetter is there (WeasyPrint's fast path too)."""
    return _hb()[2] is not None


def warn_if_slow() -> None:
    """Say loudly, once per process, that PDFs will be slow and big without libharfbuzz-subset."""
    if not fast_subsetting():
        _warn_slow()


@functools.cache  # once per process
def _warn_slow() -> None:
    log.warning("libharfbuzz-subset0 is missing: fonts are subset with fontTools, Japanese PDFs "
                "build about 8 times slower; run `make` or `sudo apt-get install libharfbuzz-subset0`")


def _face(face: Face):
    ffi, hb, _ = _hb()
    if not face.file.exists():
        raise RenderError(f"font {face.name} ({face.file}) is not installed: run `make` "
                          f"or `sudo apt-get install {face.package}`", face.file, 0)
    blob = hb.hb_blob_create_from_file_or_fail(str(face.file).encode())
    if blob == ffi.NULL:
        raise RenderError(f"cannot read font {face.name}", face.file, 0)
    hb_face = ffi.gc(hb.hb_face_create(blob, face.index), hb.hb_face_destroy)
    hb.hb_blob_destroy(blob)  # the face holds its own reference
    return hb_face


@functools.cache
def coverage(face: Face) -> frozenset[int]:
    """Code points the face has a glyph for (its cmap), read in one call (HarfBuzz 4.2), not one
    per code point: 65,000 cffi calls for a CJK face took 0.05-0.1 s."""
    ffi, hb, _ = _hb()
    out = ffi.gc(hb.hb_set_create(), hb.hb_set_destroy)
    hb.hb_face_collect_unicodes(_face(face), out)
    size = hb.hb_set_get_population(out)
    buf = ffi.new("hb_codepoint_t[]", max(size, 1))  # HB_SET_VALUE_INVALID (below) starts from the first
    return frozenset(ffi.unpack(buf, hb.hb_set_next_many(out, 0xFFFFFFFF, buf, size)))


def _in(ranges: tuple[tuple[int, int], ...] | None, cp: int) -> bool:
    return ranges is None or any(lo <= cp <= hi for lo, hi in ranges)


def covering(stack: list[list[Face]], ch: str, lang: str) -> Face | None:
    """The face that will print `ch`: the first of the stack whose regular face has it."""
    cp = ord(ch)
    for faces in stack:
        regular = faces[0]
        ranges = None if regular.cjk else latin_ranges(lang, ch)
        if _in(ranges, cp) and cp in coverage(regular):
            return regular
    return None


def missing(chars: Iterable[str], lang: str) -> list[str]:
    """Characters no face of the serif or the sans stack covers, sorted (a variation selector,
    such as the emoji one of "⚠️", chooses a form of the character before it and prints
    nothing: a font without its sequence prints the plain character)."""
    return sorted(c for c in printable(chars) if not _selector(c)
                  and any(covering(stack, c, lang) is None for stack in stacks(lang).values()))


def _selector(ch: str) -> bool:
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


def cjk_chars(chars: Iterable[str], lang: str) -> set[str]:
    """Characters that the CJK faces will print (so must be in their subset), and the spaces of
    the text that they have: Pango sets a space between two CJK characters (Korean words,
    "中文 English") in the CJK face, whose subset without it printed a .notdef box there."""
    faces = [f[0] for f in cjk_faces(lang)]
    chars = set(chars)
    needed = {c for c in printable(chars) if any(covering(stack, c, lang) in faces for stack in stacks(lang).values())}
    if not needed:  # (and the CJK faces' coverage is not read: a French edition needs none)
        return needed
    return needed | {c for c in chars if unicodedata.category(c) == "Zs" and all(ord(c) in coverage(f) for f in faces)}


def subset(face: Face, chars: set[str], workdir: Path) -> Path:
    """`face` cut down to `chars` (with the layout glyphs they need), as a file in `workdir`."""
    out = cut_path(face, chars, workdir)
    if fontcache.reuse(out):
        return out
    data = _hb_subset(face, chars) if fast_subsetting() else _fonttools_subset(face, chars)
    return fontcache.write(out, _prune_variation_sequences(data, chars), workdir)


def cut_path(face: Face, chars: set[str], workdir: Path) -> Path:
    """Where `subset` keeps `face` cut down to `chars`: named by the face's content, not its path
    (kept across builds: `fontcache`), so a changed font is cut anew."""
    key = hashlib.sha256(f"{fontcache.fingerprint(face.file)}:{face.index}:{''.join(sorted(chars))}".encode())
    return fontcache.place(workdir) / f"{face.file.stem}-{face.index}-{key.hexdigest()[:16]}.otf"


def _hb_subset(face: Face, chars: set[str]) -> bytes:
    ffi, hb, sub = _hb()
    inp = ffi.gc(sub.hb_subset_input_create_or_fail(), sub.hb_subset_input_destroy)
    unicodes = sub.hb_subset_input_unicode_set(inp)
    for c in chars:
        hb.hb_set_add(unicodes, ord(c))
    _tags(sub.hb_subset_input_set(inp, HB_SUBSET_SETS_DROP_TABLE_TAG), DROP_TABLES, clear=False)
    _tags(sub.hb_subset_input_set(inp, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG), LAYOUT_FEATURES, clear=True)
    result = sub.hb_subset_or_fail(_face(face), inp)
    if result == ffi.NULL:
        raise RenderError(f"HarfBuzz could not subset {face.name}", face.file, 0)
    result = ffi.gc(result, hb.hb_face_destroy)
    blob = hb.hb_face_reference_blob(result)
    size = ffi.new("unsigned int *")
    data = bytes(ffi.buffer(hb.hb_blob_get_data(blob, size), size[0]))
    hb.hb_blob_destroy(blob)
    return data


def _prune_variation_sequences(data: bytes, chars: set[str]) -> bytes:
    """`data` without the cmap 14 records (ideographic variation sequences) that the text
    cannot use.

    Noto CJK maps many kanji to several variant glyphs (Adobe-Japan1 IVS).  The
    subsetters keep every variant of every kept character, and WeasyPrint's own
    subset keeps them again (it works from glyph ids back to characters): 141 glyphs,
    a sixth of the Japanese PDF, that no line of the note prints.  A variant is
    kept only if its selector is in the text.
    """
    import io

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.sfnt import SFNTWriter

    font = TTFont(io.BytesIO(data), lazy=True)
    # Glyphs named by number: the CFF charset's names (0.1 s to import and read) would only go id -> name -> id.
    font.setGlyphOrder([f"glyph{gid:05d}" for gid in range(font["maxp"].numGlyphs)])
    cmap = font["cmap"]
    if all(t.format != 14 for t in cmap.tables):
        return data
    cmap.tables = [t for t in (_variations_in(t, chars) if t.format == 14 else t for t in cmap.tables) if t]
    table = cmap.compile(font)
    # Only cmap changes: the other tables are copied as they are (TTFont.save would
    # decompile and recompile the whole CFF).
    buf = io.BytesIO()
    writer = SFNTWriter(buf, len(font.reader.keys()), font.reader.sfntVersion)
    for tag in font.reader.keys():
        writer[tag] = table if tag == "cmap" else font.reader[tag]
    writer.close()
    return buf.getvalue()


def _variations_in(table, chars: set[str]):
    """A cmap 14 subtable reduced to the sequences whose selector and base are in `chars`
    (None if none is left)."""
    table.uvsDict = {vs: kept for vs, records in table.uvsDict.items() if chr(vs) in chars
                     for kept in [[(base, glyph) for base, glyph in records if chr(base) in chars]] if kept}
    return table if table.uvsDict else None


def _tags(tag_set, tags: tuple[str, ...], clear: bool) -> None:
    _, hb, sub = _hb()
    if clear:
        sub.hb_set_clear(tag_set)
    for tag in tags:
        hb.hb_set_add(tag_set, sub.hb_tag_from_string(tag.encode(), -1))


def _fonttools_subset(face: Face, chars: set[str]) -> bytes:
    import io

    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.file), fontNumber=face.index, lazy=True)
    options = ftsubset.Options(layout_features=list(LAYOUT_FEATURES))
    options.drop_tables += list(DROP_TABLES)
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def font_face_css(chars: Iterable[str], lang: str, workdir: Path) -> str:
    """@font-face rules for every face of the stacks (CJK ones only if the text needs them)."""
    chars = set(chars)
    rules = []
    for faces in (SERIF, SANS):
        rules += [face_rule(f, f.file, latin_ranges(lang, printable(chars))) for f in faces]
    needed = cjk_chars(chars, lang)
    if needed:
        # The italic twin of a face is the same file: `subset` finds it already cut.
        serif_cjk, sans_cjk = cjk_faces(lang)
        rules += [face_rule(f, subset(f, needed, workdir), None) for f in serif_cjk + sans_cjk]
    return "\n".join(rules)


def face_rule(face: Face, path: Path, ranges: tuple[tuple[int, int], ...] | None) -> str:
    if not path.exists():
        raise RenderError(f"font {face.name} ({path}) is not installed: run `make` "
                          f"or `sudo apt-get install {face.package}`", path, 0)
    urange = ""
    if ranges:
        urange = " unicode-range: " + ", ".join(f"U+{lo:04X}-{hi:04X}" for lo, hi in ranges) + ";"
    return (f'@font-face {{ font-family: "{face.family}"; src: url("{path.as_uri()}"); '
            f"font-weight: {face.weight}; font-style: {face.style};{urange} }}")


def names(lang: str) -> str:
    """The faces of `lang`'s stacks, for messages."""
    return ", ".join(dict.fromkeys(f[0].name for stack in stacks(lang).values() for f in stack))
