"""The pypdfium2 backend: the same ``PageChars`` as pdfplumber, several times faster.

pdfium (the PDF engine of Chromium) reads the characters; the boxes are made to match
pdfminer's, which the pdfplumber reference backend yields, so that the layout reader gives
the same ``Document`` from either backend:

- x0 is the glyph's origin and x1 the origin plus the glyph's advance width from the font;
  bottom is the baseline minus the font's descent, and the box is exactly one font size
  high (pdfminer's ``LTChar``: ``(0, descent)`` to ``(advance, descent + 1)`` in text
  space). A ligature glyph ("ff") has no advance of its own in pdfium's API: its right edge
  is pdfium's loose box, up to 0.02 em wider than pdfminer's;
- the size is the font size times the vertical scale of the character's matrix, and only
  upright characters are kept (pdfminer's ``upright``: ``a*d > 0 and b*c <= 0``);
- characters pdfium makes up (spaces and line ends it infers from gaps) are dropped, but
  a space pdfium re-made from a space glyph (it has a text object) is kept; a glyph that
  maps to several characters (an "ffi" ligature) is one ``Char`` with that text; a
  hyphen-minus that pdfium marks as a line-end hyphen is given back as "-". Overprinted
  copies are kept, as pdfplumber's backend does (``layout.repair`` removes them);
- ``boxes`` are the path objects that are axis-aligned rectangles (pdfminer's ``LTRect``),
  one per subpath, measured without their stroke.

Coordinates come from pdfium in single precision: they agree with pdfminer's to about
1e-4 pt.

pypdfium2 API: https://pypdfium2.readthedocs.io (raw calls are the pdfium C API,
``fpdf_text.h`` and ``fpdf_edit.h``).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import math
from pathlib import Path
from typing import Iterator

from ..compiled import _glyphs
from .base import (
    MIN_BOX_WIDTH,
    Char,
    PageChars,
    _open_error,
    _page_error,
    is_bold,
    rule_of,
)
from .pdfplumber import PdfplumberBackend

__all__ = ["PdfiumBackend", "AutoBackend", "PDFIUM_LOCK"]

#: held around the pdfium calls made while a page may be loading (``_PageLoads``): pdfium
#: must not be called from two threads at once. Without the compiled extension no page loads
#: on a thread, and it holds nothing.
PDFIUM_LOCK = _glyphs.PdfiumLock() if _glyphs is not None else contextlib.nullcontext()


class PdfiumBackend:
    name = "pypdfium2"

    def _open(self, path: Path, password: str | None):
        import pypdfium2 as pdfium

        try:
            return pdfium.PdfDocument(str(path), password=password or None)
        except Exception as exc:  # PdfiumError carries the reason (password, format) in its text
            raise _open_error(path, exc) from None

    def _ask(self, path: Path, password: str | None, question):
        """``question(pdf)`` of the opened document, closed after."""
        pdf = self._open(path, password)
        try:
            return question(pdf)
        finally:
            pdf.close()

    def page_count(self, path: Path, password: str | None) -> int:
        return self._ask(path, password, len)

    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]:
        for page, _dropped in self._read(path, pages, password):
            yield page

    def _read(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[tuple[PageChars, int]]:
        """Each page's characters, and how many of its text objects pdfium's text page left
        out entirely (a space glyph drawn as a text object of its own, for one)."""
        import pypdfium2.raw as raw

        pdf = self._open(path, password)
        loads = None
        try:
            n = len(pdf)
            first, last = pages or (1, n)
            loads = _PageLoads(pdf, range(first - 1, min(last, n)))
            for i in loads.indexes:
                try:
                    page, textpage = loads.take()
                except Exception as exc:  # PdfiumError: "Failed to load page."
                    raise _page_error(path, i + 1, exc) from None
                try:
                    with PDFIUM_LOCK:
                        width, height = raw.FPDF_GetPageWidthF(page.raw), raw.FPDF_GetPageHeightF(page.raw)
                        seen: set[int] = set()
                        chars = _chars(textpage, height, seen)
                        dropped = _count_text_objects(raw, page.raw) - len(seen)
                        if dropped > 0:
                            chars = _rebuild_spaces(raw, page, chars, seen, height)
                        boxes, rules = _boxes(page, height)
                except MemoryError:
                    raise
                except Exception as exc:
                    raise _page_error(path, i + 1, exc) from None
                finally:
                    loads.done()  # the page closed, the next one loading while this one is read
                yield PageChars(i + 1, float(width), float(height), chars, boxes, rules), dropped
        finally:
            if loads is not None:
                loads.close()
            with PDFIUM_LOCK:
                pdf.close()


class _PageLoads:
    """The pages ``indexes`` (0-based) of ``pdf``, in order, each as (page, its text page
    handle), ``take()`` after ``take()``, with ``done()`` after each.

    Loading a page and its text page is a fifth of the time the reader takes over a page, and
    pdfium needs no Python for it. So, compiled (``_glyphs.PageLoader``), each page is loaded
    on a thread that never takes the GIL while the reader builds the lines of the page before;
    ``done()`` closes a page and starts the next one's load. Without the extension, pypdfium2
    loads each page when it is taken. A page is an object whose ``raw`` is pdfium's handle."""

    def __init__(self, pdf, indexes: range) -> None:
        self.pdf, self.indexes = pdf, indexes
        self._next = iter(indexes)
        self._open: tuple = ()  # what ``done()`` closes
        self._loader = None
        if _glyphs is not None:
            import pypdfium2.raw as raw

            self._loader = _glyphs.PageLoader(*(ctypes.cast(f, ctypes.c_void_p).value
                                                for f in (pdf.raw, raw.FPDF_LoadPage, raw.FPDFText_LoadPage)))
            self._start()

    def _start(self) -> None:
        index = next(self._next, None)
        if index is not None:
            self._loader.start(index)

    def take(self) -> tuple:
        """The next page and its text page's handle; raises pypdfium2's ``PdfiumError``
        when pdfium cannot load them."""
        import pypdfium2 as pdfium

        if self._loader is None:
            page = self.pdf[next(self._next)]
            self._open = (page,)
            textpage = page.get_textpage()
            self._open = (textpage, page)
            return page, textpage.raw
        page_at, text_at = self._loader.take()
        self._open = _handles(page_at, text_at)
        if not page_at:
            raise pdfium.PdfiumError("Failed to load page.")
        if not text_at:
            raise pdfium.PdfiumError("Failed to load text page.")
        textpage, page = self._open
        return page, textpage.raw

    def done(self) -> None:
        """Close the page taken last (and its text page), and start loading the next."""
        self._close_taken()
        if self._loader is not None:
            self._start()

    def _close_taken(self) -> None:
        with PDFIUM_LOCK:
            for handle in self._open:
                handle.close()
        self._open = ()

    def close(self) -> None:
        """Close whatever is still open or loading."""
        self._close_taken()
        # the load under way is waited for outside the lock: its thread needs it
        taken = self._loader.take() if self._loader is not None else None
        if taken:
            self._open = _handles(*taken)
            self._close_taken()


