"""A ``Document`` from the text or markdown conversion of a report (no positions).

Headings come from ``#`` lines; ``**bold**``, ``<b>``, ``<sup>`` and links are stripped to
their text; list markers (``- >``) become ``›``; a paragraph that ends in a hyphen and is
followed by one starting in lower case is re-joined (text conversions break words there).
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..core.document import Block, Document
from .text import normalise

__all__ = ["clean_inline", "read_text", "decode"]

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_TAGS = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|br|span)[^>]*>", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST = re.compile(r"^\s*(?:[-*]\s*>?|>)\s+")


def clean_inline(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAGS.sub("", line)
    line = line.replace("**", "").replace("\\*", "*").replace("\\_", "_").replace("\\\\", "\\")
    line = line.replace("\t", " ")
    return normalise(line)


def read_text(path: str | Path, raw: str | None = None) -> Document:
    if raw is None:
        raw = decode(Path(path).read_bytes())
    paragraphs: list[tuple[str, str, int]] = []  # (role, text, level)
    current: list[str] = []

    def flush() -> None:
        if current:
            text = " ".join(s for s in (c.strip() for c in current) if s)
            if text:
                paragraphs.append(("body", text, 0))
            current.clear()

    for line in raw.splitlines():
        m = _HEADING.match(line.strip())
        if m:
            flush()
            title = clean_inline(m.group(2)).strip()
            if title:
                paragraphs.append(("heading", title, len(m.group(1))))
            continue
        if not line.strip():
            flush()
            continue
        if _LIST.match(line):
            flush()
            current.append("› " + clean_inline(_LIST.sub("", line, count=1)))
            continue
        current.append(clean_inline(line))
    flush()

    # re-join words hyphenated across paragraph breaks ("puis-" / "sance de ...")
    merged: list[tuple[str, str, int]] = []
    for role, text, level in paragraphs:
        if (
            merged and role == "body" and merged[-1][0] == "body"
            and re.search(r"\w-$", merged[-1][1]) and text[:1].islower()
        ):
            prev = merged.pop()
            merged.append(("body", prev[1][:-1] + text, 0))
        else:
            merged.append((role, text, level))

    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for role, text, level in merged:
        blocks.append(Block(start=offset, end=offset + len(text), page=None, bbox=None, size=0.0,
                            bold=role == "heading", role=role, level=level))
        parts.append(text)
        offset += len(text) + 2
    full = "\n\n".join(parts)
    # the title is the first heading with words in it (a cover often starts with the year alone)
    title = next((full[b.start:b.end] for b in blocks
                  if b.role == "heading" and re.search(r"[^\W\d_]{3}", full[b.start:b.end])), None)
    return Document(path=str(path), text=full, pages=0, blocks=blocks, source="text", title=title)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1: text reports come in both."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


#: characters of a text report's window: far below spaCy's ``max_length`` (1,000,000), about
#: as much text as ``WINDOW_PAGES`` pages of a PDF
TEXT_WINDOW_CHARS = 200_000


def _cut(document: Document, start: int, limit: int) -> int:
    """Where a window starting at ``start`` ends: the last block end, else the last line break
    or space, within ``limit`` characters (a hard cut only in a text without either)."""
    end = start + limit
    if end >= len(document.text):
        return len(document.text)
    ends = [b.end for b in document.blocks if start < b.end <= end]
    if ends:
        return max(ends)
    space = max(document.text.rfind("\n", start, end), document.text.rfind(" ", start, end))
    return space + 1 if space > start else end


def text_windows(document: Document, limit: int | None = None) -> Iterator[Document]:
    """A text report cut into documents of at most ``limit`` characters (default
    ``TEXT_WINDOW_CHARS``), between blocks where it can, each with its blocks (clipped and
    shifted) and the whole report's title: spaCy refuses a text over its ``max_length``, and a
    window bounds the memory of one Doc as pages do for PDFs."""
    limit = limit or TEXT_WINDOW_CHARS
    start = 0
    while start < len(document.text):
        end = _cut(document, start, limit)
        blocks = [replace(b, start=max(b.start, start) - start, end=min(b.end, end) - start)
                  for b in document.blocks if b.end > start and b.start < end]
        yield Document(path=document.path, text=document.text[start:end], pages=0, blocks=blocks,
                       source=document.source, title=document.title)
        start = end
