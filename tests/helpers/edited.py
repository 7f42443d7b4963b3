"""An edited copy of a PDF: text replaced inside its content streams, nothing else moved.

Used to build "next year's" version of the golden report (tests/quality): the glyphs of a
text-showing operator (``Tj``, ``TJ``) are decoded through the font's ``ToUnicode`` map, the
replacement is encoded back through the inverse map, so the new text must use characters the
subset font already holds (digits and letters of the report do). The layout, fonts and every
other page stay byte for byte as they were, so only the edited values can differ."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import regex

__all__ = ["unicode_map", "page_text", "edit_pdf"]

_BFCHAR = regex.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = regex.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def unicode_map(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """Two-byte glyph code → text, from the font's ToUnicode CMap (bfchar and bfrange)."""
    cmap = font.ToUnicode.read_bytes()
    out: dict[bytes, str] = {}
    for block in regex.findall(rb"beginbfrange(.*?)endbfrange", cmap, flags=regex.S):
        for lo, hi, dst in _BFRANGE.findall(block):
            start = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code.to_bytes(2, "big")] = chr(start + k)
    for block in regex.findall(rb"beginbfchar(.*?)endbfchar", cmap, flags=regex.S):
        for src, dst in _BFCHAR.findall(block):
            out[int(src, 16).to_bytes(2, "big")] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return out


def _decode(data: bytes, cmap: dict[bytes, str]) -> str:
    return "".join(cmap.get(data[k:k + 2], "\ufffd") for k in range(0, len(data), 2))


def _encode(text: str, cmap: dict[bytes, str]) -> bytes:
    inverse = {v: k for k, v in cmap.items()}
    missing = [c for c in text if c not in inverse]
    if missing:
        raise ValueError(f"the subset font has no glyph for {missing}")
    return b"".join(inverse[c] for c in text)


def _strings(operands: list) -> list[tuple[int, pikepdf.String]]:
    """(position, string) of an operator's strings: in its array (``TJ``) or its operands."""
    items = list(operands[0]) if operands and isinstance(operands[0], pikepdf.Array) else list(operands)
    return [(k, s) for k, s in enumerate(items) if isinstance(s, pikepdf.String)]


def _walk(page: pikepdf.Page):
    """(instructions, [(index, font map, string, decoded text)]) of a page's text operators."""
    fonts = {str(k): unicode_map(f) for k, f in page.Resources.Font.items() if "/ToUnicode" in f}
    instructions = list(pikepdf.parse_content_stream(page))
    found, font = [], {}
    for i, ins in enumerate(instructions):
        op = str(ins.operator)
        if op == "Tf":
            font = fonts.get(str(ins.operands[0]), {})
        elif op in ("Tj", "TJ", "'", '"'):
            for k, s in _strings(list(ins.operands)):
                found.append((i, font, k, _decode(bytes(s), font)))
    return instructions, found


def page_text(pdf_path: str | Path, page: int) -> str:
    """The decoded text of one page (1-based), glyphs joined in stream order."""
    with pikepdf.open(pdf_path) as pdf:
        return "".join(t for *_, t in _walk(pdf.pages[page - 1])[1])


def _replace(instructions: list, found: list, old: str, new: str, page: int) -> None:
    """Replace the glyphs of the one occurrence of ``old`` in the page's joined text, string by
    string (a report may show each glyph with its own operator): same length only."""
    if len(old) != len(new):
        raise ValueError(f"{old!r} -> {new!r}: an edit keeps the length (glyph positions stay)")
    owner = [k for k, (*_, text) in enumerate(found) for _ in text]
    joined = "".join(t for *_, t in found)
    hits = [m.start() for m in regex.finditer(regex.escape(old), joined, overlapped=True)]
    if len(hits) != 1:
        raise ValueError(f"page {page}: {old!r} occurs {len(hits)} times, not once")
    for k in sorted({owner[hits[0] + c] for c in range(len(old))}):
        i, font, at, text = found[k]
        first = owner.index(k)
        chars = [new[first + c - hits[0]] if 0 <= first + c - hits[0] < len(new) else ch
                 for c, ch in enumerate(text)]
        replacement = pikepdf.String(_encode("".join(chars), font))
        operands = list(instructions[i].operands)
        if operands and isinstance(operands[0], pikepdf.Array):
            items = list(operands[0])
            items[at] = replacement
            operands = [pikepdf.Array(items)]
        else:
            operands[at] = replacement
        instructions[i] = pikepdf.ContentStreamInstruction(operands, instructions[i].operator)
        found[k] = (i, font, at, "".join(chars))


def edit_pdf(source: str | Path, target: str | Path, edits: list[tuple[int, str, str]]) -> Path:
    """Copy ``source`` to ``target`` with each ``(page, old, new)`` applied: ``old`` must occur
    exactly once in the page's text, ``new`` has its length."""
    with pikepdf.open(source) as pdf:
        by_page: dict[int, list[tuple[str, str]]] = {}
        for page, old, new in edits:
            by_page.setdefault(page, []).append((old, new))
        for page, pairs in by_page.items():
            instructions, found = _walk(pdf.pages[page - 1])
            for old, new in pairs:
                _replace(instructions, found, old, new, page)
            pdf.pages[page - 1].Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        pdf.save(target)
    return Path(target)
