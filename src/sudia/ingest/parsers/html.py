"""HTML: main content only (no scripts, navigation or footers); h1-h6 give sections.

What a reader does not see is not indexed either: elements hidden by an attribute, an inline style
or a rule of the page's style sheets (display, visibility, opacity, tiny fonts, text coloured like
its background, off-screen placement, zero-size boxes: see `html_visibility.py`) are dropped, since
hidden text is the usual vehicle of prompt injection. A tab or menu hidden until a script shows it
is lost with them; the sanitiser still neutralises what any remaining text says before a model reads it.
Pages are read in the parser worker (`sandbox.py`), since lexbor's tree building is quadratic in
the nesting depth of a crafted page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser as LexborHTML

from sudia.ingest.parsers.base import FileFormat, ParserContext, SectionTracker, decode_text, title_from
from sudia.ingest.parsers.html_visibility import Visibility
from sudia.ingest.parsers.sandbox import ParseBudget, document_from_json, document_to_json, run_in_child
from sudia.types import Block, ParsedDocument

_NOISE = "script, style, noscript, nav, footer, header nav, aside, form, svg, template, iframe"
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "td", "th", "dt", "dd", "blockquote", "pre", "figcaption",
           "caption"}


class HtmlParser(FileFormat):
    media_type = "text/html"
    label = "HTML"
    extensions = (".html", ".htm")
    magic = (b"<!doctype html", b"<html")

    @classmethod
    def build(cls, context: ParserContext) -> HtmlParser:
        return cls(context.budget)

    def __init__(self, budget: ParseBudget = ParseBudget()) -> None:
        self.budget = budget

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        return document_from_json(run_in_child(f"{__name__}:read_html", data, path.name, self.budget))


def read_html(data: bytes, name: str) -> dict[str, Any]:
    """The parsed page as JSON data; runs in the child process."""
    path = Path(name)
    tree = LexborHTML(decode_text(data, path))
    # The style sheets are read before <style> goes with the noise. Hidden elements come outermost
    # first and never nested; noise matches come in document order: removing them last first never
    # touches a node that an ancestor's removal has already freed.
    start = tree.body or tree.root
    if start is not None:
        for node in reversed(Visibility(tree).hidden_nodes(start)):
            node.decompose()
    for node in reversed(tree.css(_NOISE)):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    sections = SectionTracker()
    blocks: list[Block] = []
    if root is not None:
        for node in _outer_blocks(root):
            tag = node.tag
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
    return document_to_json(ParsedDocument(title=title or title_from(blocks, path), blocks=tuple(blocks),
                                           media_type=HtmlParser.media_type))


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


def _outer_blocks(root):
    """Block elements not inside another one (a <p> in an <li> belongs to the <li>), in document order.

    Iterative and linear: a crafted page may nest elements thousands deep.
    """
    stack = list(reversed(list(root.iter(include_text=False))))
    while stack:
        node = stack.pop()
        if node.tag in _BLOCKS:
            yield node
        else:
            stack.extend(reversed(list(node.iter(include_text=False))))
