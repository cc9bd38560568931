"""Markdown: headings give sections; paragraphs, list items and table rows give blocks.

Raw HTML blocks are not indexed; inside a paragraph, HTML comments and inline elements a reader
would not see are dropped: hidden by an attribute, an inline style or a rule of a `<style>` block
of the document, judged exactly as in HTML pages (`html_visibility.py`): white text included.
Read in a child process under a time and memory budget (`sandbox.py`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sudia.ingest.parsers.base import FileFormat, ParserContext, SectionTracker, decode_text, title_from
from sudia.ingest.parsers.html_visibility import Visibility
from sudia.ingest.parsers.sandbox import ParseBudget, document_from_json, document_to_json, run_in_child
from sudia.types import Block, ParsedDocument

_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)(?:</style\s*>|$)", re.DOTALL | re.IGNORECASE)


class MarkdownParser(FileFormat):
    media_type = "text/markdown"
    label = "Markdown"
    extensions = (".md", ".markdown")

    @classmethod
    def build(cls, context: ParserContext) -> MarkdownParser:
        return cls(context.budget)

    def __init__(self, budget: ParseBudget = ParseBudget()) -> None:
        self.budget = budget

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        return document_from_json(run_in_child(f"{__name__}:read_markdown", data, path.name, self.budget))


def visible_inline(inline: str, css: str = "") -> str:
    """The inline text as a reader sees it: unchanged unless it holds hidden HTML or a comment."""
    if "<" not in inline:
        return inline
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<!doctype html><html><body>{inline}</body></html>")
    hidden = Visibility(tree, css).hidden_nodes(tree.body)
    if not hidden and "<!--" not in inline:
        return inline
    for node in reversed(hidden):
        node.decompose()
    shown = tree.body.text(separator="")
    return re.sub(r"[ \t]{2,}", " ", re.sub(r"[ \t]+([.,;:])", r"\1", shown)).strip()


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
    # Style sheets in raw HTML blocks can hide inline elements by class: read them first.
    css = "".join(m.group(1) for t in tokens if t.type == "html_block" for m in _STYLE_BLOCK.finditer(t.content))

    def _visible(inline: str) -> str:
        return visible_inline(inline, css)

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
