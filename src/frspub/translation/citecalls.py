"""Citations that a note-class style turns into footnotes, as translators see them.

In the French tree such a citation is a footnote call holding it (`note.citations`); a
translator sees only the citation, ``[@key, p. 78]``, and may move it or translate its prefix
and locator (``[voir @key]`` → ``[see @key]``).  `unwrapped` gives a segment's inlines as
translators see them (for the msgid); `rewrap` gives each citation of a translation back its
French label: the French call citing the same keys, in order, so that a translator who swaps
two citations swaps their labels too.
"""
from __future__ import annotations

from frspub.note import ast
from frspub.note.citations import cite_call, drop_space, is_cite_call, keys
from frspub.note.figures import is_ref


def unwrapped(inlines: list[ast.Node]) -> list[ast.Node]:
    """A copy of `inlines` whose citation calls are their bare citations."""
    out = ast.copied(inlines)  # (each segment's msgid and `translatable` check: deepcopy took 0.01 s a note)

    def bare(nodes: list[ast.Node]) -> list[ast.Node]:
        return [n["c"][1][0] if is_cite_call(n) and n["c"][1] else n for n in nodes]

    holder = ast.Plain(out)
    ast.walk_inline_lists([holder], bare)
    return holder["c"]


def calls(inlines: list[ast.Node]) -> list[tuple[tuple[str, ...], str]]:
    """(cited keys, label) of each citation call in `inlines`, in reading order."""
    return [(tuple(keys(n["c"][1][0])), ast.note_label(n) or "") for n in ast.nodes(inlines)
            if is_cite_call(n) and n["c"][1]]


def rewrap(french: list[ast.Node], translated: list[ast.Node]) -> list[ast.Node]:
    """`translated` with each bare citation in the call of its French counterpart."""
    todo = calls(french)
    if not todo:
        return translated

    def wrap(nodes: list[ast.Node]) -> list[ast.Node]:
        out = []
        for node in nodes:
            if node.get("t") == "Cite" and not is_ref(node):
                cited = tuple(keys(node))
                match = next((i for i, (k, _) in enumerate(todo) if k == cited), 0 if todo else None)
                if match is not None:
                    node = cite_call(node, todo.pop(match)[1])
                    drop_space(out)
            out.append(node)
        return out

    holder = ast.Plain(translated)
    ast.walk_inline_lists([holder], wrap)
    return holder["c"]

