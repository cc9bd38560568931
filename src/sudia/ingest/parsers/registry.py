"""Picks the parser for a file from its first bytes (magic numbers) and its extension."""

from __future__ import annotations

from pathlib import Path

from sudia.errors import SudiaError
from sudia.ingest.ocr import OcrEngine
from sudia.ingest.parsers.base import Parser, utf16_encoding
from sudia.ingest.parsers.docx import DocxParser
from sudia.ingest.parsers.html import HtmlParser
from sudia.ingest.parsers.markdown import MarkdownParser
from sudia.ingest.parsers.pdf import PdfParser
from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.ingest.parsers.text import TextParser

SUPPORTED_EXTENSIONS = frozenset({".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt", ".text"})


class ParserRegistry:
    def __init__(self, ocr: OcrEngine | None = None, budget: ParseBudget = ParseBudget()) -> None:
        self.pdf = PdfParser(ocr, budget)
        self.docx = DocxParser(budget)
        self.html = HtmlParser(budget)
        self.markdown = MarkdownParser(budget)
        self.text = TextParser()  # decoding and splitting: linear, read in this process

    def parser_for(self, data: bytes, path: Path) -> Parser:
        suffix = path.suffix.lower()
        head = data[:1024].lstrip().lower()
        if data.startswith(b"%PDF") or suffix == ".pdf":
            return self.pdf  # a .pdf without the magic number is reported as corrupt by the parser
        if suffix == ".docx":
            return self.docx
        if suffix in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
            return self.html
        if suffix in (".md", ".markdown"):
            return self.markdown
        if suffix in (".txt", ".text", ""):
            if b"\x00" in data[:4096] and utf16_encoding(data) is None:  # binary, not UTF-16 text
                raise SudiaError("SUDIA-I004", path=path.name)
            return self.text
        raise SudiaError("SUDIA-I004", path=path.name)
