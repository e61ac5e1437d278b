"""Small helpers over pandoc's JSON AST (dicts with "t" and "c")."""
from __future__ import annotations

import pickle
from typing import Any, Callable, Iterator

Node = dict[str, Any]

NOTE_CLASS = "frsnote"  # placeholder span standing where a footnote is called


def Str(text: str) -> Node:
    return {"t": "Str", "c": text}


def Para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def Plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": inlines}


def Div(ident: str, blocks: list[Node], classes: list[str] | None = None,
        attrs: list[list[str]] | None = None) -> Node:
    return {"t": "Div", "c": [[ident, classes or [], attrs or []], blocks]}


def Span(inlines: list[Node], ident: str = "", classes: list[str] | None = None,
         attrs: list[list[str]] | None = None) -> Node:
    return {"t": "Span", "c": [[ident, classes or [], attrs or []], inlines]}


def copied(value: Any) -> Any:
    """A copy of an AST part sharing nothing mutable: a pickle round trip, the same tree as
    `copy.deepcopy` (shared parts stay shared) in a quarter of its time (`model.Note.copy`)."""
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def note_placeholder(label: str) -> Node:
    return Span([], classes=[NOTE_CLASS], attrs=[["label", label]])


def note_label(node: Node) -> str | None:
    """The label if `node` is a footnote placeholder span, else None."""
    if node.get("t") != "Span":
        return None
    (_, classes, attrs), _ = node["c"]
    if NOTE_CLASS not in classes:
        return None
    return dict(attrs).get("label", "")


def stringify(node: Any) -> str:
    """Plain text of a node or list of nodes (spaces and breaks as spaces)."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t = node.get("t")
    if t == "Str":
        return node["c"]
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("Code", "Math"):
        return node["c"][-1]
    if t == "Quoted":
        q = "“”" if node["c"][0]["t"] == "DoubleQuote" else "‘’"
        return q[0] + stringify(node["c"][1]) + q[1]
    if t == "Note" or note_label(node) is not None:
        return ""
    return stringify(node.get("c"))


def walk_inline_lists(blocks: list[Node], fn: Callable[[list[Node]], list[Node]]) -> None:
    """Apply `fn` to every inline list under `blocks`, in place, innermost first."""
    found: list[tuple[Any, Any]] = []
    _slots(blocks, found)  # every slot first: `fn` replaces lists the walk would otherwise enter
    for holder, key in found:
        holder[key] = fn(holder[key])


def is_inline_list(value: Any) -> bool:
    return (isinstance(value, list) and bool(value) and isinstance(value[0], dict)
            and value[0].get("t") in INLINE_TYPES)


def _slots(value: Any, found: list[tuple[Any, Any]]) -> None:
    """Append to `found` the (container, key) pairs where container[key] is a list of inlines,
    innermost first.  A list filled by plain calls: the generators this replaces (`yield from`
    at every level) cost each pair a resumption per level above it, a tenth of the French
    build's CPU before its print page."""
    if isinstance(value, dict):
        if "c" in value:
            _child(value, "c", value["c"], found)
    elif isinstance(value, list):
        for key, item in enumerate(value):
            _child(value, key, item, found)


def _child(container: Any, key: Any, value: Any, found: list[tuple[Any, Any]]) -> None:
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and value[0].get("t") in INLINE_TYPES:
            for item in value:
                _slots(item, found)
            found.append((container, key))
        else:
            for index, item in enumerate(value):
                _child(value, index, item, found)
    elif isinstance(value, dict) and "c" in value:
        _child(value, "c", value["c"], found)


INLINE_TYPES = {
    "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
    "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link",
    "Image", "Note", "Span",
}



def soft_breaks_to_spaces(inlines: list[Node]) -> list[Node]:
    """Line wrapping in Markdown is not meaning: a soft break is a space (pandoc's --wrap=none view)."""
    return [{"t": "Space"} if n["t"] == "SoftBreak" else n for n in inlines]


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every AST node below `value`, in document order, without recursion (a deep tree must not
    overflow the stack)."""
    todo = [value]
    pop, push, extend = todo.pop, todo.append, todo.extend  # (bound once: a note's checks walk it 6 times)
    while todo:
        item = pop()
        if isinstance(item, dict):
            if "t" in item:
                yield item
            for child in item.values():
                if not isinstance(child, str):  # a string holds no node: not stacked
                    push(child)
        elif isinstance(item, list):
            extend(reversed(item))
