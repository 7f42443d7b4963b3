"""Scanned copies of a PDF, made in the tests (never committed): every page rendered to an
image and written back as an image-only PDF, optionally with sensor noise and a skew."""
from __future__ import annotations

from pathlib import Path


def rasterise(pdf: Path, out: Path, dpi: int = 200, noise: float = 0.0, skew: float = 0.0,
              pages: list[int] | None = None, seed: int = 0) -> Path:
    """Write an image-only copy of ``pdf`` (1-based ``pages``, default all) to ``out``: each
    page rendered at ``dpi`` in grey, Gaussian noise of standard deviation ``noise`` (grey
    levels) added, rotated by ``skew`` degrees (counter-clockwise), saved at the same page
    size."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(pdf))
    images = []
    try:
        for i in (p - 1 for p in (pages or range(1, len(doc) + 1))):
            image = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            if skew:
                image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if noise:
                pixels = np.asarray(image, dtype=np.float32) + rng.normal(0.0, noise, (image.height, image.width))
                image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            images.append(image)
    finally:
        doc.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out
