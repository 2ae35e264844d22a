"""The package follows the data: no module imports from a later stage, and there is no import cycle.

Stages, in the order data flows (README, "How it works"); a module may import its own stage and
earlier ones. Imports inside functions count too: a lazy import hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fazhi_ie"
STAGES = [
    ("types", "text", "lexicons", "numbers", "resources"),
    ("document",),
    ("taggers",),
    ("records",),
    ("indicators",),
    ("pipeline",),
    ("tables", "panel", "evaluation", "batch", "parts"),
    ("integrations", "cli"),
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}
FACADE = {"fazhi_ie", "fazhi_ie.__main__"}  # the public API re-exports every stage


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every fazhi_ie module ``path`` imports (absolute names, module or package)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "fazhi_ie":
                continue
            for alias in node.names:  # from . import lexicons: the module, not its package's __init__
                candidate = f"{target}.{alias.name}"
                where = PACKAGE.parent / candidate.replace(".", "/")
                found.add(candidate if where.with_suffix(".py").is_file() or where.is_dir() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "fazhi_ie")
    return found - {name}


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def stage(name: str) -> int | None:
    parts = name.split(".")
    return RANK.get(parts[1]) if len(parts) > 1 else None


def test_every_module_belongs_to_a_stage():
    assert [name for name in MODULES if name not in FACADE and stage(name) is None] == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n not in FACADE))
def test_no_import_from_a_later_stage(name):
    later = sorted(t for t in GRAPH[name] if t in FACADE or (stage(t) or 0) > stage(name))
    assert later == [], f"{name} (stage {stage(name)}) imports later stages: {later}"


def test_no_import_cycle():
    def resolve(target: str) -> str | None:
        return target if target in GRAPH else None

    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(filter(None, map(resolve, GRAPH[node]))):
            if target in FACADE:
                continue
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state and name not in FACADE:
            visit(name, [name])
    # a package's __init__ importing its own submodules (and they its registry) is not a cycle of stages,
    # but every other loop is
    real = [c for c in cycles if not all(m.startswith(c[0].rsplit(".", 1)[0]) for m in c)]
    assert real == [], real


def test_the_checker_sees_imports():
    # guards against a vacuous pass: the pipeline imports the taggers and the records
    assert {"fazhi_ie.taggers", "fazhi_ie.records"} <= GRAPH["fazhi_ie.pipeline"]
    assert "fazhi_ie.lexicons" in GRAPH["fazhi_ie.records"]
