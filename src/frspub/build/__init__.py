"""Stage 5, the build: the one place that decides what is stale.

Takes a `Project`, languages, formats and options; returns a `run.Report` of
what was written, removed and left up to date.  `cache` keys every output by
content hashes and keeps the manifest; `run` plans the edition jobs whose key
changed, `jobs` runs them in worker processes (`worker`: plain data in, staged
files out), `publish` renames the files of each edition that fully succeeded
into place, and `published` describes what ``build/`` holds for the site.
"""
