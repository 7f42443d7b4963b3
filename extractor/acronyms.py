"""(placeholder until the acronyms extractor lands)"""
from __future__ import annotations


def extract(document, sdoc):
    return []
