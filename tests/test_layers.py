"""The layers contract: imports point down only, and no module imports itself back.

    cli
    review
    quality
    batch
    io
    extractor (the public API: extract, Result, Config, records)
    pipeline
    extract
    nlp
    layout
    core (and _version)

A stage that needs something from a later one receives it as an argument. The graph is read
from the source (every ``import`` of every module, those under ``if TYPE_CHECKING`` and inside
functions too), so the test needs nothing installed and fails on the line at fault.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
LAYERS = ["core", "layout", "nlp", "extract", "pipeline", "extractor", "io", "batch", "quality", "review", "cli"]
#: the only modules that import the package's own modules inside functions: the CLI loads a
#: subcommand's stage when it runs, and the package gives the pipeline's names on first use,
#: so that `extractor --help` starts fast and `extract` starts its fork server first
LAZY = {"extractor.cli", "extractor"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
#: compiled modules (``from . import _glyphs`` imports a module, not a name of the package)
EXTENSIONS = {module_name(p) for p in PACKAGE.rglob("*.pyx")}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "extractor"
    return {"_version": "core"}.get(parts[1], parts[1])


def imports(module: str) -> list[tuple[str, int, bool, bool]]:
    """(imported module of the package, line, inside a function, under TYPE_CHECKING)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.split(".")[0] == "extractor":
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        if sub not in EXTENSIONS:
                            out.append((sub if sub in MODULES else target, child.lineno, in_function, type_only))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "extractor":
                        out.append((alias.name, child.lineno, in_function, type_only))
            is_type_block = (isinstance(child, ast.If) and isinstance(child.test, ast.Name)
                             and child.test.id == "TYPE_CHECKING")
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)),
                  type_only or is_type_block)

    visit(ast.parse(path.read_text(encoding="utf-8")), False, False)
    return out


def test_every_module_is_in_a_layer():
    assert {layer(m) for m in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    rank = LAYERS.index(layer(module))
    upward = [f"{MODULES[module].name}:{line} imports {target} ({layer(target)})"
              for target, line, _, _ in imports(module) if LAYERS.index(layer(target)) > rank]
    assert not upward, f"{module} ({layer(module)}) imports upward: {upward}"


@pytest.mark.parametrize("module", sorted(set(MODULES) - LAZY))
def test_imports_of_the_package_sit_at_the_top(module):
    inner = [f"line {line}: {target}" for target, line, in_function, _ in imports(module) if in_function]
    assert not inner, f"{module} imports inside functions: {inner}"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_no_import_cycles():
    graph = {m: {t for t, _, _, type_only in imports(m) if not type_only} for m in MODULES}
    assert cycles(graph) == []


def test_a_cycle_or_an_upward_import_is_seen():
    """The checks can fail: a made-up graph with a cycle, and the layer of a made-up import."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert LAYERS.index(layer("extractor.layout.repair")) < LAYERS.index(layer("extractor.extract.acronyms"))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_exports(module):
    """A small public surface, stated: every module has an ``__all__`` naming what it defines."""
    import importlib

    imported = importlib.import_module(module)
    assert hasattr(imported, "__all__"), f"{module} has no __all__"
    assert [name for name in imported.__all__ if not hasattr(imported, name)] == []
