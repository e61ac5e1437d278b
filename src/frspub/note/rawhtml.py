"""A note's raw HTML, as pandoc reads it, turned into ordinary nodes or refused.

Takes the pandoc blocks of a note read with raw HTML on (`pandoc.NOTE_FORMAT`:
``<div>`` and ``<span>`` are already Div and Span nodes, with their ids and
classes, so LibreOffice's and Word's ``<span id="anchor-7"></span>`` are link
targets); changes them in place so that no raw HTML is left, and returns the
problems with the note's lines:

- comments are dropped: they are the author's notes to self, never published,
  never translation segments;
- every other fragment is checked against `TAGS` and `ATTRIBUTES`: ``script``,
  ``style``, ``iframe``, forms, event handlers and unsafe link schemes are
  refused at their line, as is any element frspub would not render the same
  in PDF, HTML and EPUB;
- what passes is cleaned by nh3 (ammonia, a maintained HTML sanitiser, not a
  regex) and read back by pandoc's HTML reader, one run per note: ``<sup>``
  becomes Superscript, ``<a href>`` a Link (then under the link rules of
  `safety`), a ``<table>`` a Table, ``<abbr title>`` a Span with its title.
  Typography, segments, translation and the three writers then see nodes,
  never tags.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Callable

from frspub.errors import Problem
from frspub.note import ast, pandoc

if TYPE_CHECKING:
    from frspub.note.rawscan import Scan, Tag

INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
               "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
VOID_TAGS = {"br", "wbr", "hr"}
BLOCK_TAGS = {"blockquote", "caption", "col", "colgroup", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4",
              "h5", "h6", "li", "ol", "p", "pre", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
TAGS = INLINE_TAGS | VOID_TAGS | BLOCK_TAGS
# Attributes any allowed element may carry, and those of some elements only.
GENERIC = {"id", "class", "title", "lang", "dir"}
ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers",
              "scope"}, "ol": {"start", "type", "reversed"}, "time": {"datetime"}, "q": {"cite"},
              "blockquote": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
              "col": {"span"}, "colgroup": {"span"}}
SAFE_SCHEMES = {"http", "https", "mailto"}
UNSAFE = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
          "button", "select", "textarea", "option", "link", "meta", "base", "template", "noscript",
          "svg", "math", "video", "audio", "source", "canvas", "dialog"}
HOLE = "FRSPUBRAWHOLE"
JOB_CLASS = "frsrawjob"


def scan(fragment: str) -> "Scan":
    from frspub.note.rawscan import Scan

    s = Scan()
    s.feed(fragment)
    s.close()
    return s


def refusal(fragment: str) -> str:
    """Why `fragment` may not be published ("" if it may)."""
    for tag in scan(fragment).tags:
        if tag.end:
            continue
        if tag.name == "img":
            return "raw HTML <img> is not allowed: write the image in Markdown, ![Caption](file.png)"
        if tag.name in UNSAFE:
            return (f"raw HTML <{tag.name}> is not allowed in a note (a script, a style, a frame or a form "
                    "would act in the reader's browser): remove it")
        if tag.name not in TAGS:
            return f"raw HTML <{tag.name}> is not supported: write it in Markdown"
        for key, value in tag.attrs:
            why = _attribute_refusal(tag.name, key, value or "")
            if why:
                return why
    return ""


def _attribute_refusal(tag: str, key: str, value: str) -> str:
    if key.startswith("on"):
        return f"event handler {key}=… on <{tag}> is not allowed in a note (it would run a script)"
    if key == "style" and tag in ("col", "colgroup"):
        return ""  # column widths, as pandoc and word processors write tables: nh3 drops them
    if key == "style":
        return f"attribute style on <{tag}> is not allowed (the editions' style sheets set the look)"
    if key not in GENERIC and key not in ATTRIBUTES.get(tag, ()) and not key.startswith("data-"):
        return f"attribute {key} on <{tag}> is not allowed (allowed: id, class, title, lang, dir, data-*)"
    if key == "href":
        scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
        if scheme and scheme not in SAFE_SCHEMES:
            return f"link scheme {scheme!r} is not allowed (only http, https, mailto, or a relative link)"
    return ""


def clean(fragment: str) -> str:
    """The fragment as nh3 lets it through (checked by `refusal` first, so nothing is lost
    but comments and what no browser would keep)."""
    import nh3  # (at the first raw HTML a note holds)

    attributes = {tag: GENERIC | ATTRIBUTES.get(tag, set()) for tag in TAGS}
    return nh3.clean(fragment, tags=TAGS, attributes=attributes, url_schemes=SAFE_SCHEMES, link_rel=None,
                     strip_comments=True, generic_attribute_prefixes={"data-"})


def is_comment(node: ast.Node) -> bool:
    """A raw node holding only comments (the author's notes to self: dropped)."""
    found = scan(node["c"][1])
    return found.comments > 0 and not found.tags and not "".join(found.text).strip()


class Resolver:
    """Turns a note's raw HTML into nodes; `locate(text)` gives the note line of a fragment."""

    def __init__(self, shown: str, locate: Callable[[str, int], int]):
        self.shown = shown
        self.locate = locate  # (text, after line) -> the first line after it holding the text
        self.seen: dict[str, int] = {}  # the line of each fragment's last refusal: the next is further
        self.problems: list[Problem] = []
        self.jobs: list[tuple[str, bool]] = []  # (clean HTML, is a block)

    def run(self, blocks: list[ast.Node]) -> list[Problem]:
        ast.walk_inline_lists(blocks, self._inlines)
        self._blocks({"t": "Div", "c": blocks})
        if self.jobs and not self.problems:
            self._fill(blocks, self._parse())
        return self.problems

    def _refuse(self, fragment: str, message: str) -> None:
        needle = fragment.strip().splitlines()[0]
        self.seen[needle] = line = self.locate(needle, self.seen.get(needle, 0))
        problem = Problem(self.shown, line, message)
        if problem not in self.problems:
            self.problems.append(problem)

    # Blocks: a RawBlock holds whole elements (a table, a comment).
    def _blocks(self, blocks: list[ast.Node]) -> None:
        for holder, key in list(_block_lists(blocks)):
            out = []
            for block in holder[key]:
                if block["t"] != "RawBlock" or block["c"][0] != "html":
                    out.append(block)
                elif not is_comment(block):
                    out.append(self._job(block["c"][1], [], block=True))
            holder[key][:] = out

    def _job(self, fragment: str, inlines: list[ast.Node], block: bool = False, shown: str = "") -> ast.Node:
        why = refusal(fragment)
        if why:
            self._refuse(shown or fragment, why)
        self.jobs.append((clean(fragment), block))
        attrs = [["job", str(len(self.jobs) - 1)]]
        return ast.Div("", [], [JOB_CLASS], attrs) if block else ast.Span(inlines, "", [JOB_CLASS], attrs)

    # Inlines: pandoc cuts `<sup>2</sup>` into an opening tag, the nodes between, a closing tag.
    def _inlines(self, inlines: list[ast.Node]) -> list[ast.Node]:
        if not any(n["t"] == "RawInline" and n["c"][0] == "html" for n in inlines):
            return inlines
        out: list[ast.Node] = []
        opened: list[tuple[int, str, str]] = []  # (index in out, tag name, opening tag)
        for node in inlines:
            if node["t"] != "RawInline" or node["c"][0] != "html":
                out.append(node)
                continue
            raw = node["c"][1]
            if is_comment(node):
                continue
            tags = scan(raw).tags
            tag = tags[0] if len(tags) == 1 else None
            if tag is None or tag.name in VOID_TAGS or tag.name not in TAGS:
                out.append(self._void(raw, tag))
            elif not tag.end:
                opened.append((len(out), tag.name, raw))
            elif opened and opened[-1][1] == tag.name:
                start, name, opening = opened.pop()
                content = out[start:]
                del out[start:]
                if name in INLINE_TAGS:
                    out.append(self._job(opening + HOLE + raw, content, shown=opening))
                else:  # `<div>foo</div>` inside a paragraph: a span, with the element's attributes
                    out.append(self._job(_as_span(opening) + HOLE + "</span>", content, shown=opening))
            elif tag.name not in BLOCK_TAGS:  # pandoc leaves `<div>x</div>`'s end in the Div it made
                self._refuse(raw, f"raw HTML {raw} closes no element opened in the same paragraph")
        for _, name, raw in opened:
            self._refuse(raw, f"raw HTML <{name}> is never closed in its paragraph: close it with </{name}>")
        return _tidy_spaces(out)

    def _void(self, raw: str, tag: Tag | None) -> ast.Node:
        if tag and tag.end and tag.name not in TAGS:
            return ast.Str("")  # the end of an element refused at its start
        why = refusal(raw) or ("" if tag and tag.name in VOID_TAGS else
                               f"raw HTML {raw.strip()[:40]!r} is not supported inside a paragraph: "
                               "write it in Markdown")
        if why:
            self._refuse(raw, why)
        if tag and tag.name == "br":
            return {"t": "LineBreak"}
        return ast.Str("")

    def _parse(self) -> list[list[ast.Node]]:
        """Every cleaned fragment through pandoc's HTML reader, in one run."""
        parts = [f'<div id="frsraw{i}">{text if block else "<p>" + text + "</p>"}</div>'
                 for i, (text, block) in enumerate(self.jobs)]
        doc = pandoc.run_json(["-f", "html-raw_html", "-t", "json"], "\n".join(parts))
        found = {b["c"][0][0]: b["c"][1] for b in doc["blocks"] if b["t"] == "Div"}
        return [found.get(f"frsraw{i}", []) for i in range(len(self.jobs))]

    def _fill(self, blocks: list[ast.Node], parsed: list[list[ast.Node]]) -> None:
        def inlines(nodes: list[ast.Node]) -> list[ast.Node]:
            out: list[ast.Node] = []
            for n in nodes:
                i = _job_index(n)
                if i is None:
                    out.append(n)
                    continue
                got = parsed[i][0]["c"] if parsed[i] and parsed[i][0]["t"] in ("Para", "Plain") else []
                out += _put_in_hole(got, n["c"][1])  # the tags' content, already resolved
            return out

        ast.walk_inline_lists(blocks, inlines)
        for holder, key in list(_block_lists({"t": "Div", "c": blocks})):
            out = []
            for b in holder[key]:
                i = _job_index(b)
                out += parsed[i] if i is not None else [b]
            holder[key][:] = out


def _as_span(opening: str) -> str:
    """The opening tag of a block element as a span's, with its attributes (checked anyway)."""
    tag = scan(opening).tags[0]
    attrs = "".join(f' {k}="{html.escape(v or "")}"' for k, v in tag.attrs)
    return f"<span{attrs}>"


def _job_index(node: ast.Node) -> int | None:
    if node.get("t") not in ("Span", "Div") or JOB_CLASS not in node["c"][0][1]:
        return None
    return int(dict(node["c"][0][2])["job"])


def _put_in_hole(nodes: list[ast.Node], content: list[ast.Node]) -> list[ast.Node]:
    """`nodes` with the Str HOLE replaced by `content` (the Markdown between the tags)."""
    out: list[ast.Node] = []
    for n in nodes:
        if n.get("t") == "Str" and HOLE in n["c"]:
            before, _, after = n["c"].partition(HOLE)
            out += ([ast.Str(before)] if before else []) + content + ([ast.Str(after)] if after else [])
        elif ast.is_inline_list(n.get("c")):  # Superscript, Emph…: the content is the list
            n["c"] = _put_in_hole(n["c"], content)
            out.append(n)
        else:
            for key, value in _children(n):
                n["c"][key] = _put_in_hole(value, content)
            out.append(n)
    return out


def _children(node: ast.Node) -> list[tuple[int, list[ast.Node]]]:
    c = node.get("c")
    if not isinstance(c, list):
        return []
    return [(i, v) for i, v in enumerate(c) if ast.is_inline_list(v)]


def _tidy_spaces(inlines: list[ast.Node]) -> list[ast.Node]:
    """A dropped comment leaves its two spaces side by side, or an empty string: one space."""
    out: list[ast.Node] = []
    for n in inlines:
        if n["t"] == "Str" and not n["c"]:
            continue
        if n["t"] == "Space" and (not out or out[-1]["t"] == "Space"):
            continue
        out.append(n)
    while out and out[-1]["t"] == "Space":
        out.pop()
    return out


def _block_lists(value: Any) -> Any:
    """(holder, key) of every list of blocks under `value` (the note body, list items, cells…)."""
    todo = [(None, None, value)]
    while todo:
        holder, key, item = todo.pop()
        if isinstance(item, list):
            if item and all(isinstance(b, dict) and b.get("t") in BLOCK_TYPES for b in item):
                if holder is not None:
                    yield holder, key
            todo.extend((item, i, v) for i, v in enumerate(item))
        elif isinstance(item, dict) and "c" in item:
            todo.append((item, "c", item["c"]))


BLOCK_TYPES = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList",
               "BulletList", "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}
