"""The `Store` interface every backend implements, and rules every backend shares.

Every read takes the list of collections the caller may read: access rules per collection plug in
above the store (one filter), never inside each query.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

import numpy as np

from sudia.errors import SudiaError
from sudia.types import Chunk, Collection, Document, Usage, Visibility

COLLECTION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Job:
    """The state of one file being ingested (uploads are shown with their status in the UI)."""

    id: str
    collection: str
    filename: str
    status: str  # pending, running, done, skipped, error
    message: str = ""
    document_id: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class UsageRecord:
    at: str
    kind: str
    collections: str
    mode: str
    usage: Usage


class Store(Protocol):
    """Persistent state of the platform. Implementations: sqlite.py, postgres.py."""

    url: str

    # collections
    def ensure_collection(self, name: str, description: str = "", visibility: Visibility = "private",
                          groups: tuple[str, ...] = ()) -> Collection: ...
    def get_collection(self, name: str) -> Collection | None: ...
    def list_collections(self) -> list[Collection]: ...
    def delete_collection(self, name: str) -> None: ...
    def set_collection_access(self, name: str, visibility: Visibility, groups: tuple[str, ...]) -> None:
        """Change who may read a collection (sudia.access decides); no-op for an unknown name."""
        ...
    def revision(self, collection: str) -> int: ...

    # documents and chunks
    def find_document(self, collection: str, source: str) -> Document | None: ...
    def get_document(self, document_id: str) -> Document | None: ...
    def list_documents(self, collection: str) -> list[Document]: ...
    def replace_document(self, document: Document, chunks: list[Chunk], vectors: np.ndarray | None) -> None:
        """Atomically replace a document and all its chunks (a crash leaves the old version or the new)."""
        ...
    def delete_document(self, document_id: str) -> None: ...
    def document_chunks(self, document_id: str) -> list[Chunk]: ...
    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]: ...
    def count_chunks(self, collections: list[str]) -> int: ...

    # search primitives
    def lexical_search(self, collections: list[str], query: str, k: int) -> list[tuple[str, float]]:
        """Chunk ids and scores (higher is better) for a French full-text query."""
        ...
    def term_frequencies(self, collections: list[str], query: str) -> dict[str, int]:
        """How many passages of the collections hold each analysed term of `query` (`text.french.analyze`),
        for the relevance gate's term weights; exact below PRUNE_FROM_PASSAGES, an estimate above."""
        ...
    def prefix_frequencies(self, collections: list[str], prefixes: list[str]) -> dict[str, int]:
        """How many passages of the collections hold a term starting with each (analysed) prefix."""
        ...
    def vectors(self, collection: str) -> tuple[list[str], np.ndarray]: ...

    # ingestion jobs (uploads)
    def save_job(self, job: Job) -> None: ...
    def list_jobs(self, collection: str, limit: int = 100) -> list[Job]: ...

    # usage (energy, tokens) of each AI request
    def record_usage(self, kind: str, collections: list[str], mode: str, usage: Usage) -> None: ...
    def list_usage(self, limit: int = 100) -> list[UsageRecord]: ...

    def close(self) -> None: ...


# Terms found in more than this share of passages weigh little in BM25 but cost most of the search
# time at scale (every passage that holds them is scored): once collections are large, they are
# left out of the query. A query made only of such terms gets no lexical hits, and the dense side,
# which reads the question as a whole, ranks alone (bench/RESULTS.md, search latency).
COMMON_TERM_SHARE = 0.05
PRUNE_FROM_PASSAGES = 10_000


def query_terms(terms: list[str], document_frequency: dict[str, int], total: int) -> list[str]:
    """The terms worth searching for in a large collection, given how many of `total` passages hold each."""
    return [t for t in terms if 0 < document_frequency.get(t, 0) <= COMMON_TERM_SHARE * total]


def check_collection_name(name: str) -> str:
    if not COLLECTION_NAME.match(name or ""):
        raise SudiaError("SUDIA-C002", name=name)
    return name


def document_id(collection: str, source: str) -> str:
    """Stable id for (collection, source): citations keep pointing to a document after re-ingestion."""
    return hashlib.sha1(f"{collection}\x00{source}".encode()).hexdigest()[:16]


def chunk_id(document: str, position: int) -> str:
    return f"{document}-{position}"


def new_job_id() -> str:
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# A passage embedded in windows stores its head (title, section, opening) as its first row, scaled by
# HEAD_MARK, then its windows (`sudia.ingest.windows`): embeddings are of unit norm, so the head row
# tells itself apart without a schema change, and blobs written before heads were kept read as before.
HEAD_MARK = 2.0


def vector_bytes(vector: np.ndarray) -> bytes:
    """Vectors are kept as float16: half the space, no measurable loss for cosine ranking.
    A (windows, dim) array is stored as its rows one after the other (see `passage_vectors`)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def passage_vectors(ids: list[str], blobs: list[bytes]) -> tuple[list[str], np.ndarray]:
    """One row per stored vector, with its passage id: a passage may hold several vectors (one per
    window of its text, `sudia.ingest.windows`), stored one after the other in its blob.

    The row width is the greatest common divisor of the blob lengths; when every passage holds the
    same number of vectors the rows are wider than the model's vectors and `DenseIndex` splits them.
    """
    if not blobs or len({len(b) for b in blobs}) == 1:
        return list(ids), vectors_from(blobs)
    width = 0
    for blob in blobs:
        width = math.gcd(width, len(blob))
    rows: list[str] = []
    for passage, blob in zip(ids, blobs):
        rows.extend([passage] * (len(blob) // width))
    return rows, np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(rows), -1).astype(np.float32)


def vectors_from(blobs: list[bytes], dim: int | None = None) -> np.ndarray:
    if not blobs:
        return np.zeros((0, dim or 0), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), -1).astype(np.float32)
