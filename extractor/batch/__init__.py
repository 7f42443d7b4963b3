"""Batch runs: many reports through ``pipeline.process``: ``discover`` (inputs and output
names), ``cache``, ``server`` (the workers' fork server), ``engines`` (local worker processes, Dask),
``progress``, and ``run`` (the
output folder, the tables, the store, and the command line's ``extract``)."""

__all__: list[str] = []
