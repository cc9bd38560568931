"""Ingests files into a collection: parse -> chunk -> embed -> store, one transaction per file.

A file is the unit of work: it is either fully stored or not at all, so a run killed midway is
resumed by running it again (finished files are recognised by their SHA-256 and skipped).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sudia.embed.base import Embedder
from sudia.errors import SudiaError
from sudia.ingest.chunking import chunk_document
from sudia.ingest.ocr import OcrEngine
from sudia.ingest.parsers.registry import SUPPORTED_EXTENSIONS, ParserRegistry, unsupported
from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.settings import Settings
from sudia.store.base import Store, chunk_id, document_id, now_iso
from sudia.types import Chunk, Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileResult:
    source: str
    status: str  # added, updated, unchanged, error
    document_id: str = ""
    chunks: int = 0
    pages: int | None = None
    ocr_pages: int = 0
    error_code: str = ""
    message: str = ""


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("added", "updated"))


@dataclass(frozen=True)
class SourceFile:
    path: Path
    source: str  # name shown and cited: path relative to the folder given, or the file name


def discover(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Files to ingest, folders walked recursively in a stable order; hidden files are skipped."""
    found: list[SourceFile] = []
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if not name.startswith(".") and path.suffix.lower() in SUPPORTED_EXTENSIONS:
                        found.append(SourceFile(path, path.relative_to(root).as_posix()))
        else:
            found.append(SourceFile(root, root.name))
    return found


@dataclass
class _Prepared:
    """A parsed and chunked file waiting for its embeddings."""

    source: str
    document: Document
    chunks: list[Chunk]
    status: str
    ocr_pages: int


