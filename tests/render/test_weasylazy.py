"""`render.weasylazy`: fontTools' subsetter and instancer run at their first use, and a variable
font's PDF is byte for byte the one made with them imported up front."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frspub.render import weasylazy

# Renders a line in the given font, in a fresh process: "lazy" as frspub loads WeasyPrint,
# "eager" with the two modules imported first (as WeasyPrint's own import would).
PROBE = """
import hashlib, json, sys
if sys.argv[1] == "eager":
    import fontTools.subset, fontTools.varLib.instancer
from frspub.render import weasylazy, weasyload
weasyprint = weasyload.load()
names = [name for name, _ in weasylazy.DEFERRED]
before = {name: weasylazy.loaded(name) for name in names}
html = ("<style>@font-face { font-family: V; src: url(%s) } body { font: 600 20pt V }</style><p>AaA aA</p>"
        % sys.argv[2])
pdf = weasyprint.HTML(string=html).write_pdf()
after = {name: weasylazy.loaded(name) for name in names}
from fontTools import subset
has_subsetter = hasattr(subset, "Subsetter")
import fontTools.varLib
varlib_holds_it = fontTools.varLib.instancer is sys.modules["fontTools.varLib.instancer"]
print(json.dumps({"before": before, "after": after, "sha": hashlib.sha256(pdf).hexdigest(),
                  "size": len(pdf), "subset_loaded": has_subsetter and weasylazy.loaded("fontTools.subset"),
                  "varlib_holds_it": varlib_holds_it}))
"""


def variable_font(path: Path) -> Path:
    """A TrueType font with a weight axis (fvar) and deltas for one glyph (gvar)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables.TupleVariation import TupleVariation

    def box(width: int) -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.lineTo((width, 700))
        pen.lineTo((width, 0))
        pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "space", "A", "a"])
    fb.setupCharacterMap({32: "space", 65: "A", 97: "a"})
    fb.setupGlyf({".notdef": box(450), "space": TTGlyphPen(None).glyph(), "A": box(550), "a": box(400)})
    fb.setupHorizontalMetrics({".notdef": (500, 50), "space": (250, 0), "A": (600, 50), "a": (450, 50)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "FrspubVar", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    deltas = [(0, 0), (0, 0), (150, 0), (150, 0), (0, 0), (0, 0), (0, 0), (0, 0)]  # A's right side, + phantoms
    fb.setupGvar({"A": [TupleVariation({"wght": (0, 1.0, 1.0)}, deltas)], ".notdef": [], "space": [], "a": []})
    fb.save(str(path))
    return path


def probe(how: str, font: Path) -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # the instanced font's head.modified
    out = subprocess.run([sys.executable, "-c", PROBE, how, font.as_uri()], capture_output=True,
                         text=True, check=True, env=env)
    assert "Unable to instantiate" not in out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_pins_hold_here() -> None:
    """The installed WeasyPrint and fontTools are the pinned ones: the deferral is not silently off."""
    code = "from frspub.render import weasylazy; print(weasylazy.applies())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.skipif(not weasylazy.applies() and "weasyprint.pdf.fonts" not in sys.modules,
                    reason="another WeasyPrint or fontTools")
def test_a_variable_font_loads_the_instancer_at_its_first_use_with_the_same_bytes(tmp_path: Path) -> None:
    font = variable_font(tmp_path / "var.ttf")
    lazy, eager = probe("lazy", font), probe("eager", font)
    names = [name for name, _ in weasylazy.DEFERRED]
    assert lazy["before"] == dict.fromkeys(names, False)  # WeasyPrint imported, none of the three run
    assert lazy["after"]["fontTools.varLib.instancer"]  # the fvar font
    assert lazy["varlib_holds_it"] is True
    assert not lazy["after"]["fontTools.subset"]  # HarfBuzz subsets: the subsetter still waits
    assert lazy["subset_loaded"] is True  # its first attribute runs it
    assert eager["before"] == dict.fromkeys(names, True)
    assert lazy["sha"] == eager["sha"] and lazy["size"] > 1000


def test_a_submodule_imported_first_leaves_its_package_whole() -> None:
    """``import fontTools.subset.cff`` before the subsetter runs: the package's code, when it runs,
    finds the submodule imported (no second patching of fontTools' table classes)."""
    code = ("from frspub.render import weasylazy; assert weasylazy.install(); "
            "import fontTools.subset.cff; from fontTools import subset; "
            "print(weasylazy.loaded('fontTools.subset'), subset.Subsetter.__module__, weasylazy.loaded('fontTools.subset'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "fontTools.subset", "True"]
