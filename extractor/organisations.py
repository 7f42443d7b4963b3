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

import functools
from collections import defaultdict
from typing import TYPE_CHECKING

from . import rules
from .acronyms import document_of, fold
from .layout.model import Document
from .records import Acronym, Organisation

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DIMENSION = "organisations"
LABEL = "ORG"


def acronym_patterns(acronyms: list[Acronym]) -> list[dict]:
    """EntityRuler patterns for the organisations the document defines: the acronym as
    written (and in capitals) and its long forms (matched case-insensitively)."""
    patterns = []
    for a in acronyms:
        if a.kind != "organisation" or not a.expansion:
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


def keep_ner(span) -> bool:
    """An NER ORG entity worth keeping: opens with an organisation head word, is short and
    sits on one line."""
    conf = rules.load(DIMENSION)["ner"]
    tokens = [t for t in span if not t.is_space]
    return (span.label_ == LABEL and not span.ent_id_ and "\n" not in span.text
            and 2 <= len(tokens) <= conf["max_words"] and fold(tokens[0].text) in {fold(h) for h in conf["heads"]})


def extract(document: Document, sdoc: "Doc", acronyms: list[Acronym]) -> list[Organisation]:
    """Organisations of the document, one record each (long and short forms together), in
    order of first mention."""
    by_id = {f"acronym:{fold(a.acronym)}": a for a in acronyms}
    canonical = {f"rule:{r['name']}": r.get("canonical") for r in rules.load(DIMENSION)["rules"]}
    mentions: dict[str, list] = defaultdict(list)
    for span in ruler_spans(sdoc, rule_patterns() + acronym_patterns(acronyms)):
        if span.ent_id_:
            key = span.ent_id_ if span.ent_id_ in by_id or canonical.get(span.ent_id_) else f"{span.ent_id_}:{' '.join(span.text.split())}"
            mentions[key].append(span)
        elif keep_ner(span):
            mentions[f"ner:{' '.join(span.text.split())}"].append(span)
    out = []
    for key, spans in sorted(mentions.items(), key=lambda kv: kv[1][0].start_char):
        pages = sorted({p for s in spans if (p := document.page_at(s.start_char)) is not None})
        if key in by_id:
            a = by_id[key]
            out.append(Organisation(name=a.expansion or a.acronym, acronym=a.acronym, mentions=len(spans),
                                    pages=pages, source=a.source))
        else:
            name = canonical.get(key) or key.split(":", 2)[-1]
            out.append(Organisation(name=name, acronym=None, mentions=len(spans), pages=pages,
                                    source="ner" if key.startswith("ner:") else "rules"))
    return out


def make_component(nlp, name: str = "extractor_organisations"):
    """A pipeline component setting ``doc._.organisations``; it reads ``doc._.acronyms`` when
    the acronyms component ran before it, else extracts them."""
    from spacy.tokens import Doc

    from . import acronyms as acronyms_module

    Doc.set_extension("organisations", default=None, force=True)

    def component(doc: "Doc") -> "Doc":
        document = document_of(doc)
        found = doc._.acronyms if Doc.has_extension("acronyms") and doc._.acronyms is not None \
            else acronyms_module.extract(document, doc)
        doc._.organisations = extract(document, doc, found)
        return doc

    return component
