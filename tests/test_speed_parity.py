"""The fast paths change no result: the pypdfium2 backend and the trimmed spaCy run give the
records of the reference run (pdfplumber, every spaCy component) on the golden report; the
quick subcommands never import spaCy. Speed itself is measured in benchmarks/bench.py."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOLDEN_PDF
from extractor import Config, extract
from extractor.records import KINDS

#: a record's bbox is rounded to 1/100 pt from single-precision positions: a coordinate on
#: a rounding tie (504.775) may come out 0.01 apart from the two backends
BBOX_TOLERANCE = 0.011


def assert_same_records(reference: dict, other: dict) -> None:
    assert reference["document"] == other["document"]
    for kind in KINDS:
        assert len(reference[kind]) == len(other[kind]), kind
        for a, b in zip(reference[kind], other[kind]):
            boxes = (a.get("bbox"), b.get("bbox"))
            assert {**a, "bbox": None} == {**b, "bbox": None}, (kind, a.get("id"))
            if boxes[0] is None or boxes[1] is None:
                assert boxes[0] == boxes[1], (kind, a.get("id"))
            else:
                assert boxes[0] == pytest.approx(boxes[1], abs=BBOX_TOLERANCE), (kind, a.get("id"))


@pytest.fixture(scope="module")
def pdfium_result(nlp):
    return extract(GOLDEN_PDF, Config(backend="pypdfium2"))


def test_backends_give_the_same_records(golden_result, pdfium_result):
    reference, fast = golden_result.to_dict(), pdfium_result.to_dict()
    assert_same_records(reference, fast)
    assert len(reference["figures"]) > 100 and len(reference["dates"]) > 50
    assert len(reference["acronyms"]) > 30 and len(reference["organisations"]) > 10


def test_trimmed_spacy_run_gives_the_same_records(golden_document, golden_result, nlp):
    """``make_doc`` skips the parser and the lemmatizer: the records are those of a run of
    every component."""
    from extractor import acronyms, dates, figures, organisations
    from extractor.nlp import UNUSED_COMPONENTS

    assert set(UNUSED_COMPONENTS) <= set(nlp.pipe_names)
    full = nlp(golden_document.text)
    full.user_data["document"] = golden_document
    year = golden_result.document.year
    found = acronyms.extract(golden_document, full)
    records = {
        "figures": figures.extract(golden_document, full, year),
        "dates": dates.extract(golden_document, full, year),
        "acronyms": found,
        "organisations": organisations.extract(golden_document, full, found),
    }
    for kind in KINDS:
        assert records[kind] == getattr(golden_result, kind), kind


def test_trimmed_spacy_run_keeps_what_extractors_read(golden_sdoc):
    """Part-of-speech and morphology (figure labels) and entities (people, organisations)
    are still there; dependencies are not computed."""
    assert sum(t.pos_ == "NOUN" for t in golden_sdoc) > 1000
    assert sum("Fin" in t.morph.get("VerbForm") for t in golden_sdoc) > 200
    assert any(e.label_ == "PER" and e.text == "Isabelle Sancerni" for e in golden_sdoc.ents)
    assert not golden_sdoc.has_annotation("DEP")


@pytest.mark.parametrize("backend", ["pdfplumber", "pypdfium2"])
def test_text_command_does_not_import_spacy(backend):
    code = (
        "import io, sys, contextlib\n"
        "from extractor import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = cli.main(['text', {str(GOLDEN_PDF)!r}, '--backend', {backend!r}])\n"
        "print(code, 'spacy' in sys.modules, 'Isabelle Sancerni' in out.getvalue())\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["0", "False", "True"], proc.stderr
