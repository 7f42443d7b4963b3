"""Fuzzing (issue #9): the parsers and the PDF reader never raise an uncaught exception and
never hang, whatever they are given.

The per-module tests already feed ``st.text()`` to ``find_quantities`` and ``find_dates``; here
the inputs are built to hurt (runs of thousands of digits, separators, parentheses and capitals,
the shapes that make backtracking regular expressions explode) and whole extractors run over
markdown documents. The PDF reader gets mutated bytes of a small generated report (flipped
bytes, cut and spliced ranges: the mutations of AFL's havoc stage, Zalewski 2014) and must
return a Document or raise an ``ExtractorError``. Each example runs under a time limit: SIGALRM
fails it with a clear message, and ``faulthandler`` kills a run stuck inside C code.
"""
from __future__ import annotations

import faulthandler
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.core.errors import ExtractorError
from extractor.core.numbers import find_quantities, parse_number
from extractor.extract import acronyms, dates
from extractor.layout import read
from extractor.layout.markdown import read_text

from helpers import hostile

#: seconds one example may take
LIMIT = 5.0
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Hang(Exception):
    """An example overran its time limit (not a TimeoutError: that one is an OSError, which
    code under test may catch)."""


@contextmanager
def time_limit(seconds: float = LIMIT):
    def expire(signum, frame):
        raise Hang(f"example took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 6, exit=True, file=sys.__stderr__)  # stuck in C: dump, stop
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


PIECES = ["1", "0", "9", " ", "\u00a0", "\u202f", ",", ".", "-", "+", "%", "€", "(", ")", "M€", "millions",
          "milliards", "un", "deux", "cent", "mille", "vingtaine", "er", "le", "janvier", "1er", "2019", "2020",
          "au", "du", "entre", "et", "depuis", "jusqu'en", "trimestre", "CAF", "Caf", "Cnaf", "C.A.F.",
          "Caisse", "nationale", "des", "d'", "allocations", "familiales", "\n", "\n\n", "#", "›", "-"]
#: text made of number, date and acronym fragments, some repeated thousands of times
hostile_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join),
    st.tuples(st.sampled_from(PIECES), st.integers(100, 5000)).map(lambda t: t[0] * t[1]),
    st.tuples(st.sampled_from(PIECES), st.sampled_from(PIECES), st.integers(50, 400)).map(
        lambda t: (t[0] + " " + t[1] + " ") * t[2]),
    st.text(max_size=200),
)


@FUZZ
@given(hostile_text)
def test_number_parsers_survive_hostile_text(text):
    with time_limit():
        for q in find_quantities(text):
            assert 0 <= q.start < q.end <= len(text)
        value = parse_number(text)
    assert value is None or isinstance(value, float)


def test_a_long_run_of_numbers_is_parsed_in_linear_time():
    """Scale and unit words are matched in a bounded window after each number (a match against
    the whole rest of the text made this quadratic)."""
    text = "2020 vingtaine " * 8000  # 120,000 characters, the length of a 40-page report
    with time_limit(3.0):
        assert len(find_quantities(text)) == 16000


@FUZZ
@given(hostile_text, st.one_of(st.none(), st.integers(1900, 2099)))
def test_date_extractor_survives_hostile_documents(text, year):
    document = read_text("fuzz.md", raw=text)
    with time_limit():
        records = dates.extract(document, None, year)
    for r in records:
        assert r.raw and r.rule and r.start[:4] <= r.end[:4]


@FUZZ
@given(hostile_text)
def test_acronym_extractor_survives_hostile_documents(nlp, text):  # nlp: the lexicon's model, loaded once
    document = read_text("fuzz.md", raw=text)
    with time_limit():
        found = acronyms.extract(document, None)
        defined = acronyms.inline_definitions(document.text)
    assert all(a.acronym for a in found)
    assert all(0 <= d.start < max(1, len(document.text)) for d in defined)


SEED = hostile.small_pdf()


@st.composite
def mutated_pdf(draw) -> bytes:
    """The seed PDF after one to eight havoc mutations: overwrite a byte, delete a range,
    duplicate a range, insert PDF tokens, cut the file."""
    data = bytearray(SEED)
    tokens = [b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"/Length 999999", b"R", b"[", b"]",
              b"/Filter /FlateDecode", b"xref", b"trailer", b"%%EOF", b"(", b")", b"\\", b"-1", b"1e308"]
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["byte", "delete", "duplicate", "token", "cut"]))
        if op == "byte" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[i:i] = data[i:i + draw(st.integers(1, 256))]
        elif op == "token":
            data[i:i] = b" " + draw(st.sampled_from(tokens)) + b" "
        else:
            del data[i:]
    return bytes(data)


@FUZZ
@given(mutated_pdf())
def test_mutated_pdfs_give_a_document_or_a_clear_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.pdf"
        path.write_bytes(data)
        with time_limit():
            try:
                document = read(path)
            except ExtractorError as err:
                assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
            else:
                assert document.pages >= 1 and len(document.char_page) == len(document.text)
