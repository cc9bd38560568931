"""OCR of scanned PDF pages with the tesseract command (French), rendered by poppler's pdftoppm."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class OcrEngine:
    """Reads the text of one PDF page image. Absent tools make it return '' (the caller reports)."""

    def __init__(self, language: str = "fra", dpi: int = 200, timeout_s: float = 120.0) -> None:
        self.language = language
        self.dpi = dpi
        self.timeout_s = timeout_s

    @staticmethod
    def available() -> bool:
        return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))

    def pdf_page(self, pdf: bytes, page: int) -> str:
        if not self.available():
            log.warning("OCR unavailable: install tesseract-ocr, tesseract-ocr-fra and poppler-utils")
            return ""
        with tempfile.TemporaryDirectory(prefix="sudia-ocr-") as tmp:
            source = Path(tmp) / "in.pdf"
            source.write_bytes(pdf)
            try:
                subprocess.run(
                    ["pdftoppm", "-r", str(self.dpi), "-f", str(page), "-l", str(page), "-gray", "-png",
                     str(source), str(Path(tmp) / "page")],
                    check=True, capture_output=True, timeout=self.timeout_s,
                )
                images = sorted(Path(tmp).glob("page*.png"))
                if not images:
                    return ""
                result = subprocess.run(
                    ["tesseract", str(images[0]), "-", "-l", self.language, "--psm", "3"],
                    check=True, capture_output=True, timeout=self.timeout_s,
                )
            except (subprocess.SubprocessError, OSError) as exc:
                log.warning("OCR failed on page %s: %s", page, exc)
                return ""
            return result.stdout.decode("utf-8", errors="replace")
