"""Uploads: files streamed to disk under a size limit, then ingested in the background, a job per file.

The state of every file lives in the store (`Job`), never in this process, so any web worker can
report progress. The original file of an uploaded document is kept under `data_dir/files/` so an
adviser can open the page a citation points to.

A process that dies (crash, `kill -9`, power cut) cannot finish its jobs: while a process holds
unfinished jobs it re-saves them every `HEARTBEAT_S` seconds, and `recover()` (run when a web
worker starts) ends as errors the pending or running jobs nobody touched for `STALE_AFTER_S`,
deleting their received files and the originals left without a document (#10, finding 8).
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import shutil
import threading
import time
import unicodedata
from collections import deque
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from collections.abc import Callable
from typing import BinaryIO

from sudia.audit.log import AuditLog
from sudia.errors import SudiaError
from sudia.ingest.parsers.registry import SUPPORTED_EXTENSIONS, unsupported
from sudia.ingest.pipeline import FileResult, Ingestor, SourceFile
from sudia.settings import Settings
from sudia.store.base import Job, Store, new_job_id, now_iso
from sudia.types import Document

log = logging.getLogger(__name__)

MAX_NAME_BYTES = 180  # leaves room for the job id prefix under the usual 255-byte file name limit

PENDING_MESSAGE = "En attente de traitement"
RUNNING_MESSAGE = "Ingestion en cours"
UNCHANGED_MESSAGE = "Inchangé : ce fichier est déjà dans la collection"
INTERRUPTED_MESSAGE = "Ingestion interrompue par un arrêt du serveur : déposez de nouveau le fichier"
HEARTBEAT_S = 30.0  # unfinished jobs of a living process are re-saved this often...
STALE_AFTER_S = 600.0  # ...so one untouched this long belongs to a process that died


def safe_filename(raw: str) -> str:
    """The base name of an uploaded file, with no directory part and nothing invisible.

    Browsers send a bare name, but a client can send `../../etc/passwd.txt`: only the last part is
    kept, so a file never lands outside its upload folder.
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name or name.startswith(".") or name in ("..", "."):
        raise SudiaError("SUDIA-I010", name=(raw or "")[:120])
    if len(name.encode()) > MAX_NAME_BYTES:
        stem, suffix = os.path.splitext(name)
        room = MAX_NAME_BYTES - len(suffix.encode())
        name = stem.encode()[:room].decode(errors="ignore").rstrip() + suffix
    return name


