"""What the embedding model reads of a passage: every word of it, in windows (docs/adr/0002).

A small model reads a short text best, and its cost grows with the number of tokens; one vector for
a 900-character passage blurs the fact a question asks for, and a vector of the passage's head alone
(the former default) never sees the words past its first 160 characters. Each passage is cut into
windows of about `size` characters on sentence boundaries, each window carrying the document title
and section so that it keeps its topic; the passage's dense score is that of its best window.

The passage's head (title, section and opening, `size` characters, as `head` mode embeds it) is
embedded too and stored before the windows: a short article's question paraphrases its title, which
the head holds whole and the windows only in part (the first window is not the head: mixing it in
did not move the CNIL figures, the head did; docs/adr/0002). Its row is stored scaled by
`HEAD_MARK`: every embedding is of unit norm, so the row tells itself apart without a schema
change, and a blob written before (windows only) reads as before (`sudia.retrieve.dense`).

Modes (`SUDIA_EMBED_MODE`): `windows` (default), `full` (one vector of the whole passage, the model
truncating past its 512 tokens), `head` (one vector of the first `size` characters: the fast profile).
"""

from __future__ import annotations

import numpy as np

from sudia.embed.base import Embedder
from sudia.ingest.chunking import split_long
from sudia.store.base import HEAD_MARK
from sudia.types import Chunk

MODES = ("windows", "full", "head")
# What each mode stores, recorded with every document (`sudia.ingest.pipeline.index_profile`): when a
# mode's layout changes (windows gained the head row), its name here changes and documents re-index.
LAYOUTS = {"windows": "windows+head", "full": "full", "head": "head"}
# The title and section repeated in each window: enough to name the topic, not to crowd the window.
_HEAD_CHARS = 80


def passage_windows(chunk: Chunk, size: int, mode: str = "windows") -> list[str]:
    """The texts embedded for one passage."""
    if mode == "head":
        return [chunk.context_text()[:size]]
    if mode == "full":
        return [chunk.context_text()]
    head = " — ".join(p for p in (chunk.document_title, chunk.section) if p)[:_HEAD_CHARS]
    pieces = split_long(chunk.text, max(size - len(head), 80), overlap=0) or [chunk.text[:size]]
    return [f"{head}\n{piece}" if head else piece for piece in pieces]


def embedded_texts(chunk: Chunk, size: int, mode: str = "windows") -> list[str]:
    """Every text the model reads for one passage: in windows mode, its head, then its windows."""
    if mode != "windows":
        return passage_windows(chunk, size, mode)
    return passage_windows(chunk, size, "head") + passage_windows(chunk, size, mode)


def embed_chunks(embedder: Embedder, chunks: list[Chunk], size: int, mode: str = "windows") -> list[np.ndarray]:
    """One (rows, dim) array per passage, its head row first (scaled by HEAD_MARK) in windows mode;
    all texts of a batch are embedded in one call."""
    texts: list[str] = []
    counts: list[int] = []
    for chunk in chunks:
        windows = embedded_texts(chunk, size, mode)
        texts.extend(windows)
        counts.append(len(windows))
    matrix = embedder.embed_passages(texts)
    out, start = [], 0
    for count in counts:
        rows = matrix[start:start + count].copy()
        if mode == "windows":
            rows[0] *= HEAD_MARK
        out.append(rows)
        start += count
    return out
