"""Organisations: a spaCy ``EntityRuler`` fed from ``patterns/organisations/fr.yaml`` and from
the document's own acronym definitions, over spaCy's NER.

The French model (trained on Wikipedia) labels "Cnaf" LOC and "Cour" ORG; an organisation is
therefore decided by rules and by the document: an acronym whose expansion names an
organisation (``Acronym.kind == "organisation"``: a caisse, an agence, a fonds…) is one, and
its long and short forms are counted together as its mentions. Benefits (Aah, Rsa), laws
(Essoc) and places (Paris, Lyon) never are. NER ``ORG`` entities are kept only when they open
with an organisation's head word and no rule already covers them.
"""
from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from typing import TYPE_CHECKING

from ..core import rules
from ..core.document import Document
from ..core.records import Acronym, Organisation
from ..core.text import fold
from . import acronyms
from .acronyms import KNOWN_BODY, document_of
from .named_organisations import Name, company_names, head_words, named_spans, names_a_kind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DIMENSION", "LABEL", "acronym_patterns", "rule_patterns", "ruler_spans", "document_spans",
    "keep_ner", "extract", "make_component"
]

DIMENSION = "organisations"
LABEL = "ORG"


def acronym_patterns(acronyms: list[Acronym]) -> list[dict]:
    """EntityRuler patterns for the organisations the document defines: the acronym as
    written (and in capitals) and its long forms (matched case-insensitively)."""
    patterns = []
    for a in acronyms:
        # "Agence régionale de l'emploi" is of the organisation kind, but names no one body
        if a.kind != "organisation" or not a.expansion or names_a_kind(a.expansion):
            continue
        pid = f"acronym:{fold(a.acronym)}"
        patterns.append({"label": LABEL, "id": pid, "pattern": [{"TEXT": {"IN": sorted({a.acronym, a.acronym.upper()})}}]})
        for long in filter(None, {a.expansion, a.inline_expansion}):
            patterns.append({"label": LABEL, "id": pid, "pattern": long})
    return patterns


def rule_patterns() -> list[dict]:
    return [{"label": LABEL, "id": f"rule:{r['name']}", "pattern": r["pattern"]} for r in rules.load(DIMENSION)["rules"]]


@functools.lru_cache(maxsize=4)
def _blank(vocab) -> "Language":
    import spacy

    return spacy.blank("fr", vocab=vocab)


def ruler_spans(sdoc: "Doc", patterns: list[dict]) -> list:
    """The entities of ``sdoc`` after an EntityRuler with ``patterns`` (rules over NER). The
    Doc's own entities are left as they were."""
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(_blank(sdoc.vocab), phrase_matcher_attr="LOWER", overwrite_ents=True)
    ruler.add_patterns(patterns)
    return list(ruler(sdoc.copy()).ents)


