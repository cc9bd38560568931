"""Plain text: paragraphs separated by blank lines."""

from __future__ import annotations

import re
from pathlib import Path

from sudia.ingest.parsers.base import FileFormat, decode_text, title_from, utf16_encoding
from sudia.types import Block, ParsedDocument


class TextParser(FileFormat):
    media_type = "text/plain"
    label = "texte"
    extensions = (".txt", ".text", "")  # and files without an extension

    def accepts(self, data: bytes) -> bool:
        """Binary content is refused, except UTF-16/32 text, which holds NUL bytes too."""
        return b"\x00" not in data[:4096] or utf16_encoding(data) is not None

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        text = decode_text(data, path)
        blocks = [Block(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        return ParsedDocument(title=title_from(blocks, path), blocks=tuple(blocks), media_type=self.media_type)