class _Handle:
    """A pdfium handle (``raw``) that ``close()`` closes once, with ``closed_by``."""

    def __init__(self, handle, closed_by) -> None:
        self.raw, self._close = handle, closed_by

    def close(self) -> None:
        if self.raw is not None:
            self._close(self.raw)
            self.raw = None


def _handles(page_at: int, text_at: int) -> tuple[_Handle, ...]:
    """What ``PageLoader.take`` gave (addresses, 0 for what pdfium could not load) as the
    handles to close: the text page first, then its page."""
    import pypdfium2.raw as raw

    handles = []
    if text_at:
        handles.append(_Handle(ctypes.cast(text_at, raw.FPDF_TEXTPAGE), raw.FPDFText_ClosePage))
    if page_at:
        handles.append(_Handle(ctypes.cast(page_at, raw.FPDF_PAGE), raw.FPDF_ClosePage))
    return tuple(handles)


class AutoBackend(PdfiumBackend):
    """The default: pypdfium2, with pdfplumber (the reference) for what pdfium cannot be
    trusted with.

    pdfium leaves some space glyphs out of its text page; ``_rebuild_spaces`` puts them back
    from the text objects they were, so pdfium's page reads as pdfplumber's. pdfplumber still
    reads a file whose cross-reference table pdfium had to rebuild (what pdfium recovers from
    a truncated file is not what pdfminer does) and a page pdfium cannot load."""
    name = "auto"

    def _intact(self, path: Path, password: str | None) -> bool:
        return self._ask(path, password, _intact_xref)

    def __init__(self) -> None:
        #: page numbers read with pdfplumber in the last ``pages()`` call
        self.fallback_pages: list[int] = []

    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]:
        plumber = PdfplumberBackend()
        self.fallback_pages = []
        if not self._intact(path, password):
            for page in plumber.pages(path, pages, password):
                self.fallback_pages.append(page.number)
                yield page
            return
        for page, _dropped in self._read(path, pages, password):
            yield page


