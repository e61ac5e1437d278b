"""What the pinned WeasyPrint patches do alike: decide once whether to install (each patch's
`refusal` checks the version and the SHA-256 of the source it edits), and compile WeasyPrint's
own function again from its edited source.

`render/weasypatch`, `render/weasyparse` and `render/weasysheet` each wrote these lines;
`render/weasyfootarea` and `render/weasypercent` decide through `decided` too.  The older
patches (weasyhyphens, weasylastpage, pydyfonce, weasydraw, weasysame) pin and install in their
own ways.
"""
from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any, Callable

from frspub.log import log


def decided(state: dict[str, Any], refusal: Callable[[], str | None], what: str) -> bool | None:
    """An install's answer when already known, or when `refusal` gives a reason (logged once,
    at debug: WeasyPrint then runs as it is); None: install now."""
    if "installed" in state:
        return bool(state["installed"])
    why = refusal()
    if why:
        log.debug("%s not installed (%s)", what, why)
        state["installed"] = False
        return False
    return None


def recompiled(function: Any, source: str, module: ModuleType) -> Any:
    """`function` made again from `source` (its own source, edited, same line count, at module
    level) in `module`'s namespace.  Padded with the lines above it so that a traceback through
    it names WeasyPrint's own file and lines."""
    first = inspect.getsourcelines(function)[1]
    code = compile("\n" * (first - 1) + source, module.__file__ or "<weasyprint>", "exec")
    made: dict[str, Any] = {}
    exec(code, vars(module), made)  # noqa: S102 - WeasyPrint's own source, checked by its hash
    return made[function.__name__]
