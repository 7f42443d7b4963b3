"""Dates and timelines: the surface-form corpus, the golden report, the clock, properties."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core import rules
from extractor.extract import dates
from extractor.extract.dates import expand, find_dates, timeline

from helpers import GOLDEN_PDF, load_expected, real_pdf

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "dates_fr.yaml").read_text(encoding="utf-8"))
YEAR = CORPUS["year"]
EXPECTED = load_expected("dates")


def _expected(example: list) -> tuple:
    start, end, granularity = str(example[1]), str(example[2]), example[3]
    extra = example[4] if len(example) > 4 and isinstance(example[4], dict) else {}
    return start, end, granularity, extra.get("qualifier"), extra.get("open_side")


def _found(text: str) -> list[tuple]:
    return [(*m.iso(), m.granularity, m.qualifier, m.open_side) for m in find_dates(text, YEAR)]


# -- corpus: one expected value, many surface forms ---------------------------------------------
@pytest.mark.parametrize(
    "example", [pytest.param(ex, id=f"{group}:{ex[0]}") for group, exs in CORPUS["examples"].items() for ex in exs]
)
def test_corpus_form(example):
    assert _found(example[0]) == [_expected(example)]


@pytest.mark.parametrize("example", [
    pytest.param(ex, id=ex[0], marks=pytest.mark.xfail(strict=True, reason=ex[4])) for ex in CORPUS["xfail"]
])
def test_corpus_known_miss(example):
    assert _found(example[0]) == [_expected(example)]


@pytest.mark.parametrize("text", CORPUS["negative"])
def test_corpus_negative(text):
    assert find_dates(text, YEAR) == []


EDGES = ("du 3 au 5 mai 2019, du12 au 14 juin, 2019-2020, 1,5 et 3.4.2019, 12/05/2019 ; 12 mai ; "
         "31 décembre 2018, l'an 2019, 9 avril, n° 2019-727, du 1er au 3 mars, 25.05.19, 45.12 mars")


@pytest.mark.parametrize("source", ["golden", "edges", "real"])
def test_rules_tried_only_where_a_match_can_start_find_every_match(source, golden_document):
    """A rule with ``starts`` is tried only where its day (or its "du"), its month word or its
    year can open a match, the rules that open alike sharing one scan: the same matches as
    trying every position (``finditer``)."""
    if source == "real":
        from extractor.layout import read

        text = read(real_pdf("rpqs_jons_assainissement_2022.pdf")).text
    else:
        text = golden_document.text if source == "golden" else EDGES
    with_starts = [r for r in dates.compiled_rules("fr") if r.starts is not None]
    assert {"day_range", "month_year", "month_range_dash", "year_range", "year_list", "year_bare"} <= {
        r.name for r in with_starts}
    found = 0
    openings: dict = {}
    for rule in with_starts:
        spans = [m.span() for m in dates._finditer(rule, text, openings)]
        assert spans == [m.span() for m in rule.pattern.finditer(text)], rule.name
        found += len(spans)
    assert len(openings) == 5  # a day (three openings), a month word, a year
    assert found > (20 if source != "edges" else 5)


@pytest.mark.parametrize("pattern, opens", [
    ("(?P<year>%year%)-", True),
    (r"(?<![\w°/.-]|n°(?:%sp%)?|\bno%sp%)(?P<year>%year%)", True),
    (r"\b(?:en|depuis)%sp%(?P<year>%year%)", False),  # a word comes first
    (r"(?<!\w)x(?P<year>%year%)", False),  # the lookbehind closes before something else
    ("(?P<day>%day%)", False),
])
def test_a_rule_opens_with_its_year(pattern, opens):
    assert dates._opens_with_year(pattern) is opens


def test_every_rule_has_an_example():
    """No rule without a corpus example that exercises it (a rule nobody tests is dead)."""
    used = {m.rule for exs in CORPUS["examples"].values() for ex in exs for m in find_dates(ex[0], YEAR)}
    assert used == {r["name"] for r in rules.load("dates")["rules"]}


def test_with_no_year_to_lend_a_text_without_digits_has_no_date():
    """Without the report's year or a section's, only a year printed in digits dates a
    match: a text without digits is not even searched (reference dates ask it of every
    short block)."""
    text = "Au premier trimestre, en mars, puis l'an dernier"
    assert find_dates(text, None) == []
    assert [(m.rule, m.iso()) for m in find_dates(text, None, lambda offset: 2018)] == [
        ("year_part", ("2018-01", "2018-03")), ("month_after_preposition", ("2018-03", "2018-03"))]
    assert [m.iso() for m in find_dates(text, 2019)] == [("2019-01", "2019-03"), ("2019-03", "2019-03"), ("2018", "2018")]


def test_year_less_date_takes_the_year_of_the_paragraph_not_of_a_later_one():
    text = "En 2017, le conseil a siégé pour 2020. Le 5 mars, il a voté.\n\nLe 6 mars, rien."
    found = {m.raw: m.first for m in find_dates(text, 2019)}
    assert found["5 mars"] == dt.date(2017, 3, 5)  # the sentence-opening "En 2017", not "pour 2020"
    assert found["6 mars"] == dt.date(2019, 3, 6)  # another paragraph: the report year


def test_section_heading_year_comes_before_the_report_year():
    found = find_dates("Le 5 mars, il a voté.", 2019, section_year=lambda offset: 2016)
    assert [m.first for m in found] == [dt.date(2016, 3, 5)]


def test_without_any_year_a_year_less_date_is_dropped():
    assert find_dates("Le 5 mars, il a voté, l'année dernière.", None) == []


# -- the golden report ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_dates(golden_document, golden_sdoc):
    """The dates of the golden PDF (layout reader + spaCy sentences), report year from the PDF."""
    from extractor.core.document import report_year

    return dates.extract(golden_document, golden_sdoc, report_year(golden_document))


def _norm(raw: str) -> str:
    """Raw forms compared without case, spacing and the ordinal 'er' (a PDF superscript)."""
    return re.sub(r"(?<=\d)\s*er\b", "", " ".join(raw.lower().split()))


def _has_words(event: str | None, words: list) -> bool:
    return event is not None and all(str(w) in event for w in words)


def _timeline_check(records) -> None:
    entries = [d for d in timeline(records) if d.timeline]
    got = [(_norm(d.raw), d.start, d.end, d.granularity) for d in entries]
    want = [(_norm(e["raw"]), str(e["start"]), str(e["end"]), e["granularity"]) for e in EXPECTED["timeline"]]
    assert got == want
    for record, entry in zip(entries, EXPECTED["timeline"]):
        assert _has_words(record.event, entry["words"]), (record.raw, record.event)


def test_golden_timeline_from_the_pdf(pdf_dates):
    """The twelve entries of page 7, paired with their text, in chronological order."""
    _timeline_check(pdf_dates)
    assert {d.page for d in pdf_dates if d.timeline} == {7}


def test_golden_timeline_from_the_text_conversion(golden_text_document):
    """Without boxes the entry text is the next block in reading order (month axis skipped)."""
    _timeline_check(dates.extract(golden_text_document, None, 2019))


def _match(record, entry) -> bool:
    return (_norm(record.raw) == _norm(entry["raw"]) and record.start == str(entry["start"])
            and record.end == str(entry["end"]) and _has_words(record.event, entry["words"]))


@pytest.mark.parametrize("entry", EXPECTED["running"], ids=lambda e: f"{e['raw']}:{e['words'][0]}")
def test_golden_running_text_date(pdf_dates, entry):
    found = [d for d in pdf_dates if _match(d, entry)]
    assert len(found) == 1, entry
    assert found[0].granularity == entry["granularity"]
    assert found[0].qualifier == entry.get("qualifier")
    assert found[0].open_side == entry.get("open_side")
    assert not found[0].timeline


def test_golden_precision(pdf_dates):
    """Every record is a date of the report with its right value (measured: 123 of 123, 19 of
    them the running header's)."""
    known = {(_norm(e["raw"]), str(e["start"]), str(e["end"])) for e in EXPECTED["timeline"] + EXPECTED["running"]}
    known |= {(_norm(raw), str(start), str(end)) for raw, start, end in EXPECTED["other"]}
    wrong = [(d.raw, d.start, d.end, d.event) for d in pdf_dates if (_norm(d.raw), d.start, d.end) not in known]
    assert wrong == []
    assert len(pdf_dates) >= len(EXPECTED["timeline"]) + len(EXPECTED["running"])


def test_golden_running_header_dates(pdf_dates):
    """The running header's year, once on each page that prints it, its event the header line;
    no other record comes from a header or footer."""
    want = sorted((_norm(raw), str(start), str(end), page) for raw, start, end, pages in EXPECTED["furniture"]
                  for page in pages)
    got = sorted((_norm(d.raw), d.start, d.end, d.page) for d in pdf_dates if d.furniture)
    assert got == want
    assert all(d.event == "RAPPORT D’ACTIVITÉ 2019" and not d.timeline for d in pdf_dates if d.furniture)
    assert not [d for d in timeline(pdf_dates) if d.furniture]  # a running header is no event


def test_golden_not_dates(golden_document):
    text = golden_document.text
    spans = [(m.start, m.end) for m in find_dates(text, 2019)]
    for needle in EXPECTED["not_dates"]:
        found = re.search(r"\s+".join(map(re.escape, needle.split())), text)  # NBSP in numbers
        assert found, f"{needle!r} is not in the report's text"
        assert not [s for s in spans if s[0] < found.end() and found.start() < s[1]], needle


def test_golden_records_have_provenance(pdf_dates):
    for d in pdf_dates:
        assert d.page is not None and d.bbox is not None and d.rule and d.event


def test_pipeline_fills_dates(golden_result, pdf_dates):
    assert [(d.raw, d.start, d.end) for d in golden_result.dates] == [(d.raw, d.start, d.end) for d in pdf_dates]


# -- the clock ----------------------------------------------------------------------------------
class _Frozen1987(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(1987, 6, 15, 12, 0, tzinfo=tz)

    @classmethod
    def today(cls):
        return cls(1987, 6, 15, 12, 0)

    @classmethod
    def utcnow(cls):
        return cls(1987, 6, 15, 12, 0)


def test_the_clock_changes_nothing(golden_text_document, monkeypatch):
    import dateparser
    import dateparser.freshness_date_parser
    import dateparser.parser
    import dateparser.utils
    import dateparser.utils.strptime

    dates.parse_day.cache_clear()
    before = dates.extract(golden_text_document, None, 2019)
    for module in (dateparser.utils, dateparser.parser, dateparser.freshness_date_parser, dateparser.utils.strptime):
        monkeypatch.setattr(module, "datetime", _Frozen1987)
    dates.parse_day.cache_clear()
    # the patch bites: on its own, dateparser now fills a missing year with 1987
    assert dateparser.parse("5 mars", languages=["fr"]).year == 1987
    after = dates.extract(golden_text_document, None, 2019)
    dates.parse_day.cache_clear()
    assert after == before
    assert all(not d.start.startswith("1987") for d in after)


# -- properties ---------------------------------------------------------------------------------
_WORDS = st.sampled_from(
    ["1er", "1ER", "31", "30", "29", "14-18", "du", "au", "fin", "début", "mi-", "En", "en", "depuis",
     "février", "FÉVRIER", "aout", "sept.", "décembre", "mars", "2019", "2018-2022", "2100", "n°", "/",
     "-", "l'année", "dernière", ",", ".", "\n", "\n\n", "de", "à", "25/05/2019", "0", "99",
     "entre", "le", "et", "premier", "dernier", "4e", "trimestre", "semestre", "jusqu'en", "dès"]
)


_ISO = {"year": re.compile(r"\d{4}"), "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
        "day": re.compile(r"\d{4}-\d\d-\d\d")}


def _check(found) -> None:
    """Every output is a valid date at its precision, with start <= end."""
    for m in found:
        start, end = m.iso()
        assert m.granularity in ("day", "month", "year", "period")
        for iso, precision in zip((start, end), m.precision):
            assert _ISO[precision].fullmatch(iso), (iso, precision)
            if precision == "day":
                dt.date.fromisoformat(iso)  # a real calendar day (no 30 février)
        if m.granularity != "period":
            assert m.precision == (m.granularity, m.granularity) and start == end
        assert expand(start)[0] == m.first and expand(end)[1] == m.last
        assert m.first <= m.last
        if len(start) == len(end):
            assert start <= end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.integers(1900, 2099)))
