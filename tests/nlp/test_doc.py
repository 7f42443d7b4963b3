"""``nlp.doc.DocInBackground``: spaCy's jobs shared between its thread and the caller, with the
Doc of ``make_doc`` whoever runs them."""
from __future__ import annotations

import threading
import time

import pytest

from extractor.nlp import DocInBackground, make_doc
from extractor.nlp import doc as nlp_doc


@pytest.fixture(scope="module")
def golden_needs(golden_document):
    from extractor.extract.needs import needs

    return needs(golden_document)


def annotations(sdoc):
    return ([(t.text, t.whitespace_, t.pos_, str(t.morph), t.norm_) for t in sdoc],
            [(e.start_char, e.end_char, e.label_) for e in sdoc.ents],
            [(s.start_char, s.end_char, s._.layout["page"]) for s in sdoc.spans["layout"]])


def spy(monkeypatch, name: str, before=None, after=None) -> list[str]:
    """Replace ``nlp_doc.<name>`` by a call that records the thread it runs on (and runs
    ``before`` and ``after`` around the real one)."""
    real, threads = getattr(nlp_doc, name), []

    def wrapped(*args):
        threads.append(threading.current_thread().name)
        if before:
            before()
        try:
            return real(*args)
        finally:
            if after:
                after()

    monkeypatch.setattr(nlp_doc, name, wrapped)
    return threads


def test_the_doc_is_make_docs(golden_document, golden_needs, nlp):
    with DocInBackground(golden_document, nlp, golden_needs) as building:
        sdoc = building.doc()
    reference = make_doc(golden_document, nlp, golden_needs)
    assert annotations(sdoc) == annotations(reference)
    assert sdoc.user_data["document"] is golden_document
    assert sum(1 for t in sdoc if t.pos_) > 2500 and len(sdoc.ents) > 20


def test_without_needs_every_component_runs_over_the_whole_text(golden_document, golden_needs, nlp):
    with DocInBackground(golden_document, nlp, None) as building:
        sdoc = building.doc()
    assert annotations(sdoc) == annotations(make_doc(golden_document, nlp))
    tagged = sum(1 for t in sdoc if t.pos_)
    assert tagged == len(sdoc) > 1.5 * sum(1 for t in make_doc(golden_document, nlp, golden_needs) if t.pos_)


def test_a_free_caller_runs_ner_while_the_thread_tags(golden_document, golden_needs, nlp, monkeypatch):
    """The thread's tagging lasts until the caller has run NER: only a caller that takes the
    job left lets it finish (one that waited instead would leave ``ner_done`` unset)."""
    ner_done = threading.Event()
    caller = threading.current_thread().name

    def slow_thread():
        if threading.current_thread().name != caller:
            ner_done.wait(30)

    tagged = spy(monkeypatch, "tag_values", before=slow_thread)
    ner = spy(monkeypatch, "entity_spans", after=ner_done.set)
    with DocInBackground(golden_document, nlp, golden_needs) as building:
        sdoc = building.doc()
    assert ner_done.is_set() and len(tagged) == len(ner) == 1  # each job run once
    assert caller in tagged + ner and tagged != ner  # the two jobs on the two threads
    assert annotations(sdoc) == annotations(make_doc(golden_document, nlp, golden_needs))


def test_a_busy_caller_leaves_both_jobs_to_the_thread(golden_document, golden_needs, nlp, monkeypatch):
    ner_done = threading.Event()
    tagged = spy(monkeypatch, "tag_values")
    ner = spy(monkeypatch, "entity_spans", after=ner_done.set)
    with DocInBackground(golden_document, nlp, golden_needs) as building:
        assert ner_done.wait(30)  # the caller's own work outlasts spaCy's
        sdoc = building.doc()
    assert len(tagged) == len(ner) == 1 and tagged[0].startswith("spacy") and ner[0].startswith("spacy")
    assert len(sdoc.ents) > 20


def test_an_error_on_the_thread_is_raised_by_doc(golden_document, golden_needs, nlp, monkeypatch):
    def broken(*args):
        raise ValueError("the tokenizer broke")

    monkeypatch.setattr(nlp_doc, "Tokens", broken)
    with pytest.raises(ValueError, match="the tokenizer broke"):
        with DocInBackground(golden_document, nlp, golden_needs) as building:
            building.doc()


def test_an_error_in_the_callers_work_stops_the_thread(golden_document, golden_needs, nlp, monkeypatch):
    """The thread finishes the job it is on and starts no other: leaving the block does not
    wait for a whole Doc that nobody will read."""
    tagging = threading.Event()
    building = DocInBackground(golden_document, nlp, golden_needs)

    def until_stopped():  # tagging lasts until the caller has left the block
        tagging.set()
        deadline = time.monotonic() + 30
        while building._jobs and time.monotonic() < deadline:
            time.sleep(0.005)

    ner = spy(monkeypatch, "entity_spans")
    tagged = spy(monkeypatch, "tag_values", before=until_stopped)
    with pytest.raises(RuntimeError, match="the caller failed"):
        with building:
            assert tagging.wait(30)
            raise RuntimeError("the caller failed")
    assert len(tagged) == 1 and ner == []


def test_the_models_products_go_through_numpy_with_the_tags_and_entities_of_blis(golden_document, golden_needs, nlp):
    """``load_model`` sets the model's layers on numpy's products (OpenBLAS), three times
    faster than the BLIS of the ``blis`` wheel, and on the kernels that let go of the GIL
    (``core.model_ops``): the tags and entities are those of BLIS and of thinc's own kernels."""
    from thinc.api import NumpyOps

    from extractor.core.model_ops import numpy_ops

    layers = [layer for _, component in nlp.pipeline if getattr(component, "model", None) is not None
              for layer in component.model.walk()]
    assert len(layers) > 50 and all(layer.ops is numpy_ops() and not layer.ops.use_blis for layer in layers)
    runs = [annotations(make_doc(golden_document, nlp, golden_needs))]
    try:
        for ops in (NumpyOps(use_blis=True), NumpyOps(use_blis=False)):
            for layer in layers:
                layer.ops = ops
            runs.append(annotations(make_doc(golden_document, nlp, golden_needs)))
    finally:
        for layer in layers:
            layer.ops = numpy_ops()
    assert runs[0] == runs[1] == runs[2]


def test_spacy_runs_on_one_blas_thread_and_the_callers_setting_comes_back(golden_document, golden_needs, nlp):
    from threadpoolctl import ThreadpoolController

    def blas_threads():
        return {lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers}

    controller = ThreadpoolController()
    with controller.limit(limits=2, user_api="blas"):  # as on a two-core machine
        assert blas_threads() == {2}
        with DocInBackground(golden_document, nlp, golden_needs) as building:
            assert blas_threads() == {1}
            building.doc()
        assert blas_threads() == {2}
