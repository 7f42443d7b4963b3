"""``core.model_ops``: the model's kernels that let go of the GIL give thinc's arrays, value for
value, and do let go of it."""
from __future__ import annotations

import sys
import threading
import time

import numpy
import pytest
from thinc.api import NumpyOps

from extractor.core import model_ops

built = pytest.mark.skipif(model_ops._kernels is None, reason="compiled kernels not built")


@pytest.fixture(scope="module")
def thinc_ops():
    return NumpyOps(use_blis=False)


def test_the_kernels_are_built():
    """The install compiles them (setup.py; .ci/run installs a C compiler): without them spaCy
    still runs, only holding the GIL longer, so a silent fallback would go unnoticed."""
    assert model_ops._kernels is not None
    ops = model_ops.numpy_ops()
    assert type(ops).__name__ == "GilFreeOps" and not ops.use_blis


def same(a, b) -> bool:
    """Equal arrays of one dtype and shape (or tuples of them), bit for bit."""
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@built
@pytest.mark.parametrize("seed", range(6))
def test_maxout_is_thincs_ties_included(seed, thinc_ops):
    rng = numpy.random.default_rng(seed)
    pieces = int(rng.integers(1, 5))
    shape = (int(rng.integers(0, 40)), int(rng.integers(1, 20)), pieces)
    # small integers: many ties, where the first piece reaching the maximum must win
    X = rng.integers(-3, 4, size=shape).astype(numpy.float32) if seed % 2 else rng.normal(size=shape).astype(numpy.float32)
    assert same(model_ops.numpy_ops().maxout(X), thinc_ops.maxout(X))


@built
@pytest.mark.parametrize("seed", range(6))
def test_seq2col_is_thincs_with_and_without_lengths(seed, thinc_ops):
    rng = numpy.random.default_rng(seed)
    lengths = rng.integers(0, 6, size=int(rng.integers(1, 8))).astype(numpy.int32)  # empty sequences too
    seq = rng.normal(size=(int(lengths.sum()), int(rng.integers(1, 9)))).astype(numpy.float32)
    for nW in (1, 2, 3):
        ours = model_ops.numpy_ops().seq2col(seq, nW, lengths=lengths)
        assert same(ours, thinc_ops.seq2col(seq, nW, lengths=lengths))
        assert same(model_ops.numpy_ops().seq2col(seq, nW), thinc_ops.seq2col(seq, nW))
    with pytest.raises(AssertionError):
        model_ops.numpy_ops().seq2col(seq, 1, lengths=numpy.append(lengths, 1).astype(numpy.int32))


@built
@pytest.mark.parametrize("rows", [1, 300])
def test_gather_add_is_thincs(rows, thinc_ops):
    rng = numpy.random.default_rng(rows)
    table = rng.normal(size=(50, 96)).astype(numpy.float32)
    for k in (4, 1):
        indices = rng.integers(0, 50, size=(rows, k)).astype(numpy.uint32)  # as the hash embeddings give them
        assert same(model_ops.numpy_ops().gather_add(table, indices), thinc_ops.gather_add(table, indices))
    with pytest.raises(IndexError, match="out-of-bounds"):
        model_ops.numpy_ops().gather_add(table, numpy.full((2, 4), 50, dtype=numpy.uint32))


@built
def test_gather_add_of_nothing_is_zeros():
    """(thinc's own reads past the end of an empty array of indices)"""
    table = numpy.ones((5, 3), dtype=numpy.float32)
    for shape in ((0, 4), (3, 0)):
        out = model_ops.numpy_ops().gather_add(table, numpy.zeros(shape, dtype=numpy.uint32))
        assert out.shape == (shape[0], 3) and not out.any()


@built
def test_what_the_kernels_are_not_written_for_goes_to_thinc(thinc_ops):
    """Doubles, int32 indices: thinc's own kernels, the same results."""
    rng = numpy.random.default_rng(3)
    X = rng.normal(size=(10, 4, 3))
    assert same(model_ops.numpy_ops().maxout(X), thinc_ops.maxout(X))
    seq = rng.normal(size=(12, 5)).astype(numpy.float32)
    assert same(model_ops.numpy_ops().seq2col(seq.astype(numpy.float64), 1), thinc_ops.seq2col(seq.astype(numpy.float64), 1))
    table = rng.normal(size=(20, 8)).astype(numpy.float32)
    indices = rng.integers(0, 20, size=(6, 4)).astype(numpy.int32)
    assert same(model_ops.numpy_ops().gather_add(table, indices), thinc_ops.gather_add(table, indices))


def runs_beside(kernel) -> bool:
    """Does this thread run Python while ``kernel()`` runs on another thread? The GIL is
    switched only when its holder lets go (the switch interval made a thousand seconds): a
    kernel holding it keeps this thread waiting until it returns. (A kernel that lets go of it
    anywhere counts: numpy does to clear a large array, which ours leave to the kernel.)"""
    started, ended, seen = threading.Event(), [], []

    def work() -> None:
        started.set()
        kernel()
        ended.append(time.perf_counter())

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        seen.append(time.perf_counter())  # as soon as this thread has the GIL again
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    return seen[0] < ended[0]


@built
def test_the_kernels_let_go_of_the_gil(thinc_ops):
    """While a kernel runs on spaCy's thread, the pipeline's thread runs; with thinc's own
    maxout (which holds the GIL throughout), it waits: the check can tell the two apart."""
    ours = model_ops.numpy_ops()
    X = numpy.zeros((100_000, 96, 3), dtype=numpy.float32)
    assert runs_beside(lambda: ours.maxout(X))
    assert not runs_beside(lambda: thinc_ops.maxout(X))
    assert runs_beside(lambda: ours.seq2col(X[:, :, 0].copy(), 1))
    # as long as the others (a quarter of a second): a kernel of a few milliseconds may end
    # before a busy machine wakes this thread, which then saw nothing beside it (CI did)
    table = numpy.ones((100, 288), dtype=numpy.float32)
    indices = numpy.random.default_rng(0).integers(0, 100, size=(20_000, 500)).astype(numpy.uint32)
    assert runs_beside(lambda: ours.gather_add(table, indices))
