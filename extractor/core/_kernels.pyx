# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Three of the spaCy model's array kernels, as thinc's ``NumpyOps`` computes them, but letting
go of the GIL while they run (``core.model_ops``).

thinc's own versions (``numpy_ops.pyx``: ``cpu_maxout``, ``seq2col``, ``cpu_gather_add``) hold
the GIL: while spaCy tags on its thread, the pipeline's thread waits for them (a fifth of the
tagger's time on the golden report). These give the same arrays, value for value: a maximum
and the first index reaching it; a copy; sums of whole rows in the same order (one addition
per element, no reduction to reorder).
"""
from libc.stdint cimport uint32_t
from libc.string cimport memcpy, memset


def maxout(const float[:, :, ::1] X, float[:, ::1] best, int[:, ::1] which):
    """``best[b, o]``: the largest of ``X[b, o, :]``; ``which[b, o]``: the first piece holding it."""
    cdef Py_ssize_t n = X.shape[0] * X.shape[1], P = X.shape[2], i, p
    cdef const float* cands
    cdef float* out
    cdef int* index
    cdef float m
    cdef int w
    if n == 0 or P == 0:
        return
    cands, out, index = &X[0, 0, 0], &best[0, 0], &which[0, 0]
    with nogil:
        for i in range(n):
            m = cands[i * P]
            w = 0
            for p in range(1, P):
                if cands[i * P + p] > m:
                    m = cands[i * P + p]
                    w = <int>p
            out[i] = m
            index[i] = w


def seq2col(const float[:, ::1] seq, int nW, const int[::1] lengths, float[:, ::1] cols):
    """Each row of ``seq`` with the ``nW`` rows before and after it, within its sequence
    (``lengths``), into ``cols``, zeros where a window passes the sequence's ends (``cols``
    may hold anything: it is cleared here, without the GIL)."""
    cdef Py_ssize_t I = seq.shape[1], nF = 2 * nW + 1, nL = lengths.shape[0]
    cdef Py_ssize_t start = 0, end, i, j, ws, we, xs, xe
    cdef const float* x
    cdef float* out
    cdef const int* lens
    if seq.shape[0] == 0 or nL == 0 or I == 0:
        return
    x, out, lens = &seq[0, 0], &cols[0, 0], &lengths[0]
    with nogil:
        memset(out, 0, cols.shape[0] * cols.shape[1] * sizeof(float))
        for i in range(nL):
            end = start + lens[i]
            for j in range(start, end):
                ws, we = j - nW, j + nW + 1
                xs = start if start > ws else ws
                xe = end if end < we else we
                memcpy(out + (j * nF + xs - ws) * I, x + xs * I, (xe - xs) * I * sizeof(float))
            start = end


def gather_add(const float[:, ::1] table, const uint32_t[:, ::1] indices, float[:, ::1] out):
    """``out[b]``: the sum of the rows of ``table`` named by ``indices[b]``, added in order to
    zeros (``out`` may hold anything: it is cleared here, without the GIL)."""
    cdef Py_ssize_t B = indices.shape[0], K = indices.shape[1], O = table.shape[1], b, k, o
    cdef const float* rows
    cdef const float* row
    cdef const uint32_t* idx
    cdef float* dst
    if B == 0 or O == 0:
        return
    dst = &out[0, 0]
    with nogil:
        memset(dst, 0, B * O * sizeof(float))
    if K == 0:  # (no index to point at)
        return
    rows, idx = &table[0, 0], &indices[0, 0]
    with nogil:
        for b in range(B):
            for k in range(K):
                row = rows + <Py_ssize_t>idx[b * K + k] * O
                for o in range(O):
                    dst[b * O + o] = dst[b * O + o] + row[o]
