"""Client for OpenAI-compatible chat servers, configured by URL and model name, never coded per vendor.

Every generation is streamed from the server, even when the caller wants the whole text: the
request then has one time budget (`timeout_s`, checked between tokens, no silent retry that
would double it) spent waiting on the server only: the caller's own work between tokens (the
sentence-by-sentence guard embeds what it checks, seconds on a loaded CPU) is not the server's
slowness and must not turn a good answer into a timeout, it is cancelled on the server as soon as the caller stops reading (closing the
HTTP stream is what tells llama.cpp, vLLM or Ollama to stop), and when it fails half-way the text
already written is known, so its tokens are counted. Usage is requested in the stream
(`stream_options.include_usage`); a server that sends none gets counts marked as estimated.
A stream that ends without a finish reason was cut by the server, not finished: llama.cpp's server
ends a stream with a clean `[DONE]` as soon as another request arrives (`--interrupt_requests`, its
default), and the text so far, often empty, must not pass for a whole answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from sudia.errors import SudiaError
from sudia.llm.base import Completion, GenerationFailed, estimated


class StreamCut(Exception):
    """The server closed the stream before saying why the answer ended (no `finish_reason`)."""


class OpenAICompatibleModel:
    can_stream = True

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout_s: float = 120.0,
                 temperature: float = 0.1, seed: int | None = None) -> None:
        from openai import OpenAI

        self.name = model
        self.base_url = base_url
        self.temperature = temperature
        self.seed = seed
        self.timeout_s = timeout_s
        self._client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout_s, max_retries=0)

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        for item in self.stream(messages, max_tokens):
            if isinstance(item, Completion):
                return item
        raise SudiaError("SUDIA-M003", url=self.base_url, detail="flux interrompu")  # pragma: no cover

    def _open(self, messages: list[dict[str, str]], max_tokens: int, usage: bool):
        options = {"stream_options": {"include_usage": True}} if usage else {}
        extra = {"seed": self.seed} if self.seed is not None else {}
        return self._client.chat.completions.create(
            model=self.name, messages=messages, max_tokens=max_tokens, temperature=self.temperature,
            stream=True, **options, **extra)

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str | Completion]:
        opened = time.monotonic()
        parts: list[str] = []
        usage = None
        model = self.name
        events = None
        finished = False
        try:
            try:
                events = self._open(messages, max_tokens, usage=True)
            except Exception as exc:  # a server that refuses `stream_options` answers 400 at once
                if getattr(exc, "status_code", None) != 400:
                    raise
                events = self._open(messages, max_tokens, usage=False)
            waited = time.monotonic() - opened  # seconds spent waiting on the server, not on the caller
            pending = iter(events)
            while True:
                asked = time.monotonic()
                event = next(pending, None)
                waited += time.monotonic() - asked
                if event is None:
                    break
                model = event.model or model
                if event.usage:
                    usage = event.usage
                for choice in event.choices or []:
                    finished = finished or choice.finish_reason is not None
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        yield delta
                if waited > self.timeout_s:
                    raise TimeoutError(f"plus de {self.timeout_s:g} s")
            if not finished:
                raise StreamCut()
        except GeneratorExit:
            raise  # the caller stopped reading: `finally` closes the HTTP stream, the server stops
        except Exception as exc:
            raise GenerationFailed("SUDIA-M003", estimated(messages, "".join(parts), model),
                                   url=self.base_url, detail=_describe(exc)) from exc
        finally:
            if events is not None:
                events.close()
        text = "".join(parts)
        if usage is None:
            yield estimated(messages, text, model)
        else:
            yield Completion(text, model, usage.prompt_tokens, usage.completion_tokens)


def _describe(exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return f"délai dépassé ({exc})"
    if isinstance(exc, StreamCut):
        return "flux coupé par le serveur avant la fin de la réponse"
    status = getattr(exc, "status_code", None)
    if type(exc).__name__ == "APITimeoutError":
        return "délai dépassé"
    return f"{type(exc).__name__} {status}" if status else type(exc).__name__
