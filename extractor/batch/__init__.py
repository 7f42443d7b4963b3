"""Batch runs: many reports through ``pipeline.process`` in local worker processes or Dask,
with a cache, progress and the output folder (``run``)."""