#: a space glyph's advance, per point of size: the most a font's may claim, and the typical one
SPACE_ADVANCE_MAX, SPACE_ADVANCE = 0.5, 0.25


def _rebuild_spaces(raw, page, chars: list[Char], seen: set[int], height: float) -> list[Char]:
    """``chars`` with the space glyphs pdfium's text page left out put back.

    pdfium drops a text object that holds only a space glyph (some producers set every glyph
    as an object of its own), and in its place makes up a space with no object wherever it
    sees a gap, between the letters of a word too ("auj ourd'hui" beside a wide "j"). The
    line builder needs the real ones: tight text leaves word gaps narrower than a geometric
    word space. So the made-up spaces (a box that fills the gap between its two neighbours
    exactly) are removed, and each dropped text object becomes a space glyph at its origin,
    one space advance of its font wide, as pdfminer reads it."""
    kept = [c for k, c in enumerate(chars) if c.text != " " or not _made_up_space(chars, k)]
    for address, matrix in _unseen_text_objects(raw, page, seen):
        space = _space_at(raw, ctypes.cast(address, raw.FPDF_PAGEOBJECT), matrix, height)
        if space is not None:
            kept.append(space)
    return kept


def _unseen_text_objects(raw, page, seen: set[int]) -> list[tuple[int, tuple[float, ...]]]:
    """The page's text objects the text page did not read (address not in ``seen``), in the
    order of ``get_objects``: (address, page matrix (``_page_matrix``)) each. Compiled
    (``_glyphs.unseen_text_objects``) when the extension is built: pypdfium2 makes a Python
    object of every object of the page, and a page set glyph by glyph has thousands."""
    if _glyphs is not None:
        from pypdfium2 import PdfiumError

        return _glyphs.unseen_text_objects(ctypes.cast(page.raw, ctypes.c_void_p).value, *_object_functions(raw),
                                           seen, PdfiumError)
    return _unseen_text_objects_python(raw, page, seen)


def _unseen_text_objects_python(raw, page, seen: set[int]) -> list[tuple[int, tuple[float, ...]]]:
    """``_unseen_text_objects`` in Python, over pypdfium2's page objects."""
    found = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
        address = ctypes.cast(obj.raw, ctypes.c_void_p).value or 0
        if address not in seen:
            found.append((address, _page_matrix(obj)))
    return found


def _made_up_space(chars: list[Char], k: int) -> bool:
    """Is ``chars[k]`` a space the reader filled a gap with (``_chars``: from the end of the
    glyph before to the start of the glyph after)?"""
    c = chars[k]
    if c.text != " " or not 0 < k < len(chars) - 1:
        return False
    return c.x0 == min(chars[k - 1].x1, chars[k + 1].x0) and c.x1 == max(chars[k - 1].x1, chars[k + 1].x0)


def _space_at(raw, obj, matrix: tuple[float, ...], height: float) -> Char | None:
    """A space glyph at the origin of the text object ``obj`` (pdfium's handle) whose page
    matrix (through the Form XObjects it sits in) is ``matrix``, or None if it is not
    upright (pdfminer's test)."""
    a, b, c, d, e, f = matrix  # the text matrix: its translation is the origin
    if not (a * d > 0 and b * c <= 0):
        return None
    font = raw.FPDFTextObj_GetFont(obj)
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, size)
    descent = ctypes.c_float()
    raw.FPDFFont_GetDescent(font, 1.0, descent)
    em = abs(size.value) * math.hypot(c, d)
    if not em:
        return None
    lower = height - (f + descent.value * size.value * d)
    # the line builder reads only the space's middle: a font without a usable space advance
    # (a subset font can answer a full em for code 32) gets a typical quarter em
    advance = _advance(raw, font, 32)
    width = (advance if 0 < advance <= SPACE_ADVANCE_MAX else SPACE_ADVANCE) * size.value * a
    return Char(" ", e, lower - em, e + width, lower, em, False)


