"""Charts: their axis ticks and labels kept out of the running text.

A vector chart reaches the layout reader as short labels scattered over a drawn plot: tick
numbers down a value axis, categories or years under it (often set at an angle, so that each
glyph lands on a row of its own and "2019" reads "9 1 0 2"), numbers on the bars. Read as
text, they make paragraphs of stray numbers and figures without meaning. A chart is found
from its axes, which text never has:

- a **value axis**: at least ``MIN_TICKS`` lone numbers aligned on one edge, evenly spaced
  down the page (``TICK_SLACK``), whose values step evenly (0, 100, 200 …): a column of a
  table is neither evenly spaced nor an arithmetic progression, and it has row labels beside;
- **rotated labels**: at least ``MIN_TICKS`` words whose glyphs climb or fall diagonally one
  by one (a glyph per row: no upright text does that).

The axis ticks leave the text (a tick is no figure: a chart's scale); the other short lines
inside the chart's box (values on bars, a legend) are read apart from the body as one chart
region, whose blocks the layout gives the role ``chart`` (the figure extractor marks their
numbers ``kind="chart"``). Long lines (a caption, a paragraph beside the chart) stay text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .lines import Line

__all__ = ["MIN_TICKS", "TICK_SLACK", "LABEL_WORDS", "Chart", "ChartLabels", "find_charts", "split_charts"]

#: an axis has at least this many ticks (two points make no scale)
MIN_TICKS = 3
#: ticks are evenly spaced within this share of their step
TICK_SLACK = 0.15
#: a line of more words than this inside a chart's box is text (a caption), not a label
LABEL_WORDS = 6

#: what a value label has besides its digits, sign and decimal mark
_NOT_DIGITS = regex.compile(r"[\s\u00a0\u202f%+]")
_NUMBER = regex.compile(r"^[+\-–−]?\d{1,3}(?:[\s\u00a0\u202f]?\d{3})*(?:[,.]\d+)?\s?%?$")


@dataclass
class Chart:
    """A chart on a page: its box, its axis ticks (out of the text) and its other labels."""
    page: int
    bbox: tuple[float, float, float, float]
    ticks: list[Line] = field(default_factory=list)
    labels: list[Line] = field(default_factory=list)
    #: the category labels under the plot, as read ("2019" of a word set at an angle)
    categories: list[str] = field(default_factory=list)


class ChartLabels(list):
    """A region of lines that are a chart's labels (values, legend): read apart from the body."""


