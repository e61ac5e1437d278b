"""No cyclic garbage collection while an edition is made: 10-16 % of a PDF's time.

A WeasyPrint layout allocates hundreds of thousands of objects (boxes, styles, text
layouts) that live until the PDF is written: each collection that runs meanwhile (about
400 for the sample note, a few of them full) walks objects that are all still alive.
Measured in the French PDF's process: 0.17-0.43 s of collections; paused, the process
peaked 6 MB higher (the garbage of the edition, freed by the first collection after it,
or with the process).  `build.worker.run` pauses collection for each edition (the next
edition of a worker starts with the previous one's garbage collected); `build.pdfside`'s
process, which makes one PDF and ends, never collects.  Collection is process-wide: a
thread beside (the EPUB's) is not collected either meanwhile.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Collection off inside, back as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