def _intact_xref(pdf) -> bool:
    import pypdfium2.raw as raw

    return bool(raw.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw))


def _count_text_objects(raw, page) -> int:
    """Text objects on the page, inside Form XObjects too (the first 32 of them). Compiled
    (``_glyphs.count_text_objects``) when the extension is built."""
    if _glyphs is not None:
        return _glyphs.count_text_objects(ctypes.cast(page, ctypes.c_void_p).value, *_object_functions(raw))
    return _count_text_objects_python(raw, page)


@functools.lru_cache(maxsize=1)
def _object_functions(raw) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(addresses of the pdfium functions that walk page objects and paths, the object and
    segment kinds) for the compiled walks."""
    names = ("FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject",
             "FPDFPageObj_GetType", "FPDFPageObj_GetMatrix", "FPDFPath_CountSegments", "FPDFPath_GetPathSegment",
             "FPDFPathSegment_GetType", "FPDFPathSegment_GetPoint")
    kinds = (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_SEGMENT_MOVETO,
             raw.FPDF_SEGMENT_BEZIERTO)
    return tuple(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value for name in names), kinds


def _count_text_objects_python(raw, page) -> int:
    """``_count_text_objects`` in Python."""
    count = 0
    stack = [(raw.FPDFPage_CountObjects(page), lambda k: raw.FPDFPage_GetObject(page, k))]
    text, form = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_FORM
    depth = 0
    while stack:
        n, get = stack.pop()
        for k in range(n):
            obj = get(k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == text:
                count += 1
            elif kind == form and depth < 32:
                depth += 1
                stack.append((raw.FPDFFormObj_CountObjects(obj), lambda k, obj=obj: raw.FPDFFormObj_GetObject(obj, k)))
    return count


def _chars(textpage, height: float, seen: set[int] | None = None, compiled: bool = True) -> list[Char]:
    """The page's characters in content order, with pdfminer-compatible boxes.

    Per character, pdfium is asked its text object and its origin (and, for a space or a
    line-end mark, whether it made it up); everything that is constant over a text object
    (matrix, font, size) is asked once per run of it (``_Runs``). The loop is compiled
    (``_glyphs.pyx``) when the extension is built, else ``_chars_python``: the same
    characters either way."""
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(textpage)
    text = _page_text(raw, textpage, n)
    runs = _Runs(raw, textpage)
    if compiled and _glyphs is not None:
        handle = ctypes.cast(textpage, ctypes.c_void_p).value
        return _glyphs.read_chars(handle, n, text, height, seen, runs.face, Char, _functions(raw))
    return _chars_python(raw, textpage, n, text, height, seen, runs)




@functools.lru_cache(maxsize=1)
def _functions(raw) -> tuple[int, ...]:
    """Addresses of the pdfium functions the compiled loop calls."""
    names = ("FPDFText_GetTextObject", "FPDFText_GetCharOrigin", "FPDFText_IsGenerated", "FPDFText_IsHyphen",
             "FPDFText_GetUnicode", "FPDFText_GetLooseCharBox", "FPDFText_GetMatrix", "FPDFTextObj_GetFont",
             "FPDFTextObj_GetFontSize", "FPDFFont_GetGlyphWidth")
    return tuple(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value for name in names)


class _Runs:
    """What is constant over a run of characters of one text object, and glyph advances,
    cached per page (fonts, faces) and per font name (advances, boldness)."""

    def __init__(self, raw, textpage) -> None:
        self.raw, self.textpage = raw, textpage
        self.fonts: dict[int, tuple] = {}  # text object -> (font handle, size, name, descent per point)
        self.faces: dict[int, tuple] = {}  # font address -> (name, descent per point)
        self.matrix = raw.FS_MATRIX()
        self.widths: dict[bytes, dict[str, float]] = {}  # font name -> {char: advance per point of size}
        self.bold: dict[bytes, bool] = {}  # font name -> is it bold

    def face(self, address: int) -> tuple:
        """(advance cache, bold, descent per point) of the font at ``address`` (0: none), for
        the compiled loop, which asks the rest itself."""
        font = ctypes.cast(address or None, self.raw.FPDF_FONT)
        name, descent = _face(self.raw, font, address or None, self.faces)
        return self._widths(name), self._bold(name), descent

    def _widths(self, name: bytes) -> dict[str, float]:
        widths = self.widths.get(name)
        if widths is None:
            widths = self.widths[name] = {}
        return widths

    def _bold(self, name: bytes) -> bool:
        bold = self.bold.get(name)
        if bold is None:
            bold = self.bold[name] = is_bold(name.decode("latin-1"))
        return bold

    def new(self, i: int, obj: int) -> tuple:
        """(upright, a, size, em, dd, widths, bold, font) of text object ``obj``, whose
        character ``i`` carries its matrix: ``em`` is the box height, ``dd`` the descent
        below the baseline, ``widths`` the font's advance cache, ``bold`` the font's."""
        _, upright, a, d, scale = _run(self.raw, self.textpage, i, obj, self.fonts, self.matrix, self.faces)
        font, size, name, descent = self.fonts[obj]
        return upright, a, size, abs(size) * scale, descent * size * d, self._widths(name), self._bold(name), font

    def advance(self, font, code: int) -> float:
        return _advance(self.raw, font, code)


def _chars_python(raw, textpage, n: int, text: str | None, height: float, seen: set[int] | None,
                  runs: "_Runs") -> list[Char]:
    """``_chars`` in Python: two calls into pdfium per character (its text object and its
    origin, without ctypes' argument conversion)."""
    handle = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    text_object = _unchecked(raw, "FPDFText_GetTextObject", ctypes.c_void_p)
    char_origin = _unchecked(raw, "FPDFText_GetCharOrigin", ctypes.c_int)
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.c_void_p(ctypes.addressof(x)), ctypes.c_void_p(ctypes.addressof(y))
    nx, ny = ctypes.c_double(), ctypes.c_double()
    next_origin = (nx, ny, ctypes.c_void_p(ctypes.addressof(nx)), ctypes.c_void_p(ctypes.addressof(ny)))
    is_generated = _unchecked(raw, "FPDFText_IsGenerated", ctypes.c_int)
    rect = raw.FS_RECTF()
    out: list[Char] = []
    append = out.append
    made_up_chars, hyphen_marks = _MADE_UP, _HYPHEN_MARKS
    run_obj = None  # the text object of the previous character, and what is constant over it:
    upright = a = size = dd = em = font = run_widths = run_bold = None
    last_x = last_y = last_obj = None  # origin and text object of the last glyph (a ligature's
    # characters share it); last_obj None: no glyph to extend
    seen_obj = None
    pending_space = False  # pdfium re-made a space glyph of its own text object (no object)
    skip = -1
    for i in range(n):
        if i == skip:
            continue
        ch = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(textpage, i))
        if "\ud800" <= ch <= "\udbff" and i + 1 < n:
            # outside the BMP (mathematical letters): pdfium gives the two UTF-16 halves
            low = chr(raw.FPDFText_GetUnicode(textpage, i + 1))
            if "\udc00" <= low <= "\udfff":
                ch, skip = (ch + low).encode("utf-16-le", "surrogatepass").decode("utf-16-le"), i + 1
        obj = text_object(handle, i)
        if seen is not None and obj and obj != seen_obj:
            seen.add(obj)
            seen_obj = obj
        made_up = ch in made_up_chars and is_generated(handle, i)
        if not obj:
            # a space with no object stands for a space glyph that was a text object of its
            # own; line ends are dropped
            pending_space = ch == " " and made_up
            continue
        if made_up and ch != " ":
            pending_space = False
            continue
        if ch in hyphen_marks and raw.FPDFText_IsHyphen(textpage, i):
            ch = "-"  # pdfium marks a hyphen-minus at a line end
        if run_obj != obj:
            # a made-up space carries no matrix of its own: ask the object's next glyph
            run_obj = obj
            upright, a, size, em, dd, run_widths, run_bold, font = runs.new(i + 1 if made_up and i + 1 < n else i, obj)
        if not upright or ch == "\x00":
            last_obj = None
            continue
        char_origin(handle, i, x_at, y_at)
        xv, yv = x.value, y.value
        if made_up and _at_next_glyph(char_origin, handle, i, n, xv, next_origin):
            continue  # a space pdfium inferred from a gap: it sits on the next glyph
        if xv == last_x and yv == last_y and obj == last_obj:
            # one glyph, several characters (an "ffi" ligature): pdfium gives no advance for
            # the glyph, its loose box is the nearest
            prev = out[-1]
            prev.text += ch
            raw.FPDFText_GetLooseCharBox(textpage, i, rect)
            prev.x1 = max(prev.x1, rect.right)
            continue
        last_x, last_y, last_obj = xv, yv, obj
        width = run_widths.get(ch)
        if width is None:
            width = run_widths[ch] = _glyph_advance(raw, textpage, i, font, ch, size * a, rect)
        bottom = height - (yv + dd)
        if pending_space and out and ch != " ":
            prev = out[-1]
            if abs(prev.bottom - bottom) < 0.5 * em and prev.x1 - em <= xv:
                # in the gap before this glyph, at least a hair wide
                append(Char(" ", min(prev.x1, xv), bottom - em, max(prev.x1, xv), bottom, em, run_bold))
        pending_space = False
        append(Char(ch, xv, bottom - em, xv + width * size * a, bottom, em, run_bold))
    return out


