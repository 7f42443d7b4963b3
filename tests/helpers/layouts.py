"""The golden report in several layouts, with reportlab: the same content (``helpers.relayout``)
set in 1, 2 or 3 columns, serif or sans, A4 or US letter, justified or ragged, its key figures
as cards, a ruled table, an unruled value | label or label | value table or a bulleted list, its
timeline as cards, a bulleted list or a date | event table, its glossary as dotted leaders, a
two-column table, "Sigle : expansion" lines, in one or two columns of the page.

``LAYOUTS`` combines these so that every variation is in at least one layout; ``render(layout,
path)`` writes one (well under a second each).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from helpers.relayout import (
    GLOSSARY_SECTION,
    KEY_SECTION,
    NEXT_SECTION,
    TIMELINE_SECTION,
    TOC_SECTION,
    contents,
    glossary,
    key_figures,
    printed,
    sections,
    timeline,
)

__all__ = ["Layout", "LAYOUTS", "render", "KEY_FORMS", "TIMELINE_FORMS", "GLOSSARY_FORMS"]

KEY_FORMS = ("cards", "ruled", "value-label", "label-value", "bullets")
TIMELINE_FORMS = ("cards", "bullets", "table")
GLOSSARY_FORMS = ("leaders", "table", "colon")


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int = 1
    key: str = "value-label"  #: one of KEY_FORMS
    timeline: str = "bullets"  #: one of TIMELINE_FORMS
    glossary: str = "colon"  #: one of GLOSSARY_FORMS
    glossary_columns: int = 1  #: the glossary page's columns (a page of its own when 2)
    serif: bool = False
    letter: bool = False
    justified: bool = False


LAYOUTS = [
    Layout("1col-valuelabel-bullets-colon"),
    Layout("2col-cards-cards-leaders-serif-justified", columns=2, key="cards", timeline="cards", glossary="leaders",
           serif=True, justified=True),
    Layout("3col-ruled-table-table-letter", columns=3, key="ruled", timeline="table", glossary="table", letter=True),
    Layout("1col-labelvalue-cards-colon2col-serif-letter-justified", key="label-value", timeline="cards",
           glossary_columns=2, serif=True, letter=True, justified=True),
    Layout("2col-bullets-table-leaders-letter-justified", columns=2, key="bullets", timeline="table",
           glossary="leaders", letter=True, justified=True),
    Layout("1col-cards-bullets-table-serif-justified", key="cards", timeline="bullets", glossary="table", serif=True,
           justified=True),
    Layout("3col-valuelabel-cards-colon-serif", columns=3, key="value-label", timeline="cards", serif=True),
    Layout("2col-labelvalue-bullets-leaders2col-letter", columns=2, key="label-value", timeline="bullets",
           glossary="leaders", glossary_columns=2, letter=True),
]


class _Styles:
    def __init__(self, layout: Layout) -> None:
        from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        self.font = "Times-Roman" if layout.serif else "Helvetica"
        self.bold = "Times-Bold" if layout.serif else "Helvetica-Bold"
        align = TA_JUSTIFY if layout.justified else TA_LEFT
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=10, leading=12.5, spaceAfter=6,
                                   alignment=align)
        self.cell = ParagraphStyle("cell", fontName=self.font, fontSize=10, leading=12)
        self.caption = ParagraphStyle("caption", fontName=self.font, fontSize=9, leading=11)
        self.value = ParagraphStyle("value", fontName=self.bold, fontSize=20, leading=23)
        self.date = ParagraphStyle("date", fontName=self.bold, fontSize=11, leading=13, spaceAfter=2)
        # in three columns the first-level headings are set smaller, as a designer sets them so
        # that their longest word fits a column (at 18 pt, "ALLOCATAIRES" is wider than one, and
        # the renderer would break it over two lines without a hyphen)
        sizes = ((1, 16 if layout.columns == 3 else 18), (2, 14), (3, 11.5))
        self.headings = {level: ParagraphStyle(f"h{level}", fontName=self.bold, fontSize=size, leading=size * 1.2,
                                               spaceBefore=size * 0.6, spaceAfter=size * 0.4)
                         for level, size in sizes}


def _para(text: str, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _grid(cells: list[list], width: float, per_row: int, style: list | None = None) -> object:
    """Boxes in a grid, ``per_row`` a row: cards."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] = rows[-1] + [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[width / per_row] * per_row)
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
                              + (style or [])))
    return table


def _two_columns(rows: list[list], widths: list[float], ruled: bool) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]
                              + ([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else [])))
    return table


def _bullets(texts: list[str], st: _Styles) -> object:
    from reportlab.platypus import ListFlowable, ListItem

    return ListFlowable([ListItem(_para(t, st.body)) for t in texts], bulletType="bullet", start="•",
                        bulletFontName=st.font, leftIndent=12)


