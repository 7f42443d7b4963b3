"""Output sinks: Arrow tables (Parquet/CSV) of the records, the DuckDB store."""

__all__: list[str] = []
