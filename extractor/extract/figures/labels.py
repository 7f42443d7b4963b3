"""Labels of figures: the noun phrase a number counts, read from the words around it.

After the number, the label is the noun phrase it counts ("13,5 millions *d'allocataires*");
when no noun follows, it is read before the number: the noun phrase right before it ("pour
un *montant moyen* de 213 euros"), else the head of its clause ("*le nombre de salariés de
la Cnaf* était de 1 290"). A label is a run of words between stop words and punctuation,
the candidate phrases of RAKE (Rose et al. 2010, "Automatic keyword extraction from
individual documents"); finite verbs, present participles and adverbs from the spaCy parse
end it too, when a parse is given. The word lists are data: ``label`` in
``patterns/figures/fr.yaml``.
"""
from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ...core import rules
from ...core.document import Block, Document
from ...core.geometry import BBox, x_overlap
from ...core.text import LETTER, compiled

__all__ = ["settings", "word_list", "without_opening_links", "Parse", "tokens", "label_after", "label_before", "with_caption_tail",
           "layout_label", "label_beside", "change_before", "is_change_word", "change_named_first", "with_change", "delta_under",
           "kind_of", "of_kind", "measured", "share_of", "qualified", "predicate", "said_of_part", "change_aside",
           "phrase_pattern"]

_WORD = regex.compile(r"(?i)(?:(?:puis|lors)?qu|[dlnsjc])'|\p{L}+(?:[.\-]\p{L}+)*(?:-\p{N}+\b)?|\p{N}+|\S")
_CLAUSE_CUT = ".;:(»«›>,–"
_QUOTES = {"«": "»", "“": "”"}
_QUOTED_MAX = 90  # characters: a name, not a quoted passage
#: a footnote call glued to the word it annotates ("Bénéfice net ajusté(1) de 854,2 millions $")
_NOTE_CALL = regex.compile(r"(?<=\p{L})(?:\(\d{1,2}\)|\(\*\)|\*)")
#: the result of a rate's formula: "Nombre d'abonnés desservis × 100 = 96,8 %"
_RATE_FORMULA = regex.compile(r"[×x´*]\s*1\s?0{2,3}\s*=\s*$")
#: an aside giving the count of the noun phrase before it: "employeurs (au nombre de 750 000"
_COUNT_OF = regex.compile(r"(?i)[(,]\s*au\s+nombre\s+d(?:e\s+|['’]\s*)$")
#: a hyphen that cuts the last word of a block: the word goes on in another block
_CUT_WORD = regex.compile(r"-\s*$")
#: the opening of the group a share is part of: "des adhérents", "de la population", "d'entre eux"
_GROUP = regex.compile(r"(?i)\s*(?:des\s+|du\s+|de\s+(?:la\s+|l['’]\s*)?|d['’]\s*)")
#: what may open the noun phrase a count counts: spaces, an article or an elided "d'"
_OPENING = regex.compile(r"(?i)\s*(?:(?:de|des|du|les?|la)\s+|d['’]\s*)?")
_BULLETS = "•▪‣◦·*-–—>"
#: a year right after a word: "fin 2021", "début 2020"
_YEAR_AFTER = regex.compile(r"[ \u00a0]+(?:19|20)\d\d(?!\d)")


def settings() -> dict:
    """The ``label`` section of the figures rules."""
    return rules.load("figures")["label"]


@functools.lru_cache(maxsize=None)
def word_list(key: str) -> frozenset[str]:
    """A word list of the ``label`` section (``skip``, ``links``, ``stop``, ``generic``...), lower-cased."""
    return frozenset(str(w).lower() for w in settings()[key])


def _adjectival(sdoc, i: int, pos) -> bool:
    """Is the present participle at token ``i`` an adjective: right after its noun and last in
    its phrase ("par logement existant.", "le personnel soignant et")? "prévoyant le
    recrutement", with its object, stays a verb and ends a label."""
    from spacy.symbols import NOUN

    after = sdoc[i + 1] if i + 1 < len(sdoc) else None
    return i > 0 and pos[i - 1] == NOUN and (after is None or after.is_punct or after.is_space
                                              or after.lower_ in ("et", "ou"))


