"""DOCX: paragraph styles "Heading N"/"Titre N" give sections; tables become rows of text.

Read in a child process under a time and memory budget (`sandbox.py`); text a reader of the
document does not see (hidden, white on white, tiny) is left out (`docx_visibility.py`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.ingest.parsers.base import FileFormat, ParserContext, SectionTracker, title_from
from sudia.ingest.parsers.sandbox import ParseBudget, document_from_json, document_to_json, run_in_child
from sudia.types import Block, ParsedDocument

# A DOCX is a ZIP: refuse archives that would inflate far beyond their size (ZIP bombs).
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000  # a real document holds tens of parts, a few thousand with many images


class DocxParser(FileFormat):
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    label = "DOCX"
    extensions = (".docx",)  # no magic bytes: a ZIP archive is not necessarily a DOCX

    @classmethod
    def build(cls, context: ParserContext) -> DocxParser:
        return cls(context.budget)

    def __init__(self, budget: ParseBudget = ParseBudget()) -> None:
        self.budget = budget

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        return document_from_json(run_in_child(f"{__name__}:read_docx", data, path.name, self.budget))


def read_docx(data: bytes, name: str) -> dict[str, Any]:
    """The parsed document as JSON data; runs in the child process."""
    path = Path(name)
    _check_archive(data, path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        from sudia.ingest.parsers.docx_visibility import RunVisibility

        document = docx.Document(io.BytesIO(data))
        visible = RunVisibility(document)
    except Exception as exc:  # python-docx raises many kinds of errors on broken files
        raise SudiaError("SUDIA-I006", path=path.name, detail=type(exc).__name__) from exc

    sections = SectionTracker()
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = visible.text(element).strip()
            if not text:
                continue
            paragraph = Paragraph(element, document)
            level = _heading_level((paragraph.style.name if paragraph.style is not None else "") or "")
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
                    value = "\n".join(visible.text(p) for p in cell._tc.xpath("./w:p")).strip()
                    if value and value not in cells:  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    blocks.append(Block(" | ".join(cells), section=sections.path))
    title = (document.core_properties.title or "").strip()
    parsed = ParsedDocument(title=title or title_from(blocks, path), blocks=tuple(blocks),
                            media_type=DocxParser.media_type)
    return document_to_json(parsed)


def _heading_level(style: str) -> int:
    if style.lower() in ("title", "titre"):
        return -1
    match = re.match(r"(?:heading|titre)\s*(\d)", style, re.IGNORECASE)
    return int(match.group(1)) if match else 0


def _check_archive(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise SudiaError("SUDIA-I006", path=path.name, detail="archive ZIP invalide") from exc
    if len(entries) > MAX_ENTRIES:
        raise SudiaError("SUDIA-I006", path=path.name,
                         detail=f"archive de {len(entries)} fichiers, au plus {MAX_ENTRIES} (bombe ZIP)")
    total = sum(info.file_size for info in entries)
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_RATIO * max(len(data), 1) + 10_000_000:
        raise SudiaError("SUDIA-I006", path=path.name, detail="archive anormalement compressée (bombe ZIP)")
