"""The formulas-and-citations note (tests/data/mathcite) built once in fr, en and ja."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import DATA, ROOT

from frspub.cli import main
from frspub.translation import catalog

MATHCITE = "maths-et-sources"
PSEUDO = {"en": "[EN] ", "ja": "［訳］"}


def pseudo_translate(root: Path, slug: str, lang: str) -> None:
    """msgstr = a marker + msgid: placeholders, formulas and citations kept as they are."""
    path = root / "source" / lang / f"{slug}.po"
    cat = catalog.load(path, lang)
    for msg in cat:
        if msg.id:
            msg.string = PSEUDO[lang] + msg.id
    catalog.save(cat, path)


@pytest.fixture(scope="session")
def mathcite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/mathcite updated, pseudo-translated and built (--strict); the project folder."""
    root = tmp_path_factory.mktemp("mathcite")
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    for lang in PSEUDO:
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    for lang in PSEUDO:
        pseudo_translate(root, MATHCITE, lang)
    assert main(["build", "-C", str(root), "-q", "--strict"]) == 0
    return root
