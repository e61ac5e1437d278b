"""`render.weasyload`: WeasyPrint imported with the same C libraries, without spawning the
library search's processes (ldconfig, gcc, ld)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, subprocess, sys
spawned = []
real = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    spawned.append(args if isinstance(args, str) else " ".join(map(str, args)))
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counting
import ctypes.util
before = ctypes.util.find_library
if sys.argv[1] == "weasyload":
    from frspub.render import weasyload
    applies = weasyload.shortcut_applies()
    weasyload.load()
else:
    applies = None
    import weasyprint
libs = sorted({line.split()[-1] for line in open("/proc/self/maps")
               if any(k in line for k in ("gobject", "pango", "harfbuzz", "fontconfig"))})
print(json.dumps({"libs": libs, "spawned": spawned, "applies": applies,
                  "restored": ctypes.util.find_library is before}))
"""


def probe(how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux")
def test_weasyprint_loads_the_same_libraries_without_spawning_the_search() -> None:
    quick, usual = probe("weasyload"), probe("plain")
    assert quick["applies"] is True  # WeasyPrint 70.0's ffi.py and its sonames, on this machine
    assert quick["spawned"] == []  # no ldconfig, gcc, ld
    assert any("ldconfig" in cmd or "gcc" in cmd for cmd in usual["spawned"])  # what it saves
    assert quick["libs"] == usual["libs"] and any("libpango-1.0.so" in lib for lib in quick["libs"])
    assert quick["restored"] is True  # find_library is the real one again


def test_another_ffi_module_takes_the_usual_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from frspub.render import weasyload

    monkeypatch.setattr(weasyload, "FFI_SHA256", "0" * 64)  # as if WeasyPrint were another version
    assert weasyload.shortcut_applies() is False
