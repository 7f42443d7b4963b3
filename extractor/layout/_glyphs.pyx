# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""The layout reader's loops over every glyph of a page, compiled.

Each function here does what a Python function of the package does, step for step and in the
same order, and gives the very same result (``tests/layout/test_compiled.py`` compares each pair on
generated input and on real reports):

- ``read_chars``: the pypdfium2 backend's character loop (``pdfium._chars_python``), with the
  per-character calls into pdfium made from C instead of through ctypes;
- ``count_text_objects``, ``boxes``: the page-object walks (``pdfium._count_text_objects_python``,
  ``pdfium._boxes_python``);
- ``glyph_facts``: what the page repairs ask of every glyph (``repair._glyph_facts_python``);
- ``group_rows``, ``measure``, ``split_words``, ``stretched_spaces``, ``row_stats``: rows of
  glyphs, a line's geometry, a line's word spaces, a row's stretched word spaces, a row's
  sizes and middles (``lines._group_rows_python``, ``lines._measure_python``,
  ``lines._split_python``, ``lines._stretched_spaces_python``, ``lines._row_stats_python``);
- ``box_arrays``: the document's float32 box arrays (``pdf._box_arrays``);
- ``grow_rows``: the rows of a table (``layout.tables._grow_rows_python``).

and one that has no Python twin, as it only changes when the work is done: ``PageLoader``
loads a pdfium page on a thread of its own while the reader builds the lines of the page
before (``pdfium._PageLoads``), and ``PdfiumLock`` keeps any other pdfium call from running
at the same time.

Built when the package is installed (``setup.py``: Cython and a C compiler); without it the
Python functions run. pdfium's functions are reached through the addresses pypdfium2 already
resolved, so nothing is linked here.

