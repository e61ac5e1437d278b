"""A figure far larger than print needs is downscaled before WeasyPrint decodes it (issue 23:
a 59-megapixel PNG took a worker to 618 MB; downscaled, 372 MB, measured with `/usr/bin/time`)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from frspub.note import images
from frspub.render import raster


def picture(tmp_path: Path, size: tuple[int, int], fmt: str) -> images.Picture:
    path = tmp_path / f"image.{fmt.lower()}"
    im = Image.new("RGB", size, "white")
    for x in range(0, size[0], 7):  # something to resample
        im.paste((x % 255, 40, 120), (x, 0, x + 3, size[1]))
    im.save(path, fmt)
    return images.load(path, path.name)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_huge_image_is_downscaled_to_300_dpi_at_its_printed_width(tmp_path: Path, fmt: str) -> None:
    big = picture(tmp_path, (6000, 3000), fmt)
    small = raster.fit(big, raster.share("25%"))  # a quarter of A4's width: 2.07 in, 620 pixels at 300 dpi
    assert (small.width, small.height) == (620, 310)
    with Image.open(io.BytesIO(small.data)) as im:
        assert im.size == (620, 310) and im.format == fmt
        assert round(im.info["dpi"][0]) == 300
    assert small.mime == big.mime


def test_an_image_of_reasonable_size_passes_byte_for_byte(tmp_path: Path) -> None:
    pic = picture(tmp_path, (1200, 800), "PNG")  # 1200 pixels at 70 %: about 200 dpi on A4
    assert raster.fit(pic, raster.share("70%")) is pic
    assert raster.target_size(4900, 3000, 1.0) is None  # up to twice print's need: untouched
    assert raster.target_size(5000, 3000, 1.0) == (2480, 1488)


def test_a_tall_image_is_bounded_by_the_page_height() -> None:
    assert raster.target_size(1000, 20000, 1.0) == (175, 3507)
