"""Client for OpenAI-compatible chat servers, configured by URL and model name, never coded per vendor."""

from __future__ import annotations

from collections.abc import Iterator

from sudia.errors import SudiaError
from sudia.llm.base import Completion, estimate_tokens


class OpenAICompatibleModel:
    can_stream = True

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout_s: float = 120.0,
                 temperature: float = 0.1) -> None:
        from openai import OpenAI

        self.name = model
        self.base_url = base_url
        self.temperature = temperature
        self._client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout_s, max_retries=1)

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        try:
            response = self._client.chat.completions.create(
                model=self.name, messages=messages, max_tokens=max_tokens, temperature=self.temperature,
            )
        except Exception as exc:
            raise SudiaError("SUDIA-M003", url=self.base_url, detail=_describe(exc)) from exc
        text = (response.choices[0].message.content or "") if response.choices else ""
        usage = response.usage
        prompt = usage.prompt_tokens if usage else estimate_tokens(" ".join(m["content"] for m in messages))
        completion = usage.completion_tokens if usage else estimate_tokens(text)
        return Completion(text, response.model or self.name, prompt, completion)

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str | Completion]:
        parts: list[str] = []
        usage = None
        model = self.name
        try:
            events = self._client.chat.completions.create(
                model=self.name, messages=messages, max_tokens=max_tokens, temperature=self.temperature,
                stream=True, stream_options={"include_usage": True},
            )
            for event in events:
                model = event.model or model
                if event.usage:
                    usage = event.usage
                for choice in event.choices or []:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        yield delta
        except Exception as exc:
            raise SudiaError("SUDIA-M003", url=self.base_url, detail=_describe(exc)) from exc
        text = "".join(parts)
        prompt = usage.prompt_tokens if usage else estimate_tokens(" ".join(m["content"] for m in messages))
        completion = usage.completion_tokens if usage else estimate_tokens(text)
        yield Completion(text, model, prompt, completion)


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__} {status}" if status else type(exc).__name__
