"""The golden 2019 report's content, to be laid out again (``helpers.layouts``).

Built from the report's text conversion (``corpus/cnaf-2019/rapport-activite-2019.txt``: its
headings, paragraphs and list items, in order; its timeline; its glossary) and its expected
values (the key figures' values and labels, ``expected/figures.yaml``). The same facts in
another layout: what the extractor reads from structure (a block of quantities with short
labels, a list of dated entries, a list of sigles) must come out the same as on the golden PDF.

``relayout(path)`` writes the first layout of ``helpers.layouts.LAYOUTS`` (one column, key
figures as a value | label table, timeline as a bulleted list).
"""
from __future__ import annotations

import re
from pathlib import Path

from helpers import GOLDEN_TXT, load_expected

__all__ = ["relayout", "key_figures", "printed", "sections", "timeline", "glossary", "contents",
           "KEY_SECTION", "TIMELINE_SECTION", "NEXT_SECTION", "GLOSSARY_SECTION", "TOC_SECTION"]

KEY_SECTION = "La branche Famille en chiffres"
TIMELINE_SECTION = "La branche Famille en dates"
NEXT_SECTION = "Les relations avec les partenaires"
GLOSSARY_SECTION = "GLOSSAIRE"
TOC_SECTION = "SOMMAIRE"
_MONTHS = ["JANVIER", "FÉVRIER", "MARS", "AVRIL", "MAI", "JUIN", "JUILLET", "AOÛT", "SEPTEMBRE", "OCTOBRE",
           "NOVEMBRE", "DÉCEMBRE"]


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


_BULLET = re.compile(r"^\s*(?:[-*]\s*>?|>)\s+")


def sections(text: str | None = None) -> list[tuple[str, str, int]]:
    """(kind, text, level) items of the text conversion: ``heading`` (level = number of
    ``#``), ``para`` or ``bullet`` (one list item), markup removed. A paragraph the conversion
    broke at a column or page end (the next piece opens in lower case) is one paragraph."""
    from extractor.layout.markdown import clean_inline

    text = GOLDEN_TXT.read_text(encoding="utf-8") if text is None else text
    out: list[tuple[str, str, int]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and lines[0].startswith("#"):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            out.append(("heading", clean_inline(lines[0].lstrip("#").strip()), level))
            lines = lines[1:]
        if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
            out += [("bullet", clean_inline(_BULLET.sub("", line)).strip(), 0) for line in lines]
            continue
        if lines and _BULLET.match(lines[0]):
            kind, body = "bullet", clean_inline(_BULLET.sub("", " ".join(lines))).strip()
        else:
            kind, body = "para", clean_inline(" ".join(lines)).strip()
        if not body:
            continue
        if out and out[-1][0] != "heading" and (body[0].islower() or body[0] == "("):
            last = out[-1][1]  # a word hyphenated across the break is one word again
            joined = last[:-1] + body if re.search(r"\w-$", last) else f"{last} {body}"
            out[-1] = (out[-1][0], joined, 0)
        else:
            out.append((kind, body, 0))
    return out


def _between(items: list[tuple[str, str, int]], start: str, end: str | None) -> list[tuple[str, str, int]]:
    k = next(i for i, it in enumerate(items) if it[0] == "heading" and it[1] == start)
    stop = next((j for j in range(k + 1, len(items)) if items[j][0] == "heading" and items[j][1] == end), len(items))
    return items[k + 1:stop]


def _date_key(date: str) -> tuple[int, int]:
    day, month = date.split(" ", 1)
    return _MONTHS.index(month), int(re.match(r"\d+", day).group())  # type: ignore[union-attr]


def timeline() -> list[tuple[str, str]]:
    """The timeline's (date, event) entries in date order, from its "### DATE" headings
    (the month axis of the printed timeline, lines in capitals, is left out)."""
    entries: list[tuple[str, str]] = []
    for kind, text, _ in _between(sections(), TIMELINE_SECTION, KEY_SECTION):
        if kind == "heading":
            entries.append((text, ""))
        elif entries and not text.isupper():
            entries[-1] = (entries[-1][0], f"{entries[-1][1]} {text}".strip())
    return sorted(entries, key=lambda e: _date_key(e[0]))


def glossary() -> list[tuple[str, str]]:
    """The glossary's (sigle, expansion) entries, in the report's order."""
    out = []
    for kind, text, _ in _between(sections(), GLOSSARY_SECTION, None):
        m = re.match(r"^(\S+) : (.+)$", text)
        if kind == "para" and m:
            out.append((m.group(1), m.group(2)))
    return out


def contents() -> list[tuple[str, str]]:
    """The table of contents: (title, page) lines."""
    raw = GOLDEN_TXT.read_text(encoding="utf-8").split(f"# {TOC_SECTION}", 1)[1].split("\n#", 1)[0]
    from extractor.layout.markdown import clean_inline

    return [(clean_inline(title).strip(), clean_inline(page).strip())
            for title, page in (line.rsplit("\t", 1) for line in raw.splitlines() if "\t" in line)]


def relayout(path: Path) -> Path:
    """Write the re-laid-out report to ``path`` (A4, one column, Helvetica, key figures as a
    value | label table, timeline as a bulleted list)."""
    from helpers.layouts import LAYOUTS, render

    return render(LAYOUTS[0], path)
