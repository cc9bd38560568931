"""Structure-aware chunking: passages never straddle a section or a page; long text splits on sentences.

Linear in the length of the document, whatever its shape (#10, finding 9): chunking runs in the
ingesting process, outside the parser sandbox's time limit, and used to slice the rest of a long
unpunctuated text at every cut (8 MB took 18 s, 32 MB never ended). Here every step works on
offsets into the text and on running sizes, so a piece costs O(max_chars), and a document is
refused (SUDIA-L007) past `max_text_chars`, the bound that keeps ingestion of one file short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sudia.errors import SudiaError
from sudia.types import ParsedDocument

# 20 million characters: ~10 000 pages of text, chunked in a few seconds.
MAX_TEXT_CHARS = 20_000_000

# The sentence boundary of `sudia.text.french.sentences`, found in one pass over the text.
_BOUNDARY = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Ý0-9«\"(])")
_ABBREVIATION = re.compile(r"(?:^|\W)(?:M|Mme|art|cf|p|n°|etc|env|min|max)\.$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ChunkDraft:
    text: str
    page: int | None
    section: str


def chunk_document(doc: ParsedDocument, max_chars: int = 900, overlap: int = 150, *,
                   name: str = "", max_text_chars: int = MAX_TEXT_CHARS) -> list[ChunkDraft]:
    total = sum(len(b.text) for b in doc.blocks)
    if total > max_text_chars:
        raise SudiaError("SUDIA-L007", path=name or doc.title, chars=total, limit=max_text_chars)
    drafts: list[ChunkDraft] = []
    buffer: list[str] = []
    size = 0  # characters in `buffer`, newlines included
    key: tuple[int | None, str] | None = None

    def flush() -> None:
        nonlocal size
        if buffer and key is not None:
            drafts.append(ChunkDraft("\n".join(buffer), key[0], key[1]))
        buffer.clear()
        size = 0

    for block in doc.blocks:
        if block.is_heading:
            # A heading opens a section: its text is carried by the chunk's `section` field.
            flush()
            key = (block.page, block.section)
            continue
        block_key = (block.page, block.section)
        if block_key != key:
            flush()
            key = block_key
        if buffer and size + len(block.text) > max_chars:
            flush()
        if len(block.text) > max_chars:
            flush()
            for piece in split_long(block.text, max_chars, overlap):
                drafts.append(ChunkDraft(piece, block.page, block.section))
            continue
        buffer.append(block.text)
        size += len(block.text) + 1
    flush()
    if not drafts:
        # A document made only of headings still deserves one passage.
        text = "\n".join(b.text for b in doc.blocks if b.text.strip())
        if text:
            drafts.append(ChunkDraft(text[:max_chars], doc.blocks[0].page, ""))
    return drafts


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text` (whitespace already single spaces), like
    `french.sentences`: "M. Martin" or "art. 3" do not end a sentence."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        # Only the last characters can be an abbreviation: a bounded look, not the whole sentence.
        if _ABBREVIATION.search(text, max(start - 1, match.start() - 7, 0), match.start()):
            continue
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def split_long(text: str, max_chars: int, overlap: int) -> list[str]:
    """Pack sentences up to max_chars; the next piece repeats the last sentences up to `overlap`.

    A "sentence" longer than max_chars (a table or a list without punctuation) is cut on a space.
    """
    text = _SPACES.sub(" ", text).strip()
    pieces: list[str] = []
    current: list[tuple[int, int]] = []  # spans of the sentences of the piece being packed
    length = 0  # len(" ".join(sentences of current))

    def emit() -> None:
        if current:
            pieces.append(" ".join(text[s:e] for s, e in current))

    for start, end in _sentence_spans(text):
        while end - start > max_chars:
            cut = text.rfind(" ", start, start + max_chars)
            cut = cut if cut > start + max_chars // 2 else start + max_chars
            emit()
            current, length = [], 0
            pieces.append(text[start:cut].strip())
            start = cut
            while start < end and text[start] == " ":
                start += 1
        if start >= end:
            continue
        size = end - start
        if current and length + 1 + size > max_chars:
            emit()
            carried: list[tuple[int, int]] = []
            kept = 0
            for s, e in reversed(current):
                if kept + (e - s) > overlap:
                    break
                carried.insert(0, (s, e))
                kept += e - s + 1
            current = carried
            length = sum(e - s for s, e in current) + max(0, len(current) - 1)
        length += size + (1 if current else 0)
        current.append((start, end))
    emit()
    return [p for p in pieces if p.strip()]
