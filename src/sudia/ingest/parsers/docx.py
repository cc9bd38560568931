"""DOCX: paragraph styles "Heading N"/"Titre N" give sections; tables become rows of text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from sudia.errors import SudiaError
from sudia.ingest.parsers.base import SectionTracker, title_from
from sudia.types import Block, ParsedDocument

# A DOCX is a ZIP: refuse archives that would inflate far beyond their size (ZIP bombs).
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200


class DocxParser:
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        _check_archive(data, path)
        try:
            import docx
            from docx.table import Table
            from docx.text.paragraph import Paragraph

            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds of errors on broken files
            raise SudiaError("SUDIA-I006", path=path.name, detail=type(exc).__name__) from exc

        sections = SectionTracker()
        blocks: list[Block] = []
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(element, document)
                text = paragraph.text.strip()
                if not text:
                    continue
                level = _heading_level(paragraph.style.name if paragraph.style is not None else "")
                if level == -1:  # the document's title: already carried by every chunk
                    blocks.append(Block(text, is_heading=True))
                elif level:
                    sections.enter(level, text)
                    blocks.append(Block(text, section=sections.path, is_heading=True))
                else:
                    blocks.append(Block(text, section=sections.path))
            elif tag == "tbl":
                for row in Table(element, document).rows:
                    cells = []
                    for cell in row.cells:
                        value = cell.text.strip()
                        if value and value not in cells:  # merged cells repeat their text
                            cells.append(value)
                    if cells:
                        blocks.append(Block(" | ".join(cells), section=sections.path))
        title = (document.core_properties.title or "").strip()
        return ParsedDocument(title=title or title_from(blocks, path), blocks=tuple(blocks), media_type=self.media_type)


def _heading_level(style: str) -> int:
    if style.lower() in ("title", "titre"):
        return -1
    match = re.match(r"(?:heading|titre)\s*(\d)", style, re.IGNORECASE)
    return int(match.group(1)) if match else 0


def _check_archive(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SudiaError("SUDIA-I006", path=path.name, detail="archive ZIP invalide") from exc
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_RATIO * max(len(data), 1) + 10_000_000:
        raise SudiaError("SUDIA-I006", path=path.name, detail="archive anormalement compressée (bombe ZIP)")
