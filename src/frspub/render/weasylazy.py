"""fontTools' subsetter and instancer imported at their first use, not with WeasyPrint: ~0.1 s.

WeasyPrint 70.0's ``pdf/fonts.py`` imports ``fontTools.subset`` and
``fontTools.varLib.instancer`` at import (with them ``fontTools.varLib``, ``otTables``, the
colour and feature builders, ``pprint``…: 0.08-0.1 s of the PDF process's 0.35 s warm-up, on
the build's busy front).  It uses the subsetter only when HarfBuzz cannot subset a face (HarfBuzz
subsets every face here) and the instancer only for a variable font (frspub's stacks have none).

`install`, called by `weasyload.load` before WeasyPrint is imported, puts stand-ins for those
two modules in ``sys.modules`` (the subsetter also as ``fontTools.subset``, as an import would):
a `Deferred` module carries its spec, file, loader and ``__path__``, and runs the real module's
code, in itself, at the first attribute it lacks, so every later use is the real module's.
WeasyPrint's ``from fontTools.varLib.instancer import instantiateVariableFont`` binds a
forwarder (`_forwarder`) that loads the instancer at its first call and calls the real function.
``fontTools.varLib`` itself is not imported at all until the instancer's code imports it (its
``__init__`` then runs first, as usual); the loaded instancer is then set on it.  A submodule
imported before its deferred package runs (``import fontTools.subset.cff``: nobody here does)
runs alone; the package's code, when it runs, finds it imported.

Pinned: WeasyPrint's ``pdf/fonts.py`` of 70.0 (SHA-256: those import lines) and fontTools
4.69.1; with any other version, or one of the modules already imported, nothing is deferred.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import sys
import threading
import types
from pathlib import Path
from typing import Any, Callable

PDF_FONTS_SHA256 = "9ad9a202a416b84585e59d758e6b5e1b35604807dc3fa4472b6829bc5c4cdcb7"  # weasyprint/pdf/fonts.py, 70.0
FONTTOOLS_VERSION = "4.69.1"
# The deferred modules, and the names WeasyPrint imports from each with `from … import`.
DEFERRED = (("fontTools.subset", ()), ("fontTools.varLib.instancer", ("instantiateVariableFont",)))
_lock = threading.RLock()  # one load at a time; the loading thread's own lookups fall through


class Deferred(types.ModuleType):
    """A module whose code runs at the first attribute it lacks (then it is a plain module)."""

    def __getattr__(self, attr: str) -> Any:
        with _lock:
            if type(self) is Deferred:
                if self.__dict__.get("_frspub_loading"):  # the module's own code, running: as usual
                    raise AttributeError(attr)
                _load(self)
        return getattr(self, attr)


def install() -> bool:
    """Defer the two modules (once per process); False when the pins do not hold."""
    if not applies():
        return False
    import fontTools

    with _lock:
        paths = {"fontTools": list(fontTools.__path__)}
        specs = []
        for name, forwarded in DEFERRED:
            for package in _parents(name):  # found, not imported (fontTools.varLib's own code waits)
                if package not in paths:
                    found = importlib.machinery.PathFinder.find_spec(package, paths[package.rpartition(".")[0]])
                    if found is None or not found.submodule_search_locations:  # pragma: no cover
                        return False
                    paths[package] = list(found.submodule_search_locations)
            spec = importlib.machinery.PathFinder.find_spec(name, paths[name.rpartition(".")[0]])
            if spec is None or spec.loader is None:  # pragma: no cover - fontTools as pinned has them
                return False
            specs.append((spec, forwarded))
        for spec, forwarded in specs:  # all found: only then in sys.modules
            module = _deferred(spec, forwarded)
            if sys.modules.setdefault(spec.name, module) is module:  # (not imported meanwhile by another thread)
                _set_on_parent(module)
    return True


def applies() -> bool:
    """WeasyPrint's pdf/fonts.py and fontTools are the pinned ones, and neither deferred module
    (nor fontTools.varLib) is imported yet."""
    if any(name in sys.modules for name, _ in DEFERRED) or "weasyprint.pdf.fonts" in sys.modules \
            or "fontTools.varLib" in sys.modules:
        return False
    try:
        import fontTools

        spec = importlib.util.find_spec("weasyprint")
        if fontTools.version != FONTTOOLS_VERSION or spec is None or spec.origin is None:
            return False
        fonts_py = Path(spec.origin).parent / "pdf" / "fonts.py"
        return hashlib.sha256(fonts_py.read_bytes()).hexdigest() == PDF_FONTS_SHA256
    except (ImportError, OSError, AttributeError):
        return False


def loaded(name: str) -> bool:
    """The module `name` has run its code (or was never deferred)."""
    return type(sys.modules.get(name)) is not Deferred


def _deferred(spec: importlib.machinery.ModuleSpec, forwarded: tuple[str, ...]) -> Deferred:
    module = importlib.util.module_from_spec(spec)  # __spec__, __file__, __loader__, __path__
    for name in forwarded:
        module.__dict__[name] = _forwarder(module, name)
    module.__class__ = Deferred
    return module


def _forwarder(module: types.ModuleType, name: str) -> Callable[..., Any]:
    """A function standing for `module.name` until the module runs: it loads it and calls the
    real one (which the module's code puts in its place)."""
    def forward(*args: Any, **kwargs: Any) -> Any:
        if type(module) is Deferred:
            with _lock:
                if type(module) is Deferred:
                    _load(module)
        return getattr(module, name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    return forward


def _load(module: Deferred) -> None:
    """Run the real module's code in `module` (called with the lock held)."""
    spec = module.__spec__
    module.__dict__["_frspub_loading"] = True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(spec.name, None)  # as a failed import: the next import tries again
        raise
    finally:
        module.__dict__.pop("_frspub_loading", None)
        module.__class__ = types.ModuleType
    _set_on_parent(module)  # fontTools.varLib, imported by the instancer's code, holds it now


def _parents(name: str) -> list[str]:
    """The packages between fontTools and `name`: ["fontTools.varLib"] for the instancer."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def _set_on_parent(module: types.ModuleType) -> None:
    parent, _, child = module.__name__.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
