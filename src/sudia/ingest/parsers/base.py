"""The parser interface and the helpers every parser shares (decoding, heading paths)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from sudia.errors import SudiaError
from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.types import Block, ParsedDocument

if TYPE_CHECKING:
    from sudia.ingest.ocr import OcrEngine


class Parser(Protocol):
    """Turns the bytes of one file into a `ParsedDocument`. Raises `SudiaError` on bad input."""

    media_type: str

    def parse(self, data: bytes, path: Path) -> ParsedDocument: ...


@dataclass(frozen=True)
class ParserContext:
    """What a parser may need at construction: the OCR engine (scans), the parsing budget."""

    ocr: OcrEngine | None = None
    budget: ParseBudget = field(default_factory=ParseBudget)


class FileFormat:
    """A parser declares the format it reads; the registry (registry.py) finds it, nothing else to edit.

    Adding a format is one file in this package: a subclass of `FileFormat` with `parse`, its
    extensions and, where the format has one, its magic bytes. A file is given to the first parser
    whose magic bytes start its content (leading blanks skipped, case ignored), else to the one
    that declares its extension. Third-party packages declare theirs under the entry point group
    ``sudia.parsers``.
    """

    media_type: ClassVar[str] = ""
    label: ClassVar[str] = ""  # French name listed in « formats acceptés » (SUDIA-I004)
    extensions: ClassVar[tuple[str, ...]] = ()  # lower case, with the dot; "" for no extension
    magic: ClassVar[tuple[bytes, ...]] = ()  # prefixes of the content, lower case

    @classmethod
    def build(cls, context: ParserContext) -> Parser:
        """The parser for one ingestion; override to take the OCR engine or the budget."""
        return cls()  # type: ignore[return-value]

    def accepts(self, data: bytes) -> bool:
        """False for content this parser must not read although its extension matched."""
        return True


def utf16_encoding(data: bytes) -> str | None:
    """"utf-32"/"utf-16" for text with a byte-order mark, "utf-16-le"/"-be" for Windows-style text
    without one (a NUL every other byte), else None. Such files hold NUL bytes yet are text."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 8 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_text(data: bytes, path: Path) -> str:
    """Decode text of unknown encoding: UTF-16/32 when marked or shaped so, UTF-8, then charset
    detection (Latin-1, CP1252...)."""
    wide = utf16_encoding(data)
    if wide is not None:
        try:
            return data.decode(wide).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise SudiaError("SUDIA-I007", path=path.name) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SudiaError("SUDIA-I007", path=path.name)
    return str(best)


class SectionTracker:
    """Keeps the current heading path ("Aides > Transport scolaire") while walking a document."""

    def __init__(self) -> None:
        self._levels: list[tuple[int, str]] = []

    def enter(self, level: int, heading: str) -> None:
        self._levels = [(lvl, h) for lvl, h in self._levels if lvl < level]
        self._levels.append((level, heading.strip()))

    @property
    def path(self) -> str:
        return " > ".join(h for _, h in self._levels if h)


def title_from(blocks: list[Block], path: Path) -> str:
    """The first heading, or a readable file name."""
    for block in blocks:
        if block.is_heading and block.text.strip():
            return block.text.strip()[:200]
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name
