#!/bin/sh
# Install the Debian packages frspub needs, or say in one line what to install.
# Usage: tools/system-deps.sh build|test
#   build: fonts (Noto Serif/Sans, Noto CJK), gettext (msgfmt checks PO syntax),
#          HarfBuzz subsetting (fast font subsetting in WeasyPrint), Pango,
#          Python venv support.
#   test:  the above plus poppler-utils (pdftotext, pdftoppm), Chromium,
#          a Java runtime (EPUBCheck, Nu Html Checker), npm (vnu-jar, Ace), OmegaT and
#          PDFBox preflight; LibreOffice Writer (it writes the .docx and .odt files
#          `frspub new --from` is tested on).
set -eu
want="libharfbuzz0b libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk fonts-dejavu-core gettext"
python3 -c "import venv, ensurepip" 2>/dev/null || want="$want python3-venv"
if [ "${1:-build}" = test ]; then
  want="$want poppler-utils chromium omegat libreoffice-writer-nogui"  # omegat: its TMX 1.4 schema checks our memory; LibreOffice writes the Word test files
  # PDFBox preflight (PDF/A-1b validator, the XMP rules PDF/A-2 shares) and the JAXB and activation
  # jars it needs on a Java without them
  want="$want libpdfbox2-java libactivation-java libjaxb-api-java"
  command -v java >/dev/null 2>&1 || want="$want default-jre-headless"
  command -v npm >/dev/null 2>&1 || want="$want npm"
fi
missing=""
for pkg in $want; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "frspub needs these Debian packages: sudo apt-get install$missing" >&2
  exit 1
fi
