"""Markdown: headings give sections; paragraphs, list items and table rows give blocks.

Raw HTML blocks are not indexed; inside a paragraph, HTML comments and inline elements hidden by
an attribute or an inline style (as in `html.py`) are dropped, since a reader never sees them.
Read in a child process under a time and memory budget (`sandbox.py`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sudia.ingest.parsers.base import SectionTracker, decode_text, title_from
from sudia.ingest.parsers.sandbox import ParseBudget, document_from_json, document_to_json, run_in_child
from sudia.types import Block, ParsedDocument

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_HIDING = (r"\shidden(?!\s*=\s*[\"']?until-found)(?=[\s=/>])|\saria-hidden\s*=\s*[\"']?true"
           r"|\sstyle\s*=\s*[\"'][^\"']*(?:display\s*:\s*none|visibility\s*:\s*hidden"
           r"|font-size\s*:\s*0(?![.,]?\d*[1-9])|opacity\s*:\s*0(?![.,]?\d*[1-9]))")
_HIDDEN_ELEMENT = re.compile(rf"<([a-zA-Z][\w-]*)\b(?=[^>]*?(?:{_HIDING}))[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


class MarkdownParser:
    media_type = "text/markdown"

    def __init__(self, budget: ParseBudget = ParseBudget()) -> None:
        self.budget = budget

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        return document_from_json(run_in_child(f"{__name__}:read_markdown", data, path.name, self.budget))


def _visible(inline: str) -> str:
    if "<" not in inline:
        return inline
    shown = _HIDDEN_ELEMENT.sub(" ", _COMMENT.sub(" ", inline))
    return inline if shown == inline else re.sub(r"[ \t]{2,}", " ", re.sub(r"[ \t]+([.,;:])", r"\1", shown))


def read_markdown(data: bytes, name: str) -> dict[str, Any]:
    """The parsed document as JSON data; runs in the child process."""
    from markdown_it import MarkdownIt

    path = Path(name)
    text = decode_text(data, path)
    if text.startswith("---\n"):  # YAML front matter is metadata, not content
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4 :]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    sections = SectionTracker()
    blocks: list[Block] = []
    heading_level = 0
    row: list[str] = []
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "inline" and heading_level:
            heading = _visible(tok.content)
            sections.enter(heading_level, heading)
            blocks.append(Block(heading, section=sections.path, is_heading=True))
            heading_level = 0
        elif tok.type == "inline" and tok.map is not None and not row and _visible(tok.content).strip():
            blocks.append(Block(_visible(tok.content).strip(), section=sections.path))
        elif tok.type == "tr_open":
            row = [""]
        elif tok.type == "inline" and row:
            row.append(_visible(tok.content).strip())
        elif tok.type == "tr_close":
            cells = [c for c in row if c]
            if cells:
                blocks.append(Block(" | ".join(cells), section=sections.path))
            row = []
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            blocks.append(Block(tok.content.strip(), section=sections.path))
    parsed = ParsedDocument(title=title_from(blocks, path), blocks=tuple(blocks), media_type=MarkdownParser.media_type)
    return document_to_json(parsed)
