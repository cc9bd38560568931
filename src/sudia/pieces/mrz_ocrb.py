"""Reads MRZ lines by matching OCR-B glyphs cell by cell (the MRZ is a fixed grid of one font).

Tesseract has no OCR-B model and confuses 0/O, 1/I, 4/&, fillers/K. Every MRZ line has exactly 30,
36 or 44 characters of ICAO's OCR-B at a fixed pitch, so each line's ink is cut into that many
cells and each cell is compared (normalised correlation) with the 37 glyphs rendered from the OCR-B
font (Debian package fonts-ocr-b). The result is one more reading for `mrz_reader`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
CELL = (20, 28)  # width, height of the compared cells


def available() -> bool:
    return FONT.is_file()


@lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, np.ndarray]:
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 64)
    advance = int(font.getlength("A"))
    top = font.getbbox("A")[1]
    bottom = font.getbbox("A")[3]
    out = []
    for ch in ALPHABET:
        image = Image.new("L", (advance, 100), 255)
        ImageDraw.Draw(image).text((0, 0), ch, font=font, fill=0)
        cell = np.asarray(image)[top:bottom, :]
        out.append(_norm(cv2.resize(cell, CELL, interpolation=cv2.INTER_AREA)))
    return np.stack(out), np.array(list(ALPHABET))


def _norm(cell: np.ndarray) -> np.ndarray:
    v = cell.astype(np.float32)
    v -= v.mean()
    n = np.linalg.norm(v)
    return (v / n if n else v).ravel()


def _bands(ink: np.ndarray, expected: int) -> list[tuple[int, int]]:
    rows = ink.sum(axis=1) > 0.02 * ink.shape[1] * 255
    bands, start = [], None
    for y, on in enumerate(list(rows) + [False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= 6:
                bands.append((start, y))
            start = None
    bands.sort(key=lambda b: b[1] - b[0], reverse=True)
    return sorted(bands[:expected])


def _cells(band: np.ndarray, left: float, pitch: float, width: int) -> np.ndarray:
    import cv2

    cells = []
    for k in range(width):
        c0 = min(band.shape[1] - 2, max(0, int(round(left + k * pitch))))
        c1 = min(band.shape[1], max(c0 + 2, int(round(left + (k + 1) * pitch))))
        cells.append(_norm(cv2.resize(band[:, c0:c1], CELL, interpolation=cv2.INTER_AREA)))
    return np.stack(cells)


def read_lines(g: np.ndarray, box: tuple[int, int, int, int], lines: int, width: int) -> str:
    """The MRZ text of region `box` read glyph by glyph, `lines` lines of `width` characters.

    The ink of a line runs from inside its first cell to inside its last one: the grid (offset
    of the first cell, pitch) is the one whose cells best match glyphs overall."""
    import cv2

    if not available():
        return ""
    templates, letters = _templates()
    x, y, w, h = box
    crop = g[y:y + h, x:x + w]
    _, ink = cv2.threshold(cv2.GaussianBlur(crop, (3, 3), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    out = []
    for top, bottom in _bands(ink, lines):
        cols = np.where(ink[top:bottom].sum(axis=0) > 0)[0]
        if len(cols) < width:
            continue
        left, right = float(cols[0]), float(cols[-1] + 1)
        band = crop[top:bottom]
        best_text, best_score = "", -1.0
        for missing in np.arange(0.3, 1.01, 0.1):  # ink spans width - missing pitches
            pitch = (right - left) / (width - missing)
            for offset in np.arange(0.0, missing + 0.01, 0.1):
                scores = _cells(band, left - offset * pitch, pitch, width) @ templates.T
                total = float(scores.max(axis=1).mean())
                if total > best_score:
                    best_score, best_text = total, "".join(letters[scores.argmax(axis=1)])
        out.append(best_text)
    return "\n".join(out)
