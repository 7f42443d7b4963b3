"""``layout.reading_order``: the pairing of a two-column table of quantities and labels."""
from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from extractor.layout.reading_order import same_baseline


def _every_pair(left, right):
    return [(a, b) for a in left for b in right if abs(a.top - b.top) <= 0.4 * max(a.size, b.size)]


def _column(rnd, n, sizes):
    lines = [SimpleNamespace(top=round(rnd.uniform(0, 800), rnd.choice([0, 1, 3])), size=rnd.choice(sizes))
             for _ in range(n)]
    return sorted(lines, key=lambda ln: ln.top)


@pytest.mark.parametrize("seed", range(40))
def test_lines_on_one_baseline_are_those_of_every_pair(seed):
    """Looked for by bisection within reach, the pairs are those of trying every pair, in
    the same order: lines of a column a few points apart, type sizes that differ, tops on
    the very edge of the reach."""
    rnd = random.Random(seed)
    left = _column(rnd, rnd.randint(0, 40), [6.0, 9.5, 10.0, 24.0])
    right = _column(rnd, rnd.randint(0, 40), [8.0, 10.0, 12.0, 36.0])
    for a in rnd.sample(left, min(5, len(left))):  # a partner exactly at the edge of reach
        right.append(SimpleNamespace(top=a.top + 0.4 * max(a.size, 10.0), size=10.0))
    right.sort(key=lambda ln: ln.top)
    assert same_baseline(left, right) == _every_pair(left, right)


def test_a_column_with_a_line_not_placed_is_paired_line_by_line():
    nan = float("nan")
    left = [SimpleNamespace(top=100.0, size=10.0), SimpleNamespace(top=nan, size=10.0)]
    right = [SimpleNamespace(top=101.0, size=10.0), SimpleNamespace(top=300.0, size=nan)]
    assert same_baseline(left, right) == _every_pair(left, right) == [(left[0], right[0])]
