"""frspub.images: which files a figure may show, checked before anything reads them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from frspub.note import images


def note_in(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "proj"
    (root / "source" / "fr").mkdir(parents=True)
    return root, root / "source" / "fr" / "note.md"


def png(path: Path, size: tuple[int, int] = (40, 30), dpi: int | None = 300) -> Path:
    Image.new("RGB", size, (10, 80, 160)).save(path, **({"dpi": (dpi, dpi)} if dpi else {}))
    return path


def test_a_png_beside_the_note_is_read_with_its_size_and_resolution(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    png(note.parent / "carte.png")
    pic = images.load(images.resolve("carte.png", note, root), "carte.png")
    assert (pic.mime, pic.width, pic.height, round(pic.dpi or 0)) == ("image/png", 40, 30, 300)
    assert pic.data_uri().startswith("data:image/png;base64,iVBOR")


def test_jpeg_is_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    Image.new("RGB", (20, 20)).save(note.parent / "photo.png", format="JPEG")
    assert images.load(images.resolve("photo.png", note, root), "photo.png").mime == "image/jpeg"


@pytest.mark.parametrize("ref", ["/etc/passwd", "file:///etc/passwd", "https://example.org/a.png",
                                 "../../../../etc/passwd", "..\\..\\x.png", "data:image/png;base64,AAAA"])
def test_paths_out_of_the_project_or_urls_are_refused(tmp_path: Path, ref: str) -> None:
    root, note = note_in(tmp_path)
    with pytest.raises(ValueError, match="relative to the note|outside the project|/ separators"):
        images.resolve(ref, note, root)


def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    outside = png(tmp_path / "secret.png")
    os.symlink(outside, note.parent / "lien.png")
    with pytest.raises(ValueError, match="outside the project"):
        images.resolve("lien.png", note, root)


@pytest.mark.parametrize("content, message", [
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG, JPEG or SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged or unreadable"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "contains <script>"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect onclick='x()'/></svg>", "event handler"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
     b"<image xlink:href='file:///etc/passwd'/></svg>", "refers to another file"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(http://x/a.css);</style></svg>",
     "stylesheet refers to another file"),
    (b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]>"
     b"<svg xmlns='http://www.w3.org/2000/svg'><text>&b;</text></svg>", "entities"),
    (b"<svg><rect/></svg>", "SVG namespace"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "not well-formed"),
])
def test_unsafe_or_broken_files_are_refused_with_the_reason(tmp_path: Path, content: bytes, message: str) -> None:
    root, note = note_in(tmp_path)
    (note.parent / "figure.img").write_bytes(content)
    with pytest.raises(ValueError, match=message):
        images.load(images.resolve("figure.img", note, root), "figure.img")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    (note.parent / "dossier.png").mkdir()
    with pytest.raises(ValueError, match="not found"):
        images.load(images.resolve("absente.png", note, root), "absente.png")
    with pytest.raises(ValueError, match="folder"):
        images.load(images.resolve("dossier.png", note, root), "dossier.png")


def test_a_self_contained_svg_is_accepted(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    (note.parent / "c.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><defs><linearGradient id='g'/>"
                                       "</defs><rect fill='url(#g)' width='5' height='5'/><use href='#g'/></svg>")
    assert images.load(images.resolve("c.svg", note, root), "c.svg").mime == "image/svg+xml"


def test_language_variant_name() -> None:
    assert images.variant(Path("/p/source/fr/carte.png"), "ja") == Path("/p/source/fr/carte.ja.png")


def test_a_paint_server_in_another_file_is_refused(tmp_path: Path) -> None:
    root, note = note_in(tmp_path)
    (note.parent / "c.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>"
                                       "<rect fill='url(http://example.org/p.svg#g)'/></svg>")
    with pytest.raises(ValueError, match="fill refers to another file"):
        images.load(images.resolve("c.svg", note, root), "c.svg")