In ``read_chars``, what is constant over a text object (matrix, font, size) is asked once per
run of characters of one object, and what belongs to a font (its name, boldness and descent)
in Python once per font (``face_of``). Arithmetic is Python's, in the same order, on doubles
(compiled without contraction into fused multiply-adds; the em's hypotenuse by Python's
``math.hypot``), so every coordinate is the same float. Where Python's result would depend
on how it orders a NaN, the compiled function returns None and the Python one decides.
"""
from cpython.unicode cimport Py_UNICODE_ISSPACE, Py_UNICODE_ISUPPER
from libc.math cimport NAN, fabs
from libc.stdint cimport uintptr_t
from libc.stdlib cimport free, malloc, qsort

ctypedef void* (*text_object_f)(void*, int) noexcept nogil
ctypedef int (*char_origin_f)(void*, int, double*, double*) noexcept nogil
ctypedef int (*int_at_f)(void*, int) noexcept nogil
ctypedef unsigned int (*unicode_f)(void*, int) noexcept nogil

ctypedef struct rectf:
    float left
    float top
    float right
    float bottom

ctypedef int (*loose_box_f)(void*, int, rectf*) noexcept nogil

ctypedef struct fs_matrix:  # pdfium's FS_MATRIX
    float a
    float b
    float c
    float d
    float e
    float f

ctypedef int (*char_matrix_f)(void*, int, fs_matrix*) noexcept nogil
ctypedef void* (*font_of_f)(void*) noexcept nogil
ctypedef int (*font_size_f)(void*, float*) noexcept nogil
ctypedef int (*glyph_width_f)(void*, unsigned int, float, float*) noexcept nogil

from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from types import MemberDescriptorType as _Member

# -- a glyph's fields ---------------------------------------------------------------------------
# The loops below read five or six fields of every glyph (``backends.Char``, a dataclass with
# slots), a Python attribute lookup each: a type lookup, then the slot's descriptor. Once
# ``bind_char`` has found where Char keeps each field in its objects, a glyph of exactly that
# type has its fields read from there (the objects the lookup would give); anything else
# (a subclass, an empty slot) goes through ``getattr`` as before.
cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    ctypedef struct _Type "PyTypeObject":
        PyObject* (*tp_alloc)(_Type*, Py_ssize_t)

DEF T_OBJECT_EX = 16  # structmember.h: a slot, AttributeError when empty
cdef enum:
    TEXT, X0, TOP, X1, BOTTOM, SIZE, BOLD, SPACE_BEFORE, N_FIELDS
_FIELDS = ("text", "x0", "top", "x1", "bottom", "size", "bold", "space_before")
cdef object _char_type = None
cdef Py_ssize_t _offsets[N_FIELDS]


def bind_char(type char):
    """Read the fields of ``char`` objects from their slots (``backends.Char``: called once,
    where it is defined). False, and ``getattr`` for every glyph, when a field is no slot."""
    global _char_type
    cdef Py_ssize_t offsets[N_FIELDS]
    cdef PyMemberDescrObject* member
    _char_type = None
    for k, name in enumerate(_FIELDS):
        descriptor = char.__dict__.get(name)
        if not isinstance(descriptor, _Member):
            return False
        member = <PyMemberDescrObject*>descriptor
        if member.d_member.type != T_OBJECT_EX:
            return False
        offsets[k] = member.d_member.offset
    for k in range(N_FIELDS):
        _offsets[k] = offsets[k]
    _char_type = char
    return True


cdef inline void _put(PyObject* c, int field, object value):
    """Fill the empty slot of ``field`` with ``value``."""
    Py_INCREF(value)
    (<PyObject**>(<char*>c + _offsets[field]))[0] = <PyObject*>value


cdef object _glyph(object char, str text, double x0, double top, double x1, double bottom, double size, object bold):
    """``char(text, x0, top, x1, bottom, size, bold)``: for Char, what its ``__init__`` does
    (the fields set, in its slots) without running it."""
    if char is not _char_type:
        return char(text, x0, top, x1, bottom, size, bold)
    cdef PyObject* made = (<_Type*>char).tp_alloc(<_Type*>char, 0)  # object.__new__'s allocation
    if made is NULL:
        raise MemoryError()
    glyph = <object>made
    Py_DECREF(glyph)  # the allocation's reference, now ``glyph``'s
    _put(made, TEXT, text)
    _put(made, X0, x0)
    _put(made, TOP, top)
    _put(made, X1, x1)
    _put(made, BOTTOM, bottom)
    _put(made, SIZE, size)
    _put(made, BOLD, bold)
    _put(made, SPACE_BEFORE, False)
    return glyph


cdef inline object _field(object c, int field):
    """``getattr(c, _FIELDS[field])``."""
    cdef PyObject* value
    if type(c) is _char_type:
        value = (<PyObject**>(<char*><PyObject*>c + _offsets[field]))[0]
        if value is not NULL:
            return <object>value
    return getattr(c, _FIELDS[field])


from math import hypot as _hypot  # Python's (not libm's): the Python loop's em, to the last bit


def read_chars(uintptr_t handle, int n, str text, double height, set seen, face_of, Char, tuple functions):
    """The page's ``Char`` list (see ``pdfium._chars_python``).

    ``handle``: the text page; ``text``: its characters from one ``FPDFText_GetText`` call,
    or None when they do not map one to one; ``seen``: collects the text objects met (or
    None); ``face_of(address)``: (advance cache, bold, descent per point) of the font at
    ``address``, asked once per font; ``functions``: the addresses of FPDFText_GetTextObject,
    GetCharOrigin, IsGenerated, IsHyphen, GetUnicode, GetLooseCharBox, GetMatrix,
    FPDFTextObj_GetFont, FPDFTextObj_GetFontSize and FPDFFont_GetGlyphWidth."""
    cdef text_object_f text_object = <text_object_f><uintptr_t>functions[0]
    cdef char_origin_f char_origin = <char_origin_f><uintptr_t>functions[1]
    cdef int_at_f is_generated = <int_at_f><uintptr_t>functions[2]
    cdef int_at_f is_hyphen = <int_at_f><uintptr_t>functions[3]
    cdef unicode_f get_unicode = <unicode_f><uintptr_t>functions[4]
    cdef loose_box_f loose_box = <loose_box_f><uintptr_t>functions[5]
    cdef char_matrix_f char_matrix = <char_matrix_f><uintptr_t>functions[6]
    cdef font_of_f font_of = <font_of_f><uintptr_t>functions[7]
    cdef font_size_f font_size = <font_size_f><uintptr_t>functions[8]
    cdef glyph_width_f glyph_width = <glyph_width_f><uintptr_t>functions[9]
    cdef fs_matrix matrix
    cdef void* font = NULL
    cdef float fsize, advance
    cdef double mc, md, descent
    cdef dict faces = {}
    cdef void* page = <void*>handle
    cdef void* obj
    cdef void* seen_obj = NULL
    cdef void* run_obj = NULL
    cdef void* last_obj = NULL
    cdef double x = 0.0, y = 0.0, nx = 0.0, ny = 0.0
    cdef double xv, yv, last_x = 0.0, last_y = 0.0
    cdef double a = 0.0, size = 0.0, em = 0.0, dd = 0.0, bottom, width, px1
    cdef rectf rect
    cdef bint upright = False, made_up, pending_space = False, have_text = text is not None
    cdef int i, skip = -1
    cdef unsigned int code, low
    cdef object ch, prev, run_widths = None, run_bold = None, found, face
    rect.left = rect.top = rect.right = rect.bottom = 0.0
    out = []
    for i in range(n):
        if i == skip:
            continue
        if have_text:
            code = text[i]
        else:
            code = _checked(get_unicode(page, i))
        if 0xD800 <= code <= 0xDBFF and i + 1 < n:
            # outside the BMP (mathematical letters): pdfium gives the two UTF-16 halves
            low = _checked(get_unicode(page, i + 1))
            if 0xDC00 <= low <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                skip = i + 1
        obj = text_object(page, i)
        if seen is not None and obj != NULL and obj != seen_obj:
            seen.add(<uintptr_t>obj)
            seen_obj = obj
        made_up = (code == 0x20 or code == 0x0D or code == 0x0A) and is_generated(page, i) != 0
        if obj == NULL:
            # a space with no object stands for a space glyph that was a text object of its
            # own; line ends are dropped
            pending_space = code == 0x20 and made_up
            continue
        if made_up and code != 0x20:
            pending_space = False
            continue
        if (code == 0x02 or code == 0xFFFE) and is_hyphen(page, i) != 0:
            code = 0x2D  # pdfium marks a hyphen-minus at a line end
        if run_obj != obj:
            # what is constant over a text object (``pdfium._Runs.new``): is it upright
            # (pdfminer: a*d > 0 and b*c <= 0), its scales, its font, size and descent; a
            # made-up space carries no matrix of its own: ask the object's next glyph
            run_obj = obj
            if char_matrix(page, i + 1 if made_up and i + 1 < n else i, &matrix):
                a, mc, md = matrix.a, matrix.c, matrix.d
                upright = matrix.a * <double>matrix.d > 0 and matrix.b * <double>matrix.c <= 0
            else:
                a = mc = md = 0.0
                upright = False
            font = font_of(obj)
            fsize = 0.0
            font_size(obj, &fsize)
            face = faces.get(<uintptr_t>font)
            if face is None:
                face = faces[<uintptr_t>font] = face_of(<uintptr_t>font)
            run_widths, run_bold, descent = face
            size = fsize
            em = fabs(size) * <double>_hypot(mc, md)
            dd = descent * size * md
        if not upright or code == 0:
            last_obj = NULL
            continue
        char_origin(page, i, &x, &y)
        xv, yv = x, y
        if made_up:
            # a space pdfium inferred from a gap sits on the next glyph's origin
            if i + 1 >= n:
                continue
            if char_origin(page, i + 1, &nx, &ny) != 0:
                if nx == xv:
                    continue
            elif xv == 0.0:
                continue
        ch = chr(code)
        if last_obj != NULL and xv == last_x and yv == last_y and obj == last_obj:
            # one glyph, several characters (an "ffi" ligature): its loose box is the nearest
            prev = out[len(out) - 1]
            prev.text += ch
            loose_box(page, i, &rect)
            px1 = prev.x1
            prev.x1 = max(px1, <double>rect.right)
            continue
        last_x, last_y, last_obj = xv, yv, obj
        found = run_widths.get(ch)
        if found is None:
            advance = 0.0
            glyph_width(font, code, 1.0, &advance)
            if advance == 0.0 and code != 0x20 and size * a != 0.0:
                # a font pdfium cannot find the glyph of by its code point (a custom
                # encoding): its loose box spans the advance from the font's widths
                loose_box(page, i, &rect)
                advance = <float>((<double>rect.right - <double>rect.left) / (size * a))
            found = run_widths[ch] = <double>advance
        width = found
        bottom = height - (yv + dd)
        if pending_space and out and code != 0x20:
            prev = out[len(out) - 1]
            px1 = prev.x1
            if abs(<double>prev.bottom - bottom) < 0.5 * em and px1 - em <= xv:
                # in the gap before this glyph, at least a hair wide
                out.append(_glyph(Char, " ", min(px1, xv), bottom - em, max(px1, xv), bottom, em, run_bold))
        pending_space = False
        out.append(_glyph(Char, ch, xv, bottom - em, xv + width * size * a, bottom, em, run_bold))
    return out


cdef inline unsigned int _checked(unsigned int value) except? 0xFFFFFFFF:
    """A code point from pdfium, or the ValueError ``chr`` raises in the Python loop."""
    if value > 0x10FFFF:
        raise ValueError(f"chr() arg not in range(0x110000): {value}")
    return value


# -- overprinted glyphs ----------------------------------------------------------------------

ctypedef struct ink_t:
    # what a glyph is sorted by: its text as a number (equal texts, equal numbers) for the
    # overprint suspects, its middle for the rows; then x0, then its index
    double key
    double x0
    double top
    double x1
    Py_ssize_t k  # index in the page's characters


cdef int _by_key_x0_index(const void* a, const void* b) noexcept nogil:
    cdef const ink_t* p = <const ink_t*>a
    cdef const ink_t* q = <const ink_t*>b
    if p.key != q.key:
        return -1 if p.key < q.key else 1
    if p.x0 != q.x0:
        return -1 if p.x0 < q.x0 else 1
    return -1 if p.k < q.k else (1 if p.k > q.k else 0)


cdef int _by_size(const void* a, const void* b) noexcept nogil:
    cdef double p = (<const double*>a)[0], q = (<const double*>b)[0]
    return -1 if p < q else (1 if p > q else 0)


def glyph_facts(list chars, double tol):
    """What the page repairs of ``extractor.layout.repair`` ask of every glyph, in one pass
    (``repair._glyph_facts_python`` is the same in Python):

    - the indices of the non-space glyphs that another glyph of the same text matches within
      ``tol`` in x0, top and x1 (overprint suspects);
    - the median type size of the non-space glyphs (``sorted(sizes)[n // 2]``, 0.0 if none);
    - (index, size) of each glyph that is one upper-case letter (drop-cap candidates);
    - the highest code point of all texts (0 if none): mathematical letters are above U+1D400;
    - how many non-space glyphs have each size, in the order the sizes first appear (as
      ``dict(Counter(sizes))``: of equal sizes, the first one's object is the key);
    - whether a text holds U+FFFD (a glyph whose character the font lost).

    None when a coordinate or a size is not a number (Python's sort then decides)."""
    cdef Py_ssize_t n = len(chars), m = 0, p, q, k
    cdef ink_t* ink = <ink_t*>malloc((n if n > 0 else 1) * sizeof(ink_t))
    cdef double* sizes = <double*>malloc((n if n > 0 else 1) * sizeof(double))
    cdef double x0, top, x1, size, run_size = 0.0
    cdef Py_ssize_t run = 0  # glyphs in a row of one size (most of a page), counted at once
    cdef Py_UCS4 ch
    cdef unsigned int high = 0
    cdef bint blank, damaged = False
    if ink == NULL or sizes == NULL:
        free(ink)
        free(sizes)
        raise MemoryError()
    cdef dict ids = {}
    suspects = set()
    upper = []
    cdef dict size_counts = {}
    run_key = None
    try:
        for k in range(n):
            c = chars[k]
            text = <str>_field(c, TEXT)
            blank = len(text) > 0
            for ch in text:
                if ch > high:
                    high = ch
                if not Py_UNICODE_ISSPACE(ch):
                    blank = False
                if ch == 0xFFFD:
                    damaged = True
            if blank:
                continue
            size_object = _field(c, SIZE)
            x0, top, x1, size = _field(c, X0), _field(c, TOP), _field(c, X1), size_object
            if x0 != x0 or top != top or x1 != x1 or size != size:
                return None
            if run and size == run_size:
                run += 1
            else:
                if run:
                    size_counts[run_key] = size_counts.get(run_key, 0) + run
                run_key, run_size, run = size_object, size, 1
            found = ids.get(text)
            if found is None:
                found = ids[text] = len(ids)
            ink[m].key = found
            ink[m].x0 = x0
            ink[m].top = top
            ink[m].x1 = x1
            ink[m].k = k
            sizes[m] = size
            m += 1
            if len(text) == 1 and Py_UNICODE_ISUPPER(text[0]):
                upper.append((k, size_object))
        qsort(ink, m, sizeof(ink_t), _by_key_x0_index)
        # sorted by text then x0: a glyph's twins follow it, and only while the next glyph does
        for p in range(m - 1):
            for q in range(p + 1, m):
                if ink[q].key != ink[p].key or ink[q].x0 - ink[p].x0 > tol:
                    break
                if fabs(ink[q].top - ink[p].top) <= tol and fabs(ink[q].x1 - ink[p].x1) <= tol:
                    suspects.add(ink[p].k)
                    suspects.add(ink[q].k)
        if run:
            size_counts[run_key] = size_counts.get(run_key, 0) + run
        qsort(sizes, m, sizeof(double), _by_size)
        return suspects, (sizes[m // 2] if m else 0.0), upper, high, size_counts, damaged
    finally:
        free(ink)
        free(sizes)


# -- page objects: text objects counted, drawn rectangles -----------------------------------
ctypedef int (*count_f)(void*) noexcept nogil
ctypedef void* (*object_at_f)(void*, int) noexcept nogil
ctypedef void* (*form_object_at_f)(void*, unsigned long) noexcept nogil
ctypedef int (*kind_f)(void*) noexcept nogil
ctypedef int (*matrix_f)(void*, fs_matrix*) noexcept nogil
ctypedef int (*point_f)(void*, float*, float*) noexcept nogil

#: how many Form XObjects ``count_text_objects`` opens (``pdfium._count_text_objects_python``)
DEF MAX_FORMS = 32
#: how deep ``boxes`` descends into Form XObjects (pypdfium2's ``get_objects(max_depth=15)``)
DEF MAX_DEPTH = 15


cdef struct _Objects:
    # pdfium's functions (see ``_object_functions`` in pdfium.py)
    count_f page_count
    object_at_f page_object
    count_f form_count
    form_object_at_f form_object
    kind_f kind
    matrix_f matrix
    count_f segments
    object_at_f segment
    kind_f segment_kind
    point_f point
    int text, path, form, moveto, bezierto


cdef _Objects _objects(tuple functions, tuple kinds):
    cdef _Objects o
    o.page_count = <count_f><uintptr_t>functions[0]
    o.page_object = <object_at_f><uintptr_t>functions[1]
    o.form_count = <count_f><uintptr_t>functions[2]
    o.form_object = <form_object_at_f><uintptr_t>functions[3]
    o.kind = <kind_f><uintptr_t>functions[4]
    o.matrix = <matrix_f><uintptr_t>functions[5]
    o.segments = <count_f><uintptr_t>functions[6]
    o.segment = <object_at_f><uintptr_t>functions[7]
    o.segment_kind = <kind_f><uintptr_t>functions[8]
    o.point = <point_f><uintptr_t>functions[9]
    o.text, o.path, o.form, o.moveto, o.bezierto = kinds
    return o


def count_text_objects(uintptr_t page, tuple functions, tuple kinds):
    """``pdfium._count_text_objects_python``, compiled: the page's text objects, inside Form
    XObjects too (at most ``MAX_FORMS`` of them opened, in the same order)."""
    cdef _Objects o = _objects(functions, kinds)
    cdef void* parents[MAX_FORMS + 1]
    cdef int counts[MAX_FORMS + 1]
    cdef bint is_form[MAX_FORMS + 1]
    cdef int top = 0, opened = 0, count = 0, n, k, kind
    cdef void* obj
    parents[0], counts[0], is_form[0] = <void*>page, o.page_count(<void*>page), False
    top = 1
    while top:
        top -= 1
        n = counts[top]
        parent = parents[top]
        form_parent = is_form[top]
        for k in range(n):
            obj = o.form_object(parent, <unsigned long>k) if form_parent else o.page_object(parent, k)
            kind = o.kind(obj)
            if kind == o.text:
                count += 1
            elif kind == o.form and opened < MAX_FORMS:
                opened += 1
                parents[top], counts[top], is_form[top] = obj, o.form_count(obj), True
                top += 1
    return count


def boxes(uintptr_t page, double height, tuple functions, tuple kinds, double min_width, error, list rules,
          rule_of):
    """``pdfium._boxes_python``, compiled: the drawn axis-aligned rectangles at least
    ``min_width`` wide, (x0, top, x1, bottom) from the top of the page, in the order of
    pypdfium2's ``get_objects`` (depth first); the rules (``rule_of`` of each rectangle and
    two-point stroke) are appended to ``rules``; ``error`` (pypdfium2's PdfiumError) is raised
    with its messages."""
    cdef _Objects o = _objects(functions, kinds)
    cdef void* chain[MAX_DEPTH]  # the Form XObjects the objects sit in, outermost first
    cdef _Visit v = _Visit(o.path, error)
    v.height, v.min_width, v.rules, v.rule_of = height, min_width, rules, rule_of
    _walk(&o, <void*>page, False, 0, chain, v)
    return v.out


def unseen_text_objects(uintptr_t page, tuple functions, tuple kinds, set seen, error):
    """The text objects of the page (Form XObjects' too, in the order of pypdfium2's
    ``get_objects``) whose address is not in ``seen``: (address, page matrix) each, for
    ``pdfium._rebuild_spaces``."""
    cdef _Objects o = _objects(functions, kinds)
    cdef void* chain[MAX_DEPTH]
    cdef _Visit v = _Visit(o.text, error)
    v.seen = seen
    _walk(&o, <void*>page, False, 0, chain, v)
    return v.out


cdef class _Visit:
    """What a walk over a page's objects (``_walk``) does with the objects of one ``kind``: a
    text object not ``seen`` goes to ``out`` with its page matrix; a path gives ``out`` its
    boxes and ``rules`` its rules (``_path``)."""
    cdef int kind
    cdef object error
    cdef list out
    cdef set seen
    cdef double height, min_width
    cdef list rules
    cdef object rule_of
    cdef float x, y  # a path's last point, kept from one segment to the next, as pdfium may leave them

    def __init__(self, int kind, error):
        self.kind, self.error, self.out = kind, error, []
        self.x = self.y = 0.0


cdef int _page_matrix(_Objects* o, void* obj, int level, void** chain, error, double* m) except -1:
    """``pdfium._page_matrix``: the object's matrix composed with those of the ``level`` Form
    XObjects of ``chain`` it sits in, innermost first."""
    cdef fs_matrix fm
    cdef double a, b, c, d, e, f, a2, b2, c2, d2, e2, f2
    cdef int j
    if not o.matrix(obj, &fm):
        raise error("Failed to get matrix of pageobject.")
    a, b, c, d, e, f = fm.a, fm.b, fm.c, fm.d, fm.e, fm.f
    for j in range(level - 1, -1, -1):
        if not o.matrix(chain[j], &fm):
            raise error("Failed to get matrix of pageobject.")
        a2, b2, c2, d2, e2, f2 = fm.a, fm.b, fm.c, fm.d, fm.e, fm.f
        a, b, c, d, e, f = (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
                            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
    m[0], m[1], m[2], m[3], m[4], m[5] = a, b, c, d, e, f
    return 0


cdef int _walk(_Objects* o, void* parent, bint form_parent, int level, void** chain, _Visit v) except -1:
    """The objects under ``parent`` (the page, or a Form XObject ``level`` forms deep), depth
    first as pypdfium2's ``get_objects(max_depth=MAX_DEPTH)``, those of ``v.kind`` visited."""
    cdef int n = o.form_count(parent) if form_parent else o.page_count(parent)
    cdef int i, kind
    cdef void* obj
    cdef double m[6]
    if n < 0:
        raise v.error("Failed to get number of pageobjects.")
    for i in range(n):
        obj = o.form_object(parent, <unsigned long>i) if form_parent else o.page_object(parent, i)
        if obj == NULL:
            raise v.error("Failed to get pageobject.")
        kind = o.kind(obj)
        if kind == v.kind and kind == o.text:
            if <uintptr_t>obj not in v.seen:
                _page_matrix(o, obj, level, chain, v.error, m)
                v.out.append((<uintptr_t>obj, (m[0], m[1], m[2], m[3], m[4], m[5])))
        elif kind == v.kind:
            _page_matrix(o, obj, level, chain, v.error, m)
            _path(o, obj, m, v)
        if kind == o.form and level < MAX_DEPTH - 1:
            chain[level] = obj
            _walk(o, obj, True, level + 1, chain, v)
    return 0


cdef int _path(_Objects* o, void* obj, double* m, _Visit v) except -1:
    cdef double a, b, c, d, e, f, px, py
    cdef double height = v.height
    cdef float x = v.x, y = v.y
    cdef int k, j, n, kind
    cdef void* seg
    a, b, c, d, e, f = m[0], m[1], m[2], m[3], m[4], m[5]
    subpaths = []
    curved = set()
    n = o.segments(obj)
    for k in range(n):
        seg = o.segment(obj, k)
        kind = o.segment_kind(seg)
        o.point(seg, &x, &y)
        if kind == o.moveto or not subpaths:
            subpaths.append([])
        if kind == o.bezierto:
            curved.add(len(subpaths) - 1)
        px, py = x, y
        subpaths[len(subpaths) - 1].append((a * px + c * py + e, b * px + d * py + f))
    v.x, v.y = x, y
    for j in range(len(subpaths)):
        rect = None if j in curved else _rectangle(subpaths[j])
        if rect is not None and rect[2] - rect[0] >= v.min_width:
            v.out.append((rect[0], height - rect[3], rect[2], height - rect[1]))
        # or pdfminer's LTLine: "m l", or "m l h" (a third point on the first)
        if j not in curved and (rect is not None or len(subpaths[j]) == 2
                                or len(subpaths[j]) == 3 and subpaths[j][2] == subpaths[j][0]):
            if rect is None:
                xs = [p[0] for p in subpaths[j]]
                ys = [p[1] for p in subpaths[j]]
                rect = (min(xs), min(ys), max(xs), max(ys))
            rule = v.rule_of(rect[0], height - rect[3], rect[2], height - rect[1])
            if rule is not None:
                v.rules.append(rule)
    return 0


cdef _rectangle(list points):
    """``pdfium._rectangle``: the extent of a closed four-corner path whose sides are
    horizontal and vertical, else None."""
    if len(points) == 5 and points[4] == points[0]:
        points = points[:4]
    if len(points) != 4:
        return None
    for k in range(4):
        ax, ay = points[k]
        bx, by = points[(k + 1) % 4]
        if ax != bx and ay != by:
            return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


# -- table rows (extractor.layout.tables) -----------------------------------------------------
def grow_rows(const double[:] mids, const double[:] limits, long long[:] rows):
    """``layout.tables._grow_rows_python``, compiled: glyphs taken in the order of their
    middles ``mids`` join the last row while their middle is within ``limits`` of the row's
    mean middle, else open the next; each glyph's row number is written to ``rows``."""
    cdef Py_ssize_t i, n = mids.shape[0]
    cdef long long row = -1, count = 0
    cdef double row_sum = 0.0, mid
    for i in range(n):
        mid = mids[i]
        if count and fabs(mid - row_sum / count) <= limits[i]:
            row_sum += mid
            count += 1
        else:
            row += 1
            row_sum = mid
            count = 1
        rows[i] = row


# -- rows of glyphs (lines.build_lines) ------------------------------------------------------

ctypedef struct open_row_t:
    double anchor  # middle of the row's first glyph
    double reach  # ROW_TOLERANCE * max(its size, 1)
    double size
    Py_ssize_t row  # index in the rows made


cdef bint _inked(str text):
    """``text.strip() or text == "\\u00a0"``: a glyph that is not blank (or a no-break space)."""
    cdef Py_UCS4 ch
    if text == "\u00a0":
        return True
    for ch in text:
        if not Py_UNICODE_ISSPACE(ch):
            return True
    return False


def group_rows(list chars, double tolerance, double ratio):
    """The first pass of ``lines.build_lines``, compiled (``lines._group_rows_python``): the
    glyphs that are not blank, by middle then x0 (ties in page order), each joining the first
    open row of about its type size whose anchor it is near, else opening a row. Returns the
    rows (lists of glyphs), or None when a coordinate is not a number (the Python pass then
    decides, with Python's ordering of NaN)."""
    cdef Py_ssize_t n = len(chars), m = 0, k, j, n_open = 0, kept
    cdef ink_t* ink = <ink_t*>malloc((n if n > 0 else 1) * sizeof(ink_t))
    cdef open_row_t* open_rows = <open_row_t*>malloc((n if n > 0 else 1) * sizeof(open_row_t))
    cdef double mid, size, reach, d, anchor_size, top, bottom
    cdef Py_ssize_t match
    cdef bint closed
    if ink == NULL or open_rows == NULL:
        free(ink)
        free(open_rows)
        raise MemoryError()
    try:
        for k in range(n):
            c = chars[k]
            if not _inked(_field(c, TEXT)):
                continue
            top, bottom = _field(c, TOP), _field(c, BOTTOM)
            ink[m].key = (top + bottom) / 2
            ink[m].x0 = _field(c, X0)
            ink[m].k = k
            if ink[m].key != ink[m].key or ink[m].x0 != ink[m].x0:
                return None
            m += 1
        qsort(ink, m, sizeof(ink_t), _by_key_x0_index)
        rows = []
        for k in range(m):
            c = chars[ink[k].k]
            mid = ink[k].key
            size = _field(c, SIZE)
            if size != size:
                return None
            reach = tolerance * size
            # one pass: the rows this glyph closes, and the first open row of its type size
            match = -1
            closed = False
            for j in range(n_open):
                d = mid - open_rows[j].anchor
                if not (d <= open_rows[j].reach or d <= reach):
                    closed = True
                elif match < 0:
                    anchor_size = open_rows[j].size
                    if fabs(size - anchor_size) <= ratio * (anchor_size if anchor_size > size else size):
                        match = open_rows[j].row
            if closed:
                kept = 0
                for j in range(n_open):
                    d = mid - open_rows[j].anchor
                    if d <= open_rows[j].reach or d <= reach:
                        open_rows[kept] = open_rows[j]
                        kept += 1
                n_open = kept
            if match >= 0:
                (<list>rows[match]).append(c)
            else:
                rows.append([c])
                open_rows[n_open].anchor = mid
                open_rows[n_open].reach = tolerance * (size if not (1.0 > size) else 1.0)
                open_rows[n_open].size = size
                open_rows[n_open].row = len(rows) - 1
                n_open += 1
        return rows
    finally:
        free(ink)
        free(open_rows)


def measure(list chars):
    """``lines.Line.measure`` in one pass, compiled: (x1, top, bottom, size, bold) of a line's
    glyphs — the extremes as the Python builtins pick them (the first of equal ones, the
    same order of comparisons), the median size and the weight of the glyphs that are not
    no-break spaces. None for no glyph or a size that is not a number (the Python pass then
    decides)."""
    cdef Py_ssize_t n = len(chars), k, m = 0, i_x1 = 0, i_top = 0, i_bottom = 0
    cdef double x1, top, bottom, v, size
    cdef bint bold = True
    if n == 0:
        return None
    cdef double* sizes = <double*>malloc(n * sizeof(double))
    if sizes == NULL:
        raise MemoryError()
    try:
        c = chars[0]
        x1, top, bottom = _field(c, X1), _field(c, TOP), _field(c, BOTTOM)
        for k in range(n):
            c = chars[k]
            if k:
                v = _field(c, X1)
                if v > x1:
                    x1, i_x1 = v, k
                v = _field(c, TOP)
                if v < top:
                    top, i_top = v, k
                v = _field(c, BOTTOM)
                if v > bottom:
                    bottom, i_bottom = v, k
            if _field(c, TEXT) == "\u00a0":
                continue
            size = _field(c, SIZE)
            if size != size:
                return None
            sizes[m] = size
            m += 1
            if bold and not _field(c, BOLD):
                bold = False
        qsort(sizes, m, sizeof(double), _by_size)
        if m == 0:
            size = 0.0
        elif m % 2:
            size = sizes[m // 2]
        else:
            size = (sizes[m // 2 - 1] + sizes[m // 2]) / 2
        return _field(chars[i_x1], X1), _field(chars[i_top], TOP), _field(chars[i_bottom], BOTTOM), size, bool(m) and bold
    finally:
        free(sizes)


def row_stats(list row):
    """``lines._row_stats_python``, compiled: (median type size, top, bottom, median middle)
    of a row's glyphs — the medians of the sorted values as ``statistics.median`` gives them,
    the extremes as the Python builtins pick them. None for no glyph or a value that is not
    a number (the Python pass then decides)."""
    cdef Py_ssize_t n = len(row), k
    cdef double top, bottom, t, b, size, mid
    if n == 0:
        return None
    cdef double* sizes = <double*>malloc(2 * n * sizeof(double))  # the sizes, then the middles
    if sizes == NULL:
        raise MemoryError()
    cdef double* mids = sizes + n
    try:
        top = bottom = 0.0
        for k in range(n):
            c = row[k]
            size, t, b = _field(c, SIZE), _field(c, TOP), _field(c, BOTTOM)
            mid = (t + b) / 2
            if size != size or t != t or b != b or mid != mid:
                return None
            sizes[k], mids[k] = size, mid
            if k == 0 or t < top:
                top = t
            if k == 0 or b > bottom:
                bottom = b
        qsort(sizes, n, sizeof(double), _by_size)
        qsort(mids, n, sizeof(double), _by_size)
        return _sorted_median(sizes, n), top, bottom, _sorted_median(mids, n)
    finally:
        free(sizes)


cdef inline double _sorted_median(double* values, Py_ssize_t n):
    """``lines._median`` of ``n`` sorted values."""
    if n % 2:
        return values[n // 2]
    return (values[n // 2 - 1] + values[n // 2]) / 2


# -- a line's words (lines.Line._split) and the document's box arrays (pdf._emit) ------------
def split_words(list chars, double word_gap):
    """``lines._split_python``, compiled: a line's glyph texts with a space piece (glyph
    None) before each glyph that an explicit space glyph precedes or that stands further than
    ``word_gap`` times the smaller type size (at least 1 pt) from the glyph before, unless
    one of the two is a no-break space; spaces at either end dropped. Returns (texts, glyphs)."""
    cdef Py_ssize_t n = len(chars), i, first, last
    cdef double gap, small, csize, psize
    texts = []
    glyphs = []
    prev = None
    for i in range(n):
        c = chars[i]
        if i:
            before = _field(c, SPACE_BEFORE)
            gap = <double>_field(c, X0) - <double>_field(prev, X1)
            if before or gap > word_gap:
                if _field(c, TEXT) != "\u00a0" and _field(prev, TEXT) != "\u00a0":
                    if before:
                        texts.append(" ")
                        glyphs.append(None)
                    else:
                        csize, psize = _field(c, SIZE), _field(prev, SIZE)
                        small = psize if psize < csize else csize  # min(c.size, prev.size)
                        if gap > word_gap * (small if not (1.0 > small) else 1.0):
                            texts.append(" ")
                            glyphs.append(None)
        texts.append(_field(c, TEXT))
        glyphs.append(c)
        prev = c
    first, last = 0, len(texts)
    while last > first and texts[last - 1] == " ":
        last -= 1
    while first < last and texts[first] == " ":
        first += 1
    if first or last < len(texts):
        return texts[first:last], glyphs[first:last]
    return texts, glyphs


def stretched_spaces(list row, double size, double word_gap, double even, double most, Py_ssize_t run,
                     frozenset bullets):
    """``lines._stretched_spaces_python``, compiled: the indices of the glyphs of ``row`` that
    follow a word space (an explicit space glyph before, or a gap wider than ``word_gap``
    times the smaller size, at least 1 pt) of a run of at least ``run`` consecutive word
    spaces whose gaps are within ``even`` of the run's first, that first no wider than
    ``most`` times ``size``; a bullet's gap to its text matches nothing (NaN)."""
    cdef Py_ssize_t n = len(row), k, i, j, count = 0
    cdef double gap, first, small, csize, psize
    out = set()
    if n < 2:
        return out
    cdef Py_ssize_t* at = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    cdef double* gaps = <double*>malloc(n * sizeof(double))
    if at == NULL or gaps == NULL:
        free(at)
        free(gaps)
        raise MemoryError()
    try:
        p = row[0]
        for k in range(1, n):
            c = row[k]
            gap = <double>_field(c, X0) - <double>_field(p, X1)
            spaced = _field(c, SPACE_BEFORE)
            if not spaced:
                csize, psize = _field(c, SIZE), _field(p, SIZE)
                small = psize if psize < csize else csize  # min(c.size, p.size)
                spaced = gap > word_gap * (1.0 if 1.0 > small else small)  # max(small, 1.0)
            if spaced:
                at[count] = k
                gaps[count] = NAN if _field(p, TEXT) in bullets else gap
                count += 1
            p = c
        i = 0
        while i < count:
            j, first = i + 1, gaps[i]
            while j < count and fabs(gaps[j] - first) <= even * first:
                j += 1  # (a bullet's NaN matches nothing and ends the run)
            if j - i >= run and first <= most * size:
                for k in range(i, j):
                    out.add(at[k])
            i = j
    finally:
        free(at)
        free(gaps)
    return out


from cpython cimport array as carray
from array import array as _array

cdef carray.array _floats = _array("f")


def box_arrays(list glyphs):
    """The float32 arrays of the glyphs' x0, top, x1 and bottom (``pdf._emit``), as
    ``array("f", [g.x0 for g in glyphs])`` and so on give them."""
    cdef Py_ssize_t n = len(glyphs), i
    cdef carray.array x0 = carray.clone(_floats, n, zero=False)
    cdef carray.array top = carray.clone(_floats, n, zero=False)
    cdef carray.array x1 = carray.clone(_floats, n, zero=False)
    cdef carray.array bottom = carray.clone(_floats, n, zero=False)
    for i in range(n):
        g = glyphs[i]
        x0.data.as_floats[i] = <float><double>_field(g, X0)
        top.data.as_floats[i] = <float><double>_field(g, TOP)
        x1.data.as_floats[i] = <float><double>_field(g, X1)
        bottom.data.as_floats[i] = <float><double>_field(g, BOTTOM)
    return x0, top, x1, bottom



# -- pdfium's next page, loaded on a thread that never takes the GIL ----------------------------
cdef extern from "<pthread.h>" nogil:
    ctypedef struct pthread_t:
        pass
    ctypedef struct pthread_mutex_t:
        pass
    ctypedef struct pthread_mutexattr_t:
        pass
    int PTHREAD_MUTEX_RECURSIVE
    int pthread_create(pthread_t* thread, const void* attr, void* (*start)(void*) noexcept nogil, void* arg)
    int pthread_join(pthread_t thread, void** result)
    int pthread_mutexattr_init(pthread_mutexattr_t* attr)
    int pthread_mutexattr_settype(pthread_mutexattr_t* attr, int kind)
    int pthread_mutex_init(pthread_mutex_t* mutex, const pthread_mutexattr_t* attr)
    int pthread_mutex_lock(pthread_mutex_t* mutex)
    int pthread_mutex_unlock(pthread_mutex_t* mutex)

ctypedef void* (*load_page_f)(void*, int) noexcept nogil  # FPDF_LoadPage
ctypedef void* (*load_text_f)(void*) noexcept nogil  # FPDFText_LoadPage

# pdfium may not be called from two threads at once, not even on two documents: every call
# made while a page may be loading holds this (recursive: a holder may call what takes it)
cdef pthread_mutex_t _pdfium_mutex
cdef pthread_mutexattr_t _recursive
pthread_mutexattr_init(&_recursive)
pthread_mutexattr_settype(&_recursive, PTHREAD_MUTEX_RECURSIVE)
pthread_mutex_init(&_pdfium_mutex, &_recursive)


cdef struct _Load:
    void* document
    int index
    load_page_f load_page
    load_text_f load_text
    void* page  # NULL: pdfium could not load the page
    void* text  # NULL: nor its text page


cdef void* _load(void* arg) noexcept nogil:
    cdef _Load* job = <_Load*>arg
    pthread_mutex_lock(&_pdfium_mutex)
    job.page = job.load_page(job.document, job.index)
    if job.page != NULL:
        job.text = job.load_text(job.page)
    pthread_mutex_unlock(&_pdfium_mutex)
    return NULL


cdef class PdfiumLock:
    """``with PdfiumLock():`` around pdfium calls that a ``PageLoader``'s thread may meet.
    Waiting for it lets go of the GIL (the loader never needs it)."""

    def __enter__(self):
        with nogil:
            pthread_mutex_lock(&_pdfium_mutex)
        return self

    def __exit__(self, *exc):
        pthread_mutex_unlock(&_pdfium_mutex)
        return False


cdef class PageLoader:
    """One page of a pdfium document and its text page (``FPDF_LoadPage``,
    ``FPDFText_LoadPage``), loaded on a thread of its own that never takes the GIL: the
    Python thread that asked goes on meanwhile. ``document`` and the two functions are
    addresses (pypdfium2's). The caller closes what ``take`` gives."""
    cdef _Load job
    cdef pthread_t thread
    cdef bint running  # a thread is loading
    cdef bint pending  # a page was started and not taken

    def __cinit__(self, uintptr_t document, uintptr_t load_page, uintptr_t load_text):
        self.job.document = <void*>document
        self.job.load_page = <load_page_f>load_page
        self.job.load_text = <load_text_f>load_text

    def start(self, int index):
        """Start loading page ``index`` (0-based); a page started and not taken is an error."""
        if self.pending:
            raise RuntimeError("the page started before was not taken")
        self.job.index = index
        self.job.page = NULL
        self.job.text = NULL
        self.pending = True
        if pthread_create(&self.thread, NULL, _load, &self.job) == 0:
            self.running = True
        else:  # no thread to be had (a memory limit): loaded right here
            with nogil:
                _load(&self.job)

    def take(self):
        """(page, text page) of the page started, as addresses (0: pdfium could not load
        it), once it is loaded; None when no page was started."""
        self._join()
        if not self.pending:
            return None
        self.pending = False
        return <uintptr_t>self.job.page, <uintptr_t>self.job.text

    cdef void _join(self):
        if self.running:
            with nogil:
                pthread_join(self.thread, NULL)
            self.running = False

    def __dealloc__(self):
        self._join()  # the thread writes into this object
