"""Finds and decodes the 2D-Doc DataMatrix of a page image (zxing-cpp), then verifies its signature."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sudia.pieces.twoddoc.certificates import PACKAGED, CertificateStore
from sudia.pieces.twoddoc.format import FormatError, parse
from sudia.pieces.twoddoc.signature import verify
from sudia.pieces.types import TwoDDoc, Zone


def decode_datamatrix(g: np.ndarray) -> list[tuple[str, tuple[int, int, int, int]]]:
    try:
        import zxingcpp
    except ImportError as exc:
        from sudia.errors import SudiaError

        raise SudiaError("SUDIA-M002", package="zxing-cpp", extra="pieces") from exc
    out = []
    for result in zxingcpp.read_barcodes(g, formats=zxingcpp.BarcodeFormat.DataMatrix,
                                         text_mode=zxingcpp.TextMode.Plain):
        p = result.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        out.append((result.text, (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))))
    return out


def read_twoddoc(g: np.ndarray, page: int, certificate_dirs: list[Path]) -> TwoDDoc | None:
    """The page's 2D-Doc, verified; None when the page has no DataMatrix starting with « DC »."""
    codes = [c for c in decode_datamatrix(g) if c[0].startswith("DC")]
    if not codes:
        return None
    text, box = codes[0]
    zone = Zone.from_pixels(page, box, (g.shape[1], g.shape[0]))
    try:
        parsed = parse(text)
    except FormatError:
        return TwoDDoc(0, "", "", "", "", "", {}, text, "", "illisible", "", zone)
    status, cert = verify(parsed, CertificateStore([PACKAGED, *certificate_dirs]))
    return TwoDDoc(parsed.version, parsed.ca_id, parsed.cert_id, parsed.issue_date, parsed.signature_date,
                   parsed.doc_type, parsed.fields, parsed.signed_data, parsed.signature_text, status, cert, zone)
