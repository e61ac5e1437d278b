"""pydyf 0.13 serialises each object of a PDF once, not twice: a version-pinned patch, installed
by `weasypatch.apply`, until a release does it.

Why: WeasyPrint's PDF/A variants ask for a file identifier, and ``pydyf.PDF.write`` then takes
the MD5 of every object's ``data`` after it has written them all: each object is serialised a
second time, and each stream compressed again at zlib level 9 (the page contents, the font
subsets, the ICC profile, the object stream of the structure tree).  The identifier must stay
what it is (`render.archival` keeps it: pikepdf keeps the first half of a file's /ID), and it is:
while `PDF.write` runs, the ``data`` of each numbered object (an indirect one) is remembered the
first time it is asked for and given again the second; objects are not changed during the
write, so the bytes are the same ones.  The memory is per thread and per call, and holds the
objects themselves, so that no id is reused while it lives.

And ``Stream.data`` joins its items without a call per item when the item is already bytes (most
operators are), and ``_to_bytes`` tests bytes, floats, strings and integers by exact type before
the original's ``isinstance`` chain: the same bytes, by the same formatting.

`install` checks pydyf's version and the SHA-256 of each function it wraps or replaces; for any
other source it leaves pydyf as it is, and says why at debug level (the output is then the same,
only slower).
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import logging
import threading
import zlib
from typing import Any, Callable

VERSION = "0.13.0"
PINNED = {  # qualified name -> SHA-256 of its source in pydyf 0.13.0
    "PDF.write": "242cd38f92ecd33f831159f8eb560487bf2e18d746ff8a7666954f2a8d519ba0",
    "Stream.data": "bdc2bc513f286de7b7a7220a43e6085daa6ed0056d9c04e3c9b5abe40f3ecf81",
    "Dictionary.data": "1a6ebf2b6bc6adcb35017ee398cd7f7d71247dd2828a3051137d2a7abb87388c",
    "Array.data": "136a84494ae7c8cc344c683281a1e1e56dd478de907ff7ff9d74debe90b8a400",
    "String.data": "6097c307ae6fe613edc81d796f5f406dc58ebd92004c21a285281ad6d62fdb40",
    "Object.indirect": "fecd3a0ba70a66f50c7e9e714521d3017305093e8a8fe729d1fcbe010373fb33",
    "_to_bytes": "1cefd02c285d3aee7ad09bf6e5be50b2b7bd6956dec69829790e64f5255e0009",
}
DATA_CLASSES = ("Dictionary", "Array", "String", "Stream")
_local = threading.local()
_state: dict[str, Any] = {}


def _function(pydyf: Any, qualname: str) -> Callable:
    """pydyf's own function (the one found before `install` replaced it)."""
    if qualname in _state.get("pristine", {}):
        return _state["pristine"][qualname]
    if "." not in qualname:
        return getattr(pydyf, qualname)
    owner, attr = qualname.split(".")
    value = vars(getattr(pydyf, owner))[attr]
    return value.fget if isinstance(value, property) else value


def refusal(pydyf: Any) -> str | None:
    """Why the patch cannot apply to this pydyf, or None."""
    if getattr(pydyf, "__version__", "") != VERSION:
        return f"written for pydyf {VERSION}, not {getattr(pydyf, '__version__', '?')}"
    for qualname, sha in PINNED.items():
        source = inspect.getsource(_function(pydyf, qualname))
        if hashlib.sha256(source.encode("utf-8")).hexdigest() != sha:
            return f"pydyf's {qualname} is not the one the patch was written for"
    return None


def _remembered(compute: Callable[[Any], bytes]) -> property:
    """`compute` (an object's ``data``) remembered for numbered objects while a write runs."""
    def data(self: Any) -> bytes:
        memo = getattr(_local, "memo", None)
        if memo is None or self.number is None:  # outside a write, or a direct object
            return compute(self)
        kept = memo.get(id(self))
        if kept is None:
            kept = memo[id(self)] = (self, compute(self))  # the object held: its id stays its own
        return kept[1]
    return property(data)


def stream_data(self: Any) -> bytes:
    """pydyf 0.13's ``Stream.data``, bytes items taken as they are (its `_to_bytes` returns them)."""
    import pydyf

    to_bytes = pydyf._to_bytes
    stream = b"\n".join([item if type(item) is bytes else to_bytes(item) for item in self.stream])
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        compressobj = zlib.compressobj(level=9)
        stream = compressobj.compress(stream)
        stream += compressobj.flush()
    extra["Length"] = len(stream)
    return b"\n".join((extra.data, b"stream", stream, b"endstream"))


def to_bytes(item: Any) -> bytes:
    """pydyf 0.13's `_to_bytes`, its commonest types tested first by exact type: the same bytes
    (each branch is the original's for that type; any other type goes to the original)."""
    kind = type(item)
    if kind is bytes:
        return item
    if kind is float:
        if item.is_integer():
            return str(int(item)).encode("ascii")
        return f"{item:f}".rstrip("0").encode("ascii")
    if kind is str or kind is int:
        return str(item).encode("ascii")
    return _state["pristine"]["_to_bytes"](item)


def _write(original: Callable) -> Callable:
    @functools.wraps(original)
    def write(self: Any, *args: Any, **kwargs: Any) -> Any:
        outer = getattr(_local, "memo", None)
        _local.memo = {}
        try:
            return original(self, *args, **kwargs)
        finally:
            _local.memo = outer  # (a PDF written inside a write keeps the outer one's memory)
    return write


def install() -> bool:
    """Install the patch (once); True if pydyf runs with it."""
    if "installed" not in _state:
        _state["installed"] = _install()
    return bool(_state["installed"])


def _install() -> bool:
    import pydyf

    why = refusal(pydyf)
    if why:
        logging.getLogger("frspub").debug("pydyf patch not applied (%s)", why)
        return False
    _state["pristine"] = {qualname: _function(pydyf, qualname) for qualname in PINNED}
    _state["originals"] = {name: vars(getattr(pydyf, name))["data"] for name in DATA_CLASSES}
    _state["write"] = pydyf.PDF.write
    for name in DATA_CLASSES:
        compute = stream_data if name == "Stream" else _function(pydyf, f"{name}.data")
        setattr(getattr(pydyf, name), "data", _remembered(compute))
    pydyf.PDF.write = _write(pydyf.PDF.write)
    pydyf._to_bytes = to_bytes  # pydyf's functions find it in their module at each call
    return True
