"""Markdown: headings give sections; paragraphs, list items and table rows give blocks."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from sudia.ingest.parsers.base import SectionTracker, decode_text, title_from
from sudia.types import Block, ParsedDocument


class MarkdownParser:
    media_type = "text/markdown"

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark").enable("table")

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        text = decode_text(data, path)
        if text.startswith("---\n"):  # YAML front matter is metadata, not content
            end = text.find("\n---", 4)
            if end != -1:
                text = text[end + 4 :]
        tokens = self._md.parse(text)
        sections = SectionTracker()
        blocks: list[Block] = []
        heading_level = 0
        row: list[str] = []
        for tok in tokens:
            if tok.type == "heading_open":
                heading_level = int(tok.tag[1])
            elif tok.type == "inline" and heading_level:
                sections.enter(heading_level, tok.content)
                blocks.append(Block(tok.content, section=sections.path, is_heading=True))
                heading_level = 0
            elif tok.type == "inline" and tok.map is not None and not row and tok.content.strip():
                blocks.append(Block(tok.content.strip(), section=sections.path))
            elif tok.type == "tr_open":
                row = [""]
            elif tok.type == "inline" and row:
                row.append(tok.content.strip())
            elif tok.type == "tr_close":
                cells = [c for c in row if c]
                if cells:
                    blocks.append(Block(" | ".join(cells), section=sections.path))
                row = []
            elif tok.type in ("fence", "code_block") and tok.content.strip():
                blocks.append(Block(tok.content.strip(), section=sections.path))
        return ParsedDocument(title=title_from(blocks, path), blocks=tuple(blocks), media_type=self.media_type)
