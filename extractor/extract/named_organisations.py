"""Organisations named by a head word: "Fondation nationale des aidants", "Commune de Saint-Cyr",
"Centre culturel Le Phare", "UNION DES Maires RURAUX".

spaCy's NER runs only where the extractors read it, and the small French model labels few of
these names ORG; but a body's name follows one shape in French: a capitalised head word
(Fondation, Centre, Union…), its adjectives, then proper words and complements ("de
l'Aveyron", "des aidants"). The regex is built from ``patterns/organisations/fr.yaml``
(``named``), where the choices (heads, connectors left out) are explained.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from ..core import rules
from ..core.text import fold, word_alternation

__all__ = ["Name", "head_words", "named_spans", "company_names", "names_a_kind", "scoped_body"]

#: a gap inside a name: one space on the line
_GAP = r"[ \u00a0]"
#: after a connector the name goes on, over a line break too ("UNION DES" / "Communes")
_AFTER_CONNECTOR = r"[ \u00a0\n]"


#: an elided article or preposition before a word ("d'Angers", "l'Aveyron")
_ELIDED = regex.compile(r"^(?:[dlDL]['’])")


class Name(NamedTuple):
    start: int
    end: int
    name: str  #: as printed, white space made single spaces


class _Grammar(NamedTuple):
    name: regex.Pattern  #: a head word, its adjectives, proper words and complements
    proper: regex.Pattern  #: a proper word
    scope: regex.Pattern  #: an adjective that makes the name of the only such body
    local: regex.Pattern  #: an adjective of a territory
    scoped: frozenset[str]  #: heads (folded) that name a body only with a scope adjective
    #: a head, proper words, then complements that are proper words ("Groupe Jean Dupont de Lyon")
    proper_name: regex.Pattern
    max_words: int


@functools.lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    conf = rules.load("organisations")["named"]
    capitalised = conf["heads"] + conf["scoped_heads"]
    heads = set(capitalised) | {h.upper() for h in capitalised} | set(conf["lower_case_heads"])
    function = "|".join(regex.escape(w) for w in conf["function_words"])
    # a capitalised word that is not a function word, maybe after its article ("Le Phare")
    proper = (rf"(?:(?:Le|La|Les){_GAP})?(?!(?i:{function})(?![\p{{L}}\d]))"
              r"\p{Lu}[\p{L}\d&'’.-]*(?<!['’.])(?![\p{L}\d])")
    one_adjective = rf"(?:{conf['adjective']})(?![\p{{L}}\d'’-])"
    # adjectives may go in pairs ("de la Culture numérique et solidaire")
    adjective = rf"{one_adjective}(?:{_GAP}et{_GAP}{one_adjective})?"
    # a connector ending with an apostrophe holds on to its word ("de l'Aveyron"); another
    # is followed by a space, or a line break ("UNION DES" / "Communes")
    elided = [c for c in conf["connectors"] if c[-1] in "'’"]
    spaced = [c for c in conf["connectors"] if c[-1] not in "'’"]
    connector = (f"(?:(?i:{word_alternation(spaced)}){_AFTER_CONNECTOR}"
                 + (f"|(?i:{word_alternation(elided)})" if elided else "") + ")")
    word = r"\p{L}[\p{L}\d'’-]*(?<!['’])(?![\p{L}\d])"
    pattern = regex.compile(
        rf"(?<![\p{{L}}\d-])(?:{word_alternation(heads)})(?![\p{{L}}\d'’-])"
        rf"(?:{_GAP}{adjective})*"
        rf"(?:{_GAP}{proper}|{_GAP}{connector}{word}(?:{_GAP}{adjective})*)*",
        regex.V1)
    proper_name = rf"\S+(?:{_GAP}{proper})+(?:{_GAP}{connector}{proper}(?:{_GAP}{proper})*)*"
    return _Grammar(pattern, regex.compile(proper, regex.V1), regex.compile(rf"(?:{conf['scope']})$", regex.V1),
                    regex.compile(rf"(?:{conf['local_scope']})$", regex.V1),
                    frozenset(fold(h) for h in conf["scoped_heads"]), regex.compile(proper_name, regex.V1),
                    int(conf["max_words"]))



def head_words() -> frozenset[str]:
    """The head words, in lower case (as a token's ``LOWER``)."""
    conf = rules.load("organisations")["named"]
    return frozenset(h.lower() for h in conf["heads"] + conf["scoped_heads"])


def named_spans(text: str, starts: Iterable[int] | None = None) -> list[Name]:
    """Every organisation name of ``text`` that opens with a head word, in text order.
    ``starts``: where a head word may start (the offsets of the tokens that are one, when the
    caller has them): the pattern is then tried there only, which gives the same names (its
    lookbehind sees the text before) without scanning the whole text for 81 spellings."""
    grammar = _grammar()
    if starts is None:
        found: Iterable[regex.Match] = grammar.name.finditer(text)
    else:
        found = _matches_at(grammar.name, text, sorted(set(starts)))
    out = []
    for m in found:
        head, *rest = m.group(0).split()
        if rest and len(rest) < grammar.max_words and _names_one(head, rest, grammar):
            end = m.end()
            if grammar.proper.fullmatch(rest[0]) and not (head.isupper() and rest[0].isupper()):
                # a proper name right after the head ends with its proper words: what follows
                # in common words is the sentence's ("Groupe Jean Dupont du chiffre d'affaires")
                if (proper_name := grammar.proper_name.match(m.group(0))) is not None:
                    end = m.start() + proper_name.end()
            out.append(Name(m.start(), end, " ".join(text[m.start():end].split())))
    return out


@functools.lru_cache(maxsize=None)
def _company_grammar() -> tuple[regex.Pattern, regex.Pattern]:
    """(a legal form, the capitalised words that end right before one)."""
    conf = rules.load("organisations")["named"]
    function = "|".join(regex.escape(w) for w in conf["function_words"])
    forms = rf"(?:{word_alternation(conf['legal_forms'])})(?![\p{{L}}\d])"
    # a capitalised word that is neither a function word nor another company's legal form
    word = rf"(?!(?i:{function})(?![\p{{L}}\d]))(?!{forms})\p{{Lu}}[\p{{L}}\d&'’-]*(?<!['’])"
    # words may be joined by "et" or "&" ("Dupont et Fils SARL")
    before = rf"(?<![\p{{L}}\d'’&-])(?:{word}{_GAP}(?:(?:et|&){_GAP})?){{1,{int(conf['legal_form_words'])}}}\Z"
    return regex.compile(rf"(?<![\p{{L}}\d.]){forms}", regex.V1), regex.compile(before, regex.V1)


def company_names(text: str) -> list[Name]:
    """Companies named by their legal form ("Acme Inc.", "ACME INC.", "Dupont et Fils
    SARL"), in text order."""
    form, before = _company_grammar()
    out = []
    for m in form.finditer(text):
        window = max(0, m.start() - 200)
        if (name := before.search(text, window, m.start())) is not None:
            out.append(Name(name.start(), m.end(), " ".join(text[name.start():m.end()].split())))
    return out


def _matches_at(pattern: regex.Pattern, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` for a pattern whose matches start at one of ``starts``."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) is not None:
            end = m.end()
            yield m


def scoped_body(long_form: str) -> bool:
    """Does a long form open with a head that names a body only with a scope adjective, and
    that adjective ("Organisation mondiale de la santé", not "Organisation des ateliers")?"""
    grammar = _grammar()
    head, *rest = long_form.split() or [""]
    return fold(head) in grammar.scoped and bool(rest) and _scoped(rest[0], grammar)


def _scoped(adjective: str, grammar: _Grammar) -> bool:
    """Is ``adjective`` one that makes a name of a head with common words only?"""
    return bool(grammar.scope.match(adjective)) and not grammar.local.match(adjective)


def names_a_kind(long_form: str) -> bool:
    """Does an organisation's long form (an acronym's expansion: "Agence régionale de
    l'emploi") name a kind of body found in every territory, not one body? Its head's adjective
    is a territory's, and no proper word names which one."""
    grammar = _grammar()
    head, *rest = long_form.split() or [""]
    return bool(rest) and bool(grammar.local.match(rest[0])) and not _has_proper_word(head, rest, grammar)


def _has_proper_word(head: str, rest: list[str], grammar: _Grammar) -> bool:
    # a head in capitals is a heading's: its proper words are those in mixed case
    return any(grammar.proper.fullmatch(_ELIDED.sub("", w)) and not (head.isupper() and w.isupper()) for w in rest)


def _names_one(head: str, rest: list[str], grammar: _Grammar) -> bool:
    """Do ``head`` and the words after it name one body, or a kind of body?"""
    if fold(head) in grammar.scoped:  # "Groupe Jean Dupont", not "Groupe des Utilisateurs"
        return _scoped(rest[0], grammar) or _has_proper_word(head, rest[:1], grammar)
    named = _has_proper_word(head, rest, grammar)
    if head[0].islower():
        # a head in lower case ("la commune de Saint-Cyr", "l'université d'Angers") names one
        # body by a proper word after a connector or an adjective: "le centre de formation"
        # is a kind, "code commune INSEE" a head before another name
        return named and not grammar.proper.fullmatch(rest[0])
    # "Agence nationale du sport" is one body, "Agence régionale de l'emploi" one of many
    return named or _scoped(rest[0], grammar)
