"""The parser interface and the helpers every parser shares (decoding, heading paths)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sudia.errors import SudiaError
from sudia.types import Block, ParsedDocument


class Parser(Protocol):
    """Turns the bytes of one file into a `ParsedDocument`. Raises `SudiaError` on bad input."""

    media_type: str

    def parse(self, data: bytes, path: Path) -> ParsedDocument: ...


def decode_text(data: bytes, path: Path) -> str:
    """Decode text of unknown encoding: UTF-8 first, then charset detection (Latin-1, CP1252...)."""
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
