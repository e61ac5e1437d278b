"""render/pydyfonce: pydyf 0.13 serialises each object of a PDF/A file once (its identifier's
MD5 made it serialise and compress everything twice), and the file's bytes stay the same."""
from __future__ import annotations

import zlib

import pytest

from frspub.render import pydyfonce, weasyload, weasypatch

HTML = """<html lang="fr"><head><title>Essai</title><style>@page { size: A6 }</style></head><body>
<h1>Titre</h1><p>Un paragraphe accentué, <a href="https://example.org">un lien</a>.</p>
<p style="color: #236">Un autre ; <b>gras</b> et <i>italique</i>, « guillemets ».</p></body></html>"""


def _write(monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int, int]:
    """The PDF/A of HTML, the number of zlib compressions and of streams written."""
    import pydyf

    weasyprint = weasyload.load()
    compressions = []
    real = zlib.compressobj

    def counting(*args: object, **kwargs: object) -> object:
        compressions.append(1)
        return real(*args, **kwargs)

    streams: list[int] = []
    write = pydyf.PDF.write

    def counted(self: pydyf.PDF, *args: object, **kwargs: object) -> object:
        result = write(self, *args, **kwargs)
        streams.append(sum(isinstance(o, pydyf.Stream) for o in self.objects))
        return result

    document = weasyprint.HTML(string=HTML).render()
    with monkeypatch.context() as patch:
        patch.setattr(zlib, "compressobj", counting)
        patch.setattr(pydyf.PDF, "write", counted)
        data = document.write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)
    return data, len(compressions), streams[0]


def _unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf

    for name, value in pydyfonce._state["originals"].items():
        monkeypatch.setattr(getattr(pydyf, name), "data", value)
    monkeypatch.setattr(pydyf.PDF, "write", pydyfonce._state["write"])
    monkeypatch.setattr(pydyf, "_to_bytes", pydyfonce._state["pristine"]["_to_bytes"])


def test_each_stream_is_compressed_once_and_the_bytes_are_pydyfs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert weasypatch.apply() is not None and pydyfonce.install()
    patched, once, streams = _write(monkeypatch)
    with monkeypatch.context() as patch:
        _unpatched(patch)
        plain, twice, same_streams = _write(patch)
    assert streams == same_streams > 3  # page contents, font programs, ICC profile, object and xref streams
    # pydyf alone compresses every stream but the cross-reference one twice (the MD5 of /ID)
    assert twice == 2 * streams - 1 and once == streams
    assert patched == plain and b"/ID" in patched


def test_to_bytes_writes_what_pydyf_writes() -> None:
    import pydyf

    assert pydyfonce.install()
    original = pydyfonce._state["pristine"]["_to_bytes"]
    values = [b"q", "/Span", 0, -3, 12345678901234, True, 0.0, -0.0, 1.5, -2.25, 1e-7, 123456.789, 1e20,
              float("inf"), 1 / 3, pydyf.Array([1, 2.5]), pydyf.Dictionary({"MCID": 3}), bytearray(b"x")]
    assert [pydyfonce.to_bytes(v) for v in values] == [original(v) for v in values]
    with pytest.raises(UnicodeEncodeError):
        pydyfonce.to_bytes("é")


def test_the_memory_lives_for_one_write_only() -> None:
    import pydyf

    assert pydyfonce.install()
    stream = pydyf.Stream([b"q", b"Q"])
    stream.number = 4
    first = stream.data
    stream.stream.append(b"BT")  # outside a write, nothing is remembered
    assert stream.data != first and getattr(pydyfonce._local, "memo", None) is None


def test_it_refuses_another_version_or_source(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf

    assert pydyfonce.refusal(pydyf) is None
    monkeypatch.setattr(pydyf, "__version__", "0.12.1")
    assert "0.13.0" in (pydyfonce.refusal(pydyf) or "")
    monkeypatch.setattr(pydyf, "__version__", pydyfonce.VERSION)
    monkeypatch.setitem(pydyfonce.PINNED, "PDF.write", "0" * 64)
    assert "PDF.write" in (pydyfonce.refusal(pydyf) or "")
