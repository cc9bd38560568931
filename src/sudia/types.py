"""Plain typed data that flows between stages: ingest -> index -> retrieve -> answer."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AnswerMode = Literal["extractive", "generative", "abstention"]
# "private": administrators only, the state of a new collection until its rights are set (fail closed).
Visibility = Literal["public", "authenticated", "restricted", "private"]


@dataclass(frozen=True)
class Block:
    """A piece of parsed text with its place in the document (page, section)."""

    text: str
    page: int | None = None
    section: str = ""
    is_heading: bool = False


@dataclass(frozen=True)
class ParsedDocument:
    """What a parser returns: a title and ordered blocks, before chunking."""

    title: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    ocr_pages: int = 0
    media_type: str = ""


@dataclass(frozen=True)
class Collection:
    """A named set of documents. `visibility` and `groups` are the seam for access rules."""

    name: str
    description: str = ""
    visibility: Visibility = "private"
    groups: tuple[str, ...] = ()
    documents: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class Document:
    """An ingested file. `id` is stable for (collection, source) so links survive re-ingestion."""

    id: str
    collection: str
    source: str
    title: str
    sha256: str
    media_type: str
    size: int
    pages: int | None = None
    chunks: int = 0
    ingested_at: str = ""
    # How its passages and vectors were made (`Ingestor.index_profile`): when the settings change,
    # an unchanged file is indexed again instead of keeping vectors the search no longer expects.
    indexed_with: str = ""


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage of a document, keeping its page and section."""

    id: str
    document_id: str
    collection: str
    position: int
    text: str
    page: int | None = None
    section: str = ""
    document_title: str = ""
    document_source: str = ""

    def context_text(self) -> str:
        """Text used for indexing: title and section give a passage its meaning."""
        head = " — ".join(p for p in (self.document_title, self.section) if p)
        return f"{head}\n{self.text}" if head else self.text


@dataclass(frozen=True)
class Hit:
    """A chunk found by a search, with its fused score and the rank in each retriever."""

    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "chunk_id": c.id,
            "document_id": c.document_id,
            "document": c.document_title or c.document_source,
            "source": c.document_source,
            "collection": c.collection,
            "page": c.page,
            "section": c.section,
            "score": round(self.score, 6),
            "lexical_rank": self.lexical_rank,
            "dense_rank": self.dense_rank,
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """A numbered reference from an answer to the exact passage that supports it."""

    number: int
    document_id: str
    document: str
    source: str
    collection: str
    chunk_id: str
    page: int | None
    section: str
    quote: str


@dataclass
class Usage:
    """What a request cost: tokens, time, and an energy/carbon estimate."""

    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    cpu_seconds: float = 0.0
    energy_wh: float = 0.0
    carbon_gco2e: float = 0.0
    energy_method: str = ""
    tokens_estimated: bool = False  # the LLM server reported no usage (or never finished): counts guessed
    # One AI request, one id: the store's usage row and the audit entry of the request carry it, so
    # the frugality figures count the request once even when the two records' numbers differ.
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class Answer:
    """An answer to a question, with the citations it is made of and how it was produced."""

    question: str
    text: str
    mode: AnswerMode
    citations: list[Citation] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    notice: str = ""
    # Suspicious passages neutralised, generated text set aside: for the audit log, never for the model.
    warnings: list[str] = field(default_factory=list)
    # After an abstention, never a dead end (issue #8): the closest passages, though not relevant
    # enough to answer, and the other collections the caller may read that seem to answer.
    closest: list[Hit] = field(default_factory=list)
    suggested_collections: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        u = asdict(self.usage)
        return {
            "question": self.question,
            "answer": self.text,
            "mode": self.mode,
            "citations": [asdict(c) for c in self.citations],
            "collections": self.collections,
            "notice": self.notice,
            "warnings": self.warnings,
            "closest": [h.to_dict() for h in self.closest],
            "suggested_collections": self.suggested_collections,
            "model": u["model"],
            "usage": u,
        }
