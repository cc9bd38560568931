"""Plain text: paragraphs separated by blank lines."""

from __future__ import annotations

import re
from pathlib import Path

from sudia.ingest.parsers.base import decode_text, title_from
from sudia.types import Block, ParsedDocument


class TextParser:
    media_type = "text/plain"

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        text = decode_text(data, path)
        blocks = [Block(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        return ParsedDocument(title=title_from(blocks, path), blocks=tuple(blocks), media_type=self.media_type)
