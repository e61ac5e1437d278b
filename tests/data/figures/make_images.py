"""Draw the sample figures of tests/data/figures (run once; the images are committed).

A schematic map of the Rason area with French place names (carte.png) and the same map
with Japanese ones (carte.ja.png), 1200×900 pixels at 300 dpi; the SVG chart is written
by hand (echanges.svg).  The data shown are illustrative, not facts.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent / "source" / "fr"
LATIN = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NAMES = {"fr": ["Rason", "Vladivostok", "Tumen (fleuve)", "Mer du Japon", "CHINE", "RUSSIE", "CORÉE DU NORD"],
         "ja": ["羅先", "ウラジオストク", "豆満江", "日本海", "中国", "ロシア", "北朝鮮"]}


def draw(lang: str, out: Path) -> None:
    im = Image.new("RGB", (1200, 900), (214, 232, 245))
    d = ImageDraw.Draw(im)
    d.polygon([(0, 0), (700, 0), (640, 380), (520, 520), (380, 900), (0, 900)], fill=(236, 230, 210))
    d.polygon([(700, 0), (1200, 0), (1200, 260), (900, 330), (640, 380)], fill=(225, 220, 196))
    d.line([(640, 380), (520, 520)], fill=(40, 90, 160), width=8)
    d.ellipse([(575, 410), (605, 440)], fill=(180, 30, 30))
    d.ellipse([(895, 300), (925, 330)], fill=(60, 60, 60))
    font = ImageFont.truetype(CJK if lang == "ja" else LATIN, 40, index=0)
    big = ImageFont.truetype(CJK if lang == "ja" else LATIN, 52, index=0)
    n = NAMES[lang]
    d.text((620, 440), n[0], font=font, fill=(120, 20, 20))
    d.text((850, 340), n[1], font=font, fill=(30, 30, 30))
    d.text((430, 560), n[2], font=font, fill=(40, 90, 160))
    d.text((820, 640), n[3], font=big, fill=(60, 100, 150))
    d.text((120, 200), n[4], font=big, fill=(90, 80, 60))
    d.text((900, 120), n[5], font=big, fill=(90, 80, 60))
    d.text((80, 700), n[6], font=big, fill=(90, 80, 60))
    im.save(out, dpi=(300, 300), optimize=True)


draw("fr", HERE / "carte.png")
draw("ja", HERE / "carte.ja.png")
