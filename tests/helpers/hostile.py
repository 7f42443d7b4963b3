"""The adversarial corpus, generated at test time (no binary fixtures in the repo).

Broken, huge, odd and hostile inputs for issue #9. PDFs that must be built byte by byte (a
decompression bomb, a damaged cross-reference table, active content) come from ``raw_pdf``, a
minimal writer of the PDF 1.7 file structure (ISO 32000-1 §7.5: header, numbered objects, a
cross-reference table of 20-byte entries, trailer, ``startxref``); the rest reuse the reportlab
and pikepdf generators of ``pdfgen``.
"""
from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

import regex

from helpers.pdfgen import encrypted_pdf, image_only_pdf

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
SENTENCE = "Le {n} mars 2021, la Caisse d'allocations familiales (Caf) a versé {n} 250 euros."
HTML = b"<!DOCTYPE html><html><head><title>Rapport</title></head><body><p>Ceci n'est pas un PDF.</p></body></html>"


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (Latin-1) with ``\\ ( )`` escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    """A stream object; ``length`` is the stored (possibly compressed) size."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data) if length is None else length, extra, data)


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def text_content(lines: list[str], size: float = 10, top: float = 780, leading: float | None = None) -> bytes:
    leading = leading or size * 1.4
    body = b"BT /F1 %g Tf %g TL 72 %g Td " % (size, leading, top)
    body += b" ".join(pdf_string(line) + b" Tj T*" for line in lines)
    return body + b" ET"


def pages_pdf(contents: list[bytes], catalog_extra: bytes = b"", page_extra: list[bytes] | None = None,
              extra_objects: list[bytes] = ()) -> bytes:
    """One page per content stream (A4, Helvetica as /F1). Objects: 1 catalog, 2 page tree,
    3 font, then ``extra_objects`` (numbered from 4), then each page and its stream."""
    first_page = 4 + len(extra_objects)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)), FONT, *extra_objects]
    for i, content in enumerate(contents):
        extra = page_extra[i] if page_extra else b""
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R %s >>" % (first_page + 2 * i + 1, extra))
        objects.append(stream(content))
    return raw_pdf(objects)


def small_pdf(pages: int = 2) -> bytes:
    """A short French report: the seed of the truncations, mutations and encryptions."""
    return pages_pdf([text_content([f"Rapport d'activité 2021, page {p + 1}", SENTENCE.format(n=p + 1),
                                    "Le taux de couverture atteint 45 % en 2021."]) for p in range(pages)])


WORDS = ("la branche famille accompagne les allocataires dans leurs démarches avec les caisses et leurs "
         "partenaires sur tout le territoire pour le logement la petite enfance la jeunesse et la solidarité").split()


def many_pages(n: int) -> bytes:
    """``n`` pages of twenty lines of random French words, each line ending ``(ligne P-L).``
    (the 2,000-page case); no two pages alike, so nothing looks like a running header."""
    rnd = random.Random(n)
    return pages_pdf([text_content([" ".join(rnd.choices(WORDS, k=10)) + f" (ligne {p + 1}-{i + 1})." for i in range(20)])
                      for p in range(n)])


def tiny_characters(count: int = 200_000) -> bytes:
    """One page covered with ``count`` characters set at 1 pt (500 per line)."""
    per_line = 500
    lines = ["abcdefghij" * (per_line // 10)] * (count // per_line)
    return pages_pdf([text_content(lines, size=1, top=835, leading=2.08)])


def deflate_bomb(gib: int = 4) -> bytes:
    """A page whose content stream is a few MB of Flate data inflating to ``gib`` GiB of spaces
    (valid page content). The same 16 MiB deflate block repeats after each full flush, so the
    file is built without compressing gigabytes; Adler-32 of n spaces is computed directly."""
    chunk = 1 << 24
    c = zlib.compressobj(9)
    head = c.compress(b" " * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    unit = c.compress(b" " * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    n = (gib << 30) // chunk
    tail = c.flush()[:-4]  # final empty block, without the checksum of two chunks
    total = n * chunk
    a, b = (1 + 32 * total) % 65521, (total + 32 * (total * (total + 1) // 2)) % 65521
    data = head + unit * (n - 1) + tail + ((b << 16) | a).to_bytes(4, "big")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 5 0 R >>",
               stream(data, b"/Filter /FlateDecode")]
    return raw_pdf(objects)


def broken_xref(data: bytes) -> bytes:
    """``data`` with every xref offset off by 13 bytes and ``startxref`` pointing into the void
    (a reader must rebuild the table by scanning for ``N 0 obj``, as pdfminer's fallback does)."""
    xref = data.rindex(b"xref\n")
    table = regex.sub(rb"(?m)^(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 13), data[xref:])
    return data[:xref] + regex.sub(rb"startxref\n\d+", b"startxref\n%d" % (len(data) * 3), table)


def truncations(data: bytes) -> dict[str, bytes]:
    """``data`` cut after its header, in its middle, before its xref table and before %%EOF."""
    xref = data.rindex(b"xref")
    return {"header": data[:16], "middle": data[: len(data) // 2], "before-xref": data[:xref],
            "before-eof": data[: data.rindex(b"%%EOF")]}


def not_pdfs(seed: int = 9) -> dict[str, bytes]:
    """Files named ``.pdf`` that are not PDFs: random bytes, an HTML page, a ZIP archive."""
    rnd = random.Random(seed)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("rapport.pdf", small_pdf())  # a PDF inside, still not a PDF outside
    return {"random": bytes(rnd.getrandbits(8) for _ in range(4096)), "html": HTML, "zip": archive.getvalue()}


#: where active content would reach if anything followed it
CANARY_URL = "http://127.0.0.1:9/canary"
PAYLOAD_NAME = "payload-canary.sh"


def active_content() -> bytes:
    """JavaScript (document open action, page action, a field's keystroke), an embedded file,
    a link to ``CANARY_URL``, a Launch action and a form field: none may run or be fetched."""
    js = b"<< /S /JavaScript /JS (app.launchURL\\('%s'\\); this.exportDataObject\\({cName: '%s', nLaunch: 2}\\);) >>" % (
        CANARY_URL.encode(), PAYLOAD_NAME.encode())
    payload = b"#!/bin/sh\ntouch /tmp/extractor-canary\n"
    extra = [
        js,  # 4: the action
        stream(payload, b"/Type /EmbeddedFile"),  # 5
        b"<< /Type /Filespec /F (%s) /UF (%s) /EF << /F 5 0 R >> >>" % ((PAYLOAD_NAME.encode(),) * 2),  # 6
        b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 715] /A << /S /URI /URI (%s) >> >>" % CANARY_URL.encode(),  # 7
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [72 650 90 668] /FS 6 0 R >>",  # 8
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (nom) /V (Valeur du champ) /Rect [72 600 300 620] "
        b"/AA << /K 4 0 R >> >>",  # 9
        b"<< /Type /Annot /Subtype /Link /Rect [72 560 300 575] /A << /S /Launch /F (%s) >> >>" % PAYLOAD_NAME.encode(),  # 10
    ]
    catalog = (b"/OpenAction 4 0 R /Names << /JavaScript << /Names [(run) 4 0 R] >> "
               b"/EmbeddedFiles << /Names [(%s) 6 0 R] >> >> /AcroForm << /Fields [9 0 R] >>" % PAYLOAD_NAME.encode())
    content = text_content(["Rapport d'activité 2021", SENTENCE.format(n=3), "Voir le site de la Caf."])
    return pages_pdf([content], catalog_extra=catalog, page_extra=[b"/Annots [7 0 R 8 0 R 9 0 R 10 0 R] /AA << /O 4 0 R >>"],
                     extra_objects=extra)


TEXT_REPORT = ("# Rapport d'activité 2021\n\nLe 3 février 2021, la Caisse nationale des allocations "
               "familiales (Cnaf) a versé 1 250 000 euros aux familles, soit 45 % de plus qu'en 2020.\n")


def text_encodings() -> dict[str, bytes]:
    """One French text report in UTF-8, UTF-8 with a BOM, and Latin-1."""
    return {"utf8": TEXT_REPORT.encode("utf-8"), "bom": b"\xef\xbb\xbf" + TEXT_REPORT.encode("utf-8"),
            "latin1": TEXT_REPORT.encode("latin-1")}


#: file names a batch meets in the wild (and ``..`` in a name is not a path step)
ODD_NAMES = ["rapport annuel 2021.pdf", "Évaluation à mi-parcours.pdf", "l'État \"2021\".pdf",
             "a..b.pdf", "rapport...final.pdf", "x..pdf"]


def build_corpus(root: Path) -> dict[str, Path]:
    """Write every hostile case under ``root``; return ``{case: path}``. The long ones (many
    pages, tiny characters, the bomb) are left to their callers."""
    root.mkdir(parents=True, exist_ok=True)
    seed = small_pdf()
    files: dict[str, bytes] = {"empty.pdf": b"", "broken-xref.pdf": broken_xref(seed), "active.pdf": active_content()}
    files.update({f"not-a-pdf-{k}.pdf": v for k, v in not_pdfs().items()})
    files.update({f"truncated-{k}.pdf": v for k, v in truncations(seed).items()})
    files.update({f"text-{k}.txt": v for k, v in text_encodings().items()})
    files.update({name: seed for name in ODD_NAMES})
    paths = {}
    for name, data in files.items():
        (root / name).write_bytes(data)
        paths[name] = root / name
    plain = root / "seed.pdf"
    plain.write_bytes(seed)
    paths["encrypted-user.pdf"] = encrypted_pdf(plain, root / "encrypted-user.pdf", user="secret", owner="owner")
    paths["encrypted-owner.pdf"] = encrypted_pdf(plain, root / "encrypted-owner.pdf", user="", owner="owner")
    paths["scanned.pdf"] = image_only_pdf(root / "scanned.pdf")
    paths["seed.pdf"] = plain
    return paths


__all__ = ["active_content", "broken_xref", "build_corpus", "deflate_bomb", "many_pages", "not_pdfs",
           "pages_pdf", "raw_pdf", "small_pdf", "text_encodings", "tiny_characters", "truncations"]


def lone_surrogate_pdf() -> bytes:
    """A page whose font's ToUnicode map sends ``A`` to ``<D800>``, half of a UTF-16 pair with
    no other half, and ``B`` to a letter outside the BMP (U+1D400, a pair): pdfium passes the
    lone half on as U+D800 when the page's text is read glyph by glyph, which the pair forces."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lone def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <41> <D800> <42> <D835DC00> endbfchar "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
            b"/ToUnicode 4 0 R >>")
    content = text_content(["Le 3 mars 2021, la Caf a verse 1 250 euros, cAs 12 et A2 (B)."])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", font,
               stream(cmap),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 6 0 R >>",
               stream(content)]
    return raw_pdf(objects)


def page_box_pdf(box: bytes) -> bytes:
    """One page of text under a degenerate ``/MediaBox`` (``[0 0 0.01 842]``…)."""
    data = pages_pdf([text_content(["Le 3 mars 2021, la Caf a versé 1 250 euros."])])
    return data.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox " + box.ljust(len(b"[0 0 595 842]")))


def repeated_content(times: int) -> bytes:
    """A page that draws one content stream ``times`` times (``/Contents [5 0 R 5 0 R …]``):
    a few KB on disk, ``times`` × 5,000 glyphs to lay out."""
    line = "abcdefghij " * 50
    content = text_content([line] * 10, size=6, top=800)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents [%s] >>" % b" ".join([b"5 0 R"] * times),
               stream(content)]
    return raw_pdf(objects)
