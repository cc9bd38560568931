"""Composition root: builds the store, models, stages and use cases from one `Settings`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sudia.answer.relevance import RelevanceGate
from sudia.embed.base import Embedder
from sudia.embed.factory import make_embedder
from sudia.energy import EnergyModel
from sudia.ingest.pipeline import Ingestor
from sudia.llm.base import LanguageModel
from sudia.retrieve.hybrid import FusionWeights, HybridRetriever
from sudia.settings import Settings
from sudia.store import Store, open_store
from sudia.usecases.assistant import Assistant, AssistantOptions

if TYPE_CHECKING:
    from sudia.accounts.trust import Trust


@dataclass
class Platform:
    """Everything a CLI command or a web worker needs; models load on first use, not at start."""

    settings: Settings
    store: Store

    @classmethod
    def from_settings(cls, settings: Settings) -> Platform:
        from sudia.store.pg_connections import PoolOptions

        pool = PoolOptions(settings.pg_pool_size, settings.pg_pool_timeout_s)
        return cls(settings, open_store(settings.resolved_database_url(), pool))

    @cached_property
    def embedder(self) -> Embedder | None:
        return make_embedder(self.settings)

    @cached_property
    def llm(self) -> LanguageModel | None:
        s = self.settings
        if not s.llm_configured:
            return None
        from sudia.llm.openai_compat import OpenAICompatibleModel

        return OpenAICompatibleModel(s.llm_base_url, s.llm_model, s.llm_api_key.get_secret_value(), s.llm_timeout_s)

    @cached_property
    def energy(self) -> EnergyModel:
        s = self.settings
        return EnergyModel(s.carbon_intensity_g_per_kwh, s.datacenter_pue, s.cpu_watts)

    @cached_property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        weights = FusionWeights(s.lexical_weight, s.dense_weight, s.rrf_k)
        return HybridRetriever(self.store, self.embedder, weights, s.candidates)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, self.settings)

    @cached_property
    def assistant(self) -> Assistant:
        s = self.settings
        gate = RelevanceGate(min_dense=s.min_dense_score)
        options = AssistantOptions(s.answer_passages, s.llm_max_tokens, s.llm_active_params_b,
                                   s.redact_pii, s.redact_names, s.pii_ner_model)
        return Assistant(self.store, self.retriever, self.llm, self.energy, gate, options)

    @cached_property
    def trust(self) -> Trust:
        """Accounts, sessions, audit log and rate limits, in the store's own database."""
        from sudia.accounts.trust import Trust

        return Trust.open(self.settings.resolved_database_url(), self.settings)

    def close(self) -> None:
        if "trust" in self.__dict__:
            self.__dict__.pop("trust").close()
        self.store.close()
