"""Structure-aware chunking: passages never straddle a section or a page; long text splits on sentences."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.text.french import sentences
from sudia.types import Block, ParsedDocument


@dataclass(frozen=True)
class ChunkDraft:
    text: str
    page: int | None
    section: str


def chunk_document(doc: ParsedDocument, max_chars: int = 900, overlap: int = 150) -> list[ChunkDraft]:
    drafts: list[ChunkDraft] = []
    buffer: list[str] = []
    key: tuple[int | None, str] | None = None

    def flush() -> None:
        if buffer and key is not None:
            drafts.append(ChunkDraft("\n".join(buffer), key[0], key[1]))
        buffer.clear()

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
        size = sum(len(b) + 1 for b in buffer)
        if buffer and size + len(block.text) > max_chars:
            flush()
        if len(block.text) > max_chars:
            flush()
            for piece in split_long(block.text, max_chars, overlap):
                drafts.append(ChunkDraft(piece, block.page, block.section))
            continue
        buffer.append(block.text)
    flush()
    if not drafts:
        # A document made only of headings still deserves one passage.
        text = "\n".join(b.text for b in doc.blocks if b.text.strip())
        if text:
            drafts.append(ChunkDraft(text[:max_chars], doc.blocks[0].page, ""))
    return drafts


def split_long(text: str, max_chars: int, overlap: int) -> list[str]:
    """Pack sentences up to max_chars; the next piece repeats the last sentences up to `overlap`."""
    pieces: list[str] = []
    current: list[str] = []
    for sentence in sentences(text) or [text]:
        while len(sentence) > max_chars:  # a "sentence" without punctuation (tables, lists)
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(" ".join(current)) + 1 + len(sentence) > max_chars:
            pieces.append(" ".join(current))
            carried: list[str] = []
            for previous in reversed(current):
                if sum(len(c) + 1 for c in carried) + len(previous) > overlap:
                    break
                carried.insert(0, previous)
            current = carried
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return [p for p in pieces if p.strip()]
