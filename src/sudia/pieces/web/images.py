"""A page of a stored piece as PNG for the browser, rendered in the parser sandbox (HEIC, PDF...)."""

from __future__ import annotations

import base64
import io

from sudia.ingest.parsers.sandbox import ParseBudget, run_in_child

MAX_WIDTH = 1400


def page_png(data: bytes, name: str, page: int = 1, skew: float = 0.0, turn: int = 0) -> str:
    """Sandbox target: base64 PNG of `page` (1-based), reduced to MAX_WIDTH, straightened as the
    reader straightened it (so that the zones it found fall where they were read)."""
    from sudia.pieces.intake import read

    images = read(data, name).images
    image = images[min(max(page, 1), len(images)) - 1]
    if abs(skew) >= 0.25:
        image = image.rotate(skew, resample=3, expand=True, fillcolor=(255, 255, 255))
    if turn:
        image = image.rotate(-turn, expand=True)
    if image.size[0] > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.size[1] * MAX_WIDTH / image.size[0])))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=3)
    return base64.b64encode(out.getvalue()).decode()


def render(data: bytes, name: str, page: int, timeout_s: float, skew: float = 0.0, turn: int = 0) -> bytes:
    return base64.b64decode(run_in_child(f"{__name__}:page_png", data, name, ParseBudget(timeout_s=timeout_s),
                                         page=page, skew=skew, turn=turn))
