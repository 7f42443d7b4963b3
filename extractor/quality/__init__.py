"""Quality tools over records (never PDFs): label matching, regress and compare, consistency
checks, the glossary builder, and the reading-order evaluation against a text conversion."""

__all__: list[str] = []
