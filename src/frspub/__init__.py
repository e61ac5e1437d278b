"""frspub: compile one canonical French note plus gettext translations into
FRS-styled PDF, HTML and EPUB editions (French, English, Japanese)."""

__version__ = "0.1.0"
