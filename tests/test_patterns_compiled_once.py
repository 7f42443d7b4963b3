"""The pipeline's modules compile a constant pattern once, at import (a module constant, or
``core.text.compiled`` for a pattern read from the rule files), never on each call:
``regex.search(r"...", s)`` looks the pattern up in regex's own cache every time, 3 µs a call,
and some readers run for every cell, label and line of a report. Read from the source."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
#: the layers a document goes through (quality and review run once per report, not per line)
PIPELINE = ["core", "layout", "nlp", "extract"]
#: regex's module functions that take a pattern and compile it on the fly
ON_THE_FLY = {"search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}


def calls_with_a_constant_pattern(source: str) -> list[int]:
    """Lines where a function calls ``regex.<function>`` with a string literal as its pattern."""
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (in_function and isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id == "regex"
                    and child.func.attr in ON_THE_FLY and child.args
                    and isinstance(child.args[0], ast.Constant) and isinstance(child.args[0].value, str)):
                found.append(child.lineno)
            visit(child, inside)

    visit(ast.parse(source), False)
    return found


MODULES = sorted(p for layer in PIPELINE for p in (PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_constant_patterns_are_compiled_at_import(path):
    lines = calls_with_a_constant_pattern(path.read_text(encoding="utf-8"))
    assert not lines, f"{path.relative_to(PACKAGE)}: regex called with a constant pattern on lines {lines}"


def test_a_pattern_compiled_on_each_call_is_seen():
    source = ('import regex\n_OK = regex.sub(r"a", "", "x")\n'
              'def f(s):\n    return regex.sub(r"\\\\d+", "#", s), _OK.search(s), regex.escape(s)\n')
    assert calls_with_a_constant_pattern(source) == [4]
