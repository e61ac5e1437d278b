"""Imported once by the preview server's fork server (`cancel.PRELOAD`): every edition
process forked from it starts with frspub's worker and WeasyPrint imported and warmed up
(a one-line PDF made: the C bindings' types parsed, fontconfig loaded; the hyphenation
patterns of the print languages parsed), instead of paying 0.4 s of imports and about
0.4 s of first use on each save; then, when the server names its project (`warm.ENV`),
the project's first note's HTML edition made once and thrown away (its print HTML and glyph
check: templates, catalogs, fonts' coverage)."""
from __future__ import annotations

import gc

import pikepdf  # noqa: F401 - what a worker imports as it goes, imported once here

from frspub.build import cache, handover, warm, worker  # noqa: F401
from frspub.note import source  # noqa: F401
from frspub.render import epub, figures, fragments, html, pdf, weasyload, weasypatch  # noqa: F401
from frspub.translation import catalog, labels, translate  # noqa: F401
from frspub.web import site  # noqa: F401

weasyprint = weasyload.load()  # its library search made quick
weasypatch.apply()
try:
    weasyprint.HTML(string="<p>frspub</p>").write_pdf()
    import pyphen

    for lang in ("fr", "en_US"):  # render/hyphenation's print languages; pyphen keeps them parsed
        pyphen.Pyphen(lang=lang)
    warm.from_environment()
except Exception:  # noqa: BLE001 - a warm-up only: the editions report what is wrong
    pass
# What every edition process inherits stays out of its collections (it never collects: `cancel`).
gc.collect()
gc.freeze()
