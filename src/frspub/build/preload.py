"""Imported once by the preview server's fork server (`cancel.PRELOAD`): every edition
process forked from it starts with frspub's worker and WeasyPrint imported and warmed up
(a one-line PDF made: the C bindings' types parsed, fontconfig loaded), instead of
paying 0.4 s of imports and about 0.4 s of first use on each save."""
from __future__ import annotations

import weasyprint

from frspub.build import worker  # noqa: F401 - imported for the processes forked from here
from frspub.render import weasypatch

weasypatch.apply()
try:
    weasyprint.HTML(string="<p>frspub</p>").write_pdf()
except Exception:  # noqa: BLE001 - a warm-up only: the editions report what is wrong
    pass
