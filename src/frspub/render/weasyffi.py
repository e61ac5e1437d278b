"""C declarations loaded as cffi's type tables, not parsed with pycparser: ~0.1 s of every PDF.

cffi's in-line mode (``ffi = FFI(); ffi.cdef(text)``) parses the declarations with pycparser
(pure Python) when WeasyPrint's ``text/ffi.py`` is imported (~40 ms), and parses again every
distinct type string at its first ``ffi.new``/``ffi.cast`` (``'PangoRectangle *'``, and one
``'hb_codepoint_t[N]'`` per N in WeasyPrint's ``pdf/fonts.py``: 20 parses, ~60 ms in the
French PDF process).  cffi's out-of-line ABI mode (``set_source(name, None)`` +
``emit_python_code``) turns the same declarations into a small Python module of type tables,
which ``_cffi_backend`` loads, and whose type strings its C parser reads: no pycparser at all,
no C compiler either.

`prebuilt(name, key, source)` gives such an FFI: from the cache folder (a file named by `key`,
the C declarations' version, and by cffi's backend version), or made there on first need (and
by `make`) and written atomically.  Anything failing (no writable folder, a broken file, another cffi) gives
None, and the caller does as usual.  The FFI takes `cdef` once with its very declarations
(checked by SHA-256) and `dlopen`s as cffi's in-line FFI does (a name with a dot or slash as it
is, then ``ctypes.util.find_library``): the same libraries, functions, constants and types.
`given_to_weasyprint` hands it to WeasyPrint's ``text/ffi.py`` as the ``cffi.FFI()`` it makes.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import os
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

import _cffi_backend

from frspub.project import user_cache

GENERATOR = "1"  # bumped when the generated file's form changes
WEASYPRINT_MODULE = "weasyprint.text.ffi"


def folder() -> Path:
    """Where the generated modules are kept: the user's cache (one per machine, not per project:
    a fresh copy of a project finds them)."""
    return user_cache("cffi")


class Prebuilt(_cffi_backend.FFI):
    """An out-of-line FFI standing in for ``cffi.FFI()`` + ``cdef(source)``."""

    source_sha256 = ""  # of the declarations the type tables were made from (set per instance)

    def cdef(self, source: str, override: bool = False, packed: bool = False, pack: int | None = None) -> None:
        """The declarations are already in: only the very text they were made from is taken."""
        if hashlib.sha256(source.encode()).hexdigest() != self.source_sha256 or override or packed or pack:
            raise RuntimeError("frspub.render.weasyffi: cdef with other declarations than the prebuilt ones")

    def dlopen(self, name, flags: int = 0):  # noqa: ANN001, ANN201 (as cffi.FFI.dlopen)
        """As cffi's in-line ``FFI.dlopen`` (``api._load_backend_lib``): the out-of-line one only
        dlopens the name it is given."""
        if not isinstance(name, str):
            return super().dlopen(name, flags)
        first_error = None
        if "." in name or "/" in name or os.sep in name:
            try:
                return super().dlopen(name, flags)
            except OSError as error:
                first_error = error
        import ctypes.util

        path = ctypes.util.find_library(name)
        if path is None:
            msg = f"ctypes.util.find_library() did not manage to locate a library called {name!r}"
            raise OSError(f"{first_error}.  Additionally, {msg}" if first_error else msg)
        return super().dlopen(path, flags)


def prebuilt(name: str, key: str, source: Callable[[], str]) -> Prebuilt | None:
    """The FFI of the declarations `source()` gives (asked only when generating), known by `key`;
    None when it can be neither loaded nor made."""
    tag = hashlib.sha256(f"{key}:{_cffi_backend.__version__}:{GENERATOR}".encode()).hexdigest()[:20]
    try:
        path = folder() / f"{name}-{tag}.py"
        if not path.exists():
            _generate(path, source())
        return _load(path, f"_frspub_cffi_{name}_{tag}")
    except Exception:  # noqa: BLE001 (any failure: the caller parses the declarations as usual)
        return None


def declared(name: str, source: str):  # -> Prebuilt | cffi.FFI
    """An FFI knowing `source`'s declarations: prebuilt (`prebuilt`, known by their SHA-256),
    else cffi's own after ``cdef(source)``."""
    ffi = prebuilt(name, hashlib.sha256(source.encode()).hexdigest(), lambda: source)
    if ffi is None:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(source)
    return ffi