#: the characters pdfium makes up between words and lines (``FPDFText_IsGenerated``)
_MADE_UP = frozenset(" \r\n")
#: what pdfium puts in place of a hyphen-minus that ends a line (``FPDFText_IsHyphen``)
_HYPHEN_MARKS = frozenset("\x02\ufffe")


def _at_next_glyph(char_origin, handle, i: int, n: int, x: float, next_origin: tuple) -> bool:
    """Does the made-up space ``i`` sit on the origin of the next character? pdfium puts the
    spaces it infers from a gap there, and the ones standing for a space glyph at the glyph.
    ``char_origin`` is ``FPDFText_GetCharOrigin`` (unchecked), ``next_origin`` the two
    doubles to fill and their addresses."""
    if i + 1 >= n:
        return True
    nx, _, nx_at, ny_at = next_origin
    found = char_origin(handle, i + 1, nx_at, ny_at)
    return (nx.value if found else 0.0) == x


def _page_text(raw, textpage, n: int) -> str | None:
    """All characters of the page in one call, when they map one to one to char indices
    (no control characters, nothing outside the BMP); else None."""
    buffer = ctypes.create_string_buffer(2 * (n + 1))
    raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * n].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _unchecked(raw, name: str, restype):
    """The pdfium function ``name`` called without ctypes' per-call argument conversion (a
    third faster): pass pointers as ``c_void_p`` and indices as ints. With ``c_void_p`` as
    ``restype`` it returns a plain int (or None for NULL) to compare."""
    function = ctypes.CFUNCTYPE(restype)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)
    function.argtypes = None
    return function


