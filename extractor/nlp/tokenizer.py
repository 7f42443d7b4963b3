"""spaCy's tokenizer with its cache filled (explosion/spaCy#13950)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["tokenize", "SEEN_CHUNKS_MAX"]


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
