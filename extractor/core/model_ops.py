"""The array operations the spaCy model's layers run on (``resources.load_model`` sets them).

thinc's ``NumpyOps`` without BLIS: its matrix products go through numpy (OpenBLAS, three times
BLIS's speed here), and numpy lets go of the GIL while it multiplies. Three of its kernels do
not: ``maxout`` (the encoder's activation), ``seq2col`` (the encoder's window of neighbours) and
``gather_add`` (the hash embeddings' rows summed). spaCy tags and runs NER on a thread of its
own while the pipeline's thread reads tables and dates (``nlp.DocInBackground``), so every
millisecond spaCy holds the GIL is one the pipeline waits. ``numpy_ops()`` gives ``NumpyOps``
with those three from ``_kernels`` (compiled at install), which give the same arrays without
holding the GIL; anything they are not written for (another dtype, a strided array) goes to
thinc's own. Without the compiled module, thinc's ``NumpyOps`` as it is.
"""
from __future__ import annotations

import functools
from typing import Any

from .extensions import optional

__all__ = ["numpy_ops", "_kernels"]

_kernels = optional(f"{__package__}._kernels")  # None: thinc's kernels


@functools.lru_cache(maxsize=1)
def numpy_ops() -> Any:
    """One ``NumpyOps`` (without BLIS) for every layer of every model of the process; its
    ``maxout``, ``seq2col`` and ``gather_add`` let go of the GIL when ``_kernels`` is built."""
    import numpy
    from thinc.api import NumpyOps

    if _kernels is None:
        return NumpyOps(use_blis=False)
    kernels = _kernels

    def floats(*arrays: Any) -> bool:
        return all(isinstance(a, numpy.ndarray) and a.dtype == numpy.float32 and a.flags.c_contiguous for a in arrays)

    class GilFreeOps(NumpyOps):
        """``NumpyOps`` whose three GIL-holding kernels are ``_kernels``' (same results)."""

        def maxout(self, X):
            if not (floats(X) and X.ndim == 3):
                return super().maxout(X)
            best = numpy.empty(X.shape[:2], dtype=numpy.float32)
            which = numpy.empty(X.shape[:2], dtype=numpy.int32)
            kernels.maxout(X, best, which)
            return best, which

        def seq2col(self, seq, nW, *, lengths=None):
            if not (floats(seq) and seq.ndim == 2):
                return super().seq2col(seq, nW, lengths=lengths)
            spans = numpy.array([seq.shape[0]] if lengths is None else lengths, dtype=numpy.int32)
            # thinc's own checks (numpy_ops.check_seq2col_lengths)
            assert (spans >= 0).all(), "All sequence lengths must be >= 0"
            assert spans.sum() == seq.shape[0], "The lengths must sum up to the batch length"
            # cleared by the kernel: numpy lets go of the GIL to clear a large array, and would
            # have to wait to take it back
            cols = numpy.empty((seq.shape[0], (2 * nW + 1) * seq.shape[1]), dtype=numpy.float32)
            kernels.seq2col(seq, nW, spans, cols)
            return cols

        def gather_add(self, table, indices):
            if not (floats(table) and table.ndim == 2 and isinstance(indices, numpy.ndarray) and indices.ndim == 2
                    and indices.dtype == numpy.uint32 and indices.flags.c_contiguous):
                return super().gather_add(table, indices)
            if indices.size and int(indices.max()) >= table.shape[0]:
                raise IndexError("Embedding index out-of-bounds")
            out = numpy.empty((indices.shape[0], table.shape[1]), dtype=numpy.float32)  # cleared by the kernel
            kernels.gather_add(table, indices, out)
            return out

    return GilFreeOps(use_blis=False)
