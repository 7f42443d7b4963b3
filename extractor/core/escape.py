"""Document text made harmless where it leaves the program: CSV cells and terminal lines.

- **CSV formula injection** (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins
  with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or carriage return) as a formula, so a
  report's title ``=HYPERLINK(…)`` would become a live link. Such a cell is written with a
  leading single quote, which spreadsheets show as text and do not evaluate.
- **Terminal escapes**: ESC, BEL, NUL and the other C0/C1 control characters in a file name
  or in PDF text would drive the terminal (colours, titles, cursor moves) when printed. They
  are written as ``\\xNN`` escapes, which only show what was there.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

import regex

__all__ = ["csv_cell", "csv_rows", "terminal"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: C0 controls, DEL and C1 controls; line breaks and tabs are kept where a caller says so
_CONTROLS = regex.compile(r"[\x00-\x1f\x7f-\x9f]")


def csv_cell(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet: a string starting like a formula gets a
    leading ``'``; other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(rows: Iterable) -> Iterator:
    """Rows (dicts or sequences) with every cell passed through ``csv_cell``."""
    for row in rows:
        if isinstance(row, dict):
            yield {k: csv_cell(v) for k, v in row.items()}
        else:
            yield [csv_cell(v) for v in row]


def terminal(text: str, keep: str = "") -> str:
    """``text`` with every control character but those in ``keep`` written as ``\\xNN``."""
    return _CONTROLS.sub(lambda m: m[0] if m[0] in keep else f"\\x{ord(m[0]):02x}", text)
