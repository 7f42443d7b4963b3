"""The rule loader: every rule file ships in the package and matches its schema; a malformed
file fails with the file and the key at fault."""
from __future__ import annotations

from pathlib import Path

import pytest

import extractor
from extractor.core import rule_files, rules


@pytest.mark.parametrize("dimension", sorted(rules.SCHEMAS))
def test_every_rule_file_is_package_data_and_loads(dimension):
    path = rules.rules_path(dimension)
    assert Path(extractor.__file__).parent in path.parents
    assert isinstance(rules.load(dimension), rules.SCHEMAS[dimension])


def test_every_rule_file_has_a_schema():
    folders = {p.parent.name for p in (Path(extractor.__file__).parent / "patterns").glob("*/fr.yaml")}
    assert folders == set(rules.SCHEMAS)


def _parse(data, schema=rule_files.NlpRules):
    return rules.parse(schema, data, Path("/x/patterns/nlp/fr.yaml"))


GOOD = {"ner": {"rules": [{"name": "a", "pattern": "b"}]}, "margin_tokens": 4}


def test_a_good_mapping_is_built_into_its_dataclass():
    conf = _parse(GOOD)
    assert conf.margin_tokens == 4 and conf.ner.rules[0].name == "a"
    assert conf["ner"]["rules"][0]["pattern"] == "b"  # read by key as well


@pytest.mark.parametrize("data, message", [
    ({**GOOD, "margin": 4}, "nlp: unknown key 'margin'"),
    ({"ner": GOOD["ner"]}, "nlp: missing key 'margin_tokens'"),
    ({**GOOD, "margin_tokens": "4"}, "nlp.margin_tokens must be int"),
    ({**GOOD, "ner": {"rules": [{"name": "a", "pattern": "b", "flags": 1}]}}, "nlp.ner.rules[0]: unknown key 'flags'"),
    ({**GOOD, "ner": {"rules": [{"name": "a", "pattern": "(b"}]}}, "bad regex"),
    ({**GOOD, "ner": {"rules": [{"name": "a", "pattern": "b"}] * 2}}, "duplicate rule name 'a'"),
    ([1, 2], "top level must be a mapping"),
])
def test_a_malformed_file_names_the_file_and_the_key(data, message):
    with pytest.raises(rules.RuleError) as err:
        _parse(data)
    assert str(err.value).startswith("/x/patterns/nlp/fr.yaml: ")
    assert message in str(err.value)


def test_an_optional_key_reads_as_absent():
    rule = rules.load("figures").numbers.rules[0]
    assert rule.verbose is True and "verbose" in rule
    scale = rules.load("figures").scales.rules[0]
    assert scale.unit is None and "unit" not in scale and scale.get("unit", "-") == "-"


def test_a_rule_node_reads_like_the_mapping_the_file_gives():
    from dataclasses import dataclass

    from extractor.core.rule_files import Node

    @dataclass(frozen=True, kw_only=True)
    class Sample(Node):
        given: str
        optional: str | None = None

    node = Sample(given="x")
    assert list(node.keys()) == ["given"] and "given" in node and node["given"] == "x"
    assert node.get("optional", "default") == "default"
    for key in ("optional", "keys", "no_such_key", 3):  # a key the file leaves out, a method, strangers
        assert key not in node
        with pytest.raises(KeyError):
            node[key]
    figures = rules.load("figures")
    assert figures["numbers"] is figures.numbers and all(k in figures for k in figures.keys())
