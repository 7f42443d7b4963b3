"""The glossary builder: the acronyms of one or many reports merged into one glossary.

One row per acronym (case aside: AF and Af are one) with its expansions (variants across
documents kept and counted, variants differing only by case, accents or a plural -s counted
as one), the first document and page where it appears, the documents that use it, and a flag
when a report's own glossary and its running text disagree on it.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import OutputError
from ..core.escape import csv_rows
from ..core.text import fold
from ..extract.acronyms import same_expansion
from ..io.result_json import read_result
from ..pipeline import process

__all__ = ["FIELDS", "load_results", "build", "to_markdown", "write"]

FIELDS = ("acronym", "expansion", "expansions", "kind", "first_document", "first_page",
          "documents", "count", "sources", "disagreement")


def load_results(paths: Iterable[str | Path]) -> list[dict]:
    """Extraction results as dicts: a ``.json`` written by ``extractor extract`` is read, any
    other path is a report and goes through the pipeline."""
    out = []
    for path in map(Path, paths):
        if path.suffix.lower() == ".json":
            out.append(read_result(path))
        else:
            out.append(process(path).to_dict())
    return out


def _add_variant(variants: list[dict], expansion: str, document: str) -> None:
    for v in variants:
        if same_expansion(v["expansion"], expansion):
            if document not in v["documents"]:
                v["documents"].append(document)
            if v["expansion"].isupper() and not expansion.isupper():
                v["expansion"] = expansion
            return
    variants.append({"expansion": expansion, "documents": [document]})


def build(results: Iterable[Any]) -> list[dict]:
    """Glossary rows, sorted alphabetically, from ``Result`` objects or their dicts; documents
    are taken in order of their year (then path), so "first" means earliest."""
    docs = [r.to_dict() if hasattr(r, "to_dict") else r for r in results]
    docs.sort(key=lambda d: (d["document"].get("year") or 0, d["document"]["path"]))
    rows: dict[str, dict] = {}
    for d in docs:
        path = d["document"]["path"]
        for a in d.get("acronyms", []):
            row = rows.setdefault(fold(a["acronym"]), {
                "acronym": a["acronym"], "variants": [], "kind": None, "first_document": path,
                "first_page": a.get("page"), "documents": [], "count": 0, "sources": set(),
                "disagreement": False,
            })
            if a["acronym"] != a["acronym"].upper() and row["acronym"].isupper():
                row["acronym"] = a["acronym"]  # "Cnaf" reads better than "CNAF"
            for expansion in filter(None, [a.get("expansion"), a.get("inline_expansion")]):
                _add_variant(row["variants"], expansion, path)
            row["kind"] = row["kind"] or a.get("kind")
            if path not in row["documents"]:
                row["documents"].append(path)
            row["count"] += a.get("count", 0)
            row["sources"].add(a["source"])
            row["disagreement"] |= bool(a.get("inline_expansion"))
    out = []
    for key in sorted(rows):
        row = rows[key]
        variants = sorted(row.pop("variants"), key=lambda v: -len(v["documents"]))
        out.append({
            **row,
            "expansion": variants[0]["expansion"] if variants else None,
            "expansions": [{"expansion": v["expansion"], "documents": len(v["documents"])} for v in variants],
            "sources": sorted(row["sources"]),
        })
    return out


def to_markdown(rows: list[dict]) -> str:
    """A readable two-column glossary, sorted alphabetically."""
    lines = ["| Sigle | Signification |", "| --- | --- |"]
    for row in rows:
        meaning = " ; ".join(v["expansion"] for v in row["expansions"]) or "*(non défini)*"
        if row["disagreement"]:
            meaning += " ⚠"
        lines.append(f"| **{row['acronym']}** | {meaning.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def _flat(row: dict) -> dict:
    return {**row,
            "expansions": " ; ".join(f"{v['expansion']} ({v['documents']})" for v in row["expansions"]),
            "documents": " ; ".join(row["documents"]), "sources": " ; ".join(row["sources"])}


def write(rows: list[dict], path: str | Path) -> Path:
    """Write ``rows`` as CSV, Markdown or JSON, chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".md", ".json"):
        raise OutputError(path, "glossary output must end in .csv, .md or .json")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        elif suffix == ".md":
            path.write_text(to_markdown(rows), encoding="utf-8")
        else:
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=FIELDS)
                writer.writeheader()
                writer.writerows(csv_rows(_flat(r) for r in rows))
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return path
