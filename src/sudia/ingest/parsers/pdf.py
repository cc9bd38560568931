"""PDF: the text layer page by page; pages without text go through OCR (tesseract, French)."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from sudia.errors import SudiaError
from sudia.ingest.parsers.base import SectionTracker, title_from
from sudia.ingest.ocr import OcrEngine
from sudia.types import Block, ParsedDocument

log = logging.getLogger(__name__)

# Below this many letters a page is treated as a scan and sent to OCR.
MIN_TEXT_LETTERS = 25
_HEADING = re.compile(r"^(?:(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+)?[A-ZÀ-Ý0-9][^.!:;]{2,90}$")


class PdfParser:
    media_type = "application/pdf"

    def __init__(self, ocr: OcrEngine | None = None) -> None:
        self._ocr = ocr

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    reader.decrypt("")
                except Exception as exc:
                    raise SudiaError("SUDIA-I005", path=path.name, detail="PDF chiffré") from exc
            pages = list(reader.pages)
        except SudiaError:
            raise
        except Exception as exc:  # pypdf raises many kinds of errors on broken files
            raise SudiaError("SUDIA-I005", path=path.name, detail=f"structure invalide, {type(exc).__name__}") from exc
        if not pages:
            raise SudiaError("SUDIA-I005", path=path.name, detail="aucune page")

        sections = SectionTracker()
        blocks: list[Block] = []
        ocr_pages = 0
        for number, page in enumerate(pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as exc:
                log.warning("page %s of %s unreadable: %s", number, path.name, exc)
                text = ""
            if sum(ch.isalpha() for ch in text) < MIN_TEXT_LETTERS and self._ocr is not None:
                ocr_text = self._ocr.pdf_page(data, number)
                if ocr_text.strip():
                    text = ocr_text
                    ocr_pages += 1
            blocks.extend(_page_blocks(text, number, sections))
        metadata_title = ""
        try:
            metadata_title = (reader.metadata.title or "").strip() if reader.metadata else ""
        except Exception:
            metadata_title = ""
        return ParsedDocument(
            title=metadata_title or title_from(blocks, path),
            blocks=tuple(blocks),
            pages=len(pages),
            ocr_pages=ocr_pages,
            media_type=self.media_type,
        )


def _page_blocks(text: str, page: int, sections: SectionTracker) -> list[Block]:
    """Rebuild paragraphs from PDF lines; short title-like lines become section headings."""
    text = _clean_glyphs(text)
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            joined = re.sub(r"(\w)- (\w)", r"\1\2", joined)  # words hyphenated across lines
            blocks.append(Block(joined, page=page, section=sections.path))
            paragraph.clear()

    first_line = page == 1
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        # The first line of a document is its title when short and unpunctuated.
        is_title = first_line and len(line) <= 100 and not line.endswith((".", ",", ";"))
        first_line = False
        if is_title or _looks_like_heading(line, paragraph):
            flush()
            level = line.split()[0].count(".") + 1 if line[0].isdigit() else 1
            sections.enter(min(level, 3), line)
            blocks.append(Block(line, page=page, section=sections.path, is_heading=True))
            continue
        paragraph.append(line)
        if line.endswith((".", "!", "?", ":")) and len(line) < 60:
            flush()
    flush()
    return blocks


# Bullets often come out of PDFs as control or private-use characters (fonts without the glyph).
_LINE_BULLET = re.compile(r"^([ \t]*)[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff■▪●◦](?=\s)", re.MULTILINE)
_STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def _clean_glyphs(text: str) -> str:
    return _STRAY.sub("", _LINE_BULLET.sub(r"\1•", text))


def _looks_like_heading(line: str, paragraph: list[str]) -> bool:
    if len(line) > 90 or len(line.split()) > 12 or not _HEADING.match(line):
        return False
    previous_open = bool(paragraph) and not paragraph[-1].endswith((".", "!", "?", ":"))
    numbered = bool(re.match(r"^\d+(?:\.\d+)*\.?\s", line))
    upper = line.isupper() and len(line) > 4
    return (numbered or upper) and not previous_open
