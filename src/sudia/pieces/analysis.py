"""One file -> `Findings`: intake, geometry and quality, OCR, MRZ, 2D-Doc, type, fields.

`analyse_file` runs `read_piece` in the platform's parser sandbox (a child process under a time and
memory budget, `sudia.ingest.parsers.sandbox`): pieces are untrusted files sent by the public.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from sudia.errors import SudiaError
from sudia.ingest.parsers.sandbox import ParseBudget, run_in_child
from sudia.pieces.types import Findings, MrzData, Quality, TwoDDoc, Word, Zone

BORDER_PX = 3  # a word this close to the image edge was cut by the framing
# Median confidence of words of 3+ characters: 93-96 upright, 12-33 upside down on the dev part of
# the generated set (clean and degraded): below 60 the page is turned, tesseract's OSD says how.
TURNED_CONFIDENCE = 60.0


def analyse_file(data: bytes, name: str, budget: ParseBudget = ParseBudget(timeout_s=90),
                 certificate_dirs: list[Path] | None = None, language: str = "fra") -> Findings:
    # The sandbox logs the name of a file that crashes it: give it a neutral one (uploaded file
    # names often carry the applicant's name), and put the real one back in errors and findings.
    neutral = f"piece-{hashlib.sha256(data).hexdigest()[:12]}"
    try:
        raw = run_in_child(f"{__name__}:read_piece", data, neutral, budget, language=language,
                           certificate_dirs=[str(d) for d in certificate_dirs or []])
    except SudiaError as exc:
        params = {k: (name if v == neutral else v) for k, v in exc.params.items()}
        raise SudiaError(exc.code, **params) from exc
    raw["file_name"] = name
    return findings_from_json(raw)


def read_piece(data: bytes, name: str, language: str = "fra", certificate_dirs: list[str] | None = None) -> dict[str, Any]:
    """The sandbox target: everything the file says, as JSON data."""
    from sudia.pieces import classify, extract, intake, mrz_reader, ocr, quality
    from sudia.pieces.twoddoc.reader import read_twoddoc

    started = time.perf_counter()
    cpu_started = _cpu()
    piece = intake.read(data, name)
    all_words: list[Word] = []
    texts, sizes = [], []
    sharp, bright, skews, cropped, rotated = [], [], [], False, 0
    mrz: MrzData | None = None
    twoddoc: TwoDDoc | None = None
    for number, image in enumerate(piece.images, start=1):
        g = quality.gray(image)
        sharp.append(quality.sharpness(g))
        bright.append(quality.brightness(g))
        if twoddoc is None:
            twoddoc = read_twoddoc(g, number, [Path(d) for d in certificate_dirs or []])
        angle = quality.skew_angle(g) if not piece.text_layer else 0.0
        skews.append(angle)
        page = quality.normalise(quality.rotate(g, angle))
        sizes.append((page.shape[1], page.shape[0]))
        words = ocr.words(page, number, language) if not piece.text_layer else []
        if words and _median_confidence(words) < TURNED_CONFIDENCE:
            # little readable text: the page may be sideways or upside down (a phone photo)
            turn = ocr.orientation(page)
            if turn:
                page = np.ascontiguousarray(np.rot90(page, k=-turn // 90))
                words = ocr.words(page, number, language)
                rotated = turn
        cropped = cropped or any(_touches_border(w, page.shape) for w in words if w.confidence > 60)
        all_words.extend(words)
        text = ocr.lines_text(words) if words else ""
        texts.append(text)
        if mrz is None or not mrz.all_digits_valid:
            found = _read_mrz(page, words, text, mrz_reader, ocr)
            if found is not None and (mrz is None or sum(found.check_digits.values()) > sum(mrz.check_digits.values())):
                mrz = found
    text = piece.text_layer or "\n\n".join(texts)
    doc_type, scores = classify.classify(text, mrz, twoddoc)
    fields = extract.extract(text, doc_type)
    findings = Findings(
        file_name=name, sha256=hashlib.sha256(data).hexdigest(), media_type=piece.media_type,
        pages=len(piece.images), page_sizes=tuple(sizes), text=text, words=tuple(all_words),
        quality=Quality(round(min(sharp), 1), round(sum(bright) / len(bright), 1), cropped,
                        round(skews[0], 1), rotated),
        doc_type=doc_type, type_scores=scores, fields=fields, field_zones=_zones(fields, all_words, sizes, mrz),
        mrz=mrz, twoddoc=twoddoc, image_hash=_dhash(piece.images[0]), seconds=round(time.perf_counter() - started, 3),
        cpu_seconds=round(_cpu() - cpu_started, 3))
    return findings_to_json(findings)


def _read_mrz(page, words, text, mrz_reader, ocr) -> MrzData | None:
    first = mrz_reader.best_reading([text], page_text=text)
    from sudia.pieces.mrz_number import printed

    zone = mrz_reader.printed_zone(text)
    if first is not None and first.all_digits_valid and printed(first.document_number, zone) \
            and first.surname.replace(" ", "") in zone.replace(" ", "").replace("\n", ""):
        return first  # every check digit agrees and the printed zone repeats number and name
    box = ocr.mrz_region(words, page.shape)
    if box is None:
        return first
    from sudia.pieces import mrz_ocrb
    from sudia.pieces.mrz import LENGTHS

    readings = [text] + ocr.read_mrz(page, box)
    engines = ["page"] + ["tesseract-mrz"] * (len(readings) - 1)
    known = first or mrz_reader.best_reading(readings, page_text=text)
    # the glyph-by-glyph reading needs the grid (lines, characters per line): the format found, or each
    grids = [LENGTHS[known.format]] if known is not None else [(30, 3), (44, 2), (36, 2)]
    for width, lines in grids:
        readings.append(mrz_ocrb.read_lines(page, box, lines, width))
        engines.append("ocr-b")
    return mrz_reader.best_reading(readings, page_text=text, engines=engines) or first


def _median_confidence(words: list[Word]) -> float:
    import statistics

    long_words = [w.confidence for w in words if len(w.text) >= 3]
    return statistics.median(long_words) if long_words else 0.0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (tesseract, pdftoppm)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _touches_border(w: Word, shape) -> bool:
    x, y, bw, bh = w.box
    return x <= BORDER_PX or y <= BORDER_PX or x + bw >= shape[1] - BORDER_PX or y + bh >= shape[0] - BORDER_PX


def _dhash(image) -> str:
    """64-bit difference hash: near-identical images (recompressed, resized) differ in a few bits."""
    small = image.convert("L").resize((9, 8))
    px = list(small.getdata())
    bits = "".join("1" if px[r * 9 + c] > px[r * 9 + c + 1] else "0" for r in range(8) for c in range(8))
    return f"{int(bits, 2):016x}"


def _zones(fields: dict[str, str], words: list[Word], sizes, mrz: MrzData | None) -> dict[str, Zone]:
    """Where each field was read, for the instructor's highlight."""
    zones: dict[str, Zone] = {}
    if mrz is not None:
        mrz_words = [w for w in words if w.text.count("<") >= 2]
        if mrz_words:
            zones["mrz"] = _union(mrz_words, sizes)
    for key, value in fields.items():
        # the last printed group: dates end with the year, an IBAN printed in groups of 4 ends with 3
        token = value.replace("-", "")[-4:] if key.endswith("date") else (value[-3:] if key == "iban" else value[-6:])
        hits = [w for w in words if token and token in w.text.replace(" ", "").replace(".", "").replace("/", "")]
        if hits:
            zones[key] = _union(hits[:1], sizes)
    return zones


