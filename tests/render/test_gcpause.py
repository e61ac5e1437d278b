"""`render.gcpause`: collection off while an edition is made, back as it was after."""
from __future__ import annotations

import gc

import pytest

from frspub.render import gcpause


def test_collection_is_off_inside_and_back_after_even_on_error() -> None:
    assert gc.isenabled()
    with gcpause.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gcpause.paused():
        raise RuntimeError("an edition failed")
    assert gc.isenabled()


def test_a_process_that_never_collects_stays_so() -> None:  # build.pdfside's PDF process
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