def _key_figures(layout: Layout, st: _Styles, width: float) -> list:
    figures = key_figures()
    if layout.key == "cards":
        cells = [[_para(printed(f), st.value), _para(f["label"], st.caption)] for f in figures]
        return [_grid(cells, width, max(1, int(width // 150)))]
    if layout.key == "bullets":
        return [_bullets([f"{printed(f)} {f['label']}" for f in figures], st)]
    value_w = min(150.0, 0.4 * width)
    if layout.key == "label-value":
        return [_two_columns([[_para(f["label"], st.cell), _para(printed(f), st.cell)] for f in figures],
                             [width - value_w, value_w], ruled=False)]
    return [_two_columns([[_para(printed(f), st.cell), _para(f["label"], st.cell)] for f in figures],
                         [value_w, width - value_w], ruled=layout.key == "ruled")]


def _timeline(layout: Layout, st: _Styles, width: float) -> list:
    entries = timeline()
    if layout.timeline == "cards":
        cells = [[_para(date, st.date), _para(event, st.caption)] for date, event in entries]
        return [_grid(cells, width, max(1, int(width // 160)))]
    if layout.timeline == "table":  # the date column as wide as its longest date: dates do not wrap
        from reportlab.pdfbase.pdfmetrics import stringWidth

        date_w = max(stringWidth(d, st.cell.fontName, st.cell.fontSize) for d, _ in entries) + 14
        return [_two_columns([[_para(d, st.cell), _para(e, st.cell)] for d, e in entries],
                             [date_w, width - date_w], ruled=True)]
    return [_bullets([f"{date} : {event}" for date, event in entries], st)]


def _glossary(layout: Layout, st: _Styles, width: float) -> list:
    entries = glossary()
    if layout.glossary == "table":  # the sigle column as wide as its longest sigle: no sigle wraps
        from reportlab.pdfbase.pdfmetrics import stringWidth

        term_w = max(stringWidth(t, st.cell.fontName, st.cell.fontSize) for t, _ in entries) + 14
        return [_two_columns([[_para(t, st.cell), _para(e, st.cell)] for t, e in entries],
                             [term_w, width - term_w], ruled=False)]
    if layout.glossary == "leaders":
        return [_para(f"{t} {'.' * max(4, 14 - len(t))} {e}", st.cell) for t, e in entries]
    return [_para(f"{t} : {e}", st.cell) for t, e in entries]


def _contents(st: _Styles, width: float) -> list:
    """Titles and their page numbers, right-aligned."""
    from reportlab.platypus import Table, TableStyle

    table = Table([[_para(title, st.cell), page] for title, page in contents()], colWidths=[width - 30, 30])
    table.setStyle(TableStyle([("FONT", (1, 0), (1, -1), st.font, 10), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table]


def _templates(layout: Layout, size: tuple[float, float]) -> tuple[list, float]:
    from reportlab.platypus import Frame, PageTemplate

    margin, gutter = 54.0, 18.0

    def frames(n: int) -> list:
        w = (size[0] - 2 * margin - (n - 1) * gutter) / n
        return [Frame(margin + i * (w + gutter), margin, w, size[1] - 2 * margin, id=f"c{i}") for i in range(n)]

    width = (size[0] - 2 * margin - (layout.columns - 1) * gutter) / layout.columns
    return [PageTemplate("body", frames(layout.columns)), PageTemplate("glossary", frames(2))], width


def render(layout: Layout, path: Path) -> Path:
    """Write the golden report in ``layout`` to ``path``."""
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak

    size = letter if layout.letter else A4
    st = _Styles(layout)
    templates, width = _templates(layout, size)
    if layout.glossary_columns == 2:
        glossary_width = (size[0] - 2 * 54.0 - 18.0) / 2
    else:
        glossary_width = width
    items = sections()
    story: list = []
    k = 0
    while k < len(items):
        kind, text, level = items[k]
        special = {TIMELINE_SECTION: KEY_SECTION, KEY_SECTION: NEXT_SECTION, GLOSSARY_SECTION: None,
                   TOC_SECTION: "CARTE D'IDENTITÉ"}
        if kind == "heading" and text in special:
            if text == GLOSSARY_SECTION and layout.glossary_columns == 2:
                story += [NextPageTemplate("glossary"), PageBreak()]
            story.append(_para(text, st.headings[1 if text != TOC_SECTION else 2]))
            if text == TIMELINE_SECTION:
                story += _timeline(layout, st, width)
            elif text == KEY_SECTION:
                story += _key_figures(layout, st, width)
            elif text == TOC_SECTION:
                story += _contents(st, width)
            else:
                story += _glossary(layout, st, glossary_width)
            end = next((j for j in range(k + 1, len(items)) if items[j][0] == "heading"
                        and items[j][1] == special[text]), len(items))
            if text == GLOSSARY_SECTION:  # the back cover's address, on a page of its own
                story += [PageBreak()] + [_para(t, st.body) for kind, t, _ in items[k:end]
                                          if kind == "para" and " : " not in t]
            k = end
            continue
        if kind == "heading":
            story.append(_para(text, st.headings[min(level, 3)]))
        elif kind == "bullet":  # a run of list items: one list
            run = [t for kd, t, _ in items[k:][:next((j for j, it in enumerate(items[k:]) if it[0] != "bullet"),
                                                     len(items) - k)]]
            story.append(_bullets(run, st))
            k += len(run)
            continue
        else:
            story.append(_para(text, st.body))
        k += 1
    doc = BaseDocTemplate(str(path), pagesize=size, pageTemplates=templates,
                          title="Rapport d'activité 2019 (relayout)", leftMargin=54, rightMargin=54,
                          topMargin=54, bottomMargin=54)
    doc.build(story)
    return path
