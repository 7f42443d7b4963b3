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


CALLED = "versés aux familles allocataires"
NOTE = "Régime général : salariés du secteur privé et assimilés, soit 32 millions de personnes."


def footnote_pdf(path: Path, call: bool = True) -> Path:
    """Two pages: a paragraph that runs over the page break, a call after "allocataires" and
    its note at the foot of the first page (without ``call``, the same small line uncalled)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    y = height - 80
    for _ in range(20):
        for text in ("En 2021, la caisse a reçu plus de demandes que jamais auparavant, et elle a pu",
                     "traiter la plupart d'entre elles dans les délais fixés par la convention. Les montants"):
            c.setFont("Helvetica", 10)
            c.drawString(60, y, text)
            y -= 14
    width = c.stringWidth(CALLED, "Helvetica", 10)
    c.drawString(60, y, CALLED)
    if call:
        c.setFont("Helvetica", 6)
        c.drawString(60 + width + 1, y + 4, "1")
    c.setFont("Helvetica", 10)
    c.drawString(60 + width + 5, y, " du régime général, hors")
    c.line(60, height - 760, 200, height - 760)
    c.setFont("Helvetica", 5)
    c.drawString(60, height - 772, "1")
    c.setFont("Helvetica", 8)
    c.drawString(64, height - 775, NOTE)
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(60, height - 80, "prestations légales, ont augmenté de 3 % sur l'année.")
    c.drawString(60, height - 94, "Le nombre de dossiers en attente a baissé de moitié par rapport à 2020.")
    c.showPage()
    c.save()
    return path


#: a small unruled table of subscribers (title, header row, four rows), then a bulleted list
TABLE_ROWS = [("Jons", "1 250", "1 302"), ("Villette", "830", "845"), ("Pusignan", "2 410", "2 466"),
              ("Total", "4 490", "4 613")]


def table_and_list_pdf(path: Path) -> Path:
    items = [(60.0, 100.0, "Nombre d'abonnés par commune"),
             (60.0, 130.0, "Commune"), (260.0, 130.0, "2021"), (360.0, 130.0, "2022")]
    for k, row in enumerate(TABLE_ROWS):
        items += [(x, 146.0 + 16 * k, text) for x, text in zip((60.0, 260.0, 360.0), row)]
    items += [(60.0, 240.0, "• premier point de la liste des travaux réalisés"),
              (60.0, 256.0, "• second point de la liste des travaux prévus")]
    return text_pdf(path, [items])
