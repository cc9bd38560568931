"""Files to page images: JPEG, PNG, HEIC (pillow-heif), TIFF and PDF (text layer, or pages rendered
by poppler's pdftoppm). Runs inside the parser sandbox (see analysis.py)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sudia.errors import SudiaError

MAX_PAGES = 6  # a supporting document has a few pages; more is refused rather than OCR'd for minutes
MAX_SIDE = 2200  # pixels: larger photos are reduced (OCR time grows with the area, not the legibility)
PDF_DPI = 150


@dataclass
class Intake:
    media_type: str
    images: list  # PIL images, RGB
    text_layer: str  # born-digital PDFs: their own text, no OCR needed


def media_type(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return "image/heic"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return ""


def read(data: bytes, name: str) -> Intake:
    kind = media_type(data)
    if not kind:
        raise SudiaError("SUDIA-P005", name=name, detail="format non pris en charge (PDF, JPEG, PNG, HEIC, TIFF)")
    if kind == "application/pdf":
        return _pdf(data, name)
    from PIL import Image, ImageOps

    if kind == "image/heic":
        try:
            import pillow_heif
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="pillow-heif", extra="pieces") from exc
        pillow_heif.register_heif_opener()
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for i in range(min(getattr(image, "n_frames", 1), MAX_PAGES)):
            image.seek(i)
            frames.append(_fit(ImageOps.exif_transpose(image).convert("RGB")))
    except (OSError, ValueError) as exc:
        raise SudiaError("SUDIA-P005", name=name, detail=f"image illisible ou tronquée ({exc})") from exc
    return Intake(kind, frames, "")


def _fit(image):
    longest = max(image.size)
    if longest <= MAX_SIDE:
        return image
    scale = MAX_SIDE / longest
    return image.resize((round(image.size[0] * scale), round(image.size[1] * scale)))


def _pdf(data: bytes, name: str) -> Intake:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="sudia-pieces-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        try:
            text = subprocess.run(["pdftotext", "-l", str(MAX_PAGES), "-layout", str(source), "-"],
                                  capture_output=True, timeout=60).stdout.decode("utf-8", "replace")
            subprocess.run(["pdftoppm", "-r", str(PDF_DPI), "-l", str(MAX_PAGES), "-png", str(source),
                            str(Path(tmp) / "page")], check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            raise SudiaError("SUDIA-P005", name=name, detail="PDF illisible ou corrompu") from exc
        images = [_fit(Image.open(p).convert("RGB")) for p in sorted(Path(tmp).glob("page*.png"))]
    if not images:
        raise SudiaError("SUDIA-P005", name=name, detail="PDF sans page")
    letters = sum(ch.isalpha() for ch in text)
    return Intake("application/pdf", images, text if letters >= 80 else "")
