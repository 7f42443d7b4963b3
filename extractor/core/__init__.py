"""The bottom layer: what every stage shares (errors, rule files, geometry, text helpers,
records, resources). It imports nothing from the other layers."""

__all__: list[str] = []
