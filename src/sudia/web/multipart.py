"""Streams the file parts of a multipart/form-data body into upload sinks as the bytes arrive.

Starlette's form parser keeps each file whole (in memory, then a temporary file) before a route
runs; here each piece goes straight to its sink, which enforces the size limit while the file is
still arriving, so a 500 MB upload is refused without being kept anywhere.
"""

from __future__ import annotations

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sudia.errors import SudiaError
from sudia.store.base import Job
from sudia.usecases.uploads import Uploads, UploadSink

MAX_FILES_PER_REQUEST = 200


async def receive_files(request: Request, uploads: Uploads, collection: str) -> list[Job]:
    """A job per file part of the body (any field name), each file already on disk or refused."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in options:
        raise SudiaError("SUDIA-R002", detail="envoyez les fichiers en multipart/form-data (champ « files »)")
    reader = FileParts(uploads, collection)
    parser = MultipartParser(options[b"boundary"], reader.callbacks())
    try:
        async for data in request.stream():
            # Off the event loop: each piece is written to disk and a job row may be saved.
            await run_in_threadpool(parser.write, data)
        parser.finalize()
    except ClientDisconnect:
        pass  # nobody reads the answer; the files received whole are still ingested
    except Exception as exc:
        reader.abort()
        uploads.submit(reader.jobs())  # the files received whole before the fault are kept
        detail = exc.message if isinstance(exc, SudiaError) else _french_detail(exc)
        raise SudiaError("SUDIA-R002", detail=detail) from exc
    reader.abort()  # a part still open means the body ended in the middle of a file
    return reader.jobs()


class FileParts:
    """Multipart callbacks that stream each file part into an upload sink as it arrives."""

    def __init__(self, uploads: Uploads, collection: str) -> None:
        self.uploads = uploads
        self.collection = collection
        self.sinks: list[UploadSink] = []
        self._current: UploadSink | None = None
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""

    def callbacks(self) -> dict:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._data,
                "on_part_end": self._end}

    def jobs(self) -> list[Job]:
        return [s.job for s in self.sinks]

    def abort(self) -> None:
        if self._current is not None:
            self._current.abort()
            self._current = None

    def _begin(self) -> None:
        self._headers, self._current = {}, None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if b"filename" not in options:
            return  # a plain form field: ignored
        if len(self.sinks) >= MAX_FILES_PER_REQUEST:
            raise SudiaError("SUDIA-R002", detail=f"au plus {MAX_FILES_PER_REQUEST} fichiers par envoi")
        raw = options[b"filename"]
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("latin-1")
        self._current = self.uploads.receive(self.collection, name)
        self.sinks.append(self._current)

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._current is not None:
            self._current.write(data[start:end])

    def _end(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None


def _french_detail(exc: Exception) -> str:
    """python-multipart explains in English; people read French (the English stays in the logs)."""
    text = str(exc).lower()
    if "header" in text and ("size" in text or "exceeded" in text):
        return "corps multipart illisible : en-tête de partie trop long (nom de fichier trop long ?)"
    return "corps multipart illisible : format invalide"
