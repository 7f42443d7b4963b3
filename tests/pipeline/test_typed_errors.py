"""The library raises only ``ExtractorError`` subclasses (issue 24, items 6 and 13)."""
from __future__ import annotations

import json
import os
import threading

import pytest

import extractor
from extractor import Config, pipeline
from extractor.core.errors import BadConfig, BadPageRange, InputNotFound, ProcessingError, ResourceLimit
from extractor.layout import read

from helpers import hostile


@pytest.fixture(scope="module")
def one_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("one") / "one.pdf"
    path.write_bytes(hostile.pages_pdf([hostile.text_content(["Le 3 mars 2021, la Caf a versé 1 250 euros."])]))
    return path


@pytest.mark.parametrize("make, error, reason", [
    (lambda d: d / "missing.pdf", InputNotFound, "no such file"),
    (lambda d: d, InputNotFound, "is a directory"),
    (lambda d: None, InputNotFound, "not a file path"),
    (lambda d: 42, InputNotFound, "not a file path"),
    (lambda d: "/dev/zero", InputNotFound, "not a regular file (a character device)"),
])
def test_bad_paths_are_typed(tmp_path, make, error, reason):
    with pytest.raises(error) as err:
        extractor.extract(make(tmp_path))
    assert reason in str(err.value)


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(pytest.raises(InputNotFound, extractor.extract, fifo)),
                              daemon=True)
    thread.start()
    thread.join(10)
    assert outcome and "not a regular file (a FIFO)" in str(outcome[0].value)


def test_a_symlink_loop_is_typed(tmp_path):
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    with pytest.raises(InputNotFound, match="symlink loop"):
        extractor.extract(loop)


@pytest.mark.parametrize("config, reason", [
    (Config(backend="pdfminer"), "unknown backend 'pdfminer'"),
    (Config(ocr="sometimes"), "unknown OCR mode"),
    (Config(pages=(3, 1)), "bad page range"),
    (Config(pages="3-5"), "bad page range"),  # type: ignore[arg-type]
])
def test_bad_settings_are_typed(one_page, config, reason):
    with pytest.raises(BadConfig, match=reason):
        extractor.extract(one_page, config)


def test_a_page_range_outside_the_document_is_an_error(one_page):
    with pytest.raises(BadPageRange) as err:
        extractor.extract(one_page, Config(pages=(7, 9)))
    assert str(err.value) == f"{one_page}: pages 7-9 are outside the document (1 page)"
    assert extractor.extract(one_page, Config(pages=(1, 9))).document.pages == 1  # the end is cut


def test_an_unexpected_error_is_a_processing_error_and_memory_a_resource_limit(one_page, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("[E088] Text of length 29000000 exceeds maximum of 1000000.")

    monkeypatch.setattr("extractor.nlp.doc.Tokens", broken)  # on spaCy's thread
    with pytest.raises(ProcessingError) as err:
        extractor.extract(one_page)
    assert str(err.value) == f"{one_page}: ValueError: [E088] Text of length 29000000 exceeds maximum of 1000000."

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("extractor.nlp.doc.Tokens", exhausted)
    with pytest.raises(ResourceLimit):
        extractor.extract(one_page)


def test_one_line_cuts_between_words():
    assert pipeline.one_line("mot " * 100, 22) == "mot mot mot mot mot …"
    assert pipeline.one_line("a\nb  c") == "a b c"


# -- item 6: lone surrogates -----------------------------------------------------------------
@pytest.fixture(scope="module")
def lone(tmp_path_factory):
    path = tmp_path_factory.mktemp("lone") / "lone.pdf"
    path.write_bytes(hostile.lone_surrogate_pdf())
    return path


def test_a_lone_surrogate_becomes_a_replacement_character(lone):
    for backend in ("pypdfium2", "auto"):
        document = read(lone, backend=backend)
        assert not any("\ud800" <= c <= "\udfff" for c in document.text), backend
        document.text.encode("utf-8")
    assert read(lone, backend="pypdfium2").repairs.get("lone_surrogate") == 2


def test_a_report_with_a_lone_surrogate_extracts_and_serialises(lone):
    result = extractor.extract(lone)
    json.loads(result.to_json().encode("utf-8"))
    assert [d.start for d in result.dates if d.granularity == "day"] == ["2021-03-03"]
