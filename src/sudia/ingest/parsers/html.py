"""HTML: main content only (no scripts, navigation or footers); h1-h6 give sections."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as LexborHTML

from sudia.ingest.parsers.base import SectionTracker, decode_text, title_from
from sudia.types import Block, ParsedDocument

_NOISE = "script, style, noscript, nav, footer, header nav, aside, form, svg, template, iframe"
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "td", "th", "dt", "dd", "blockquote", "pre", "figcaption",
           "caption"}


class HtmlParser:
    media_type = "text/html"

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        tree = LexborHTML(decode_text(data, path))
        for node in tree.css(_NOISE):
            node.decompose()
        root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
        sections = SectionTracker()
        blocks: list[Block] = []
        if root is not None:
            for node in root.traverse(include_text=False):
                tag = node.tag
                if tag not in _BLOCKS or _has_block_ancestor(node, root):
                    continue
                text = _row_text(node) if tag == "tr" else _clean(node.text(separator=" "))
                if not text:
                    continue
                if tag[0] == "h" and tag[1:].isdigit():
                    sections.enter(int(tag[1]), text)
                    blocks.append(Block(text, section=sections.path, is_heading=True))
                else:
                    blocks.append(Block(text, section=sections.path))
        title_node = tree.css_first("title")
        title = title_node.text(strip=True) if title_node is not None else ""
        return ParsedDocument(
            title=title or title_from(blocks, path), blocks=tuple(blocks), media_type=self.media_type
        )


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _row_text(row) -> str:
    """A table row is one block, "cell | cell", like DOCX and Markdown rows: a price stays with its label."""
    cells: list[str] = []
    for cell in row.iter(include_text=False):
        if cell.tag in ("td", "th"):
            value = _clean(cell.text(separator=" "))
            if value:
                cells.append(value)
    return " | ".join(cells)


def _has_block_ancestor(node, root) -> bool:
    """True when a block element sits inside another (a <p> in an <li>): the outer one holds it."""
    parent = node.parent
    while parent is not None and parent is not root:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.parent
    return False
