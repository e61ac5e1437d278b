"""What WeasyPrint's structure tree lacks for PDF/UA-1, added while it is built.

`tagging()` wraps ``weasyprint.pdf.tags._build_box_tree`` (WeasyPrint 70,
pinned in pyproject.toml) for the duration of one ``write_pdf`` and returns a
`Tagged` record.  The wrapper sees each layout box with its HTML element, which
a pass over the finished PDF could not:

- footnote bodies (``span.fn``) become ``Note`` elements with an ``ID``, their
  marker a ``Lbl``, the call in the text a ``Reference`` (ISO 14289-1 7.9;
  Matterhorn 19-003);
- an element with its own ``lang`` (a passage left in French) carries
  ``/Lang`` (ISO 14289-1 7.2; Matterhorn 11-006);
- every link annotation gets its text as ``/Contents`` (ISO 14289-1 7.18.5;
  Matterhorn 28-004);
- the marked content of running heads and folios (margin boxes) and of the
  table of contents' dot leaders is recorded in `Tagged.artifacts`, per page,
  for `archival` to turn into ``/Artifact`` sequences (ISO 14289-1 7.1,
  Matterhorn 01-005: WeasyPrint tags them as content it then leaves out of the
  tree).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass
class Tagged:
    artifacts: dict[int, set[int]] = field(default_factory=dict)  # page index -> MCIDs
    notes: list[str] = field(default_factory=list)  # IDs of the Note elements


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _is_artifact(box: Any) -> bool:
    """Running heads and folios (margin boxes); the dots and page number after a contents entry."""
    name = type(box).__name__
    return name == "MarginBox" or (getattr(box, "element_tag", "") == "a::after" and
                                   (box.element.get("href") or "").startswith("#"))


def _decorate(element: Any, box: Any, record: Tagged) -> None:
    import pydyf

    tag = getattr(box, "element_tag", None) or ""
    html = getattr(box, "element", None)
    if html is None or tag in ("html", "body"):
        return
    if tag == "span" and "fn" in _classes(box):
        element["S"] = "/Note"
        ident = html.get("id") or f"fn-{len(record.notes) + 1}"
        if ident in record.notes:  # a note split over two pages: one Note per part, unique IDs
            ident = f"{ident}-{record.notes.count(ident) + 1}"
        record.notes.append(ident)
        element["ID"] = pydyf.String(ident)
    elif tag == "span::footnote-marker":
        element["S"] = "/Lbl"
    elif tag == "span::footnote-call":
        element["S"] = "/Reference"
    if "::" not in tag and html.get("lang"):
        element["Lang"] = pydyf.String(html.get("lang"))
    annotation = getattr(box, "link_annotation", None)
    if annotation is not None:  # the link's words, not its address (WeasyPrint puts the URI there)
        text = _text(html) or (html.get("href") or "")
        annotation["Contents"] = pydyf.String(text)


@contextlib.contextmanager
def tagging() -> Iterator[Tagged]:
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    record = Tagged()

    def wrapped(box: Any, parent: Any, pdf: Any, page_number: int, nums: dict, annotations: list,
                marks: dict) -> Iterator[Any]:
        if _is_artifact(box):
            before = set(nums)
            for _ in original(box, parent, pdf, page_number, nums, annotations, marks):
                pass  # built, then left out of the tree: its content becomes an artifact
            record.artifacts.setdefault(page_number, set()).update(set(nums) - before)
            return
        for element in original(box, parent, pdf, page_number, nums, annotations, marks):
            if element.get("P") == parent.reference and getattr(box, "element_tag", "") not in ("html", "body"):
                _decorate(element, box, record)
            yield element

    tags._build_box_tree = wrapped
    try:
        yield record
    finally:
        tags._build_box_tree = original
