"""The fonts of `render.weasypaint`'s child merged into this process's document: the glyphs each
font drew, their widths and text, in first-seen order, and the fonts only the child met made
here again from the text box where it met them first.

A glyph's width (``Font.widths``) is computed at the size the glyph is first drawn at and read
back by every later kerning: the child's pages are exact only where each width the child
computed is the one this process recorded (`planned` refuses otherwise).
"""
from __future__ import annotations

from typing import Any, Callable

# The Font attributes compared when a font first drawn by the child is made again here.
FACTS = ("hash", "name", "font_size", "ascent", "descent", "style", "weight", "family", "flags",
         "glyph_count", "upem", "bitmap", "index", "variations", "tables", "png", "svg", "colr")
Where = tuple[int, int, str, str]  # (page, id of the text box, text_overflow, block_ellipsis)


def facts(font: Any) -> dict[str, Any]:
    return {name: getattr(font, name) for name in FACTS}  # (not its file: the child never copies it)


def described(fonts: dict[Any, Any], firsts: dict[Any, Where]) -> list[tuple[Any, ...]]:
    """The child's fonts as plain data, in its order."""
    return [(key, firsts.get(key), font.widths, font.to_unicode, facts(font)) for key, font in fonts.items()]


def planned(document: Any, drawn: list[tuple[Any, ...]], named: dict[int, Any],
            refused: type[Exception]) -> Callable[[], None]:
    """The merge of the child's fonts into ``document.fonts``, once found exact (else `refused`)."""
    fonts = document.fonts
    steps = []
    for key, first, widths, to_unicode, known in drawn:
        font = fonts.get(key)
        if font is None:
            font = _made_again(document, key, first, known, named, refused)
        elif font.hash != known["hash"]:
            raise refused(f"font {known['name']!r} is another font here")
        else:
            for glyph, width in widths.items():
                if font.widths.get(glyph, width) != width:
                    raise refused(f"glyph {glyph} of {known['name']!r} measured {width}, here "
                                  f"{font.widths[glyph]} (first drawn at another size)")
        steps.append((key, font, widths, to_unicode, key not in fonts))

    def apply() -> None:
        for key, font, widths, to_unicode, new in steps:
            if new:
                font.widths, font.to_unicode = dict(widths), dict(to_unicode)
                fonts[key] = font
                continue
            for glyph, width in widths.items():  # (first seen here: kept; else added, in the child's order)
                font.widths.setdefault(glyph, width)
            for glyph, text in to_unicode.items():
                font.to_unicode.setdefault(glyph, text)
    return apply


def _made_again(document: Any, key: Any, first: Where | None, known: dict[str, Any], named: dict[int, Any],
                refused: type[Exception]) -> Any:
    """The font WeasyPrint makes from the first Pango font of `key` in the text box the child
    first met it in: that line drawn again into a stream of its own, its fonts apart."""
    from weasyprint.draw import text
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.matrix import Matrix
    from weasyprint.pdf.stream import Stream

    from frspub.render import weasydraw

    if first is None:
        raise refused(f"font {known['name']!r} met outside a line of text")
    _, ident, text_overflow, block_ellipsis = first
    textbox = named.get(ident)
    # (an ellipsis changes the line's text as it is drawn: not drawn twice)
    if not isinstance(textbox, TextBox) or text_overflow == "ellipsis" or block_ellipsis != "none":
        raise refused(f"font {known['name']!r} first met in a line not found again")
    apart = {"ExtGState": {}, "XObject": {}, "Pattern": {}, "Shading": {}, "ColorSpace": None}
    scratch = Stream({}, (0, 0, 1, 1), apart, {}, None, document.color_profiles, document.output_intent)
    textbox.pango_layout.reactivate(textbox.style)
    try:
        text.draw_first_line(scratch, textbox, text_overflow, block_ellipsis, Matrix())
    finally:
        textbox.pango_layout.deactivate()
    font = scratch._fonts.get(key)
    if font is None or facts(font) != known:
        raise refused(f"font {known['name']!r} made again is not the child's")
    vars(font).pop(weasydraw.MEMORY, None)  # its drawing's memory: of the scratch line only
    return font