@dataclass(frozen=True)
class Parse:
    """What the spaCy parse tells the label reader: offsets of finite verbs, present
    participles and adverbs (they end a noun phrase) and of nouns. Empty without spaCy."""

    verbs: frozenset[int] = frozenset()
    nouns: frozenset[int] = frozenset()
    #: the present participles among ``verbs``: one with a complement after it goes on the
    #: noun phrase ("le nombre d'associations ayant recours aux prêts solidaires")
    participles: frozenset[int] = frozenset()
    #: the finite verbs among ``verbs``: one right after a number that counts no noun says
    #: what is said of it ("48 ont trouvé preneur")
    finite: frozenset[int] = frozenset()
    #: past participles: one right before an amount is what was done with it ("ont versé
    #: 3,2 millions d'euros")
    past_participles: frozenset[int] = frozenset()
    #: the adverbs among ``verbs``: one between a past participle and its agent stays in the
    #: phrase ("2 M€ versés *directement* par les communes")
    adverbs: frozenset[int] = frozenset()
    #: infinitives: "pour" and one after a number say what it is for, not what it counts
    #: ("300 heures *pour accompagner* des familles")
    infinitives: frozenset[int] = frozenset()

    @classmethod
    def of(cls, sdoc, ignored: list[tuple[int, int]] = ()) -> "Parse":
        """The parse of ``sdoc``, without tokens inside the ``ignored`` spans."""
        if sdoc is None:
            return cls()
        import numpy
        from spacy.attrs import IDX, POS
        from spacy.symbols import ADV, AUX, NOUN, PROPN, VERB

        if not len(sdoc):
            return cls()
        arr = sdoc.to_array([IDX, POS]).astype("int64")
        idx, pos = arr[:, 0], arr[:, 1]
        keep = numpy.ones(len(idx), dtype=bool)
        for s, e in ignored:  # token offsets are sorted: each span is one slice of them
            keep[numpy.searchsorted(idx, s, "left"):numpy.searchsorted(idx, e, "left")] = False
        adverbs = set(idx[keep & (pos == ADV)].tolist())
        verbs = set(adverbs)
        participles, finite, past, infinitives = set(), set(), set(), set()
        for i in numpy.flatnonzero(keep & ((pos == VERB) | (pos == AUX))).tolist():
            morph, at = sdoc[i].morph, int(idx[i])
            form, tense = morph.get("VerbForm"), morph.get("Tense")
            if "Fin" in form:
                verbs.add(at)
                finite.add(at)
            elif "Pres" in tense and not _adjectival(sdoc, i, pos):
                verbs.add(at)
                if "Part" in form:
                    participles.add(at)
            if "Part" in form and "Past" in tense:
                past.add(at)
            if "Inf" in form:
                infinitives.add(at)
        nouns = set(idx[keep & ((pos == NOUN) | (pos == PROPN))].tolist())
        return cls(frozenset(verbs), frozenset(nouns), frozenset(participles), frozenset(finite), frozenset(past),
                   frozenset(adverbs), frozenset(infinitives))

    @functools.cached_property
    def _sorted_nouns(self) -> list[int]:
        return sorted(self.nouns)

    def noun_between(self, start: int, stop: int) -> bool:
        """Is a noun at an offset in ``[start, stop)``?"""
        nouns = self._sorted_nouns
        i = bisect.bisect_left(nouns, start)
        return i < len(nouns) and nouns[i] < stop


@functools.lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> "regex.Pattern":
    """``phrase`` as printed in the text it was read from: its words, whatever the white
    space between them (a label joins its words with single spaces)."""
    return regex.compile(r"\s+".join(regex.escape(w) for w in phrase.split()))


def tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of the words of ``text[start:end]`` (elided articles apart: "d'")."""
    for m in _WORD.finditer(text, start, end):
        yield m.start(), m.end(), m.group(0)


def _next_token(text: str, offset: int, end: int) -> int | None:
    """Offset of the token after the one at ``offset`` (None at ``end``)."""
    following = tokens(text, offset, end)
    next(following, None)
    return next((s for s, _, _ in following), None)


@functools.lru_cache(maxsize=1)
def _passive() -> "regex.Pattern":
    """A passive verb after the noun a number counts (``label.passive``)."""
    return regex.compile(settings()["passive"])


def _ends_phrase(s: int, tok: str, parse: Parse) -> bool:
    return not tok[0].isalpha() or tok.lower() in word_list("stop") or s in parse.verbs


def label_after(text: str, start: int, end: int, parse: Parse = Parse(),
                participles: bool = False) -> tuple[str, bool]:
    """The noun phrase that a number counts, read from ``start`` up to ``end``:
    ("allocataires", True). The flag is False when the phrase has no head noun of its own
    ("pour le Fnas", "en Cdd"). With ``participles``, a present participle with its
    complement goes on the phrase (a clause's subject: "le nombre d'associations ayant
    recours aux prêts solidaires est de …"); after a number, the noun it counts is the label."""
    kept: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    said = ""
    content = 0
    leading = True
    headed = True
    found = list(tokens(text, start, end))
    for k, (s, e, tok) in enumerate(found):
        low = tok.lower()
        if leading and low in word_list("skip"):
            continue
        if tok in _QUOTES and content:
            # a quoted name after the noun says which one: "8 ateliers « Semaine de la
            # sensibilisation »", "3 ateliers sur la « Communication »"
            close = text.find(_QUOTES[tok], e, min(end, e + _QUOTED_MAX))
            if close != -1:
                kept.extend(pending + [(s, close + 1)])
            break
        if _YEAR_AFTER.match(text, e) and low in word_list("date_openers"):
            break  # "12,5 millions fin 2021": the figure's date, not what it counts
        if participles and content and s in parse.participles and tok.islower() and low not in word_list("stop"):
            pending.append((s, e))  # kept only when its complement follows ("ayant recours aux …")
            continue
        if kept and s in parse.adverbs and k + 1 < len(found) and found[k + 1][2].lower() in word_list("agent_links") \
                and (kept[-1][0] in parse.past_participles
                     or compiled(settings()["participle"]).fullmatch(text, kept[-1][0], kept[-1][1])):
            pending.append((s, e))  # "versés directement par les communes": the agent follows
            continue
        if s in parse.infinitives and pending and text[pending[-1][0]:pending[-1][1]].lower() in word_list("purpose_links"):
            break  # "… heures pour accompagner des familles": what it is for, not what it counts
        if _ends_phrase(s, tok, parse) or (
                low in word_list("coordinators") and k + 1 < len(found) and found[k + 1][2].lower() in word_list("prepositions")):
            passive = _passive().match(text, s, end) if content else None
            if passive:  # "51 % des indicateurs sont renseignés": what is said of them counts too
                said = passive.group("participle")
            break
        if low in word_list("links"):
            headed = headed and not leading
            pending.append((s, e))
            leading = False
            continue
        leading = False
        kept.extend(pending + [(s, e)])
        pending = []
        content += 1
        if content >= settings()["max_words"]:
            break
    if not kept:
        return "", False
    return " ".join(text[kept[0][0]:kept[-1][1]].split() + ([said] if said else [])), headed


def predicate(text: str, start: int, end: int, parse: Parse = Parse()) -> str:
    """What a number that counts no noun is said to do, read from ``start`` (right after
    it) up to ``end``: the verb phrase a finite verb opens there, to the end of its clause
    ("sur les carnets imprimés, 48 *ont déjà trouvé preneur*"); "" when no finite verb comes
    first, and without a parse."""
    found = list(tokens(text, start, end))
    if not found or found[0][0] not in parse.finite:
        return ""
    kept: list[tuple[int, int, str]] = []
    content = 0
    for s, e, tok in found:
        if not tok[0].isalpha() or (kept and tok.lower() in word_list("clause_openers")):
            break  # (a number ends it too: the next figure's, "… la révision et 14 % …")
        kept.append((s, e, tok))
        content += tok.lower() not in word_list("links")
        if content >= settings()["max_words"]:
            break
    if len(kept) > 1 and _CUT_WORD.match(text, kept[-1][1], end):
        kept.pop()  # a word its block cuts at a hyphen ("pour des rai-") is no word yet
    while len(kept) > 1 and kept[-1][2].lower() in word_list("links") | word_list("coordinators"):
        kept.pop()
    return " ".join(text[kept[0][0]:kept[-1][1]].split()) if kept else ""  # (a sign tagged a verb: "=")


def said_of_part(text: str, words_from: int, end: int, own: str, unit: str | None, parse: Parse = Parse()) -> str:
    """What the part of a group that a share or a count counts is said to be or do, when its
    noun phrase ``own`` (read from ``words_from`` up to ``end``) is followed by the verb
    that tells which part it is. For a share of a group, any finite verb: "12 % des
    adhérents *ont quitté l'association*" (without it, "adhérents" says nothing of which of
    them the share is). For a count, a copula in the plural and what it says: "40 agents
    *sont en situation de handicap*"; other verbs tell what the counted did, not which they are ("30
    Caf ont déployé l'outil" counts Caf). "" otherwise: no such verb, a share naming no group
    ("du papier 100 % recyclé"), a phrase that was cut, or no parse."""
    if not own or not parse.finite or unit not in ("%", None):
        return ""
    group = _GROUP.match(text, words_from) if unit == "%" else _OPENING.match(text, words_from)
    if group is None:
        return ""
    phrase = phrase_pattern(own).match(text, group.end(), end)
    if phrase is None:
        return ""
    said = predicate(text, phrase.end(), end, parse)
    if unit is None and said.split(" ", 1)[0].lower() not in word_list("plural_copulas"):
        return ""  # (one in the singular has another subject: "le réseau de 5 antennes est présent")
    return said


def label_before(text: str, start: int, end: int, parse: Parse = Parse(), done: bool = False) -> str:
    """What a number measures, read before it, between ``start`` and ``end``.

    First the noun phrase right before it ("pour un montant moyen de 213 euros" gives
    "montant moyen"); when it has no noun (per the parse), the head of the clause ("le
    nombre de bénévoles du club était de 1 290" gives "nombre de bénévoles du club"),
    and with ``done`` the verb group that ends on a past participle right before the number
    ("nos mécènes ont versé 3,2 millions": "nos mécènes ont versé").
    """
    if _RATE_FORMULA.search(text, max(start, end - 20), end):
        return ""  # the numerator of a rate's formula is not what the rate measures: its heading is
    count_of = _COUNT_OF.search(text, max(start, end - 30), end)
    if count_of:  # "les employeurs, au nombre de 750 000": the phrase before the aside
        end = count_of.start()
    window = text[start:end]
    masked = _NOTE_CALL.sub(lambda m: " " * len(m.group()), window)
    if masked != window:  # same length: every offset, and the parse's, stays valid
        text = text[:start] + masked + text[end:]
    left = text[start:end].rstrip(" :–-(\n\u00a0")
    stop = start + len(left)
    tail = None
    for s, _, tok in reversed(list(tokens(text, start, stop))):
        if _ends_phrase(s, tok, parse):
            break
        tail = s
    for s, _, tok in tokens(text, tail if tail is not None else stop, stop):
        if tok.lower() not in word_list("links") | word_list("skip"):
            break
        tail = None if s == stop else _next_token(text, s, stop)
    if tail is not None:
        phrase, _ = label_after(text, tail, stop, parse)
        phrase_start = text.find(phrase, tail) if phrase else -1
        if phrase and (not parse.nouns or parse.noun_between(phrase_start, stop)):
            return _with_bounds(text, phrase, phrase_start, start)
    clause_start = start + _clause_cut(text, start, stop, parse) + 1
    while clause_start < stop and (text[clause_start].isspace() or text[clause_start] in _BULLETS):
        clause_start += 1
    head_start, opener = clause_start, None
    for s, e, tok in tokens(text, clause_start, stop):
        if tok.lower() in word_list("clause_openers"):
            clause_start, opener = e, s
    subject = label_after(text, clause_start, stop, parse, participles=True)[0]
    if not subject and opener is not None and text[opener:clause_start].lower() in ("qui", "que", "qu'"):
        # the relative clause has no subject of its own: its antecedent is the number's
        # subject ("Le montant qui leur a été reversé s'élève à 90 €"), with what the
        # clause's passive says of it ("montant reversé")
        head = label_before(text, head_start, opener, parse)  # (the noun phrase right before the pronoun)
        passive = _passive().search(text, clause_start, stop) if head else None
        return f"{head} {passive.group('participle')}" if passive else head
    group = _verb_group(text, clause_start, stop, parse) if done else ""
    if not group or subject.endswith(group.split()[-1]):  # the passive's participle is said already
        return subject
    return f"{subject} {group}".strip()


def _verb_group(text: str, start: int, stop: int, parse: Parse) -> str:
    """The verb group that ends right before a number, read between ``start`` and ``stop``
    when it ends with a past participle: "ont versé" of "nos mécènes ont versé 3,2
    millions", what was done with the amount. "" otherwise, and for the verbs that only
    say the subject's size ("a atteint", ``stop`` words)."""
    found = list(tokens(text, start, stop))
    if not found or found[-1][0] not in parse.past_participles or found[-1][2].lower() in word_list("stop") \
            or not compiled(settings()["participle"]).fullmatch(found[-1][2]):  # the tagger's slips: "ont été minimes"
        return ""
    first = len(found) - 1
    while first > 0 and (found[first - 1][0] in parse.verbs or found[first - 1][0] in parse.past_participles):
        first -= 1
    return " ".join(text[found[first][0]:found[-1][1]].split())


def _clause_cut(text: str, start: int, stop: int, parse: Parse) -> int:
    """The offset in ``left`` of the last mark that starts the clause a number closes
    (-1 when none does). A parenthesis closed right before the verb or preposition that
    leads to the number is an aside on its subject, not a cut: "les donateurs privés (amis
    et voisins de la fondation) à 22 %" are "donateurs privés", "la consommation en
    équivalent temps plein (ETP) s'établit à 5,3 tonnes" is that consommation's. When words of their own follow the
    parenthesis ("(les dons) reçus en 2019 : 12 %"), or none does, it opens the clause."""
    left = text[start:stop]
    cut = max(left.rfind(c) for c in _CLAUSE_CUT if c != "(")
    opened = left.rfind("(")
    if opened <= cut:
        return cut
    closed = left.find(")", opened)
    after = list(tokens(text, start + closed + 1, stop)) if closed != -1 else []
    if not after or any(_said(s, tok, parse) for s, _, tok in after):
        return opened  # (a parenthesis right before the number names it: "(ratio X) < 50 %")
    return cut


def _said(s: int, tok: str, parse: Parse) -> bool:
    """Is ``tok`` (at ``s`` of the text it was read in) a word of its own: neither a link nor
    what ends a phrase (a verb, a stop word, punctuation)?"""
    return not _ends_phrase(s, tok, parse) and tok.lower() not in word_list("links")


def _with_bounds(text: str, phrase: str, phrase_start: int, start: int) -> str:
    """``phrase`` with the bounds of the class it names when it is a band of ages or
    durations ("35-50 ans", the label of "14.5%" after it)."""
    if phrase.lower() not in word_list("band_nouns"):
        return phrase
    bounds = compiled(settings()["band_bounds"]).search(text[start:phrase_start])
    return f"{bounds.group(0).strip()} {phrase}" if bounds else phrase


def change_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(the change word right before a number, lower-cased; where its phrase starts), between
    ``start`` and ``end`` ("en *hausse* de 1,6 %", "*Augmentation* de 11,4 %"); None when
    there is none."""
    found = compiled(settings()["change_before"]).search(text, max(start, end - 40), end)
    return (found.group("word").lower(), found.start()) if found else None


def change_aside(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(the change word, where its phrase starts) of a change stated in words right before
    a number in parentheses, between ``start`` and ``end`` ("le nombre de membres est en
    nette *hausse* (+ 6 %)"); None when there is none."""
    found = compiled(settings()["change_aside"]).search(text, max(start, end - 80), end)
    return (found.group("word").lower(), found.start()) if found else None


_SIGNED = regex.compile(r"[+\-−–]\s?\d")


def delta_under(document: Document, start: int, previous_end: int) -> bool:
    """Is the number at ``start`` a signed change opening its block, right under the block
    where the figure ending at ``previous_end`` stands ("5 incubateurs" over "+3 par rapport
    à 2016")? Such a change is the previous figure's. A signed value alone in its block is a
    cell of a grid, not a change ("Recettes :  +1200,50 €" over "Dépenses :  – 980,10 €")."""
    block = document.block_at(start)
    if block is None or not _SIGNED.match(document.text, start) or document.text[block.start:start].strip() \
            or not LETTER.search(document.text, start, block.end):  # a lone value is a cell: layout_label
        return False
    i = document.block_index(block.start)
    above = document.blocks[i - 1] if i > 0 else None
    return above is not None and above.start < previous_end <= above.end


_OF = regex.compile(r"(?i)\s*(?:d['’]\s*|de\s+)")


def kind_of(text: str, words_from: int | None, own: str, unit: str | None, scaled: bool = False) -> str | None:
    """The words of a bare count that say which kind of a whole it counts ("52 médailles,
    dont 16 *d'or*"): a "de" complement right after it ("d'or"), else None. A share or an
    amount names what it counts this way ("40 % de femmes"), and so does a scaled count
    ("13,9 millions d'enfants"); a bare count never does."""
    if unit is not None or scaled or words_from is None or not own:
        return None
    found = _OF.match(text, words_from)
    at = text.find(own, found.end(), found.end() + len(own) + 8) if found else -1  # "de la Cnaf"
    return " ".join(text[words_from:at + len(own)].split()) if at != -1 else None


def of_kind(whole: str, kind: str) -> str:
    """The label of a part of a whole: "médailles" and "d'or" give "médailles d'or"; the
    whole's own kind gives way ("médailles d'or" and "d'argent" give "médailles d'argent")."""
    for sep in (" d'", " d’", " de "):
        if sep in whole and whole.rsplit(sep, 1)[0]:
            head, last = whole.rsplit(sep, 1)
            if len(last.split()) <= 2:
                whole = head
                break
    return f"{whole} {kind}"


def is_change_word(word: str) -> bool:
    """Is ``word`` a change word ("hausse", "augmentations"), as ``change_before`` reads one?"""
    return compiled(settings()["change_before"]).search(f" {word} de ") is not None


def change_named_first(label: str) -> str:
    """A label that names a change before what changed, as the labels of changes read: "une
    hausse du nombre d'allocataires de 3 %" gives "nombre d'allocataires : hausse", as "une
    hausse de 3 % du nombre d'allocataires" does (``label.change_first``; the verb that states
    it is left: "connu une hausse du …")."""
    found = compiled(settings()["change_first"]).search(label)
    return f"{found.group('what')} : {found.group('word').lower()}" if found else label


def with_change(label: str, change: str) -> str:
    """``label`` as the thing that changed: "Chiffre d'affaires" and "hausse" give "Chiffre
    d'affaires : hausse"; a label that names a change already gives its base its new change."""
    base, _, last = label.rpartition(" : ")
    if is_change_word(last):
        label = base  # ("" when the label is a change word alone: "hausse" and "hausse" give "hausse")
    return f"{label} : {change}" if label else change


_OF_END = regex.compile(r"(?i)(?<=\p{L})\s+(?:(?P<tie>de)\s+|(?P<tie>d)['’]\s*|(?P<tie>à|sur)\s+)$")


def measured(text: str, start: int, end: int, parse: Parse = Parse()) -> str:
    """The noun phrase a number measures when "de" (or "à", "sur": "porter le *plafond* à 12 %",
    "un *identifiant* sur 8 chiffres", "un *salarié* sur trois") ties it to that phrase, read between
    ``start`` and ``end`` (where the number, or its approximation, starts): "une *cohorte* de
    13 entrepreneurs", "une *subvention* de 250 000 FCFA". "" when a verb or a stop word
    comes before "de" ("le nombre ... était de 1 290"), when no noun does, and without a parse
    (only the parse tells the noun "loyer" from the verb "diminuer")."""
    tied = _OF_END.search(text, max(start, end - 12), end)
    if tied is None or not parse.nouns:  # without a parse, "diminuer de 20 %" looks the same
        return ""
    before = list(tokens(text, max(start, tied.start() - 40), tied.start()))
    last = before[-1] if before else None
    if last is not None and last[2].lower() in word_list("copulas"):
        # "l'objectif de l'atelier est de 40 stagiaires": what the subject measures
        return label_before(text, start, last[0], parse)
    if last is None or _ends_phrase(last[0], last[2], parse) or last[2].lower() in word_list("links") \
            or not (parse.noun_between(last[0], last[1]) or _qualifies_noun(before, parse)):
        return ""
    if len(before) > 1 and before[-2][2].lower() in word_list("prepositions"):
        return ""  # a locution: "au travers de", "en matière de", "au titre de"
    words = label_before(text, start, tied.start(), parse).split()
    opener, phrase = _phrase_opened(words, word_list("prepositions") | word_list("phrase_openers"), word_list("skip"))
    if opener in word_list("agent_links") and tied.group("tie").lower() in ("à", "sur"):
        return ""  # a passive's agent is measured by "de" only: "attribué par le logiciel sur 8 chiffres"
    return " ".join(phrase)  # "grâce à son réseau de 101 caisses": "réseau"


def _phrase_opened(words: list[str], openers: frozenset[str], leading: frozenset[str]) -> tuple[str, list[str]]:
    """The last of ``openers`` among ``words`` (lower-cased; "" when none) and the words after
    it, where a noun phrase starts ("a reçu *une* subvention"), without the ``leading`` words
    it opens with ("les", "de")."""
    cut = max((k + 1 for k, w in enumerate(words) if w.lower() in openers), default=0)
    phrase = words[cut:]
    while phrase and phrase[0].lower() in leading:
        phrase.pop(0)
    return (words[cut - 1].lower() if cut else ""), phrase


def measure_of(text: str, start: int, end: int, parse: Parse = Parse()) -> str | None:
    """"subvention : montant" for "une subvention d'un montant de 250 000 €": a noun phrase
    followed by "d'un montant de", "d'une durée de"… (``label.measure_nouns``) right before
    the number (or its approximation, at ``end``) is what the number measures, the measure
    noun says how; read back to ``start``. None when the text is not so."""
    found = compiled(settings()["measured_by"]).search(text, max(start, end - 40), end)
    if found is None or found.group("noun").lower() not in word_list("measure_nouns"):
        return None
    # the phrase starts after an article that opens a verb's object ("a reçu une subvention"),
    # and holds its complements ("les frais de participation aux activités sportives")
    _, words = _phrase_opened(label_before(text, start, found.start(), parse).split(), word_list("phrase_openers"),
                              word_list("skip") | word_list("prepositions"))
    measure = found.group("noun").lower() + (found.group("adjective") or "")  # "montant moyen"
    return f"{' '.join(words)} : {' '.join(measure.split())}" if words else None


def _qualifies_noun(before: list[tuple[int, int, str]], parse: Parse) -> bool:
    """Is the last of ``before`` a word in lower case that qualifies the noun right before it
    ("une équipe *technique* de 12 personnes", "un budget *annuel* de 3 M€"): the noun phrase
    ends on it. The caller has made sure it is no verb nor a stop or link word."""
    if len(before) < 2 or not before[-1][2].islower() or compiled(settings()["participles_with_de"]).match(before[-1][2]):
        return False
    s, e, word = before[-2]
    return parse.noun_between(s, e) and word.lower() not in word_list("stop")


def share_of(text: str, start: int, end: int, own: str, parse: Parse = Parse()) -> str:
    """A share set between a noun and what it says of it ("du *papier* 100 % recyclé"): the
    noun right before the number, read between ``start`` and ``end``, and ``own``, the words
    after it ("papier recyclé"). ``own`` alone when no noun stands right there."""
    before = list(tokens(text, max(start, end - 30), end))
    if not own or not before or not text[before[-1][1]:end].isspace():
        return own
    s, e, word = before[-1]
    if not word[0].isalpha() or _ends_phrase(s, word, parse) or word.lower() in word_list("links") \
            or (parse.nouns and not parse.noun_between(s, e)):
        return own
    return f"{word} {own}"


def qualified(text: str, start: int, end: int, own: str, unit: str | None, parse: Parse = Parse()) -> str:
    """``own``, the noun phrase after a number, with the noun before it that the number
    measures ("une cohorte de 13 entrepreneurs": "cohorte : entrepreneurs") or, for a share,
    qualifies ("du papier 100 % recyclé": "papier recyclé"); the noun phrase an aside "(au
    nombre de 750 000 …)" counts, instead of ``own``."""
    count_of = _COUNT_OF.search(text, max(start, end - 30), end)
    if count_of:  # "Leurs employeurs (au nombre de 750 000 fin 2002)": what the aside counts
        return label_before(text, start, count_of.start(), parse) or own
    measure_of = measured(text, start, end, parse)
    if measure_of:
        return f"{measure_of} : {own}"
    return share_of(text, start, end, own, parse) if unit == "%" else own


def with_caption_tail(text: str, start: int, end: int, label: str) -> str:
    """``label``, read from ``start``, with the rest of its caption up to ``end`` when that
    rest still belongs to it: the label's acronym and a measure after a colon (a table row
    "12,7 milliards d'euros | Allocations familiales (AF) : montant", where a card gives the
    title and the measure apart). Any other rest leaves the label as it is."""
    words = label.split()
    if not words:
        return label
    found = phrase_pattern(label).search(text, start, end)
    if found is None:
        return label
    rest = text[found.end():end]
    if not rest.strip() or not compiled(settings()["caption_tail"]).match(rest):
        return label
    return " ".join(f"{label}{rest}".split())


#: a word opening with an elided article or preposition ("d'aides", "L’ACCÈS")
_ELIDED = regex.compile(r"(\p{L}['’])(?=\p{L})")


def without_opening_links(words: list[str]) -> list[str]:
    """``words`` without the articles and prepositions (``skip``) they open with, elided ones
    too: the noun phrase that they joined to a number ("de nouveaux inscrits", "D'AIDES
    VERSÉES" -> "AIDES VERSÉES"). A last word stays."""
    words = list(words)
    while len(words) > 1 and words[0].lower() in word_list("skip"):
        words.pop(0)
    elided = _ELIDED.match(words[0]) if words else None
    if elided and elided[1].lower().replace("’", "'") in word_list("skip") and len(words[0]) > elided.end():
        words[0] = words[0][elided.end():]
    return words


# -- labels from the page: a number set apart from its words ----------------------------------
_NOT_YEAR = regex.compile(r"(?<![\d,.])(?!(?:19|20)\d\d(?![\d,.]))\d+")
_BELOW_GAP = 1.5  # number heights: a caption set under a key figure starts within this gap
_CAPTION_WORDS = 12
_HEADER_CHARS = 60  # a column header is short; a longer block above is a paragraph


def _lines(document: Document, block: Block) -> list[tuple[float, str]]:
    """(vertical middle, text) of each printed line of ``block``, top to bottom."""
    lines: list[tuple[float, list[int]]] = []
    for i in range(block.start, block.end):
        if document.text[i].isspace() or math.isnan(document.char_top[i]):
            continue
        middle = (document.char_top[i] + document.char_bottom[i]) / 2
        height = document.char_bottom[i] - document.char_top[i]
        if lines and abs(lines[-1][0] - middle) < height / 2:
            lines[-1][1].append(i)
        else:
            lines.append((middle, [i]))
    return [(m, " ".join(document.text[idx[0]:idx[-1] + 1].split())) for m, idx in lines]


def _page_blocks(document: Document, block: Block) -> list[tuple[Block, BBox]]:
    """(block, box) of the other blocks of ``block``'s page that hold words (blocks are in
    page order)."""
    i = document.block_index(block.start)
    lo, hi = i, i
    while lo > 0 and document.blocks[lo - 1].page == block.page:
        lo -= 1
    while hi + 1 < len(document.blocks) and document.blocks[hi + 1].page == block.page:
        hi += 1
    return [(b, b.bbox) for b in document.blocks[lo:hi + 1] if b is not block and b.bbox is not None
            and document.has_words(b)]


def _row_label(document: Document, blocks: list[tuple[Block, BBox]], box: BBox) -> str:
    """The words to the left of a number on its row: the nearest block ending left of it
    whose extent meets the row (a row band one number height either side); the line facing
    it when the block stacks field names ("Recettes :" over "Dépenses :")."""
    height = box[3] - box[1]
    row = [(b, r) for b, r in blocks if r[2] <= box[0] + 1 and r[1] < box[3] + height and r[3] > box[1] - height]
    if not row:
        return ""
    nearest = max(row, key=lambda br: br[1][2])[1]
    column = [(b, r) for b, r in row if x_overlap(r[0], r[2], nearest[0], nearest[2]) > 0]
    middle = (box[1] + box[3]) / 2
    block = min(column, key=lambda br: (br[0].role != "heading", abs((br[1][1] + br[1][3]) / 2 - middle)))[0]
    # a stack of field names has a colon a line: a block with fewer is not split in lines
    lines = _lines(document, block) if document.text.count(":", block.start, block.end) >= 2 else []
    if len(lines) > 1 and all(text.endswith(":") for _, text in lines):
        return min(lines, key=lambda line: abs(line[0] - middle))[1].rstrip(" :")
    return " ".join(document.block_text(block).split()).rstrip(" :")


def _column_header(document: Document, blocks: list[tuple[Block, BBox]], box: BBox) -> str:
    """The words above a number in its column: the nearest block with words over it, when it
    is short and holds no number but a year ("Résultats 2021", "Objectifs 2024")."""
    above = [(b, r) for b, r in blocks if r[3] <= box[1] + 1 and x_overlap(r[0], r[2], box[0], box[2]) > 0]
    if not above:
        return ""
    text = " ".join(document.block_text(max(above, key=lambda br: br[1][3])[0]).split())
    return text if len(text) <= _HEADER_CHARS and not _NOT_YEAR.search(text) else ""


def _caption_below(document: Document, blocks: list[tuple[Block, BBox]], box: BBox) -> str:
    """The caption set right under a key figure ("36" over "investigations en cours")."""
    height = box[3] - box[1]
    below = [(b, r) for b, r in blocks if 0 <= r[1] - box[3] < _BELOW_GAP * height
             and x_overlap(r[0], r[2], box[0], box[2]) > 0]
    if not below:
        return ""
    words = document.block_text(min(below, key=lambda br: br[1][1])[0]).split()[:_CAPTION_WORDS]
    # the caption goes on from the number ("+15 %" / "de demandes traitées"): its label is
    # the noun phrase, without the preposition that joined it to the number
    return " ".join(without_opening_links(words)).rstrip(" :")


def _standing_alone(document: Document, start: int, end: int) -> tuple[list[tuple[Block, BBox]], BBox] | None:
    """(the other blocks of its page that hold words, its box) for a number standing alone in
    its block; None when the block holds words of its own or the layout has no boxes."""
    block = document.block_at(start)
    if block is None or block.bbox is None or not document.has_positions():
        return None
    text = document.text
    if LETTER.search(text[block.start:start]) or LETTER.search(text[end:block.end]):
        return None
    page, box = document.locate(start, end)
    if box is None:
        return None
    return [(b, r) for b, r in _page_blocks(document, block) if b.page == page], box


#: number heights: the words right of a key figure start within this gap of it
_BESIDE_GAP = 4.0



def label_beside(document: Document, start: int, end: int) -> str:
    """The words set right of a number standing alone in its block, on its row: a list of
    key figures set value | label ("1 250 000 €   Soutien aux projets locaux"), the
    nearest block starting right of it, within a few number heights, whose extent meets the
    number's (its first words). "" when there is none."""
    found = _standing_alone(document, start, end)
    if found is None:
        return ""
    blocks, box = found
    if _row_label(document, blocks, box) or _caption_below(document, blocks, box).lower() not in word_list("joining"):
        return ""  # a field name before it, a caption under it: a card's or a row's own words
    height = box[3] - box[1]
    right = [(b, r) for b, r in blocks if box[2] - 1 <= r[0] <= box[2] + _BESIDE_GAP * height
             and r[1] < box[3] and r[3] > box[1]]
    if not right:
        return ""
    block = min(right, key=lambda br: (br[1][0], br[1][1]))[0]
    return " ".join(document.block_text(block).split()[:_CAPTION_WORDS]).rstrip(" :")


def layout_label(document: Document, start: int, end: int) -> str:
    """What a number standing alone in its block counts, read from where the page sets its
    words: a caption set under a key figure; a table the layout did not read as one ("Services ouverts" on the left,
    "Résultats 2021" above: "Services ouverts — Résultats 2021"), a field name
    before its value ("Recettes :  +1200,50 €"). "" when the
    number's block holds words of its own, or nothing stands beside it."""
    found = _standing_alone(document, start, end)
    if found is None:
        return ""
    blocks, box = found
    caption = _caption_below(document, blocks, box)
    if caption:
        return caption
    row = _row_label(document, blocks, box)
    return " — ".join(filter(None, [row, _column_header(document, blocks, box)])) if row else ""