def _run(raw, textpage, i: int, obj: int, fonts: dict[int, tuple], matrix, faces: dict[int, tuple]) -> tuple:
    """What is constant over a text object: is it upright (pdfminer: ``a*d > 0 and b*c <= 0``),
    its horizontal and vertical scale, and (cached in ``fonts``) its font. ``matrix`` is an
    ``FS_MATRIX`` to fill, ``faces`` the cache of ``_font``."""
    if raw.FPDFText_GetMatrix(textpage, i, matrix):
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    else:  # left as it was: a new matrix is zero
        a = b = c = d = 0.0
    if obj not in fonts:
        fonts[obj] = _font(raw, ctypes.cast(obj, raw.FPDF_PAGEOBJECT), faces)
    return obj, a * d > 0 and b * c <= 0, a, d, math.hypot(c, d)


def _font(raw, obj, faces: dict[int, tuple]) -> tuple:
    """A text object's font handle, nominal size, base name and descent per point of size;
    what belongs to the font itself is asked once per font (``faces``: address -> name,
    descent)."""
    font = raw.FPDFTextObj_GetFont(obj)
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, size)
    name, descent = _face(raw, font, ctypes.cast(font, ctypes.c_void_p).value, faces)
    return font, size.value, name, descent


def _face(raw, font, address: int | None, faces: dict[int | None, tuple]) -> tuple[bytes, float]:
    """(base name, descent per point of size) of ``font`` (at ``address``), cached."""
    face = faces.get(address)
    if face is None:
        descent = ctypes.c_float()
        raw.FPDFFont_GetDescent(font, 1.0, descent)
        length = raw.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(length)
        raw.FPDFFont_GetBaseFontName(font, name, length)
        face = faces[address] = (name.value, descent.value)
    return face


