"""`render.weasyffi`: C declarations as cffi's prebuilt type tables give the same types,
functions and constants as cffi's parse of them, and anything amiss falls back on the parse."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import cffi
import pytest

from frspub.render import fonts, weasyffi, weasyload

SONAMES = weasyload.SONAMES + ("libharfbuzz-subset.so.0",)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "frspub" / "cffi"


def _shape(ffi, name: str, names: dict[str, str]) -> tuple:  # noqa: ANN001
    """A type's kind, size, alignment and fields (name, type, offset, bits), by its C name as
    cffi's parse spells it (out-of-line, a typedef of a tagged struct is named `struct tag`)."""
    ctype = ffi.typeof(name)
    try:
        size = (ffi.sizeof(ctype), ffi.alignof(ctype))  # (first: cffi asserts on a lazy struct's fields)
    except Exception:  # noqa: BLE001 (opaque: ValueError in-line, ffi.error out-of-line)
        return _named(ctype.cname, names), ctype.kind, None, None
    fields = ([(n, _named(f.type.cname, names), f.offset, f.bitshift, f.bitsize) for n, f in ctype.fields]
              if ctype.kind == "struct" else None)
    return _named(ctype.cname, names), ctype.kind, size, fields


def _named(cname: str, names: dict[str, str]) -> str:
    return re.sub(r"(?:struct|enum) \w+", lambda m: names.get(m.group(0), m.group(0)), cname)


def _library(ffi, soname: str, names: dict[str, str]) -> dict:  # noqa: ANN001
    """Every declared name the library resolves: a function's C type and address, a constant's value."""
    lib, found = ffi.dlopen(soname), {}
    for name in sorted(dir(lib)):
        try:
            value = getattr(lib, name)
        except Exception:  # noqa: BLE001 (another library's symbol: AttributeError in-line, ffi.error out-of-line)
            continue
        found[name] = value if isinstance(value, int) else (_named(ffi.typeof(value).cname, names), int(ffi.cast("uintptr_t", value)))
    return found


@pytest.mark.parametrize("which", ["weasyprint", "frspub-harfbuzz"])
def test_prebuilt_types_functions_and_constants_are_cffis_parse(which: str, cache: Path) -> None:
    if which == "weasyprint":
        assert weasyload.shortcut_applies()  # WeasyPrint 70.0's ffi.py, whose SHA-256 is the key
        source = weasyffi.weasyprint_declarations(weasyload._ffi_py())
        built = weasyffi.prebuilt(which, weasyload.FFI_SHA256, lambda: source)
    else:
        source = fonts._CDEF + fonts._CDEF_SUBSET
        built = weasyffi.declared(which, source)
    parsed = cffi.FFI()
    parsed.cdef(source)
    assert isinstance(built, weasyffi.Prebuilt) and list(cache.glob(f"{which}-*.py"))
    built.cdef(source)  # WeasyPrint's call: taken (its own declarations)
    with pytest.raises(RuntimeError):
        built.cdef(source + "int more;")
    typedefs, structs, unions = parsed.list_types()
    assert built.list_types() == (typedefs, structs, unions) and len(typedefs) >= 6
    names = {built.typeof(t).cname: parsed.typeof(t).cname for t in typedefs}  # 'struct _FcConfig': 'FcConfig'
    for name in typedefs + [f"struct {s}" for s in structs]:
        assert _shape(built, name, names) == _shape(parsed, name, {}), name
    resolved = {soname: _library(built, soname, names) for soname in SONAMES}
    assert resolved == {soname: _library(parsed, soname, {}) for soname in SONAMES}
    assert resolved["libharfbuzz.so.0"]["hb_face_destroy"] and resolved["libharfbuzz-subset.so.0"]
    for text, size in (("hb_codepoint_t[]", 3), ("hb_codepoint_t[7]", None), ("unsigned int *", None)):
        assert built.typeof(built.new(text, size)).cname == parsed.typeof(parsed.new(text, size)).cname


def test_dlopen_as_cffis_own(cache: Path) -> None:
    """Out-of-line, cffi only dlopens the given name; in-line it then asks find_library."""
    built = weasyffi.declared("frspub-harfbuzz", fonts._CDEF)
    parsed = cffi.FFI()
    parsed.cdef(fonts._CDEF)
    found = [ffi.cast("uintptr_t", ffi.dlopen("harfbuzz").hb_set_create) for ffi in (built, parsed)]
    assert int(found[0]) == int(found[1]) != 0  # find_library("harfbuzz"): libharfbuzz.so.0
    for ffi in (built, parsed):
        with pytest.raises(OSError, match="find_library"):
            ffi.dlopen("no-such-library-anywhere")


def test_an_unwritable_cache_or_a_broken_file_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a file: no folder can be made there
    assert weasyffi.prebuilt("frspub-harfbuzz", "k", lambda: fonts._CDEF) is None
    ffi = weasyffi.declared("frspub-harfbuzz", fonts._CDEF)
    assert type(ffi) is cffi.FFI and ffi.sizeof("hb_codepoint_t") == 4
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert weasyffi.prebuilt("x", "k", lambda: fonts._CDEF) is not None
    for made in (tmp_path / "frspub" / "cffi").glob("x-*.py"):
        made.write_text("ffi = 1\n")  # another cffi's output, a truncated file…
    assert weasyffi.prebuilt("x", "k", lambda: fonts._CDEF) is None
    assert weasyffi.prebuilt("x", "k", lambda: "this is not C") is None  # (cached: not asked)
    assert weasyffi.prebuilt("y", "k", lambda: "this is not C") is None


def test_what_a_killed_process_left_is_swept(cache: Path) -> None:
    import os

    cache.mkdir(parents=True)
    old, new = cache / "partial-old.py", cache / "partial-new.py"
    for left in (old, new):
        left.write_text("")
    os.utime(old, (1, 1))
    assert weasyffi.prebuilt("x", "k", lambda: fonts._CDEF) is not None  # generated: the folder swept
    assert not old.exists() and new.exists()  # (one being written now is left alone)


PROBE = """
import json, sys
from frspub.render import weasyload
weasyload.load()
from weasyprint.text import ffi
print(json.dumps({"ffi": type(ffi.ffi).__name__, "pycparser": "pycparser" in sys.modules,
                  "cffi.FFI": sys.modules["cffi"].FFI.__module__, "units": ffi.TO_UNITS}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="with weasyload's shortcut, for Linux")
def test_weasyprint_takes_the_prebuilt_ffi_or_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    def probe(cache: Path) -> dict:
        env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env)
        assert out.stderr == ""  # no warning, no message from cffi
        return json.loads(out.stdout)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # made here as `weasyload.load` makes it on first need
    source = weasyffi.weasyprint_declarations(weasyload._ffi_py())
    assert weasyffi.prebuilt("weasyprint", weasyload.FFI_SHA256, lambda: source) is not None
    assert capfd.readouterr() == ("", "")  # (cffi prints "generating …" unless told not to)
    assert probe(tmp_path) == {"ffi": "Prebuilt", "pycparser": False, "cffi.FFI": "cffi.api", "units": 1024}
    (tmp_path / "file").write_text("")  # no folder can be made there: WeasyPrint's own parse
    assert probe(tmp_path / "file") == {"ffi": "FFI", "pycparser": True, "cffi.FFI": "cffi.api", "units": 1024}
