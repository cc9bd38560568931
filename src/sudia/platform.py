"""Composition root: builds the store, models, stages and use cases from one `Settings`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from sudia.answer.relevance import RelevanceGate
from sudia.embed.base import Embedder
from sudia.embed.factory import make_embedder
from sudia.energy import EnergyModel
from sudia.ingest.pipeline import Ingestor
from sudia.llm.base import LanguageModel
from sudia.llm.factory import make_llm
from sudia.retrieve.hybrid import FusionWeights, HybridRetriever
from sudia.settings import Settings
from sudia.store import Store, open_store
from sudia.usecases.assistant import Assistant, AssistantOptions

if TYPE_CHECKING:
    from sudia.accounts.trust import Trust
    from sudia.collection_titles import CollectionTitles
    from sudia.database import Database
    from sudia.extensions import UseCase
    from sudia.migrations import Migration
    from sudia.usecases.conversations import Chat

T = TypeVar("T")


@dataclass
class Platform:
    """Everything a CLI command or a web worker needs; models load on first use, not at start."""

    settings: Settings
    store: Store
    _shared: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _shared_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

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
        return make_llm(self.settings)

    @cached_property
    def energy(self) -> EnergyModel:
        s = self.settings
        return EnergyModel(s.carbon_intensity_g_per_kwh, s.datacenter_pue, s.cpu_watts)

    @cached_property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        weights = FusionWeights(s.lexical_weight, s.dense_weight, s.rrf_k)
        return HybridRetriever(self.store, self.embedder, weights, s.candidates, s.dense_head_weight)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(self.store, self.embedder, self.settings)

    @cached_property
    def assistant(self) -> Assistant:
        s = self.settings
        gate = RelevanceGate(s.min_dense_score, s.min_dense_with_words, s.min_word_coverage, s.min_answer_probability)
        options = AssistantOptions(s.answer_passages, s.llm_max_tokens, s.llm_active_params_b,
                                   s.redact_pii, s.redact_names, s.pii_ner_model)
        return Assistant(self.store, self.retriever, self.llm, self.energy, gate, options)

    @cached_property
    def trust(self) -> Trust:
        """Accounts, sessions, audit log and rate limits, in the store's own database."""
        from sudia.accounts.trust import Trust

        return Trust.open(self.settings.resolved_database_url(), self.settings)

    @cached_property
    def database(self) -> Database:
        """The same database as the store, for the use cases' own tables (sudia.migrations)."""
        from sudia.database import Database

        return Database(self.settings.resolved_database_url())

    @cached_property
    def usecases(self) -> list[UseCase]:
        """The use cases this instance runs: installed entry points and SUDIA_EXTENSIONS."""
        from sudia import extensions

        return extensions.from_settings(self.settings)

    def all_migrations(self) -> list[Migration]:
        """Every versioned component: the core stores' (documents, accounts and audit, collection
        titles), then the use cases' (the assistant's conversations, the observatory…)."""
        from sudia.accounts.schema import MIGRATIONS as ACCOUNTS
        from sudia.collection_titles import MIGRATIONS as TITLES
        from sudia.extensions import each
        from sudia.store.schema import MIGRATIONS as DOCUMENTS

        return [*DOCUMENTS, *ACCOUNTS, *TITLES, *each(self.usecases, lambda u: u.migrations())]

    def upgrade_schema(self) -> list[Migration]:
        """Apply every pending migration (at the web app's start, by `sudia db upgrade`); returns
        those that ran now. Each store also applies its own when it opens."""
        from sudia import migrations

        return migrations.upgrade(self.database, self.all_migrations())

    @cached_property
    def chat(self) -> Chat:
        """The assistant within conversations: follow-ups, agents' history and feedback (same database)."""
        from sudia.conversations.factory import open_conversation_store
        from sudia.usecases.conversations import Chat, ChatOptions

        s = self.settings
        options = ChatOptions(s.conversation_retention_days, s.feedback_retention_days,
                              llm_followups=s.followup_llm and not s.redact_pii)
        return Chat(open_conversation_store(s.resolved_database_url()), self.assistant, self.llm, self.energy, options)

    @cached_property
    def collection_titles(self) -> CollectionTitles:
        """Display names of the collections (« Allo Région » for `allo-region`)."""
        from sudia.collection_titles import CollectionTitles

        return CollectionTitles(self.database)

    def stale_index(self) -> dict[str, int]:
        """Per collection, the documents indexed with other settings than the running ones
        (`sudia.ingest.pipeline.index_profile`): the next `sudia ingest` of their files re-indexes them."""
        from sudia.ingest.pipeline import stale_documents

        profile = self.ingestor.index_profile
        counts = {c.name: len(stale_documents(self.store.list_documents(c.name), profile))
                  for c in self.store.list_collections()}
        return {name: n for name, n in counts.items() if n}

    def shared(self, key: str, build: Callable[[Platform], T]) -> T:
        """What a use case opens once per process and shares between requests (its knowledge base,
        a model): built on first use, closed with the platform when it has a `close()`."""
        with self._shared_lock:
            if key not in self._shared:
                self._shared[key] = build(self)
            return self._shared[key]

    def close(self) -> None:
        for key in list(self._shared):
            close = getattr(self._shared.pop(key), "close", None)
            if close is not None:
                close()
        if "trust" in self.__dict__:
            self.__dict__.pop("trust").close()
        if "chat" in self.__dict__:
            self.__dict__.pop("chat").store.close()
        if "database" in self.__dict__:
            self.__dict__.pop("database").close()
        self.store.close()
