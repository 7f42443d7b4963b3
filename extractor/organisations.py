"""(placeholder until the organisations extractor lands)"""
from __future__ import annotations


def extract(document, sdoc, acronyms):
    return []