def _union(ws: list[Word], sizes) -> Zone:
    x0 = min(w.box[0] for w in ws)
    y0 = min(w.box[1] for w in ws)
    x1 = max(w.box[0] + w.box[2] for w in ws)
    y1 = max(w.box[1] + w.box[3] for w in ws)
    return Zone.from_pixels(ws[0].page, (x0, y0, x1 - x0, y1 - y0), sizes[ws[0].page - 1])


def findings_to_json(f: Findings) -> dict[str, Any]:
    data = asdict(f)
    data["words"] = [[w.text, w.confidence, w.page, list(w.box)] for w in f.words]
    return data


def findings_from_json(data: dict[str, Any]) -> Findings:
    def zone(z):
        return Zone(**z) if z else None

    mrz = MrzData(**{**data["mrz"], "lines": tuple(data["mrz"]["lines"])}) if data.get("mrz") else None
    tdd = None
    if data.get("twoddoc"):
        t = dict(data["twoddoc"])
        t["zone"] = zone(t.get("zone"))
        tdd = TwoDDoc(**t)
    return Findings(
        file_name=data["file_name"], sha256=data["sha256"], media_type=data["media_type"], pages=data["pages"],
        page_sizes=tuple(tuple(s) for s in data["page_sizes"]), text=data["text"],
        words=tuple(Word(w[0], w[1], w[2], tuple(w[3])) for w in data.get("words", [])),
        quality=Quality(**data["quality"]), doc_type=data["doc_type"], type_scores=data["type_scores"],
        fields=data["fields"], field_zones={k: Zone(**v) for k, v in data["field_zones"].items()}, mrz=mrz,
        twoddoc=tdd, image_hash=data["image_hash"], seconds=data["seconds"], cpu_seconds=data.get("cpu_seconds", 0.0))
