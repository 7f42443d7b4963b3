"""Batch runs: many reports through ``pipeline.process``: ``discover`` (inputs and output
names), ``cache``, ``engines`` (local worker processes, Dask), ``progress``, and ``run`` (the
output folder, the tables, the store, and the command line's ``extract``)."""

__all__: list[str] = []