class Ingestor:
    """Parses files one by one but embeds passages in batches across files.

    The embedding engine spreads one batch over all cores, so many small documents (FAQ entries,
    web pages) are embedded together; each document is still stored in its own transaction.
    """

    def __init__(self, store: Store, embedder: Embedder | None, settings: Settings, batch_chunks: int = 32) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.batch_chunks = batch_chunks
        self.parsers = ParserRegistry(OcrEngine(settings.ocr_language, timeout_s=settings.ocr_timeout_s),
                                      ParseBudget(timeout_s=settings.parse_timeout_s))
        self.index_profile = index_profile(embedder, settings)

    def ingest(self, collection: str, files: list[SourceFile],
               on_file: Callable[[FileResult], None] | None = None, force: bool = False) -> IngestReport:
        """`force` re-indexes unchanged files too (after a change of chunking or embedding settings)."""
        self.store.ensure_collection(collection)
        report = IngestReport()

        def emit(result: FileResult) -> None:
            report.results.append(result)
            if on_file:
                on_file(result)

        pending: list[_Prepared] = []
        for file in files:
            prepared = self._guard(file.source, lambda f=file: self._prepare(collection, f.path, f.source, force))
            if isinstance(prepared, FileResult):
                emit(prepared)
                continue
            pending.append(prepared)
            if sum(len(p.chunks) for p in pending) >= self.batch_chunks:
                self._store_batch(pending, emit)
                pending = []
        if pending:
            self._store_batch(pending, emit)
        return report

    def ingest_file(self, collection: str, path: Path, source: str | None = None) -> FileResult:
        report = self.ingest(collection, [SourceFile(path, source or path.name)])
        return report.results[0]

    def _store_batch(self, batch: list[_Prepared], emit: Callable[[FileResult], None]) -> None:
        vectors = None
        try:
            vectors = self.embed([c for p in batch for c in p.chunks])
        except Exception as exc:  # the embedder failed for the whole batch: report each file
            for p in batch:
                emit(self._guard(p.source, lambda e=exc: _raise(e)))  # type: ignore[arg-type]
            return
        offset = 0
        for p in batch:
            part = vectors[offset: offset + len(p.chunks)] if vectors is not None else None
            offset += len(p.chunks)

            def store(p: _Prepared = p, part=part) -> FileResult:
                self.store.replace_document(p.document, p.chunks, part)
                d = p.document
                return FileResult(p.source, p.status, d.id, len(p.chunks), d.pages, p.ocr_pages)

            emit(self._guard(p.source, store))

    @staticmethod
    def _guard(source: str, step: Callable[[], FileResult | _Prepared]) -> FileResult | _Prepared:
        """Runs one step for one file; any failure becomes that file's error, never the batch's."""
        try:
            return step()
        except SudiaError as exc:
            return FileResult(source, "error", error_code=exc.code, message=exc.message)
        except Exception as exc:
            log.exception("unexpected error while ingesting %s", source)
            err = SudiaError("SUDIA-I009", path=source, detail=f"{type(exc).__name__}: {exc}")
            return FileResult(source, "error", error_code=err.code, message=err.message)

    def _prepare(self, collection: str, path: Path, source: str, force: bool = False) -> FileResult | _Prepared:
        data = self._read(path, source)
        digest = hashlib.sha256(data).hexdigest()
        existing = self.store.find_document(collection, source)
        if existing is not None and existing.sha256 == digest and existing.indexed_with == self.index_profile \
                and not force:
            return FileResult(source, "unchanged", existing.id, existing.chunks, existing.pages)

        # Parsers see the name people know (an upload is stored under an internal name).
        shown = Path(source)
        parsed = self.parsers.parser_for(data, shown).parse(data, shown)
        drafts = chunk_document(parsed, self.settings.chunk_chars, self.settings.chunk_overlap, name=source,
                                max_text_chars=self.settings.max_document_chars)
        if not drafts:
            raise SudiaError("SUDIA-I008", path=source)
        doc_id = document_id(collection, source)
        document = Document(
            id=doc_id, collection=collection, source=source, title=parsed.title, sha256=digest,
            media_type=parsed.media_type, size=len(data), pages=parsed.pages, chunks=len(drafts),
            ingested_at=now_iso(), indexed_with=self.index_profile,
        )
        chunks = [
            Chunk(id=chunk_id(doc_id, i), document_id=doc_id, collection=collection, position=i, text=d.text,
                  page=d.page, section=d.section, document_title=parsed.title, document_source=source)
            for i, d in enumerate(drafts)
        ]
        status = "updated" if existing is not None else "added"
        return _Prepared(source, document, chunks, status, parsed.ocr_pages)

    def embed(self, chunks: list[Chunk]):
        """Dense vectors of every passage, one per window of its text (`sudia.ingest.windows`):
        the dense side sees every word, as the lexical index does."""
        if self.embedder is None or not chunks:
            return None
        from sudia.ingest.windows import embed_chunks

        return embed_chunks(self.embedder, chunks, self.settings.embed_chars, self.settings.embed_mode)

    def _read(self, path: Path, source: str) -> bytes:
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise SudiaError("SUDIA-I001", path=source) from exc
        except OSError as exc:
            raise SudiaError("SUDIA-I009", path=source, detail=exc.strerror or type(exc).__name__) from exc
        if path.is_dir():
            raise unsupported(source)
        if size == 0:
            raise SudiaError("SUDIA-I002", path=source)
        if size > self.settings.max_file_mb * 1024 * 1024:
            raise SudiaError("SUDIA-I003", path=source, size_mb=size / 1048576, max_mb=self.settings.max_file_mb)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise SudiaError("SUDIA-I009", path=source, detail=exc.strerror or type(exc).__name__) from exc


def index_profile(embedder: Embedder | None, settings: Settings) -> str:
    """The settings that decide a document's passages and vectors, recorded with the document.

    A file whose profile differs from the running one is indexed again by the next `ingest`, even
    unchanged: vectors of another model or embedding mode would be scored against queries that no
    longer match them (and the relevance gate's thresholds were learned on one mode).
    """
    from sudia.ingest.windows import LAYOUTS

    layout = LAYOUTS.get(settings.embed_mode, settings.embed_mode)
    dense = f"{embedder.name} {layout} {settings.embed_chars}" if embedder is not None else "sans vecteurs"
    return f"passages {settings.chunk_chars}/{settings.chunk_overlap}; {dense}"


def stale_documents(documents: Iterable[Document], profile: str) -> list[Document]:
    """Documents indexed with other settings than `profile` (see `index_profile`)."""
    return [d for d in documents if d.indexed_with != profile]


def _raise(exc: Exception) -> FileResult:
    raise exc