def test_never_raises_on_arbitrary_text(text, year):
    _check(find_dates(text, year))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.integers(0, 3000).map(str)), max_size=12), st.integers(1950, 2099))
def test_date_like_text_gives_valid_ordered_dates(words, year):
    _check(find_dates(" ".join(words), year))


def test_cut_and_expand():
    day = dt.date(2020, 2, 13)
    assert [dates.cut(day, p) for p in ("day", "month", "year")] == ["2020-02-13", "2020-02", "2020"]
    assert expand("2020-02") == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))  # leap year
    assert expand("2019-02") == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))
    assert expand("2019") == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert expand("2019-10-14") == (dt.date(2019, 10, 14), dt.date(2019, 10, 14))


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["day", "month", "year"]))
def test_expand_covers_the_day_it_was_cut_from(day, precision):
    first, last = expand(dates.cut(day, precision))
    assert first <= day <= last
    assert dates.cut(first, precision) == dates.cut(last, precision) == dates.cut(day, precision)


def _text_document(text: str):
    from extractor.layout.markdown import read_text

    return read_text("<test>", raw=text)


def test_timeline_orders_mixed_precisions_by_first_day():
    text = ("En 2019, le conseil a siégé.\n\nFin août 2019, une offre.\n\nLe 3 janvier 2019, une réunion.\n\n"
            "La Cog 2018-2022 fixe des objectifs.\n\nLe 1er janvier 2019, une réforme.\n\n"
            "De janvier à mars 2019, une campagne.")
    records = dates.extract(_text_document(text), None, 2019)
    assert [(d.start, d.end) for d in timeline(records)] == [
        ("2018", "2022"), ("2019-01-01", "2019-01-01"), ("2019-01", "2019-03"), ("2019", "2019"),
        ("2019-01-03", "2019-01-03"), ("2019-08", "2019-08")]