def _generate(path: Path, source: str) -> None:
    """cffi's out-of-line module of `source`, written atomically at `path`, with its bytecode."""
    import py_compile
    import tempfile

    import cffi

    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path.parent)
    # The temporary file first: a read-only folder costs no parse.
    fd, tmp = tempfile.mkstemp(prefix="partial-", suffix=".py", dir=path.parent)
    os.close(fd)
    try:
        ffi = cffi.FFI()
        ffi.cdef(source)
        ffi.set_source(path.stem.replace("-", "_"), None, compiler_verbose=False)  # (else it prints)
        emitted = io.StringIO()
        ffi.emit_python_code(emitted)
        text = emitted.getvalue()
        # The instance made is a `Prebuilt` (given as FFI when loading) knowing its declarations.
        if text.count("import _cffi_backend\n") != 1 or text.count("= _cffi_backend.FFI(") != 1:
            raise RuntimeError("unexpected cffi output")
        text = text.replace("import _cffi_backend\n", "").replace("= _cffi_backend.FFI(", "= FFI(")
        sha = hashlib.sha256(source.encode()).hexdigest()
        Path(tmp).write_text(f"# frspub.render.weasyffi, from declarations of SHA-256 {sha}\n{text}"
                             f"ffi.source_sha256 = {sha!r}\n")
        py_compile.compile(tmp, cfile=importlib.util.cache_from_source(str(path)), doraise=True)
        os.replace(tmp, path)  # after its bytecode: whoever finds the file finds both
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _sweep(folder: Path) -> None:
    """Remove what a process killed while generating left (a build kills its unused spare)."""
    import time

    for stale in folder.glob("partial-*.py"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < time.time() - 3600:
                stale.unlink()


def _load(path: Path, module: str) -> Prebuilt:
    spec = importlib.util.spec_from_file_location(module, path)
    assert spec is not None and spec.loader is not None
    namespace = importlib.util.module_from_spec(spec)
    namespace.FFI = Prebuilt  # type: ignore[attr-defined]
    spec.loader.exec_module(namespace)
    ffi = namespace.ffi  # type: ignore[attr-defined]
    if not isinstance(ffi, Prebuilt) or not ffi.source_sha256:
        raise RuntimeError(f"{path}: not a prebuilt FFI")
    return ffi


def weasyprint_declarations(ffi_py: Path) -> str:
    """The text WeasyPrint's ``text/ffi.py`` gives ``ffi.cdef`` (its one call)."""
    import ast

    calls = [node for node in ast.walk(ast.parse(ffi_py.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cdef"]
    if len(calls) != 1 or not isinstance(calls[0].args[0], ast.Constant):
        raise RuntimeError(f"{ffi_py}: not one cdef of a literal")
    return calls[0].args[0].value


@contextlib.contextmanager
def given_to_weasyprint(ffi: Prebuilt) -> Iterator[None]:
    """While WeasyPrint is imported in this thread, the ``cffi.FFI()`` its ``text/ffi.py`` makes
    is `ffi` (any other caller, or thread, gets cffi's own)."""
    import cffi

    real = cffi.FFI
    me = threading.get_ident()

    class FFI(real):  # type: ignore[misc, valid-type]
        def __new__(cls, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
            caller = sys._getframe(1).f_globals.get("__name__")
            if caller == WEASYPRINT_MODULE and threading.get_ident() == me and not args and not kwargs:
                return ffi  # not an instance of cls: no __init__ follows
            return real(*args, **kwargs)

    cffi.FFI = FFI
    try:
        yield
    finally:
        cffi.FFI = real
