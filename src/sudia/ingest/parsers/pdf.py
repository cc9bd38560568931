"""PDF: the text layer page by page; scanned pages without text go through OCR (tesseract, French).

The text layer is read by pypdf in the parser worker (`sandbox.py`): pypdf is pure Python, and a
crafted PDF can keep it busy for minutes. Invisible text is left out (`pdf_visibility.py`). Only
pages that show an image are sent to OCR, at most `ParseBudget.max_ocr_pages` of them: a PDF of
thousands of blank pages must not cost an hour of OCR.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.ingest.parsers.base import FileFormat, ParserContext, SectionTracker, title_from
from sudia.ingest.parsers.sandbox import ParseBudget, run_in_child
from sudia.ingest.ocr import OcrEngine
from sudia.types import Block, ParsedDocument

log = logging.getLogger(__name__)

# Below this many letters a page is treated as a scan and sent to OCR.
MIN_TEXT_LETTERS = 25
_HEADING = re.compile(r"^(?:(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+)?[A-ZÀ-Ý0-9][^.!:;]{2,90}$")


class PdfParser(FileFormat):
    media_type = "application/pdf"
    label = "PDF"
    extensions = (".pdf",)
    magic = (b"%pdf",)  # a .pdf without it is still read here, and reported as corrupt

    @classmethod
    def build(cls, context: ParserContext) -> PdfParser:
        return cls(context.ocr, context.budget)

    def __init__(self, ocr: OcrEngine | None = None, budget: ParseBudget = ParseBudget()) -> None:
        self._ocr = ocr
        self.budget = budget

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        layer = run_in_child(f"{__name__}:read_text_layer", data, path.name, self.budget,
                             max_pages=self.budget.max_pdf_pages)
        if layer["count"] > self.budget.max_pdf_pages:
            raise SudiaError("SUDIA-I005", path=path.name,
                             detail=f"{layer['count']} pages, au plus {self.budget.max_pdf_pages} acceptées")
        pages = layer["pages"]
        sections = SectionTracker()
        blocks: list[Block] = []
        ocr_pages = ocr_tries = 0
        for number, page in enumerate(pages, start=1):
            text = page["text"]
            # Only a page that shows an image can be a scan: OCR of a blank page would find nothing.
            if (sum(ch.isalpha() for ch in text) < MIN_TEXT_LETTERS and page["image"] and self._ocr is not None
                    and ocr_tries < self.budget.max_ocr_pages):
                ocr_tries += 1
                ocr_text = self._ocr.pdf_page(data, number)
                if ocr_text.strip():
                    text = ocr_text
                    ocr_pages += 1
            blocks.extend(_page_blocks(text, number, sections))
        if layer["hidden"]:
            log.info("%s: %d invisible text pieces left out", path.name, layer["hidden"])
        return ParsedDocument(
            title=layer["title"] or title_from(blocks, path),
            blocks=tuple(blocks),
            pages=len(pages),
            ocr_pages=ocr_pages,
            media_type=self.media_type,
        )


def read_text_layer(data: bytes, name: str, max_pages: int = ParseBudget.max_pdf_pages) -> dict[str, Any]:
    """Page count, the text of each page (invisible text left out) and whether it shows an image,
    and the metadata title. Runs in the child process; past `max_pages`, only the count."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise SudiaError("SUDIA-I005", path=name, detail="PDF chiffré") from exc
            if not opened:  # a password is needed to read it
                raise SudiaError("SUDIA-I005", path=name, detail="PDF chiffré")
        pages = list(reader.pages)
    except SudiaError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise SudiaError("SUDIA-I005", path=name, detail=f"structure invalide, {type(exc).__name__}") from exc
    if not pages:
        raise SudiaError("SUDIA-I005", path=name, detail="aucune page")
    if len(pages) > max_pages:
        return {"count": len(pages), "pages": [], "title": "", "hidden": 0}

    from sudia.ingest.parsers.pdf_visibility import VisibleText

    out, hidden = [], 0
    for number, page in enumerate(pages, start=1):
        image = _shows_image(page)
        try:
            if image:
                text = page.extract_text() or ""
            else:
                visitor = VisibleText(_box(page))
                text = page.extract_text(visitor_operand_before=visitor, visitor_operand_after=visitor.after) or ""
                hidden += visitor.hidden
                image = visitor.inline_image
        except Exception as exc:
            log.warning("page %s of %s unreadable: %s", number, name, exc)
            text = ""
        out.append({"text": text, "image": image})
    title = ""
    try:
        title = (reader.metadata.title or "").strip() if reader.metadata else ""
    except Exception:
        title = ""
    return {"count": len(pages), "pages": out, "title": title, "hidden": hidden}


def _shows_image(page: Any, depth: int = 0) -> bool:
    """An image among the page's XObjects, forms searched 3 levels deep (inline images: `VisibleText`)."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in (xobjects.get_object().values() if xobjects is not None else ()):
            xobject = ref.get_object()
            subtype = xobject.get("/Subtype")
            if subtype == "/Image" or (subtype == "/Form" and depth < 3 and _shows_image(xobject, depth + 1)):
                return True
    except Exception:  # a broken resource dictionary: treat the page as a possible scan
        return True
    return False


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


def _box(page) -> tuple[float, float, float, float] | None:
    """The page's visible area (crop box, else media box), to leave out text drawn beyond it."""
    try:
        box = page.cropbox
        return float(box.left), float(box.bottom), float(box.right), float(box.top)
    except Exception:  # a malformed box: no position check
        return None
