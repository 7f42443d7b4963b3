"""Loading and validating rule data from ``patterns/<dimension>/<lang>.yaml``.

Rules are data (the design of facebook/duckling's per-language rule files): every rule has a
readable ``name`` that extracted records carry, so a wrong record leads to its rule. Files are
validated on load (as scrapinghub/dateparser checks its language data): a malformed file
fails at once with the file and the key at fault, not later with a KeyError.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import ExtractorError

PATTERNS_DIR = Path(os.environ.get("EXTRACTOR_PATTERNS", Path(__file__).resolve().parent.parent / "patterns"))


class RuleError(ExtractorError):
    """A rule file is malformed."""


def rules_path(dimension: str, lang: str = "fr") -> Path:
    return PATTERNS_DIR / dimension / f"{lang}.yaml"


@functools.lru_cache(maxsize=None)
def load(dimension: str, lang: str = "fr") -> dict[str, Any]:
    """The parsed, validated rule file of one dimension (cached per process)."""
    path = rules_path(dimension, lang)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(path, "rule file not found") from None
    except yaml.YAMLError as exc:
        raise RuleError(path, f"invalid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise RuleError(path, "top level must be a mapping")
    validate(data, path)
    return data


def validate(data: dict[str, Any], path: Path) -> None:
    """Every list named ``rules`` (at any depth) holds mappings with a unique ``name`` and a
    ``pattern`` that compiles with the ``regex`` module (or a spaCy token ``pattern`` list)."""
    seen: set[str] = set()

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "rules":
                    if not isinstance(value, list):
                        raise RuleError(path, f"{where}.rules must be a list")
                    for i, rule in enumerate(value):
                        check_rule(rule, f"{where}.rules[{i}]")
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]")

    def check_rule(rule: Any, where: str) -> None:
        if not isinstance(rule, dict) or "name" not in rule or "pattern" not in rule:
            raise RuleError(path, f"{where} needs a name and a pattern")
        name = rule["name"]
        if name in seen:
            raise RuleError(path, f"{where}: duplicate rule name {name!r}")
        seen.add(name)
        pattern = rule["pattern"]
        if isinstance(pattern, str):
            try:
                regex.compile(pattern, regex.VERBOSE if rule.get("verbose") else 0)
            except regex.error as exc:
                raise RuleError(path, f"{where} ({name}): bad regex: {exc}") from None
        elif not isinstance(pattern, list):
            raise RuleError(path, f"{where} ({name}): pattern must be a regex string or a token list")

    walk(data, path.stem)


def word_list(dimension: str, key: str, lang: str = "fr") -> frozenset[str]:
    """A list of words from a rule file, lower-cased, as a set."""
    values = load(dimension, lang).get(key) or []
    return frozenset(str(v).lower() for v in values)
