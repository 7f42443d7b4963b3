"""A very long alternation of regular expressions, compiled one alternative at a time, when a
string may match it.

spaCy's French tokenizer has a ``token_match`` of 266 anchored alternatives ("^aéro-…$",
"^[letters]+-de-[letters]+$"…) whose every character class spells out the Unicode letters: a
1.4 MB pattern that ``re.compile`` takes about 3 s to compile, twice the rest of the model's
load. ``LazyAlternation`` answers ``match`` exactly as the compiled pattern would, but first
screens the string with a pattern in which every long character class is replaced by ``.``
(a class matches one character; ``.`` under ``(?s)`` matches any one character, so whatever
the alternative matches, its screen matches too). Only the alternatives whose screen matches
are compiled, once, and tried in order, as the alternation tries them. Anything else asked of
the pattern compiles it whole.

Screening a string costs about 25 µs (an 88-page report: 2.0 s of tokenizing against 0.43 s
with the compiled pattern), so each string's answer is kept (a tokenizer asks the same few
thousand again and again), and the whole pattern is compiled once ``WHOLE_AFTER_CALLS``
different strings have been screened, and its
compiled form (the ``re`` module's program for it, as ``__pycache__`` keeps bytecode) is kept in
the user's cache folder: a later process loads it in milliseconds and matches at full speed
from its first string (``whole_if_cached``). The alternatives and screens compiled on the way
are kept there too (their classes of every Unicode letter take 5-10 ms each to compile: 0.6 s
for the 60 or so a corpus of reports meets), so that a later process that has not reached the
whole pattern yet loads them instead. Without a cache folder, each is compiled each time.

``compiling_lazily()`` makes ``re.compile`` return a ``LazyAlternation`` for such patterns
while a model loads (the tokenizer compiles its ``token_match`` with ``re.compile``).
"""
from __future__ import annotations

import contextlib
import marshal
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from . import kept_files

__all__ = ["LazyAlternation", "alternatives", "compiling_lazily", "whole_if_cached",
           "LAZY_MIN_LENGTH", "WHOLE_AFTER_CALLS"]

#: patterns shorter than this compile quickly enough as they are
LAZY_MIN_LENGTH = 100_000
#: after this many different strings screened the whole pattern is compiled (and cached):
#: screening a string costs about 25 µs, compiling the whole about 3 s; a 90-page report asks
#: some 7,000 different strings, a batch of reports more
WHOLE_AFTER_CALLS = 20_000
#: a character class at least this long is screened as ``.``
_LONG_CLASS = 40
_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


#: what matters to the split, in a pattern: an escape, a character class, a parenthesis, a bar
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|\[]", re.S)


def alternatives(pattern: str) -> tuple[str, list[str]] | None:
    """The leading inline flags of ``pattern`` and its top-level alternatives, or None when it
    is not an alternation (or cannot be read with certainty: an unbalanced bracket)."""
    flags = ""
    while (m := _FLAGS.match(pattern, len(flags))) is not None:
        flags = pattern[:m.end()]
    parts, depth, start = [], 0, len(flags)
    for token in _TOKEN.finditer(pattern, len(flags)):
        c = token.group()
        if c == "[":  # a class that never closes
            return None
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            parts.append(pattern[start:token.start()])
            start = token.end()
    if depth != 0 or not parts:
        return None
    parts.append(pattern[start:])
    return flags, parts


def _screen(alternative: str) -> str:
    """``alternative`` with each long character class replaced by ``.``."""
    return _TOKEN.sub(lambda m: "." if m.group()[0] == "[" and len(m.group()) >= _LONG_CLASS
                      else m.group(), alternative)


#: what would make an alternative mean something else on its own: a group referred to by number
_REFERENCE = re.compile(r"\\[1-9]|\(\?\(|\(\?P=")


