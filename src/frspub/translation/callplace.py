"""Footnote calls where each language puts them, whatever the translator typed.

Takes an edition's tree (after translation, before typography) and its
language; moves footnote placeholders in place:

- English (Chicago 14.26, and British usage alike): the call follows the
  punctuation — full stop, comma, semicolon, colon, question and exclamation
  marks, closing quotation marks and parentheses — but precedes a dash;
  ``the treaty[^5].`` becomes ``the treaty.[^5]``, ``“…[^6]”`` becomes ``“…”[^6]``;
- Japanese (JIS X 4051 usage): the call precedes 。 and 、, after a closing
  bracket: ``署名された。[^5]`` becomes ``署名された[^5]。``;
- French (Lexique des règles typographiques en usage à l'Imprimerie nationale): the call
  precedes the punctuation: ``le traité.[^5]`` becomes ``le traité[^5].``.

Translators keep placing ``[^N]`` where it reads naturally; every edition is
right.  Placeholders never cross a footnote's own text or a link.
"""
from __future__ import annotations

from typing import Any

from frspub import conventions
from frspub.note import ast

EN_AFTER = ".,;:!?)]’”…"
JA_BEFORE = "。、"
FR_BEFORE = ".,;:!?…"
ZH_BEFORE = "。、，；：！？"  # CLREQ 3.6: the note mark precedes the full-width punctuation


def apply(note: Any, lang: str) -> None:
    # conventions.note_call: "after" the punctuation (Chicago, Duden), "before" it (French and
    # Russian usage), "ja" (before 。、), "zh" (before 。、，；：！？); None: where the translator put it.
    rule = conventions.of(lang).note_call
    fix = {"after": _english, "ja": _japanese, "zh": _chinese, "before": _french}.get(rule or "")
    if fix is None:
        return
    for tree in [note.blocks, *note.notes.values(), *note.fields.values()]:
        ast.walk_inline_lists(tree, fix)  # innermost first: a call inside quotes moves out last


def _is_call(node: Any) -> bool:
    return ast.note_label(node) is not None


def _english(inlines: list[Any]) -> list[Any]:
    out = list(inlines)
    i = 0
    while i < len(out):
        node = out[i]
        j = i
        while j < len(out) and _is_call(out[j]):
            j += 1  # out[i:j]: a run of calls (treaty[^5][^6]. moves as one, not [^5].[^6])
        if j > i and j < len(out) and out[j]["t"] == "Str":
            text = out[j]["c"]
            lead = len(text) - len(text.lstrip(EN_AFTER))
            if lead:
                out[i:j + 1] = [ast.Str(text[:lead]), *out[i:j]] + ([ast.Str(text[lead:])] if text[lead:] else [])
                i = j + 1
                continue
        if node["t"] == "Quoted" and node["c"][1] and _is_call(node["c"][1][-1]):
            call = node["c"][1].pop()
            out.insert(i + 1, call)
        i += 1
    return out


def _japanese(inlines: list[Any]) -> list[Any]:
    return _before(inlines, JA_BEFORE)


def _chinese(inlines: list[Any]) -> list[Any]:
    return _before(inlines, ZH_BEFORE)


def _french(inlines: list[Any]) -> list[Any]:
    return _before(inlines, FR_BEFORE)


def _before(inlines: list[Any], marks: str) -> list[Any]:
    """Calls written after closing punctuation move before it."""
    out = list(inlines)
    i = 1
    while i < len(out):
        node, prev = out[i], out[i - 1]
        if _is_call(node) and prev["t"] == "Str" and prev["c"].endswith(tuple(marks)):
            text = prev["c"]
            cut = len(text.rstrip(marks))
            out[i - 1:i + 1] = ([ast.Str(text[:cut])] if text[:cut] else []) + [node, ast.Str(text[cut:])]
        i += 1
    return out
