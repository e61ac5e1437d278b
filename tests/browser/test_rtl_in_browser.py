"""The Arabic HTML edition in Chromium: a mirrored page, checked by positions (render/rtl)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from projects import SLUG

# Right edge of every line of each block (a line's text boxes, split by bidi runs and note calls,
# grouped by their vertical middle), and the block's own content edge (its box less padding).
EDGES = """sel => [...document.querySelectorAll(sel)].map(el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const boxes = [...range.getClientRects()].filter(r => r.width > 0)
    .map(r => ({mid: (r.top + r.bottom) / 2, right: r.right})).sort((a, b) => a.mid - b.mid);
  const style = getComputedStyle(el), half = parseFloat(style.lineHeight) / 2, rights = [];
  let mid = -1e9;
  for (const b of boxes) {
    if (b.mid - mid > half) { rights.push(b.right); mid = b.mid; }
    else rights[rights.length - 1] = Math.max(rights[rights.length - 1], b.right);
  }
  return {edge: el.getBoundingClientRect().right - parseFloat(style.paddingRight),
          direction: style.direction, rights};
})"""


def test_arabic_page_is_mirrored(page: Any, rtl_built: Path, artifacts: Path) -> None:
    page.set_viewport_size({"width": 800, "height": 1000})
    page.goto((rtl_built / "build" / "ar" / f"{SLUG}.html").as_uri())
    page.screenshot(path=artifacts / "rtl-ar.png")
    # no horizontal scrolling (an element waiting off the left would widen an RTL page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    paragraphs = page.evaluate(EDGES, "#text > p")
    assert len(paragraphs) >= 5
    for block in paragraphs:
        assert block["direction"] == "rtl"
        # every line starts at the right margin (justified lines end flush on both sides)
        assert max(abs(r - block["edge"]) for r in block["rights"]) < 1.5, block
    # the note area: each note starts at the right, under its number
    notes = page.evaluate("""() => [...document.querySelectorAll('.footnote')].map(n => [
      n.getBoundingClientRect().right, n.querySelector('.fn-label').getBoundingClientRect().right,
      n.querySelector('.fn-label').getBoundingClientRect().left, n.querySelector('.fn-body').getBoundingClientRect().right])""")
    assert len(notes) >= 5
    for box, label_right, label_left, body_right in notes:
        assert abs(label_right - box) < 1.5 and body_right <= label_left + 0.5, notes
    for block in page.evaluate(EDGES, ".fn-body p"):
        assert max(abs(r - block["edge"]) for r in block["rights"]) < 1.5, block
    # the Sommaire's numbers (list markers, outside their items) stand right of their entries
    ol_right, li_right, ol_left, li_left = page.evaluate("""() => {
      const ol = document.querySelector('.toc ol'), li = ol.querySelector('li');
      const o = ol.getBoundingClientRect(), l = li.getBoundingClientRect();
      return [o.right, l.right, o.left, l.left]; }""")
    assert ol_right - li_right > 10 and abs(li_left - ol_left) < 1.5