class UploadSink:
    """Receives one file's bytes as they arrive; past the size limit it stops writing and counts."""

    def __init__(self, job: Job, path: Path | None, limit: int, save: Callable[[Job], None]) -> None:
        self.job = job
        self.path = path
        self.limit = limit
        self.size = 0
        self.too_big = False
        self._save = save
        self._handle: BinaryIO | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = path.open("wb")

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self._handle is None:
            return  # refused already: the rest of the file is read and dropped, never kept
        if self.size > self.limit:
            self.too_big = True
            self._discard()
            return
        self._handle.write(data)

    def close(self) -> Job:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.too_big and self.job.status == "pending":
            err = SudiaError("SUDIA-I003", path=self.job.filename, size_mb=self.size / 1048576,
                             max_mb=self.limit // 1048576)
            self.job = replace(self.job, status="error", message=job_message(err))
            self._save(self.job)
        return self.job

    def abort(self) -> None:
        """The request broke off: drop the partial file and say so in the job."""
        self._discard()
        if self.job.status == "pending":
            self.job = replace(self.job, status="error", message="Envoi interrompu avant la fin du fichier")
            self._save(self.job)

    def _discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class Uploads:
    """Receives the files of uploads and ingests them, one upload after another, in a background thread."""

    def __init__(self, store: Store, ingestor: Ingestor, settings: Settings,
                 originals: dict[str, Path] | None = None, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit  # uploads and deletions are administrative actions: recorded with their actor
        self.ingestor = ingestor
        self.settings = settings
        self.upload_dir = settings.data_dir / "uploads"
        self.files_dir = settings.data_dir / "files"
        # Folders that hold the originals of collections ingested from disk (the demo), by collection.
        self.originals = dict(originals or {})
        self._queue: queue.Queue[list[Job]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._owned: dict[str, Job] = {}  # unfinished jobs of this process, as last saved
        self._heartbeat: threading.Thread | None = None

    # -- job states: saved, and kept alive while this process works on them -----------------------
    def _save(self, job: Job) -> None:
        with self._lock:
            if job.status in ("pending", "running"):
                self._owned[job.id] = job
            else:
                self._owned.pop(job.id, None)
            self.store.save_job(job)
            if self._owned and (self._heartbeat is None or not self._heartbeat.is_alive()):
                self._heartbeat = threading.Thread(target=self._beat, name="sudia-uploads-heartbeat", daemon=True)
                self._heartbeat.start()

    def _beat(self) -> None:
        while True:
            time.sleep(HEARTBEAT_S)
            with self._lock:
                if not self._owned:
                    self._heartbeat = None
                    return
                for job in self._owned.values():
                    self.store.save_job(job)  # same state, fresh `updated_at`

    def recover(self, stale_after_s: float = STALE_AFTER_S, now: datetime | None = None) -> list[Job]:
        """End the jobs left unfinished by a process that died, and delete what they left on disk:
        their received files, and originals whose document no longer exists. Returns those jobs."""
        moment = now or datetime.now(timezone.utc)
        before = (moment - timedelta(seconds=stale_after_s)).isoformat(timespec="seconds")
        ended: list[Job] = []
        with self._lock:
            owned = set(self._owned)
        for collection in self.store.list_collections():
            for job in self.store.list_jobs(collection.name, limit=10_000):
                if job.status in ("pending", "running") and job.updated_at < before and job.id not in owned:
                    self._received(job).unlink(missing_ok=True)
                    ended.append(replace(job, status="error", message=INTERRUPTED_MESSAGE))
                    self.store.save_job(ended[-1])
        self._remove_orphans(moment.timestamp() - stale_after_s, owned)
        if ended:
            log.warning("%d upload jobs interrupted by a server stop were ended", len(ended))
        return ended

    def _remove_orphans(self, older_than: float, owned: set[str]) -> None:
        """Received files of no unfinished job, originals of no document; only old ones (a file may
        be on its way to its job or document right now)."""
        live = {j.id for c in self.store.list_collections() for j in self.store.list_jobs(c.name, limit=10_000)
                if j.status in ("pending", "running")} | owned
        if self.upload_dir.is_dir():
            for path in self.upload_dir.glob("*/*"):
                if path.name.split("-", 1)[0] not in live and _mtime(path) < older_than:
                    path.unlink(missing_ok=True)
        if self.files_dir.is_dir():
            for path in self.files_dir.iterdir():
                if path.is_file() and _mtime(path) < older_than and self.store.get_document(path.name) is None:
                    path.unlink(missing_ok=True)

    # -- receiving ------------------------------------------------------------------------------
    def receive(self, collection: str, raw_name: str) -> UploadSink:
        """A sink for one file; a refused name gives a sink that drops the bytes and a job in error."""
        job = Job(new_job_id(), collection, (raw_name or "")[:200], "pending", PENDING_MESSAGE,
                  updated_at=now_iso())
        path = None
        try:
            name = safe_filename(raw_name)
            job = replace(job, filename=name)
            if Path(name).suffix.lower() not in SUPPORTED_EXTENSIONS:
                raise unsupported(name)
            path = self._received(job)
        except SudiaError as exc:
            job = replace(job, status="error", message=job_message(exc))
        self._save(job)
        return UploadSink(job, path, self.settings.max_file_mb * 1024 * 1024, self._save)

    def submit(self, jobs: list[Job], actor: str = "", entry_point: str = "") -> None:
        """Queue the accepted files of one upload; one worker thread per process keeps the CPU load flat."""
        accepted = [j for j in jobs if j.status == "pending"]
        if jobs and actor:
            self._record(actor, "document.upload", jobs[0].collection, entry_point,
                         files=[j.filename for j in jobs], refused=[j.filename for j in jobs if j.status != "pending"])
        if not accepted:
            return
        self._queue.put(accepted)
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="sudia-uploads", daemon=True)
                self._worker.start()

    def wait(self) -> None:
        """Block until every queued file is processed (for scripts and tests)."""
        self._queue.join()

    def _work(self) -> None:
        while True:
            jobs = self._queue.get()
            try:
                self.process(jobs)
            except Exception:  # the worker must survive anything a file does
                log.exception("upload of %d files failed", len(jobs))
            finally:
                self._queue.task_done()

    # -- processing -----------------------------------------------------------------------------
    def process(self, jobs: list[Job]) -> list[Job]:
        """Ingest the files of one upload together: pending -> running -> done, skipped or error.

        They go through one `Ingestor.ingest` call, so their passages are embedded in batches.
        """
        collection = jobs[0].collection
        if self.store.get_collection(collection) is None:  # deleted, with its jobs, while the files waited
            with self._lock:
                for job in jobs:
                    self._owned.pop(job.id, None)
                    self._received(job).unlink(missing_ok=True)
            return []
        for job in jobs:
            self._save(replace(job, status="running", message=RUNNING_MESSAGE))
        waiting: dict[str, deque[Job]] = {}
        for job in jobs:
            waiting.setdefault(job.filename, deque()).append(job)
        finished: list[Job] = []

        def on_file(result: FileResult) -> None:
            job = waiting[result.source].popleft()
            self._keep_original(result, self._received(job))
            finished.append(replace(job, **_outcome(result)))
            self._save(finished[-1])

        try:
            self.ingestor.ingest(collection, [SourceFile(self._received(j), j.filename) for j in jobs], on_file)
        except Exception as exc:  # whatever the cause, no file may stay "running" for ever
            message = job_message(exc) if isinstance(exc, SudiaError) else \
                f"Erreur inattendue pendant l'ingestion ({type(exc).__name__})"
            for job in (j for left in waiting.values() for j in left):
                self._received(job).unlink(missing_ok=True)
                finished.append(replace(job, status="error", message=message))
                self._save(finished[-1])
            if not isinstance(exc, SudiaError):
                raise
        return finished

    def _received(self, job: Job) -> Path:
        return self.upload_dir / job.collection / f"{job.id}-{job.filename}"

    def _keep_original(self, result: FileResult, path: Path) -> None:
        target = self.files_dir / result.document_id if result.document_id else None
        if target is not None and (result.status in ("added", "updated") or not target.exists()):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        else:
            path.unlink(missing_ok=True)

    # -- originals and removal ------------------------------------------------------------------
    def original(self, document: Document) -> Path:
        """The file a document was ingested from, only if it still has the same content."""
        candidates = [(self.files_dir, self.files_dir / document.id)]
        root = self.originals.get(document.collection)
        if root is not None:
            candidates.append((root, root / document.source))
        for base, path in candidates:
            if _inside(path, base) and path.is_file() and _sha256(path) == document.sha256:
                return path
        raise SudiaError("SUDIA-C005", id=document.id)

    def delete_document(self, document_id: str, actor: str = "", entry_point: str = "") -> None:
        document = self.store.get_document(document_id)
        self.store.delete_document(document_id)
        (self.files_dir / document_id).unlink(missing_ok=True)
        if document is not None and actor:
            self._record(actor, "document.delete", document.collection, entry_point, document=document_id,
                         source=document.source)

    def delete_collection(self, name: str, actor: str = "", entry_point: str = "") -> None:
        with self._lock:  # its jobs go with it: the heartbeat must not write them back
            self._owned = {k: j for k, j in self._owned.items() if j.collection != name}
        documents = self.store.list_documents(name)
        self.store.delete_collection(name)
        for document in documents:
            (self.files_dir / document.id).unlink(missing_ok=True)
        shutil.rmtree(self.upload_dir / name, ignore_errors=True)
        if actor:
            self._record(actor, "collection.delete", name, entry_point, documents=len(documents))

    def _record(self, actor: str, action: str, collection: str, entry_point: str, **details: object) -> None:
        if self.audit is not None:
            self.audit.record_admin(actor, action, collection, collections=[collection], entry_point=entry_point,
                                    details=details)


def job_message(exc: SudiaError) -> str:
    """French message with its code, so an adviser can quote it to support."""
    return f"{exc.message} [{exc.code}]"


def _outcome(result: FileResult) -> dict[str, str]:
    if result.status == "added":
        return {"status": "done", "document_id": result.document_id,
                "message": f"Ajouté : {result.chunks} passage{'s' if result.chunks > 1 else ''}"}
    if result.status == "updated":
        return {"status": "done", "document_id": result.document_id,
                "message": f"Mis à jour : {result.chunks} passage{'s' if result.chunks > 1 else ''}"}
    if result.status == "unchanged":
        return {"status": "skipped", "document_id": result.document_id, "message": UNCHANGED_MESSAGE}
    return {"status": "error", "message": f"{result.message} [{result.error_code}]"}


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")  # gone already: nothing to delete


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