def _value(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    digits = _NOT_DIGITS.sub("", text).replace(",", ".").replace("–", "-").replace("−", "-")
    try:
        return float(digits)
    except ValueError:
        return None


def _even(values: list[float], slack: float) -> bool:
    """Do ``values`` step evenly (every step within ``slack`` of the first, none zero)?"""
    steps = [b - a for a, b in zip(values, values[1:])]
    return bool(steps) and steps[0] != 0 and all(abs(s - steps[0]) <= slack * abs(steps[0]) for s in steps)


def _value_axes(lines: list[Line]) -> list[list[Line]]:
    """Runs of lone numbers sharing a right edge, evenly spaced down the page at more than a
    line's height apart, whose values step evenly."""
    # (a tick is a few glyphs: the longer lines are not asked)
    numbers = sorted([ln for ln in lines if len(ln.chars) <= 16 and _value(ln.text) is not None], key=lambda ln: ln.x1)
    groups: list[list[Line]] = []
    for ln in numbers:
        if groups and ln.x1 - groups[-1][0].x1 <= 0.3 * max(ln.size, 1.0):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    axes = []
    for group in groups:
        group.sort(key=lambda ln: ln.top)
        tops = [ln.top for ln in group]
        values = [_value(ln.text) or 0.0 for ln in group]
        if (len(group) >= MIN_TICKS and _even(tops, TICK_SLACK) and tops[1] - tops[0] >= 1.8 * group[0].size
                and _even(values, 1e-6) and _clear(group, lines)):
            axes.append(group)
    return axes


def _clear(axis: list[Line], lines: list[Line]) -> bool:
    """Is the space around an axis clear, as a chart leaves it: no text between its ticks
    (year headings over their paragraphs are evenly spaced too), and at most one tick with a
    line just right of it on its row (the numbers of a table's rows have their labels
    there)?"""
    x0, x1 = min(ln.x0 for ln in axis), max(ln.x1 for ln in axis)
    top, bottom = axis[0].top, axis[-1].bottom
    size = max(axis[0].size, 1.0)
    ticks = {id(ln) for ln in axis}
    others = [ln for ln in lines if id(ln) not in ticks and ln.bottom > top and ln.top < bottom]
    if any(ln.x0 < x1 and ln.x1 > x0 for ln in others):
        return False
    beside = sum(any(t.x1 <= ln.x0 <= t.x1 + 4 * size and ln.top < t.bottom and ln.bottom > t.top for ln in others)
                 for t in axis)
    return beside <= 1


def _rotated_words(lines: list[Line]) -> list[list[Line]]:
    """Words set at an angle: chains of at least ``MIN_TICKS`` one-glyph lines, each the next
    glyph's neighbour both across and down (or up) the page by less than a type size."""
    glyphs = sorted([ln for ln in lines if len(ln.chars) == 1], key=lambda ln: ln.x0)
    chains: list[list[Line]] = []
    for ln in glyphs:
        size = max(ln.size, 1.0)
        for chain in chains:
            last = chain[-1]
            dx, dy = ln.x0 - last.x0, ln.top - last.top
            sign = 0.0 if len(chain) < 2 else chain[1].top - chain[0].top
            if 0.15 * size < dx < 1.2 * size and 0.15 * size < abs(dy) < 1.2 * size and dy * sign >= 0:
                chain.append(ln)
                break
        else:
            chains.append([ln])
    return [chain for chain in chains if len(chain) >= MIN_TICKS]


def _box(lines: list[Line]) -> tuple[float, float, float, float]:
    return (min([ln.x0 for ln in lines]), min([ln.top for ln in lines]),
            max([ln.x1 for ln in lines]), max([ln.bottom for ln in lines]))


def _category_row(axis: list[Line], words: list[list[Line]], lines: list[Line]) -> list[list[Line]]:
    """The category labels under a value axis's bottom tick: rotated words, else a row of at
    least ``MIN_TICKS`` short upright lines right of the axis (each label a list of lines)."""
    step = axis[1].top - axis[0].top
    size = max(axis[0].size, 1.0)
    low, high = axis[-1].bottom - size, axis[-1].bottom + step + 2 * size
    under = [w for w in words if low <= min(ln.top for ln in w) <= high]
    if under:
        return under
    x1 = max(ln.x1 for ln in axis)
    # (a label set at an angle hangs from the axis: its box may start above the bottom tick's)
    below = [ln for ln in lines if axis[-1].bottom + 0.3 * size < ln.bottom and ln.top <= high and ln.x0 > x1
             and ln not in axis
             and (len(ln.text.split()) <= 2 or all(_value(w) is not None for w in ln.text.split()))]
    if not below:
        return []
    row_top = min(ln.top for ln in below)
    row = [ln for ln in below if ln.top - row_top <= 0.4 * size]
    # (labels set close together make one line: "2018 2019 2020")
    return [[ln] for ln in row] if sum(len(ln.text.split()) for ln in row) >= MIN_TICKS else []


def _chart_of_axis(axis: list[Line], words: list[list[Line]], lines: list[Line]) -> Chart:
    """The chart a value axis scales: from its top tick to the category labels under its
    bottom one, across the short lines right of it up to a line of text."""
    step = axis[1].top - axis[0].top
    size = max(axis[0].size, 1.0)
    categories = _category_row(axis, words, lines)
    ticks = list(axis) + [ln for label in categories for ln in label]
    top = axis[0].top - step / 2
    bottom = max([axis[-1].bottom] + [ln.bottom for ln in ticks])
    left = min(ln.x0 for ln in axis) - size
    taken = {id(ln) for ln in ticks}
    texts = [ln for ln in lines if len(ln.text.split()) > LABEL_WORDS and ln.top < bottom and ln.bottom > top
             and ln.x0 > left]
    right = min([ln.x0 for ln in texts], default=float("inf"))
    labels = [ln for ln in lines if id(ln) not in taken and ln.x0 >= left and ln.x1 <= right
              and top <= ln.top and ln.bottom <= bottom and len(ln.text.split()) <= LABEL_WORDS]
    names = [name for label in categories for name in
             (_word(label).split() if len(label) == 1 and _value(_word(label).split()[0]) is not None else [_word(label)])]
    return Chart(axis[0].page, _box(ticks + labels), ticks, labels, names)


def _word(lines: list[Line]) -> str:
    """The text of a label: a rotated word's glyphs read across the page."""
    return " ".join(ln.text for ln in sorted(lines, key=lambda ln: ln.x0)) if len(lines) == 1 else \
        "".join(ln.text for ln in sorted(lines, key=lambda ln: ln.x0))


def find_charts(lines: list[Line]) -> list[Chart]:
    """The charts among a page's ``lines`` (``Line``s of one page)."""
    words = _rotated_words(lines)
    charts = [_chart_of_axis(axis, words, lines) for axis in _value_axes(lines)]
    taken = {id(ln) for chart in charts for ln in chart.ticks}
    loose = [w for w in words if not any(id(ln) in taken for ln in w)]
    if len(loose) >= MIN_TICKS:  # angled category labels with no value axis: still no text
        ticks = [ln for w in loose for ln in w]
        charts.append(Chart(ticks[0].page, _box(ticks), ticks, [], [_word(w) for w in loose]))
    return charts


def split_charts(lines: list[Line]) -> tuple[list[Line], list[Chart]]:
    """(the lines that are not a chart's, the page's charts)."""
    charts = find_charts(lines)
    if not charts:
        return lines, []
    used = {id(ln) for chart in charts for ln in chart.ticks + chart.labels}
    return [ln for ln in lines if id(ln) not in used], charts
