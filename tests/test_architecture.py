"""The package layout is the pipeline: stage packages in order, no import circle, no
upward import, no module over 400 lines (issue 19).

Every import counts, at module level or inside a function: an import hidden in a
function is still a dependency, and hiding one to break a circle is what this forbids.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "frspub"
# The ground floor, then the stages in pipeline order, then the faces.
RANKS = {"": 0, "note": 1, "translation": 2, "render": 3, "web": 4, "build": 5, "preview": 6, "cli": 7}
GROUND = {"__init__", "project", "errors", "log", "diagnostics", "locale", "output", "conventions"}
FACES = {"__main__"}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The frspub modules `name` imports (anywhere in the file), resolved to modules."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def rank(name: str) -> int:
    parts = name.split(".")[1:]
    if not parts or (len(parts) == 1 and parts[0] in GROUND):
        return 0
    if len(parts) == 1 and parts[0] in FACES:
        return RANKS["cli"]
    return RANKS[parts[0]]


def test_every_module_belongs_to_a_stage_or_the_ground_floor() -> None:
    for name in modules():
        parts = name.split(".")[1:]
        assert not parts or parts[0] in RANKS or parts[0] in GROUND | FACES, f"{name} sits outside the stages"


def test_no_lower_stage_imports_a_higher_one() -> None:
    upward = [f"{a} -> {b}" for a, targets in graph().items() for b in targets
              if rank(b) > rank(a) and not (b.endswith("__init__") or b == a.rpartition(".")[0])]
    assert upward == []


def test_no_import_circle() -> None:
    edges = graph()
    # Package __init__ modules only carry docstrings; an import of the package is not a cycle.
    edges = {a: {b for b in targets if b not in (a.rpartition(".")[0], "frspub")} for a, targets in edges.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert circles == []


def test_no_module_over_400_lines() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_each_stage_says_what_it_takes_and_returns() -> None:
    for stage in RANKS:
        if stage:
            init = PACKAGE / stage / "__init__.py"
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert "takes" in doc.lower() and "returns" in doc.lower(), f"{stage}/__init__.py must say what the stage takes and returns"