class LazyAlternation:
    """A compiled-on-demand stand-in for ``re.compile(pattern)``, ``pattern`` an alternation
    (``alternatives``) without back-references: ``match`` gives the very match object the
    first matching alternative gives; ``pattern`` and ``flags`` are those of the whole pattern.

    The screens of the alternatives from the k-th on are one pattern, each alternative's screen
    a named group: the group that matched names the first candidate (the alternation tries its
    alternatives in order, so no earlier one's screen matches); when its exact pattern fails, the
    screens of the alternatives after it are tried."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        split = alternatives(pattern)
        if split is None or _REFERENCE.search(pattern):
            raise ValueError("not an alternation of independent alternatives")
        self.pattern, self._flags = pattern, flags
        self._inline, self._parts = split
        self._screens = [_screen(part) for part in self._parts]
        self._tails: dict[int, re.Pattern[str]] = {}
        self._exact: dict[int, re.Pattern[str]] = {}
        self._whole: re.Pattern[str] | None = _load(pattern, flags)
        self._seen: dict[str, re.Match[str] | None] = {}  #: string -> its match, screened
        self._tail(0)  # any pattern error shows now, as re.compile's would

    def _tail(self, k: int) -> re.Pattern[str]:
        tail = self._tails.get(k)
        if tail is None:
            body = "|".join(f"(?P<_lazy{i}>{self._screens[i]})" for i in range(k, len(self._parts)))
            tail = self._tails[k] = _kept(self._inline + "(?s)" + body, self._flags)
        return tail

    def match(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        if self._whole is not None:
            return self._whole.match(string, pos, endpos)
        if pos == 0 and endpos >= len(string):  # a tokenizer asks the same strings again and again
            if string in self._seen:
                return self._seen[string]
            if len(self._seen) >= WHOLE_AFTER_CALLS:
                return self._compiled().match(string)
            found = self._seen[string] = self._screened(string, 0, endpos)
            return found
        return self._screened(string, pos, endpos)

    def _screened(self, string: str, pos: int, endpos: int) -> re.Match[str] | None:
        k = 0
        while k < len(self._parts):
            screened = self._tail(k).match(string, pos, endpos)
            if screened is None:
                return None
            i = int(str(screened.lastgroup)[len("_lazy"):])
            exact = self._exact.get(i)
            if exact is None:
                exact = self._exact[i] = _kept(self._inline + self._parts[i], self._flags)
            found = exact.match(string, pos, endpos)
            if found is not None:
                return found
            k = i + 1
        return None

    @property
    def flags(self) -> int:
        return self._compiled().flags

    def _compiled(self) -> re.Pattern[str]:
        if self._whole is None:
            self._whole = _compile_and_keep(self.pattern, self._flags)
        return self._whole

    def __getattr__(self, name: str):  # search, fullmatch, finditer…: the whole pattern
        return getattr(self._compiled(), name)

    def __reduce__(self):  # pickled as the pattern it stands for
        return (re.compile, (self.pattern, self._flags))


_ORIGINAL_COMPILE = re.compile
_LOCK = threading.Lock()


#: the LazyAlternation of each long pattern met: the French pattern is compiled at import and
#: again from the model's tokenizer file
_MADE: dict[tuple[str, int], LazyAlternation] = {}


def _compile(pattern, flags=0):
    if isinstance(pattern, str) and len(pattern) >= LAZY_MIN_LENGTH:
        made = _MADE.get((pattern, flags))
        if made is None:
            try:
                made = _MADE[pattern, flags] = LazyAlternation(pattern, flags)
            except (ValueError, re.error):
                return _ORIGINAL_COMPILE(pattern, flags)
        return made
    return _ORIGINAL_COMPILE(pattern, flags)


@contextlib.contextmanager
def compiling_lazily() -> Iterator[None]:
    """Within the block, ``re.compile`` returns a ``LazyAlternation`` for an alternation of
    ``LAZY_MIN_LENGTH`` characters or more (other patterns compile as always)."""
    with _LOCK:
        re.compile = _compile
        try:
            yield
        finally:
            re.compile = _ORIGINAL_COMPILE


def whole_if_cached(matcher):
    """``matcher`` (a pattern's ``match``), or the compiled whole pattern's own ``match`` when
    ``matcher`` is a ``LazyAlternation``'s and the whole is at hand (read from the cache): a
    C function, without the Python call in between."""
    lazy = getattr(matcher, "__self__", None)
    if isinstance(lazy, LazyAlternation) and lazy._whole is not None:
        return lazy._whole.match
    return matcher


def _cache_file(pattern: str, flags: int) -> Path | None:
    """Where the program of ``pattern`` is kept (``core.kept_files``, in ``regex``)."""
    return kept_files.file_of("regex", f"{flags}:{pattern}")


def _program(pattern: str, flags: int) -> tuple:
    """What ``re`` compiles ``pattern`` to (CPython's ``re._compiler.compile``, its last call
    apart): the flags, the program, the group count and names."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # plain ints: the program's opcodes are an int subclass, which marshal does not write
    return (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))


def _from_program(pattern: str, program: tuple) -> re.Pattern[str]:
    import _sre

    flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _load(pattern: str, flags: int) -> re.Pattern[str] | None:
    """The compiled pattern from the cache, or None (no file, another Python, a damaged file:
    ``_sre`` validates the program it is given)."""
    payload = kept_files.read(_cache_file(pattern, flags))
    if payload is None:
        return None
    try:
        return _from_program(pattern, marshal.loads(payload))
    except Exception:  # noqa: BLE001  (any problem: compile as usual)
        return None


def _kept(pattern: str, flags: int) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``: from the cache folder when a process compiled it
    before, else compiled and kept there for the next."""
    return _load(pattern, flags) or _compile_and_keep(pattern, flags)


def _compile_and_keep(pattern: str, flags: int) -> re.Pattern[str]:
    """``re.compile(pattern)``, its program written to the cache for the next process."""
    try:
        program = _program(pattern, flags)
        compiled = _from_program(pattern, program)
    except Exception:  # noqa: BLE001  (an interpreter without these internals)
        return _ORIGINAL_COMPILE(pattern, flags)
    kept_files.write(_cache_file(pattern, flags), marshal.dumps(program))
    return compiled
