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
