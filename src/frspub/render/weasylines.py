"""WeasyPrint 70's line breaker asked each question once per edition: a memo of
``split_first_line`` (text, width, the style it reads) → its answer.

WeasyPrint breaks the same text at the same width again and again within one layout:
- ``LayoutContext._update_footnote_area`` lays out every note of the page again each time a
  note is added, to learn the area's height (and throws that layout away);
- a page is made again when its counters change, and `render/weasylastpage` and
  `render/weasyhyphens` make pages again from the same state;
- the inline layout tries a text box, then the same box again after a sibling failed.
On the sample, 47 % (French), 59 % (English) and 76 % (Japanese) of the calls repeated an
earlier one.  Each call builds one to three Pango layouts and shapes the text (about a tenth
of a millisecond); a repeat now costs a dictionary lookup.

Why the answer can be reused:
- ``split_first_line`` is a function of its arguments, of the style properties it reads
  (`READ`, every ``style[…]`` read in ``text/line_break.py``, ``get_font_description`` and
  ``font_features``), of the font configuration (the memo lives on it: one per edition), and
  of one flag on the layout context (`render.weasyhyphens`' hyphenation off, read by
  `weasypatch`'s edit).  The context's pyphen dictionaries are a cache of their own.
- The layout it returns has been deactivated (``first_line_metrics``): it holds plain
  values only (its text, widths, font metrics), and drawing sets a Pango layout up again
  from the box's own style.  Each caller gets its own copy of that object.
Values are keyed by what they are, never by object identity, so a style edited in place
(`render/weasylastpage` tightens the remade pages' paragraphs) finds no stale answer.
The PDF is the same, byte for byte (tests/render/test_weasylines.py).
"""
from __future__ import annotations

import importlib
import operator
from typing import Any, Callable

READ = ("font_family", "font_size", "font_style", "font_stretch", "font_weight", "font_variant_caps",
        "font_variant_ligatures", "font_variant_position", "font_variant_numeric", "font_variant_alternates",
        "font_variant_east_asian", "font_feature_settings", "font_variation_settings", "font_kerning",
        "font_language_override", "lang", "direction", "white_space", "word_spacing", "letter_spacing",
        "overflow_wrap", "word_break", "tab_size", "text_decoration_line", "hyphens", "hyphenate_character",
        "hyphenate_limit_chars", "hyphenate_limit_zone")
ATTRIBUTE = "frs_lines"  # on the FontConfiguration: this edition's memo
# The style's `READ` values as one tuple, read in C: the generator it replaces made 28 lookups
# in Python at each call (ja: 1,301 calls, a twentieth of a second under cProfile).
_read = operator.itemgetter(*READ)
_state: dict[str, Any] = {}


def install(homes: tuple[str, ...], flag: str) -> Callable[..., Any]:
    """Wrap the ``split_first_line`` the modules `homes` hold (the patched one, once);
    `flag` is the layout context attribute the patched function also reads."""
    if "memo" not in _state:
        first = importlib.import_module(homes[0])
        _state["inner"] = first.split_first_line
        _state["memo"] = _memoised(first.split_first_line, flag)
        for name in homes:
            setattr(importlib.import_module(name), "split_first_line", _state["memo"])
    return _state["memo"]


def counts(font_config: Any) -> tuple[int, int]:
    """(calls answered, of which repeats) for one edition's font configuration."""
    memo = getattr(font_config, ATTRIBUTE, None)
    return (memo.calls, memo.calls - len(memo)) if memo is not None else (0, 0)


class _Memo(dict):  # type: ignore[type-arg]
    calls = 0


def _memoised(inner: Callable[..., Any], flag: str) -> Callable[..., Any]:
    def split_first_line(text: str, style: Any, context: Any, max_width: Any, justification_spacing: Any,
                         is_line_start: bool = True, minimum: bool = False) -> Any:
        try:
            key = (text, max_width, justification_spacing, is_line_start, minimum,
                   bool(getattr(context, flag, False)), _read(style))
            memo = _memo_of(style.font_config)
            found = memo.get(key)  # (hashed once: an unhashable value raises here)
        except (TypeError, AttributeError, KeyError):  # a value we cannot key on: ask WeasyPrint
            return inner(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        memo.calls += 1
        if found is None:
            found = memo[key] = inner(text, style, context, max_width, justification_spacing,
                                      is_line_start, minimum)
        return (_copy(found[0]),) + tuple(found[1:])

    return split_first_line


def _memo_of(font_config: Any) -> _Memo:
    memo = getattr(font_config, ATTRIBUTE, None)
    if memo is None:
        memo = _Memo()
        setattr(font_config, ATTRIBUTE, memo)
    return memo


def _copy(layout: Any) -> Any:
    """A caller's own deactivated layout (justification and drawing set attributes on it)."""
    twin = object.__new__(type(layout))
    twin.__dict__.update(layout.__dict__)
    return twin
