#!/usr/bin/env bash
# Compare frspub's Japanese PDF (WeasyPrint) with the same print HTML set by Vivliostyle, the
# reference CSS typesetter for Japanese (text-autospace: the quarter-em aki between Japanese and
# Latin text or digits; punctuation compression; inter-character justification).
#
# Run from a built project (after `make setup` and `.venv/bin/frspub build --lang ja`):
#     bash tools/vivliostyle-compare.sh [SLUG] [PAGE]
# SLUG defaults to the only note in source/fr, PAGE (the page compared: the first body page, which
# holds the first paragraphs and footnotes in both PDFs) to 4.
#
# What it installs, and where:
#   - npm package @vivliostyle/cli 11.3.3 (or VIVLIOSTYLE_CLI=version) into .cache/vivliostyle/
#     (gitignored), with PUPPETEER_SKIP_DOWNLOAD=1: no browser is downloaded.  It runs on Debian's
#     Chromium (CHROMIUM, default /usr/bin/chromium; `apt-get install -y chromium` if absent),
#     through `vivliostyle build --executable-browser`.  Reinstalled only if missing or another version.
# What it reads: build/ja/SLUG.pdf (frspub's PDF; not rebuilt here).
# What it writes:
#   build/vivliostyle/ja/        print.html (frspub's print HTML, as WeasyPrint gets it, from
#                                tools/vivliostyle_compare.py), print.css, fonts.css + fonts/ (the
#                                same font files and subsets), vivliostyle.css (the added stylesheet)
#   build/vivliostyle/SLUG.ja.pdf   Vivliostyle's PDF
#   $ARTIFACTS/vivliostyle-vs-weasyprint-pPAGE.png   PAGE of both PDFs at 100 dpi, side by side
#   $ARTIFACTS/aki-detail.png    200 dpi crops (first body lines, the footnote with ウェビナー),
#                                side by side
#   and on stdout: versions, and per PDF how many non-final lines of body paragraphs end flush
#   (within 1 pt) at the right edge of the text block, and what pdftotext extracts of a line
#   mixing Japanese and Latin text.
# ARTIFACTS defaults to /work/artifacts.  Not part of `make test`.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ARTIFACTS=${ARTIFACTS:-/work/artifacts}
SLUG=${1:-$(basename "$(ls source/fr/*.md | head -n 1)" .md)}
PAGE=${2:-4}
PREFIX=$ROOT/.cache/vivliostyle
VIVLIOSTYLE=$PREFIX/node_modules/.bin/vivliostyle
OUT=$ROOT/build/vivliostyle
WEASY_PDF=$ROOT/build/ja/$SLUG.pdf
VIV_PDF=$OUT/$SLUG.ja.pdf

for tool in npm node pdftoppm pdftotext; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ -x "$PY" ] || { echo "no .venv: run make setup" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "no Chromium at $CHROMIUM: apt-get install -y chromium" >&2; exit 1; }
[ -f "$WEASY_PDF" ] || { echo "no $WEASY_PDF: run .venv/bin/frspub build --lang ja" >&2; exit 1; }

# 1. Vivliostyle CLI, without any browser download.
WANT=${VIVLIOSTYLE_CLI:-11.3.3}
HAVE=$(node -p "require('$PREFIX/node_modules/@vivliostyle/cli/package.json').version" 2>/dev/null || true)
if [ ! -x "$VIVLIOSTYLE" ] || [ "$HAVE" != "$WANT" ]; then
    mkdir -p "$PREFIX"
    PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
        npm install --no-audit --no-fund --prefix "$PREFIX" "@vivliostyle/cli@$WANT"
fi
echo "vivliostyle: $("$VIVLIOSTYLE" --version | tr '\n' ' ')"
echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
echo "weasyprint: $("$PY" -c 'import weasyprint; print(weasyprint.__version__)')"

# 2. The print HTML WeasyPrint gets, plus one stylesheet for Vivliostyle.
"$PY" tools/vivliostyle_compare.py print-html "$SLUG" ja "$OUT/ja" --extra vivliostyle.css
cat > "$OUT/ja/vivliostyle.css" <<'EOF'
/* Added for Vivliostyle only (CSS Text 4, as Vivliostyle implements it): quarter-em aki between
   Japanese and Latin letters or digits (JLReq 3.2.3), punctuation compression (text-spacing-trim,
   set by the shorthand), inter-character justification of the body's paragraphs. The shorthand
   comes first: text-autospace then overrides its autospace part. */
:lang(ja) {
  text-spacing: auto;
  text-autospace: ideograph-alpha ideograph-numeric;
}
:lang(ja) main p { text-align: justify; }
EOF
# Vivliostyle starts a local server (localhost) for the input directory; the page size comes from
# print.css (@page { size: A4 }).  vivliostyle-cli runs Chromium with --no-sandbox by default
# (its `sandbox` option defaults to false), so no flag is needed as root.
(cd "$OUT/ja" && "$VIVLIOSTYLE" build print.html --single-doc --executable-browser "$CHROMIUM" \
    -o "$VIV_PDF" --log-level info)

# 3. Images, 4. measurements.
mkdir -p "$ARTIFACTS"
VIV_LABEL="Vivliostyle $("$VIVLIOSTYLE" --version | sed -n 's/^core: //p') (CLI $("$VIVLIOSTYLE" --version | sed -n 's/^cli: //p'), $("$CHROMIUM" --version 2>/dev/null | awk '{print $1, $2}'))"
WEASY_LABEL="frspub: WeasyPrint $("$PY" -c 'import weasyprint; print(weasyprint.__version__)')"
"$PY" tools/vivliostyle_compare.py images "$WEASY_PDF" "$VIV_PDF" "$PAGE" "$WEASY_LABEL (page $PAGE)" \
    "$VIV_LABEL (page $PAGE)" "$ARTIFACTS/vivliostyle-vs-weasyprint-p$PAGE.png" "$ARTIFACTS/aki-detail.png"
echo "images: $ARTIFACTS/vivliostyle-vs-weasyprint-p$PAGE.png $ARTIFACTS/aki-detail.png"
"$PY" tools/vivliostyle_compare.py measure "$OUT/ja/print.html" "WeasyPrint=$WEASY_PDF" "Vivliostyle=$VIV_PDF"
