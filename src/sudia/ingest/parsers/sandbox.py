"""Parsing in a child process, under a time and a memory budget.

Parsers are where untrusted bytes meet pure-Python or quadratic code: pypdf spends minutes on a
PDF whose page tree points 100 000 times at one page, or on one page of millions of operators;
building the tree of an HTML page nested 200 000 deep is quadratic in lexbor; a document may
inflate to gigabytes in memory. A thread cannot be stopped and a memory blow-up takes the web
worker down with it, whereas a child process is killed at its deadline and its address space is
capped: a hostile file costs at most the budget and ends as that file's French error.

One long-lived worker per process parses file after file (starting Python and the parsers for
each file would cost more than parsing a small one); it is replaced after a failure, a timeout,
or `RECYCLE_AFTER` files. Calls from several threads take turns.
"""

from __future__ import annotations

import atexit
import importlib
import json
import logging
import os
import resource
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, BinaryIO

from sudia.errors import SudiaError
from sudia.types import Block, ParsedDocument

log = logging.getLogger(__name__)
RECYCLE_AFTER = 200  # files parsed by one worker before a fresh one takes over (memory does not shrink)


@dataclass(frozen=True)
class ParseBudget:
    """Limits for reading one file; a file over one of them is refused, the process goes on."""

    timeout_s: float = 120.0
    memory_mb: int = 2048  # address space of the worker, files of 100 MB included
    max_pdf_pages: int = 2000
    max_ocr_pages: int = 500  # pages of a scan sent to OCR; later image pages stay unread
    isolated: bool = True  # False: parse in this process (no time or memory limit)


class _Worker:
    """The child process and the pipes to it; `call` sends one file and waits for its reply."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.calls = 0
        self.process = subprocess.Popen([sys.executable, "-P", "-m", __name__, str(memory_mb)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def call(self, header: dict[str, Any], data: bytes, timeout_s: float) -> dict[str, Any]:
        self.calls += 1
        head = json.dumps(header).encode()
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(len(head).to_bytes(4, "big") + head + len(data).to_bytes(8, "big"))
        self.process.stdin.write(data)
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout_s
        size = int.from_bytes(_read(self.process.stdout, 8, deadline), "big")
        return json.loads(_read(self.process.stdout, size, deadline))

    def close(self, kill: bool = False) -> None:
        """Let the worker finish and exit (it stops at the end of its input), or kill it."""
        if kill and self.process.poll() is None:
            self.process.kill()
        try:
            self.process.stdin.close()  # type: ignore[union-attr]
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()  # type: ignore[union-attr]


class _Timeout(Exception):
    pass


def _read(pipe: BinaryIO, size: int, deadline: float) -> bytes:
    """Exactly `size` bytes from the worker before `deadline`; EOFError if it died."""
    chunks, left = [], size
    with selectors.DefaultSelector() as selector:
        selector.register(pipe, selectors.EVENT_READ)
        while left:
            if not selector.select(max(0.0, deadline - time.monotonic())):
                raise _Timeout
            chunk = os.read(pipe.fileno(), min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
    return b"".join(chunks)


_lock = threading.Lock()
_worker: _Worker | None = None


def _shutdown() -> None:
    global _worker
    with _lock:
        if _worker is not None:
            _worker.close()
            _worker = None


atexit.register(_shutdown)


def run_in_child(target: str, data: bytes, name: str, budget: ParseBudget, **options: Any) -> Any:
    """`target(data, name, **options)` ("module:function", returning JSON data), run in the worker."""
    if not budget.isolated:
        return _call(target, data, name, options)
    global _worker
    header = {"target": target, "name": name, "options": options}
    with _lock:
        if _worker is not None and (_worker.memory_mb != budget.memory_mb or _worker.calls >= RECYCLE_AFTER
                                    or _worker.process.poll() is not None):
            _worker.close()
            _worker = None
        try:
            if _worker is None:
                _worker = _Worker(budget.memory_mb)
            reply = _worker.call(header, data, budget.timeout_s)
        except _Timeout:
            _worker.close(kill=True)  # type: ignore[union-attr]
            _worker = None
            raise SudiaError("SUDIA-I009", path=name, detail=f"lecture arrêtée au bout de {budget.timeout_s:g} s, "
                                                            "fichier trop complexe") from None
        except (EOFError, OSError, ValueError) as exc:  # the worker died, or could not start
            if _worker is not None:
                _worker.close(kill=True)
            log.warning("parser worker stopped on %s (exit %s): %r", name,
                        _worker.process.returncode if _worker is not None else None, exc)
            _worker = None
            raise SudiaError("SUDIA-I009", path=name, detail="le lecteur de fichiers s'est arrêté") from exc
        if reply.get("crash") == "MemoryError":  # the worker exits after it: memory is not given back
            _worker.close()
            _worker = None
    if "ok" in reply:
        return reply["ok"]
    if "error" in reply:
        raise SudiaError(reply["error"]["code"], **reply["error"]["params"])
    if reply.get("crash") == "MemoryError":
        raise SudiaError("SUDIA-I009", path=name,
                         detail=f"lecture arrêtée, plus de {budget.memory_mb} Mo de mémoire nécessaires")
    raise SudiaError("SUDIA-I009", path=name, detail=f"erreur du lecteur ({reply.get('crash')})")


def _call(target: str, data: bytes, name: str, options: dict[str, Any]) -> Any:
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)(data, name, **options)


def document_to_json(parsed: ParsedDocument) -> dict[str, Any]:
    return {"title": parsed.title, "pages": parsed.pages, "ocr_pages": parsed.ocr_pages,
            "media_type": parsed.media_type,
            "blocks": [[b.text, b.page, b.section, b.is_heading] for b in parsed.blocks]}


def document_from_json(data: dict[str, Any]) -> ParsedDocument:
    return ParsedDocument(title=data["title"], blocks=tuple(Block(*b) for b in data["blocks"]), pages=data["pages"],
                          ocr_pages=data["ocr_pages"], media_type=data["media_type"])


def _reply(header: dict[str, Any], data: bytes) -> dict[str, Any]:
    try:
        return {"ok": _call(header["target"], data, header["name"], header["options"])}
    except SudiaError as exc:
        return {"error": {"code": exc.code, "params": {k: v if isinstance(v, (int, float)) else str(v)
                                                       for k, v in exc.params.items()}}}
    except MemoryError:
        return {"crash": "MemoryError"}
    except Exception as exc:  # reported as this file's error by the parent
        return {"crash": f"{type(exc).__name__}: {str(exc)[:200]}"}


def _serve(memory_mb: int) -> None:
    """Worker side: requests on stdin, replies on stdout, until stdin closes."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a parser prints may corrupt the replies
    while True:
        head = requests.read(4)
        if len(head) < 4:
            return
        header = json.loads(requests.read(int.from_bytes(head, "big")))
        data = requests.read(int.from_bytes(requests.read(8), "big"))
        reply = _reply(header, data)
        del data
        body = json.dumps(reply).encode()
        replies.write(len(body).to_bytes(8, "big") + body)
        replies.flush()
        if reply.get("crash") == "MemoryError":
            return


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