@functools.lru_cache(maxsize=4)
def _rule_matcher(vocab):
    """A Matcher of the rule file's token patterns, each under its id (built once per vocab)."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for p in rule_patterns():
        matcher.add(p["id"], [p["pattern"]])
    return matcher


@functools.lru_cache(maxsize=None)
def _rule_openers() -> tuple[dict[str, frozenset[str]], int] | None:
    """What the first token of a rule match is (attribute → values, ``LOWER`` or ``ORTH``)
    and how long a match can be; None when a rule pattern is of another shape (then the
    whole Doc goes through the Matcher)."""
    attrs: dict[str, set[str]] = {"LOWER": set(), "ORTH": set()}
    longest = 0
    for rule in rule_patterns():
        pattern = rule["pattern"]
        if not isinstance(pattern, list) or not pattern:
            return None
        for spec in pattern:
            if not isinstance(spec, dict) or spec.get("OP") not in (None, "?"):
                return None
        longest = max(longest, len(pattern))
        for spec in pattern:  # a match opens on one of the specs up to the first mandatory one
            keys = [k for k in spec if k != "OP"]
            attr = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}.get(keys[0]) if len(keys) == 1 else None
            if attr is None:
                return None
            value = spec[keys[0]]
            if isinstance(value, str):
                attrs[attr].add(value)
            elif (isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list)
                  and all(isinstance(v, str) for v in value["IN"])):
                attrs[attr].update(value["IN"])
            else:
                return None
            if spec.get("OP") is None:
                break
        else:
            return None
    return {k: frozenset(v) for k, v in attrs.items()}, longest


def _rule_matches(sdoc: "Doc") -> list[tuple[int, int, int]]:
    """(key, start, end) of the rule patterns' matches: the Matcher runs only from the tokens
    a match can open on, over as many tokens as a match can take (a match inside such a
    window is one of the Doc: token patterns look at nothing but their tokens)."""
    import numpy
    from spacy.attrs import LOWER, ORTH
    from spacy.strings import get_string_id

    matcher = _rule_matcher(sdoc.vocab)
    openers = _rule_openers()
    if openers is None or not len(sdoc):
        return list(matcher(sdoc))
    values, longest = openers
    arr = sdoc.to_array([LOWER, ORTH])
    hit = numpy.zeros(len(sdoc), dtype=bool)
    for column, attr in ((0, "LOWER"), (1, "ORTH")):
        if values[attr]:
            hit |= _among(arr[:, column], [get_string_id(v) for v in values[attr]])
    out = []
    for i in numpy.flatnonzero(hit).tolist():
        for key, start, end in matcher(sdoc[i:i + longest]):
            if start == 0:
                out.append((key, i, i + end))
    return out


def _among(column, ids: list[int]):
    """Which tokens of a column of ``Doc.to_array`` (a token attribute: ``LOWER``,
    ``ORTH``) hold one of the string ``ids``, as a boolean array."""
    import numpy

    return numpy.isin(column, numpy.asarray(ids, dtype=column.dtype))


def _single_token_texts(pattern) -> list[str] | None:
    """The texts of a one-token ``[{"TEXT": {"IN": [...]}}]`` pattern, else None."""
    if (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)
            and list(pattern[0]) == ["TEXT"] and isinstance(pattern[0]["TEXT"], dict)
            and list(pattern[0]["TEXT"]) == ["IN"] and isinstance(pattern[0]["TEXT"]["IN"], list)
            and all(isinstance(t, str) for t in pattern[0]["TEXT"]["IN"])):
        return pattern[0]["TEXT"]["IN"]
    return None


def _matches(sdoc: "Doc", patterns: list[dict]) -> set[tuple[str, int, int]] | None:
    """(id, start, end) of every match of the rule patterns and of ``patterns`` (the
    document's acronym patterns) in ``sdoc``; None when a pattern is of another shape."""
    import numpy
    from spacy.attrs import ORTH
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.strings import get_string_id

    vocab = sdoc.vocab
    found: set[tuple[str, int, int]] = set()
    strings = vocab.strings
    for key, start, end in _rule_matches(sdoc):
        found.add((strings[key], start, end))
    by_text: dict[int, set[str]] = {}
    phrases: list[dict] = []
    other: list[dict] = []
    for p in patterns:
        if p.get("label") != LABEL or not p.get("id"):
            return None
        if isinstance(p["pattern"], str):
            phrases.append(p)
        elif (texts := _single_token_texts(p["pattern"])) is not None:
            for t in texts:
                by_text.setdefault(get_string_id(t), set()).add(p["id"])
        else:
            other.append(p)
    if by_text and len(sdoc):
        orth = sdoc.to_array(ORTH)
        hits = numpy.flatnonzero(_among(orth, list(by_text)))
        for i in hits.tolist():
            for pid in by_text[int(orth[i])]:
                found.add((pid, i, i + 1))
    if other:
        matcher = Matcher(vocab)
        for p in other:
            matcher.add(p["id"], [p["pattern"]])
        for key, start, end in matcher(sdoc):
            found.add((strings[key], start, end))
    if phrases:
        phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
        docs = list(_blank(vocab).pipe([p["pattern"] for p in phrases]))
        for p, pdoc in zip(phrases, docs):
            phrase_matcher.add(p["id"], [pdoc])
        for key, start, end in phrase_matcher(sdoc):
            found.add((strings[key], start, end))
    return {m for m in found if m[1] != m[2]}


def document_spans(sdoc: "Doc", acronyms: list[Acronym]) -> list[tuple]:
    """(span, ent_id) of ``ruler_spans(sdoc, rule_patterns() + acronym_patterns(acronyms))``,
    without building
    an EntityRuler nor copying the Doc: the rule patterns' Matcher is built once, a
    one-token acronym pattern is a look-up of token texts. Same spans: matches longest first,
    then leftmost, each kept unless it overlaps one already kept, over the NER entities it
    does not overlap. Two ids matching the very same tokens leave the choice to the
    EntityRuler's own order: that case goes through ``ruler_spans``."""
    from spacy.tokens import Span

    patterns = acronym_patterns(acronyms)
    found = _matches(sdoc, patterns)
    if found is None or len({(s, e) for _, s, e in found}) != len(found):  # a tie between two ids
        return [(span, span.ent_id_) for span in ruler_spans(sdoc, rule_patterns() + patterns)]
    seen: set[int] = set()
    new = []
    for pid, start, end in sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        if start not in seen and end - 1 not in seen:
            new.append((Span(sdoc, start, end, label=LABEL), pid))
            seen.update(range(start, end))
    kept = [(e, e.ent_id_) for e in sdoc.ents if seen.isdisjoint(range(e.start, e.end))]
    return sorted(kept + new, key=lambda e: e[0].start)


@functools.lru_cache(maxsize=None)
def _ner_conf() -> tuple[int, frozenset[str]]:
    conf = rules.load(DIMENSION)["ner"]
    return conf["max_words"], frozenset(fold(h) for h in conf["heads"])


def keep_ner(span, ent_id: str | None = None) -> bool:
    """An NER ORG entity worth keeping: opens with an organisation head word, is short and
    sits on one line (``ent_id``: the span's, when the caller knows it)."""
    if span.label_ != LABEL or (span.ent_id_ if ent_id is None else ent_id):
        return False
    max_words, heads = _ner_conf()
    tokens = [t for t in span if not t.is_space]
    return ("\n" not in span.text and 2 <= len(tokens) <= max_words and fold(tokens[0].text) in heads
            and not names_a_kind(span.text))


def extract(document: Document, sdoc: "Doc", acronyms: list[Acronym]) -> list[Organisation]:
    """Organisations of the document, one record each (long and short forms together), in
    order of first mention."""
    by_id = {f"acronym:{fold(a.acronym)}": a for a in acronyms}
    canonical = {f"rule:{r['name']}": r.get("canonical") for r in rules.load(DIMENSION)["rules"]}
    mentions: dict[str, list[int]] = defaultdict(list)  # key -> start offsets of its mentions
    # an organisation named by its words (no acronym, no canonical name): one record for
    # every spelling ("Ministère de la Justice", "ministère de la Justice"), named as first
    # printed, by the source that first gave it
    printed: dict[str, tuple[str, str]] = {}

    def by_name(text: str, source: str) -> str:
        name = " ".join(text.split())
        key = f"name:{fold(name)}"
        printed.setdefault(key, (name, source))
        return key

    ruled: list[tuple[int, int]] = []  # (start, end) of what the rules and acronyms name
    as_matched: list[tuple[str, int, int]] = []  # a rule's match named by its own text
    ner: list[tuple[str, int, int]] = []
    for span, ent_id in document_spans(sdoc, acronyms):
        if ent_id in by_id or canonical.get(ent_id):
            mentions[ent_id].append(span.start_char)
            ruled.append((span.start_char, span.end_char))
        elif ent_id:
            as_matched.append((span.text, span.start_char, span.end_char))
        elif keep_ner(span, ent_id):
            ner.append((span.text, span.start_char, span.end_char))
    # a name by its head word, where no acronym or canonical rule names anything; it stands
    # for the NER entities it covers ("Fondation nationale" of "Fondation nationale des
    # aidants") and for a rule's match it goes beyond ("ministère de la Culture" of
    # "ministère de la Culture numérique et solidaire")
    named = _longest_first(named_spans(document.text, _head_starts(sdoc)) + company_names(document.text))
    named = [n for n in named if not _overlaps(n.start, n.end, ruled)]
    for text, start, end in as_matched:
        if not any(n.start <= start and end <= n.end and end - start < n.end - n.start for n in named):
            mentions[by_name(text, "rules")].append(start)
            ruled.append((start, end))
    ruled.sort()
    named = [n for n in named if not _overlaps(n.start, n.end, ruled)]
    for n in named:
        mentions[by_name(n.name, "rules")].append(n.start)
    taken = [(n.start, n.end) for n in named]
    for text, start, end in ner:
        if not _overlaps(start, end, taken):
            mentions[by_name(text, "ner")].append(start)
    out = []
    for key, starts in sorted(mentions.items(), key=lambda kv: min(kv[1])):
        pages = sorted({p for s in starts if (p := document.page_at(s)) is not None})
        if key in by_id:
            a = by_id[key]
            out.append(Organisation(name=a.expansion or a.acronym, acronym=a.acronym, mentions=len(starts),
                                    pages=pages, source="lexicon" if a.rule == KNOWN_BODY else a.source))
        else:
            name, source = printed.get(key) or (canonical[key], "rules")
            out.append(Organisation(name=name, acronym=None, mentions=len(starts), pages=pages, source=source))
    return out


def _longest_first(names: list[Name]) -> list[Name]:
    """``names`` without overlaps, the longer of two kept (then the first), in text order."""
    kept: list[Name] = []
    for n in sorted(names, key=lambda n: (n.start - n.end, n.start)):
        if not _overlaps(n.start, n.end, kept):
            bisect.insort(kept, n)
    return kept


def _head_starts(sdoc: "Doc") -> list[int]:
    """Where the tokens that are a name's head word start (``named_organisations``)."""
    import numpy
    from spacy.attrs import LOWER
    from spacy.strings import get_string_id

    heads = head_words()
    if not len(sdoc):
        return []
    hits = numpy.flatnonzero(_among(sdoc.to_array(LOWER), [get_string_id(h) for h in heads]))
    return [sdoc[i].idx for i in hits.tolist()]


def _overlaps(start: int, end: int, spans: "Sequence[tuple[int, int] | Name]") -> bool:
    """Does ``start``–``end`` overlap one of ``spans`` (in text order, none overlapping
    another, as entities and names are: their ends are in order too)?"""
    i = bisect.bisect_right(spans, start, key=lambda span: span[1])  # the first ending after start
    return i < len(spans) and spans[i][0] < end


def make_component(nlp, name: str = "extractor_organisations"):
    """A pipeline component setting ``doc._.organisations``; it reads ``doc._.acronyms`` when
    the acronyms component ran before it, else extracts them."""
    from spacy.tokens import Doc


    Doc.set_extension("organisations", default=None, force=True)

    def component(doc: "Doc") -> "Doc":
        document = document_of(doc)
        found = doc._.acronyms if Doc.has_extension("acronyms") and doc._.acronyms is not None \
            else acronyms.extract(document, doc)
        doc._.organisations = extract(document, doc, found)
        return doc

    return component
