"""Tesseract OCR of page images (French), word by word with boxes, and the MRZ read again on its own
with the MRZ alphabet only. Tesseract runs single-threaded: pages are the unit of parallelism."""

from __future__ import annotations

import os
import re

import numpy as np

from sudia.errors import SudiaError
from sudia.pieces.types import Word

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's OpenMP threads fight over two shared cores


def _tesseract():
    try:
        import pytesseract
    except ImportError as exc:
        raise SudiaError("SUDIA-M002", package="pytesseract", extra="pieces") from exc
    return pytesseract


def words(g: np.ndarray, page: int, language: str = "fra", psm: int = 3) -> list[Word]:
    """Words of a grey page with their confidence (0-100) and pixel box."""
    pt = _tesseract()
    try:
        data = pt.image_to_data(g, lang=language, config=f"--psm {psm} --oem 1", output_type=pt.Output.DICT)
    except pt.TesseractNotFoundError as exc:
        raise SudiaError("SUDIA-P011") from exc
    out = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text:
            continue
        out.append(Word(text, float(data["conf"][i]), page, (int(data["left"][i]), int(data["top"][i]),
                                                              int(data["width"][i]), int(data["height"][i]))))
    return out


def lines_text(found: list[Word]) -> str:
    """Words regrouped into lines (by vertical overlap), left to right: the page's text."""
    lines: list[list[Word]] = []
    for w in sorted(found, key=lambda w: (w.page, w.box[1] + w.box[3] / 2)):
        centre = w.box[1] + w.box[3] / 2
        for line in lines:
            ref = line[0]
            if ref.page == w.page and abs((ref.box[1] + ref.box[3] / 2) - centre) < max(6, 0.5 * ref.box[3]):
                line.append(w)
                break
        else:
            lines.append([w])
    return "\n".join(" ".join(x.text for x in sorted(line, key=lambda w: w.box[0])) for line in lines)


def mrz_region(found: list[Word], shape: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """Pixel box (x, y, w, h) around the words that look like MRZ lines, with a margin."""
    hits = [w for w in found if len(w.text) >= 8 and (w.text.count("<") >= 2 or re.fullmatch(r"[A-Z0-9<]{20,}", w.text))]
    if not hits:
        return None
    top = min(w.box[1] for w in hits)
    bottom = max(w.box[1] + w.box[3] for w in hits)
    height = max(w.box[3] for w in hits)
    # MRZ lines span the document's width: take the full width of the region they sit on
    left = max(0, min(w.box[0] for w in hits) - 3 * height)
    right = min(shape[1], max(w.box[0] + w.box[2] for w in hits) + 3 * height)
    y0 = max(0, top - int(1.2 * height))
    y1 = min(shape[0], bottom + int(1.2 * height))
    return left, y0, right - left, y1 - y0


def read_mrz(g: np.ndarray, box: tuple[int, int, int, int], target_height: int = 38) -> list[str]:
    """Text of the MRZ region, read with the MRZ alphabet; several binarisations, best first."""
    import cv2

    pt = _tesseract()
    x, y, w, h = box
    crop = g[y:y + h, x:x + w]
    line_h = max(8, h / 4.2)
    scale = min(3.0, max(0.5, target_height / line_h))
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    config = f"--psm 6 --oem 1 -c tessedit_char_whitelist={MRZ_ALPHABET} -c load_system_dawg=0 -c load_freq_dawg=0"
    outputs = []
    _, otsu = cv2.threshold(cv2.GaussianBlur(crop, (3, 3), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    for variant in (otsu, crop):
        padded = cv2.copyMakeBorder(variant, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
        outputs.append(pt.image_to_string(padded, lang="eng", config=config))
    return outputs


def orientation(g: np.ndarray) -> int:
    """Clockwise degrees (0, 90, 180, 270) tesseract's orientation detection says the page is turned by."""
    pt = _tesseract()
    try:
        found = re.search(r"Rotate: (\d+)", pt.image_to_osd(g, config="--psm 0"))
    except pt.TesseractError:  # too little text to tell
        return 0
    return int(found.group(1)) if found else 0