def test_golden_open_sides(pdf_dates):
    """"Depuis le 25 mai 2019", "depuis 2016", "dès le mois de janvier" run on after their date."""
    opened = {(_norm(d.raw), d.start) for d in pdf_dates if d.open_side == "end"}
    assert {("25 mai 2019", "2019-05-25"), ("depuis 2016", "2016"), ("le mois de janvier", "2019-01")} <= opened
    assert not [d for d in pdf_dates if d.open_side == "start"]  # the report has no "jusqu'en"


# -- component and command line -----------------------------------------------------------------
def test_component_sets_doc_dates(nlp, golden_sdoc, pdf_dates):
    component = dates.make_component(nlp, "extractor_dates")
    doc = component(golden_sdoc)
    assert doc._.dates == pdf_dates
    plain = component(nlp.make_doc("Le rapport 2019. En 2018, rien. Le 5 mars, une réunion."))
    assert [(d.raw, d.start) for d in plain._.dates] == [
        ("2019", "2019"), ("En 2018", "2018"), ("5 mars", "2018-03-05")]


def test_cli_timeline_csv(pdf_dates, monkeypatch, capsys):
    from types import SimpleNamespace

    from extractor import cli

    monkeypatch.setattr("extractor.extract", lambda path, config=None: SimpleNamespace(dates=pdf_dates))
    assert cli.main(["timeline", str(GOLDEN_PDF), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    firsts = [expand(r["start"])[0] for r in rows]
    assert firsts == sorted(firsts)
    assert {len(r["start"]) for r in rows} == {4, 7, 10}  # years, months and days, each at its precision
    on_page_7 = [(r["start"], r["end"]) for r in rows if r["page"] == "7"]
    assert on_page_7 == [(str(e["start"]), str(e["end"])) for e in EXPECTED["timeline"]]
    assert cli.main(["timeline", str(GOLDEN_PDF)]) == 0
    assert "2019-10-14  2019-10-18  period  p.7   14-18 OCTOBRE: Forum mondial" in capsys.readouterr().out


# -- years heading a table's columns or rows ---------------------------------------------------
def _date(raw: str, page: int, bbox) -> "dates.DateRecord":
    return dates.DateRecord(id="d", raw=raw, start=raw, end=raw, granularity="year", event=None, page=page,
                            bbox=bbox, section=None, rule="year_bare")


def test_years_heading_a_table_are_not_dates_of_its_text():
    from extractor.core.records import TableRecord

    table = TableRecord(id="t", page=4, pages=[4], bbox=[50.0, 100.0, 550.0, 300.0], title=None, caption=None,
                        header_rows=1, row_header_cols=1,
                        rows=[["Année", "2021", "2022", "au 01/01/2022"], ["2020", "545", "587", "12"]], cells=[])
    column = _date("2021", 4, (300.0, 105.0, 320.0, 115.0))
    row = _date("2020", 4, (55.0, 130.0, 75.0, 140.0))
    written_out = dataclasses.replace(_date("01/01/2022", 4, (460.0, 105.0, 520.0, 115.0)), start="2022-01-01",
                                      end="2022-01-01", granularity="day", rule="date_numeric")
    below = _date("2021", 4, (300.0, 320.0, 320.0, 330.0))  # under the table: its text
    other_page = _date("2021", 5, (300.0, 105.0, 320.0, 115.0))
    in_a_cell = _date("1999", 4, (300.0, 150.0, 320.0, 160.0))  # inside the table, in no header
    found = [column, row, written_out, below, other_page, in_a_cell]
    assert dates.without_header_years(found, [table]) == [written_out, below, other_page, in_a_cell]
    assert dates.without_header_years(found, []) == found


def test_real_table_header_years_are_not_dates():
    """A municipal account's table (read from the rendered page: "2018" … "2022" over each
    year's charges and income, corpus/real/prilly-…/expected.yaml lists them as negatives)."""
    from extractor.pipeline import Config, process

    result = process(real_pdf("prilly-analyse-financiere-ucv-2023.pdf"), Config(pages=(4, 4)))
    assert any({"2018", "2022"} <= set(t.rows[0]) for t in result.tables)
    assert [d.raw for d in result.dates if d.page == 4] == []


def test_real_dates_written_in_a_table_header_stay():
    """"au 01/01/22" over a tariff column (rendered page 6 of the sanitation report, in its gold)."""
    from extractor.pipeline import Config, process

    result = process(real_pdf("rpqs_jons_assainissement_2022.pdf"), Config(pages=(6, 6)))
    assert {"2022-01-01", "2023-01-01"} <= {d.start for d in result.dates if d.page == 6}


def test_years_listed_that_do_not_follow_each_other_are_dates_of_their_own():
    """"2020, 2021 et 2022" is one period; "2015 et 2019", "2019, 2021" are two years."""
    found = [(m.raw, m.first.year, m.last.year) for m in dates.find_dates("en 2015 et 2019, puis 2019, 2021.", 2022)]
    assert found == [("en 2015", 2015, 2015), ("2019", 2019, 2019), ("2019", 2019, 2019), ("2021", 2021, 2021)]
    assert [(m.rule, m.first.year, m.last.year) for m in dates.find_dates("en 2020, 2021 et 2022", 2022)] == [
        ("year_list", 2020, 2022)]
    # two days across a year's end: each its own date (the text does not say which years)
    assert [m.raw for m in dates.find_dates("les 31 décembre et 1er janvier", 2022)] == ["31 décembre", "1er janvier"]
    assert [m.raw for m in dates.find_dates("les 30 mai et 1er juin", 2022)] == ["30 mai", "1er juin"]


def test_real_years_listed_are_one_period():
    """The association's report over three years (rendered page 2: "2020, 2021, 2022" and
    "2021 et 2022" in its running text, each read as one period in its gold)."""
    from extractor.pipeline import Config, process

    result = process(real_pdf("mbj-rapport-annuel-2020-2022.pdf"), Config(pages=(2, 2)))
    periods = {(d.start, d.end) for d in result.dates if d.page == 2}
    assert {("2020", "2022"), ("2021", "2022")} <= periods


@pytest.mark.parametrize("name, page, raw, start", [
    ("urssaf-ragllm-document.pdf", 24, "Janvier 2004", "2004-01"),  # the footer of every page
    ("rpqs_jons_assainissement_2022.pdf", 4, "2022", "2022"),  # "JONS : RPQS ASS Exercice 2022"
    ("sofifran-rapport-annuel-2022-2023.pdf", 6, "2022-2023", "2022"),  # "(05) . Rapport Annuel 2022-2023"
])
def test_real_running_footer_dates(name, page, raw, start):
    """Footers read from the rendered pages, each date in its report's gold on that page."""
    from extractor.pipeline import Config, process

    result = process(real_pdf(name), Config(pages=(page - 1, page + 1)))
    found = [(d.raw, d.start) for d in result.dates if d.furniture and d.page == page]
    assert found == [(raw, start)]


def test_real_two_days_in_a_row_are_one_period():
    """The ocean clean-up's two days of collection (rendered page 7: "les 31 mai et 1er juin",
    one period in its gold)."""
    from extractor.pipeline import Config, process

    result = process(real_pdf("woto-bilan-mi-missions-2024.pdf"), Config(pages=(7, 7)))
    assert ("2024-05-31", "2024-06-01") in {(d.start, d.end) for d in result.dates if d.page == 7}
