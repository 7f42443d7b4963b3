"""A ``Document`` written out for a reader: plain text or Markdown, page by page, its tables
read row by row.

The reading-order text keeps each block as the layout reader assembled it; a table there
may be read column by column ("Abonnés domestiques 545 Abonnés non domestiques 0 / 587 +
7,7 %"). Here the blocks whose glyphs a table owns give way to the table's grid
(``layout.table_grid``), written where the table's first block stood: one line per row in
text ("Abonnés domestiques | 545 | 587 | + 7,7 %"), a Markdown table in Markdown. Headings
become ``#`` lines and list entries one ``-`` line each in Markdown; a page opens with a
separator line in both.
"""
from __future__ import annotations

from ..core.document import Block, Document
from ..core.records import TableRecord
from .footnote_calls import Footnote, footnotes
from .lists import entries
from .table_grid import owned_records

__all__ = ["FORMATS", "render", "page_separator", "markdown_table", "text_table"]

FORMATS = ("text", "markdown")


def page_separator(page: int, fmt: str) -> str:
    return f"<!-- page {page} -->" if fmt == "markdown" else f"--- page {page} ---"


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def markdown_table(rows: list[list[str]], header_rows: int) -> str:
    """A Markdown table: the header rows joined into the one header line Markdown has."""
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    head = [" ".join(r[c] for r in rows[:header_rows] if r[c]) for c in range(width)] if header_rows else [""] * width
    lines = ["| " + " | ".join(_escape(c) for c in head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(_escape(c) for c in r) + " |" for r in rows[header_rows:]]
    return "\n".join(lines)


def text_table(rows: list[list[str]]) -> str:
    """One line per row, cells left to right ("2 enfants | 32 | 132,61 | 16,0")."""
    return "\n".join(" | ".join(c for c in r if c) for r in rows if any(r))


def _owned(found: list[tuple[TableRecord, set[int]]]) -> dict[int, int]:
    """Document offset -> index of the table that holds it."""
    return {o: k for k, (_, offsets) in enumerate(found) for o in offsets}


def _note_labels(notes: list[Footnote]) -> dict[int, str]:
    """Note index -> its Markdown footnote label: the marker, or page and marker where the
    report starts its numbering again ("[^1]" on two pages)."""
    seen: dict[str, int] = {}
    for n in notes:
        seen[n.marker] = seen.get(n.marker, 0) + 1
    return {i: n.marker if seen[n.marker] == 1 else f"p{n.page}-{n.marker}" for i, n in enumerate(notes)}


def _with_notes(document: Document, notes: list[Footnote]) -> tuple[dict[int, tuple[int, str]], dict[int, str]]:
    """(call offset -> (its end, "[^label]"), note block index -> "[^label]: the note")."""
    labels = _note_labels(notes)
    calls = {c.offset: (c.end, f"[^{labels[i]}]") for i, n in enumerate(notes) for c in n.calls}
    return calls, {n.block: f"[^{labels[i]}]: {n.text}" for i, n in enumerate(notes) if n.calls}


def _called(document: Document, block: Block, calls: dict[int, tuple[int, str]]) -> str:
    """The block's text with each call written as a Markdown footnote reference."""
    out, k = [], block.start
    for start in sorted(o for o in calls if block.start <= o < block.end):
        end, ref = calls[start]
        out += [document.text[k:start], ref]
        k = end
    return "".join(out) + document.text[k:block.end]


def _block_text(document: Document, block: Block, fmt: str, text: str | None = None) -> str:
    text = " ".join((document.text[block.start:block.end] if text is None else text).split())
    items = entries(text) if block.role != "heading" else None
    if items:  # a list read as one paragraph: one entry a line
        return "\n".join(("- " if fmt == "markdown" else "") + item for item in items)
    if fmt != "markdown":
        return text
    if block.role == "heading":
        return "#" * min(max(block.level, 1), 6) + " " + text
    if block.role == "list":  # a row of bare bullets (check boxes) is no entry
        entry = text.lstrip("•›-–*· ").strip()
        return "- " + entry if entry else ""
    return text


def render(document: Document, fmt: str = "text") -> str:
    """``document`` as ``fmt`` (``text`` or ``markdown``), paragraphs apart by a blank line."""
    found = owned_records(document) if document.has_positions() else []
    owned = _owned(found)
    written: set[int] = set()
    out: list[str] = []
    page = None
    calls, note_heads = _with_notes(document, footnotes(document)) if fmt == "markdown" else ({}, {})
    for index, block in enumerate(document.blocks):
        if block.page is not None and block.page != page:
            page = block.page
            out.append(page_separator(page, fmt))
        homes = {owned[o] for o in range(block.start, block.end) if o in owned}
        for k in sorted(homes - written):  # the table stands where its first block stood
            table = found[k][0]
            if table.title:
                out.append(f"**{table.title}**" if fmt == "markdown" else table.title)
            out.append(markdown_table(table.rows, table.header_rows) if fmt == "markdown" else text_table(table.rows))
            written.add(k)
        if homes:  # what the block holds outside the tables ("Le nombre d'abonnés est…")
            rest = "".join(ch if o not in owned else " " for o, ch in enumerate(document.text[block.start:block.end],
                                                                          start=block.start))
            if len(rest.split()) >= 3 and " ".join(rest.split()) not in {found[k][0].title for k in homes}:
                out.append(" ".join(rest.split()))
            continue
        if index in note_heads:  # a called note: "[^1]: the note"
            text = note_heads[index]
        else:
            text = _block_text(document, block, fmt, _called(document, block, calls) if calls else None)
        if text.strip():
            out.append(text)
    return "\n\n".join(out) + "\n"
