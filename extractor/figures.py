"""(placeholder until the figures extractor lands)"""
from __future__ import annotations


def extract(document, sdoc, year):
    return []
