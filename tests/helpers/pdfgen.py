"""Small PDFs generated at test time (no binary fixtures in the repo)."""
from __future__ import annotations

from pathlib import Path


def text_pdf(path: Path, pages: list[list[tuple[float, float, str]]], size: float = 10,
             font: str = "Helvetica") -> Path:
    """A PDF whose pages hold ``(x, top, text)`` strings (top measured from the page top)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    for items in pages:
        c.setFont(font, size)
        for x, top, text in items:
            c.drawString(x, height - top - size, text)
        c.showPage()
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: a drawn picture and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillGray(0.5)
    for i in range(20):
        c.rect(50 + i * 10, 100 + i * 20, 200, 8, fill=1, stroke=0)
    c.showPage()
    c.save()
    return path


def encrypted_pdf(source: Path, path: Path, user: str = "secret", owner: str = "owner") -> Path:
    import pikepdf

    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=user, owner=owner, R=6))
    return path


def two_columns(path: Path) -> Path:
    """Two columns of numbered sentences, a running header and a page number on each page."""
    pages = []
    for p in range(3):
        items = [(50, 20, "RAPPORT ANNUEL 2021"), (290, 800, str(p + 1))]
        for i in range(12):
            items.append((50, 80 + i * 14, f"Gauche {p}-{i} phrase du premier bloc."))
            items.append((310, 80 + i * 14, f"Droite {p}-{i} phrase du second bloc."))
        pages.append(items)
    return text_pdf(path, pages)
