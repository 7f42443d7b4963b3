"""The golden 2019 report laid out again, differently: one column, its key figures as a
two-column table (value | label), its timeline as a bulleted list.

Built from the report's text conversion (``corpus/cnaf-2019/rapport-activite-2019.txt``: its
headings and paragraphs, in order) and its expected values (the key figures' values and
labels, ``expected/figures.yaml``), with reportlab, at test time. The same facts in another
layout: what the extractor reads from structure (a block of quantities with short labels, a
list of dated entries) must come out the same as on the golden PDF.
"""
from __future__ import annotations

import re
from pathlib import Path

from helpers import GOLDEN_TXT, load_expected

__all__ = ["relayout", "key_figures", "printed", "sections"]

_KEY_SECTION = "La branche Famille en chiffres"
_TIMELINE_SECTION = "La branche Famille en dates"
_NEXT_SECTION = "Les relations avec les partenaires"


def key_figures() -> list[dict]:
    return [f for f in load_expected("figures")["figures"] if f.get("where") == "key_figures"]


def _french(number: float) -> str:
    """A number as French prints it: "35 770", "13,5"."""
    if number == int(number):
        return f"{int(number):,}".replace(",", " ")
    return f"{number:.1f}".replace(".", ",")


def printed(figure: dict) -> str:
    """A key figure's value as a report prints it ("13,5 millions", "12,7 milliards d'euros")."""
    value, euros = float(figure["value"]), figure.get("unit") == "EUR"
    for size, word in ((1e9, "milliards"), (1e6, "millions")):
        if abs(value) >= size:
            word = word if abs(value) >= 2 * size else word[:-1]  # "1,5 milliard"
            text = f"{_french(value / size)} {word}" + (" d'euros" if euros else "")
            break
    else:
        text = _french(value) + (" €" if euros else "")
    return ("plus de " if figure.get("approx") == "more_than" else "") + text


def sections(text: str) -> list[tuple[str, str]]:
    """(kind, text) items of the text conversion: ``heading`` or ``para``, markup removed."""
    from extractor.layout.markdown import clean_inline

    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            out.append(("heading", clean_inline(lines[0].lstrip("#").strip())))
            lines = lines[1:]
        body = clean_inline(" ".join(lines))
        if body.strip():
            out.append(("para", body))
    return out


def _timeline(items: list[tuple[str, str]]) -> list[str]:
    """The timeline's entries as "DATE : event" from its "### DATE" headings."""
    entries: list[str] = []
    for kind, text in items:
        if kind == "heading":
            entries.append(text + " :")
        elif entries and not text.isupper():  # (the month axis of the printed timeline)
            entries[-1] = f"{entries[-1]} {text}"
    return entries


def relayout(path: Path) -> Path:
    """Write the re-laid-out report to ``path`` (A4, one column, Helvetica)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    items = sections(GOLDEN_TXT.read_text(encoding="utf-8"))
    story: list = []
    k = 0
    while k < len(items):
        kind, text = items[k]
        if kind == "heading" and text in (_KEY_SECTION, _TIMELINE_SECTION):
            end = next((j for j in range(k + 1, len(items)) if items[j][1] in (_KEY_SECTION, _NEXT_SECTION)
                        and j > k), len(items))
            story.append(Paragraph(escape(text), styles["Heading1"]))
            if text == _KEY_SECTION:  # the cards as a table: value | label
                rows = [[printed(f), f["label"]] for f in key_figures()]
                table = Table(rows, colWidths=[150, 320])
                table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 10),
                                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]))
                story.append(table)
            else:  # the timeline as a bulleted list
                bullets = [ListItem(Paragraph(escape(e), styles["BodyText"])) for e in _timeline(items[k + 1:end])]
                story.append(ListFlowable(bullets, bulletType="bullet"))
            story.append(Spacer(1, 12))
            k = end
            continue
        style = styles["Heading2"] if kind == "heading" else styles["BodyText"]
        story.append(Paragraph(escape(text), style))
        k += 1
    SimpleDocTemplate(str(path), pagesize=A4, title="Rapport d'activité 2019 (relayout)").build(story)
    return path
