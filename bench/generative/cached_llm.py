"""A language model whose outputs are kept on disk, keyed by the request: re-running a bench is free.

Wraps the real OpenAI-compatible client. Each record holds the request (model, messages,
max_tokens, temperature), the text, the server's usage and the generation time, so that the
records also serve as fixtures of real model behaviour (tests/generative/fixtures/).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

from sudia.llm.base import Completion
from sudia.llm.openai_compat import OpenAICompatibleModel


def request_key(model: str, messages: list[dict[str, str]], max_tokens: int, temperature: float) -> str:
    blob = json.dumps([model, messages, max_tokens, temperature], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


class CachedModel:
    can_stream = True

    def __init__(self, inner: OpenAICompatibleModel, folder: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.misses = 0

    def path(self, messages: list[dict[str, str]], max_tokens: int) -> Path:
        return self.folder / f"{request_key(self.name, messages, max_tokens, self.inner.temperature)}.json"

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        *_, last = self.stream(messages, max_tokens)
        assert isinstance(last, Completion)
        return last

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str | Completion]:
        path = self.path(messages, max_tokens)
        if path.exists():
            self.hits += 1
            record = json.loads(path.read_text())
            text = record["text"]
            for i in range(0, len(text), 6):  # replayed in small pieces, as a server streams
                yield text[i:i + 6]
            yield Completion(text, record["model"], record["prompt_tokens"], record["completion_tokens"],
                             record.get("estimated", False))
            return
        self.misses += 1
        # The whole output is read and stored before it is replayed: the guard may stop reading
        # early, and the record must hold what the model wrote, for the next run and the fixtures.
        started = time.perf_counter()
        first: float | None = None
        for item in self.inner.stream(messages, max_tokens):
            if isinstance(item, Completion):
                record = {"model": item.model, "messages": messages, "max_tokens": max_tokens,
                          "temperature": self.inner.temperature, "text": item.text,
                          "prompt_tokens": item.prompt_tokens, "completion_tokens": item.completion_tokens,
                          "estimated": item.estimated, "seconds": round(time.perf_counter() - started, 2),
                          "first_token_seconds": round((first or time.perf_counter()) - started, 2)}
                path.write_text(json.dumps(record, ensure_ascii=False, indent=1))
            elif first is None:
                first = time.perf_counter()
        self.hits -= 1
        yield from self.stream(messages, max_tokens)


def write_fixture(folder: Path, name: str, question: str, hits, record: dict, answer) -> None:
    """A recorded real output as a test fixture: the passages as stored (before sanitising), the
    request, the model's text and usage, and what the assistant made of it (to review by hand).

    Only for text written for the project (demo collection, injection corpus): never third-party text.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fixture = {
        "question": question,
        "passages": [{"text": h.chunk.text, "title": h.chunk.document_title, "section": h.chunk.section,
                      "source": h.chunk.document_source} for h in hits],
        "request": {"model": record["model"], "messages": record["messages"], "max_tokens": record["max_tokens"],
                    "temperature": record["temperature"]},
        "output": record["text"],
        "usage": {"prompt_tokens": record["prompt_tokens"], "completion_tokens": record["completion_tokens"],
                  "seconds": record["seconds"], "first_token_seconds": record.get("first_token_seconds")},
        "observed": {"mode": answer.mode, "text": answer.text, "warnings": answer.warnings},
    }
    (folder / f"{name}.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n")
