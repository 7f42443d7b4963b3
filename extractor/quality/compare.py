"""Year-over-year comparison of two reports' figures (two years of one publisher's report).

Figures are matched one to one by unit, label and table position, never by page:

- a table cell's label is "row header — column header" (``extract.figures.table_cells``);
  its column header must be the same in both reports (after folding: "2019" with "2019",
  "Québec" with "Québec"), its row header must name the same thing (``label_match``: at
  least half the words shared);
- a figure of running text or a card has no column; its label must name the same thing.

A label that repeats within one report (the same words, column and unit twice: "hausse" of
several sentences, a table row whose column header was not read) cannot say which of its
figures is which: those figures are left unmatched rather than paired at random, and counted
in ``why_unmatched``. Two values that differ more than tenfold, or in sign, are taken for
two figures (``MAX_RATIO``). Every figure ends in one ``regress.Row``: ``changed``, ``unchanged``,
``missing`` (in the earlier report only) or ``new`` (in the later one only).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..core.errors import OutputError
from ..core.text import fold
from .label_match import word_set
from .regress import STATUSES, Item, Row, diff, is_key_figure, load

__all__ = ["MAX_RATIO", "split_label", "figure_items", "compare", "why_unmatched", "plottable", "CHART_SIZE",
           "CHART_MAX", "chart"]

_SEPARATOR = " — "  #: between a table cell's row and column headers
MAX_RATIO = 10.0  #: a figure that grew or shrank tenfold is taken for another figure


def split_label(label: str, kind: str) -> tuple[str, str]:
    """(row, column) of a table cell's label; (label, "") for any other figure."""
    if kind == "table" and _SEPARATOR in label:
        row, column = label.rsplit(_SEPARATOR, 1)
        return row, column.strip()
    return label, ""


def figure_items(result: dict, scope: str = "all") -> list[Item]:
    """The figures of an extraction as comparable items (``key``: key-figure cards only)."""
    out = []
    for f in result.get("figures", []):
        if scope == "key" and not is_key_figure(f):
            continue
        _, column = split_label(f["label"], f.get("kind") or "statement")
        out.append(Item("figure", f["label"], f["unit"], float(f["value"]), f["page"], column=column))
    return out


def _key(item: Item) -> tuple:
    return item.unit, word_set(item.label), fold(item.column)


def _split_ambiguous(items: list[Item]) -> tuple[list[Item], list[Item]]:
    counts = Counter(_key(i) for i in items)
    return [i for i in items if counts[_key(i)] == 1], [i for i in items if counts[_key(i)] > 1]


def _plausible(row: Row) -> bool:
    """A matched pair whose values keep their sign and stay within ``MAX_RATIO`` of each
    other: "300 heures" → "2 heures" or 1,5 M$ → 84,2 M$ are two figures whose labels
    happen to share words, not one figure a year apart."""
    if not isinstance(row.old, float) or not isinstance(row.new, float) or not row.old or not row.new:
        return True
    ratio = row.new / row.old
    return 1 / MAX_RATIO <= ratio <= MAX_RATIO


def _unpair(row: Row) -> list[Row]:
    return [Row("missing", row.kind, row.label, row.unit, row.old, None, row.old_page, None),
            Row("new", row.kind, row.label, row.unit, None, row.new, None, row.new_page)]


def compare(a: Any, b: Any, scope: str = "all") -> list[Row]:
    """The figures of report ``b`` against those of report ``a`` (``b`` the later year)."""
    old, old_ambiguous = _split_ambiguous(figure_items(load(a), scope))
    new, new_ambiguous = _split_ambiguous(figure_items(load(b), scope))
    rows = []
    for row in diff(old, new) + diff(old_ambiguous, []) + diff([], new_ambiguous):
        rows += [row] if _plausible(row) else _unpair(row)
    return sorted(rows, key=lambda r: STATUSES.index(r.status))


def why_unmatched(a: Any, b: Any, scope: str = "all") -> str:
    """Why no figure of ``a`` matched one of ``b``, in one line."""
    items = {name: figure_items(load(report), scope) for name, report in (("A", a), ("B", b))}
    empty = [name for name, found in items.items() if not found]
    if empty:
        what = "key-figure cards (try --scope all)" if scope == "key" else "figures"
        return f"no figure matched: {' and '.join(empty)} {'has' if len(empty) == 1 else 'have'} no {what}"
    ambiguous = sum(len(_split_ambiguous(found)[1]) for found in items.values())
    units = {i.unit for i in items["A"]} & {i.unit for i in items["B"]}
    if not units:
        return "no figure matched: the two reports have no unit in common"
    return (f"no figure matched: none of the {len(items['A'])} figures of A has the unit, label words "
            f"and table column of one of the {len(items['B'])} figures of B ({ambiguous} figures "
            f"left out because their label repeats within a report)")


def plottable(rows: list[Row]) -> list[Row]:
    """The matched figures a chart can show: both values known, the earlier one not zero."""
    return [r for r in rows if r.kind == "figure" and r.status in ("changed", "unchanged") and r.pct is not None]


CHART_SIZE = (10, 8)  #: inches; saved at 100 dpi: 1000 x 800 pixels
CHART_MAX = 40  #: bars beyond which only the first figures, in page order, are drawn (labels stay readable)


def chart(rows: list[Row], path: str | Path, title: str = "") -> Path:
    """A bar chart of the relative change (%) of the matched figures, written to ``path``;
    ``OutputError`` when no figure matched (an empty plot would say nothing)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matched = plottable(rows)
    if not matched:
        raise OutputError(path, "no chart written: no figure is in both reports")
    # the figures that changed (all matched ones when none did), in page order: a report opens
    # with its highlights and key-figure pages
    changed = [r for r in matched if r.status == "changed"] or matched
    shown = sorted(changed, key=lambda r: (r.old_page or 0, r.new_page or 0))[:CHART_MAX]
    fig, ax = plt.subplots(figsize=CHART_SIZE, dpi=100)
    labels = []
    for r in shown:
        # a long label keeps its end: the row's own header and the column ("… Bénéfice net — 2019")
        label = r.label if len(r.label) <= 45 else "…" + r.label[-44:]
        labels.append(label)
    values = [r.pct or 0.0 for r in shown]
    ax.barh(range(len(shown)), values, color=["#2a7" if v >= 0 else "#c33" for v in values])
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("évolution (%)")
    what = "changed" if changed is not matched else "matched"
    count = f" ({len(shown)} of {len(changed)} {what} figures, in page order)" if len(shown) < len(changed) else ""
    ax.set_title((title or "Matched figures: change") + count, fontsize=9)
    fig.subplots_adjust(left=0.35, right=0.97, top=0.94, bottom=0.07)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)