def _glyph_advance(raw, textpage, i: int, font, ch: str, scale: float, rect) -> float:
    """The advance per point of size of character ``i`` (``ch``), whose horizontal scale
    (size times matrix) is ``scale``; ``rect`` an ``FS_RECTF`` to fill."""
    width = _advance(raw, font, ord(ch))
    if width == 0.0 and ch != " " and scale:
        # a font pdfium cannot find the glyph of by its code point (a custom encoding): its
        # loose box spans the advance from the font's widths
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        width = ctypes.c_float((rect.right - rect.left) / scale).value
    return width


def _advance(raw, font, code: int) -> float:
    """The advance width of the font's glyph for ``code`` (a Unicode point) per point of size."""
    width = ctypes.c_float()
    raw.FPDFFont_GetGlyphWidth(font, code, 1.0, width)
    return width.value


Extent = tuple[float, float, float, float]


def _boxes(page, height: float) -> tuple[list[Extent], list[Extent]]:
    """Drawn axis-aligned rectangles at least ``MIN_BOX_WIDTH`` wide, and rules (``rule_of``:
    two-point strokes straight across or down, as pdfminer's ``LTLine``, and hairline
    rectangles), top-left coordinates. Compiled (``_glyphs.boxes``) when the extension is built."""
    if _glyphs is not None:
        import pypdfium2.raw as raw
        from pypdfium2 import PdfiumError

        rules: list[Extent] = []
        return _glyphs.boxes(ctypes.cast(page.raw, ctypes.c_void_p).value, height, *_object_functions(raw),
                             MIN_BOX_WIDTH, PdfiumError, rules, rule_of), rules
    return _boxes_python(page, height)


def _boxes_python(page, height: float) -> tuple[list[Extent], list[Extent]]:
    """``_boxes`` in Python, over pypdfium2's page objects."""
    import pypdfium2.raw as raw

    out = []
    rules = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        m = _page_matrix(obj)
        subpaths: list[list[tuple[float, float]]] = []
        curved: set[int] = set()
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            kind = raw.FPDFPathSegment_GetType(seg)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([])
            if kind == raw.FPDF_SEGMENT_BEZIERTO:
                curved.add(len(subpaths) - 1)
            px, py = x.value, y.value
            subpaths[-1].append((m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]))
        for j, points in enumerate(subpaths):
            rect = None if j in curved else _rectangle(points)
            if rect and rect[2] - rect[0] >= MIN_BOX_WIDTH:
                x0, y0, x1, y1 = rect
                out.append((x0, height - y1, x1, height - y0))
            if j not in curved and (rect or _stroke(points)):  # a rectangle, or pdfminer's LTLine
                x0, y0, x1, y1 = rect or _extent(points)
                rule = rule_of(x0, height - y1, x1, height - y0)
                if rule:
                    rules.append(rule)
    return out, rules


def _stroke(points: list[tuple[float, float]]) -> bool:
    """pdfminer's ``LTLine``: a path of two points, "m l", or closed back to its start, "m l h"
    (which pdfium gives as a third point on the first)."""
    return len(points) == 2 or len(points) == 3 and points[2] == points[0]


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _page_matrix(obj) -> tuple[float, ...]:
    """The object's matrix composed with those of the Form XObjects it sits in."""
    m = obj.get_matrix().get()
    parent = obj.container
    while parent is not None:
        a2, b2, c2, d2, e2, f2 = parent.get_matrix().get()
        a, b, c, d, e, f = m
        m = (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
             e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
        parent = parent.container
    return m


def _rectangle(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The extent of a closed four-corner path whose sides are horizontal and vertical
    (pdfminer's test for an ``LTRect``), else None."""
    if len(points) == 5 and points[4] == points[0]:
        points = points[:4]
    if len(points) != 4:
        return None
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1]):
        if ax != bx and ay != by:
            return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
