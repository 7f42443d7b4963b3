"""What a re-laid-out golden report is measured on (``tests/layout/test_layouts*.py``): the
sentence recovery of its running text, its key figures with their labels, its timeline events,
its glossary entries, ``regress`` against the hand-written golden values, and its running-text
figures (as many of the expected ones as on the golden PDF)."""
from __future__ import annotations

from dataclasses import dataclass

from helpers import EXPECTED_DIR, GOLDEN_TXT, load_expected

__all__ = ["EXCLUDED_SECTIONS", "labelled", "recovery", "Measure", "measure", "running_figures"]

#: the sections that are not running text: timeline, key figures, glossary
EXCLUDED_SECTIONS = [
    ("La branche Famille en dates", "La branche Famille en chiffres"),
    ("La branche Famille en chiffres", "Les relations avec les partenaires"),
    ("GLOSSAIRE", ""),
]


def labelled(figures, expected: list[dict]) -> int:
    """How many ``expected`` figures have a figure of their value and unit whose label holds
    all their label words (pages differ between layouts: not compared)."""
    found = 0
    for want in expected:
        tolerance = float(want.get("tolerance") or 0) + 1e-6 * abs(float(want["value"]))
        if any(abs(f.value - float(want["value"])) <= tolerance and f.unit == want["unit"]
               and all(w in f.label.lower() for w in want["label_words"]) for f in figures):
            found += 1
    return found


def running_figures(figures) -> int:
    """How many of the expected running-text figures (``where: text``) are found with their
    label words."""
    return labelled(figures, [f for f in load_expected("figures")["figures"] if f.get("where") == "text"])


def recovery(text: str) -> tuple[float, list[str]]:
    from extractor.quality.evaluation import reference_sentences, sentence_recovery

    sentences = reference_sentences(GOLDEN_TXT.read_text(encoding="utf-8"), EXCLUDED_SECTIONS)
    return sentence_recovery(sentences, text)


@dataclass
class Measure:
    recovery: float
    missing_sentences: list[str]
    key_labelled: int
    timeline: int  #: timeline events matched by regress
    glossary: int  #: glossary entries matched by regress
    differences: list  #: regress rows that differ (the CLI exits 1 when any)
    running: int  #: expected running-text figures found

    def row(self) -> str:
        return (f"{self.recovery:.3f} | {self.key_labelled}/43 | {self.timeline}/12 | {self.glossary}/46 | "
                f"{1 if self.differences else 0} ({len(self.differences)}) | {self.running}")


def measure(pdf, result) -> Measure:
    """``result`` is ``extract(pdf)``."""
    from extractor.layout import read
    from extractor.quality.regress import differences, regress

    score, missing = recovery(read(pdf).text)
    rows = regress(result, EXPECTED_DIR)
    from helpers.relayout import key_figures

    return Measure(score, missing, labelled(result.figures, key_figures()),
                   sum(r.kind == "date" and r.status == "unchanged" for r in rows),
                   sum(r.kind == "acronym" and r.status == "unchanged" for r in rows),
                   differences(rows), running_figures(result.figures))
