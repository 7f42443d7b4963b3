"""Loading rule data from ``extractor/patterns/<dimension>/<lang>.yaml``, typed and validated.

Rules are data (the design of facebook/duckling's per-language rule files): every rule has a
readable ``name`` that extracted records carry, so a wrong record leads to its rule. The files
ship inside the package (read with ``importlib.resources``, so a wheel works as well as a
checkout). Each file has a schema, a dataclass per mapping (``rule_files``); a file is checked
against it on load (as scrapinghub/dateparser checks its language data): an unknown key, a
missing key or a value of the wrong type fails at once with the file and the key at fault,
not later with a KeyError. Rule names are unique in a file and every regex compiles.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, Union

import regex
import yaml

from . import rule_files
from .errors import ExtractorError

__all__ = ["RuleError", "load", "rules_path", "word_list", "SCHEMAS", "validate"]

#: the schema of each rule file, by dimension
SCHEMAS: dict[str, type[rule_files.Node]] = {
    "acronyms": rule_files.AcronymRules,
    "dates": rule_files.DateRules,
    "figures": rule_files.FigureRules,
    "layout": rule_files.LayoutRules,
    "nlp": rule_files.NlpRules,
    "organisations": rule_files.OrganisationRules,
    "quality": rule_files.QualityRules,
    "repair": rule_files.RepairRules,
    "tables": rule_files.TableRules,
}

N = TypeVar("N", bound=rule_files.Node)


#: libyaml's safe loader where PyYAML was built with it (it reads the rule files the same,
#: seven times faster): the rule files are read at every start
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleError(ExtractorError):
    """A rule file is malformed."""


def rules_path(dimension: str, lang: str = "fr") -> Path:
    """Where the rule file of ``dimension`` is (inside the installed package)."""
    return Path(str(resources.files("extractor") / "patterns" / dimension / f"{lang}.yaml"))


@functools.lru_cache(maxsize=None)
def load(dimension: str, lang: str = "fr") -> Any:
    """The parsed, validated rule file of one dimension, as its schema's dataclass (rule files
    are package data: they do not change while the process runs, so it is read once)."""
    path = rules_path(dimension, lang)
    schema = SCHEMAS.get(dimension)
    if schema is None:
        raise RuleError(path, f"no schema for the rule dimension {dimension!r}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError:
        raise RuleError(path, "rule file not found") from None
    except yaml.YAMLError as exc:
        raise RuleError(path, f"invalid YAML: {exc}".splitlines()[0]) from None
    return parse(schema, data, path)


def parse(schema: type[N], data: Any, path: Path) -> N:
    """``data`` (parsed YAML) checked against ``schema`` and built into it."""
    if not isinstance(data, dict):
        raise RuleError(path, "top level must be a mapping")
    validate(data, path)
    return _build(schema, data, path, path.parent.name)


def _build(cls: type[N], data: Any, path: Path, where: str) -> N:
    if not isinstance(data, dict):
        raise RuleError(path, f"{where} must be a mapping")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise RuleError(path, f"{where}: unknown key {key!r}")
    values = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise RuleError(path, f"{where}: missing key {name!r}")
            continue
        values[name] = _convert(hints[name], data[name], path, f"{where}.{name}")
    return cls(**values)


def _convert(tp: Any, value: Any, path: Path, where: str) -> Any:
    """``value`` checked against the type ``tp`` (values are kept as YAML gave them: an int
    where a float is expected stays an int, as the code always read it)."""
    if tp is Any:
        return value
    if isinstance(tp, type) and issubclass(tp, rule_files.Node):
        return _build(tp, value, path, where)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                if value is None:
                    return None
                continue
            try:
                return _convert(arg, value, path, where)
            except RuleError:
                pass
        names = " or ".join(getattr(a, "__name__", str(a)) for a in args)
        raise RuleError(path, f"{where} must be {names}, not {type(value).__name__}")
    if origin is list:
        if not isinstance(value, list):
            raise RuleError(path, f"{where} must be a list")
        return [_convert(args[0], v, path, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise RuleError(path, f"{where} must be a mapping")
        for k in value:
            _convert(args[0], k, path, f"{where} key {k!r}")
        return {k: _convert(args[1], v, path, f"{where}.{k}") for k, v in value.items()}
    ok = {
        bool: isinstance(value, bool),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, (int, float)) and not isinstance(value, bool),
        str: isinstance(value, str),
    }.get(tp)
    if ok is None:
        raise TypeError(f"rule schema type {tp!r} is not supported")  # a schema bug, not a file's
    if not ok:
        raise RuleError(path, f"{where} must be {tp.__name__}, not {type(value).__name__}")
    return value


def validate(data: dict[str, Any], path: Path) -> None:
    """Every list named ``rules`` (at any depth) holds mappings with a name unique in the file
    and a ``pattern`` that compiles with the ``regex`` module (or a spaCy token ``pattern``
    list)."""
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

    walk(data, path.parent.name)


def word_list(dimension: str, key: str, lang: str = "fr") -> frozenset[str]:
    """A list of words from a rule file, lower-cased, as a set."""
    values = load(dimension, lang).get(key) or []
    return frozenset(str(v).lower() for v in values)
