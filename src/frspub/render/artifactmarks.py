"""A page's content stream, as WeasyPrint 70 writes it, with some marked-content sequences
re-marked as artifacts: the bytes qpdf's unparsing gives, made without parsing the stream into
Python objects.

`render.archival` turns the marked content of running heads, folios and dot leaders into
``/Artifact`` sequences.  pikepdf's ``parse_content_stream`` made a Python object of each of
some 18,000 instructions of an 8-page note (0.03 s; 0.09 s in a process's first build), then
``unparse_content_stream`` wrote them again.  The PDF's bytes are that unparsing's, so `remark`
writes the same text with a few regular-expression passes over the whole stream, when the
stream holds only the lines WeasyPrint writes (checked first, in one pass):

- ``operands operator`` lines of integers (written as integers are), reals and plain names:
  kept as they are (qpdf writes reals and names as read, one space between tokens);
- ``[<hex>kerning<hex>…] TJ``: ``[ <hex> kerning <hex> … ] TJ``, each string written as qpdf
  writes it (`string`: hex when it holds a byte under 32 other than a line feed, tab, backspace,
  form feed or carriage return, or more than a fifth of its bytes outside ASCII; else literal,
  with qpdf's escapes; ``<>`` is ``()``);
- ``/Tag`` ``<</MCID n>>`` ``BDC`` over three lines: ``/Tag << /MCID n >> BDC``, or the artifact
  mark when n is in the set; ``/Tag`` ``BMC`` over two: ``/Tag BMC``.

Any other stream (a literal string, a comment, an inline image, ``true``/``false``/``null``, a
name with ``#``, a real such as ``1e-05``) gives None: the caller parses it with pikepdf as
before.  The tests compare `remark` with pikepdf on every page of the sample's three PDFs and
on every 1- and 2-byte string.
"""
from __future__ import annotations

import re

ARTIFACT = b"/Artifact << /Type /Pagination >> BDC"
_INT = rb"(?:0|-?[1-9][0-9]{0,17})"  # (longer: past a long long, refused)
_NUM = rb"(?:-?[0-9]+\.[0-9]+|" + _INT + rb")"
_NAME = rb"/[A-Za-z0-9_.+-]+"
_HEX = rb"<(?:[0-9a-f]{2})*>"
_OP = rb"(?!(?:true|false|null|BI|ID|EI|R)(?:\n|\Z))[A-Za-z'\"*][A-Za-z0-9'\"*]*"
_LINE = (rb"(?:(?:" + _NUM + rb"|" + _NAME + rb") )*" + _OP
         + rb"|\[(?:" + _HEX + rb"|" + _NUM + rb"(?=[<\]]))*\] TJ"
         + rb"|" + _NAME + rb"\n<</MCID " + _INT + rb">>\nBDC"
         + rb"|" + _NAME + rb"\nBMC")
STREAM = re.compile(rb"(?:(?:" + _LINE + rb")(?:\n|\Z))*")
# A hex string with no byte that forces qpdf's hex form (00-07, 0b, 0e-17): qpdf may write it literal.
MAYBE_LITERAL = re.compile(rb"<((?:(?!0[0-7bef]|1[0-7])[0-9a-f]{2})*)>")
TJ = re.compile(rb"^\[(.*)\] TJ$", re.M)
TJ_TOKEN = re.compile(rb"<[0-9a-f]*>|\((?:[^\\)]|\\.)*\)|-?[0-9.]+", re.S)
MARKED = re.compile(rb"^(" + _NAME + rb")\n<</MCID (" + _INT + rb")>>\nBDC$", re.M)
BMC = re.compile(rb"^(" + _NAME + rb")\nBMC$", re.M)
_ESCAPES = {10: b"\\n", 13: b"\\r", 9: b"\\t", 8: b"\\b", 12: b"\\f", 40: b"\\(", 41: b"\\)", 92: b"\\\\"}
_LITERAL = [_ESCAPES.get(c) or (bytes([c]) if 32 <= c <= 126 or c >= 160 else b"\\%03o" % c) for c in range(256)]


def string(value: bytes) -> bytes:
    """`value` as qpdf 12's QPDF_String::unparse writes it."""
    non_ascii = 0
    for c in value:
        if c >= 127 or 24 <= c < 32:
            non_ascii += 1
        elif c < 24 and c not in (10, 13, 9, 8, 12):
            return b"<" + value.hex().encode() + b">"
    if 5 * non_ascii > len(value):
        return b"<" + value.hex().encode() + b">"
    return b"(" + b"".join([_LITERAL[c] for c in value]) + b")"


def _strings(match: re.Match) -> bytes:
    return string(bytes.fromhex(match[1].decode()))


def _array(match: re.Match) -> bytes:
    return b"[ " + b"".join([token + b" " for token in TJ_TOKEN.findall(match[1])]) + b"] TJ"


def remark(data: bytes, mcids: set[int]) -> bytes | None:
    """`data` (a content stream) as qpdf unparses it, each BDC whose /MCID is in `mcids` an
    artifact's; None if it holds anything but the lines WeasyPrint writes (see the module text)."""
    if STREAM.fullmatch(data) is None:
        return None
    text = MAYBE_LITERAL.sub(_strings, data)  # before the arrays: their tokens then are qpdf's
    text = TJ.sub(_array, text)
    text = BMC.sub(rb"\1 BMC", text)
    text = MARKED.sub(lambda m: ARTIFACT if int(m[2]) in mcids else m[1] + b" << /MCID " + m[2] + b" >> BDC", text)
    return text[:-1] if text.endswith(b"\n") else text
