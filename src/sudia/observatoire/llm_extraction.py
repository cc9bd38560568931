"""LLM-assisted extraction (when SUDIA_LLM_* is set): the model reads a document and answers JSON;
the answer is validated against the schema, every item must quote a span found verbatim in the
document (or it is dropped), and what is left is added to the offline pipeline's extraction, which
stays the default and wins where both give the same figure.
"""

from __future__ import annotations

import json
from dataclasses import replace
import logging
import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from sudia.errors import SudiaError
from sudia.llm.base import LanguageModel
from sudia.observatoire.facts import plausible, scope_of
from sudia.observatoire.names import same_name
from sudia.observatoire.repair import fold_keep_length, join_lines
from sudia.observatoire.types import ACTOR_KINDS, FACT_TYPES, FACT_UNITS, Actor, Extraction, Fact, Person, Source
from sudia.text.french import sentences

log = logging.getLogger(__name__)
MAX_CHARS = 6000  # one request per window of the document: a small local model's context stays small
LLM_CONFIDENCE = 0.6

PROMPT = """Tu extrais, d'un article sur l'écosystème de l'intelligence artificielle en Région Sud, les
organisations, les chiffres et les personnes. Réponds uniquement par un objet JSON de la forme :
{{"actors": [{{"name": "...", "kind": "...", "quote": "..."}}],
 "facts": [{{"actor": "...", "type": "...", "value": 0, "date": "", "quote": "..."}}],
 "people": [{{"name": "...", "role": "...", "organisation": "...", "quote": "..."}}]}}
kind parmi : {kinds}. type parmi : {types} (montants en euros, puissance en MW, surface en m², effectifs en personnes).
Chaque "quote" recopie mot pour mot un passage du texte qui justifie l'élément. N'invente rien.

Texte :
{text}"""


class _Item(BaseModel):
    quote: str = Field(min_length=3, max_length=600)


class LlmActor(_Item):
    name: str = Field(min_length=2, max_length=150)
    kind: str = "company"


class LlmFact(_Item):
    actor: str = Field(min_length=2, max_length=150)
    type: str
    value: float
    date: str = ""


class LlmPerson(_Item):
    name: str = Field(min_length=3, max_length=120)
    role: str = ""
    organisation: str = ""


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", fold_keep_length(text).replace("’", "'")).strip()


def _items(data: dict[str, Any], key: str, model: type[BaseModel]) -> list[Any]:
    out = []
    for raw in data.get(key, []) if isinstance(data.get(key), list) else []:
        try:
            out.append(model.model_validate(raw))
        except ValidationError:
            continue  # one malformed item does not spoil the others
    return out


def parse_answer(answer: str) -> dict[str, Any]:
    """The JSON object of the answer (fenced or not); {} when there is none."""
    match = re.search(r"\{.*\}", answer, re.DOTALL)
    if not match:
        return {}
    try:
        data = json.loads(match.group(0))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class LlmExtractor:
    def __init__(self, model: LanguageModel, max_tokens: int = 1500) -> None:
        self.model = model
        self.max_tokens = max_tokens

    def extract(self, document: str, blocks: list[str]) -> Extraction:
        text = "\n\n".join(join_lines(b) for b in blocks)
        quotes = sentences(text)
        actors, facts, people = [], [], []
        for start in range(0, max(len(text), 1), MAX_CHARS):
            window = text[start:start + MAX_CHARS]
            prompt = PROMPT.format(kinds=", ".join(ACTOR_KINDS), types=", ".join(FACT_TYPES), text=window)
            try:
                answer = self.model.complete([{"role": "user", "content": prompt}], self.max_tokens).text
            except SudiaError as exc:  # the offline extraction stands alone when the model fails
                log.warning("LLM extraction skipped for %s: %s", document, exc)
                return Extraction()
            data = parse_answer(answer)
            actors += self._actors(document, _items(data, "actors", LlmActor), window, quotes)
            facts += self._facts(document, _items(data, "facts", LlmFact), window, quotes)
            people += self._people(document, _items(data, "people", LlmPerson), window, quotes)
        return Extraction(tuple(actors), tuple(facts), tuple(people))

    @staticmethod
    def _sentence(quote: str, window: str, quotes: list[str]) -> str:
        """The document's sentence holding `quote`, or "" when the quote is not in the text (dropped)."""
        wanted = _normalised(quote)
        if not wanted or wanted not in _normalised(window):
            return ""
        return next((s for s in quotes if wanted in _normalised(s)), quote)

    def _actors(self, document, items: list[LlmActor], window, quotes) -> list[Actor]:
        out = []
        for item in items:
            sentence = self._sentence(item.quote, window, quotes)
            if sentence and _normalised(item.name) in _normalised(sentence):
                kind = item.kind if item.kind in ACTOR_KINDS else "company"
                out.append(Actor(item.name.strip(), kind, sources=(Source(document, sentence),)))
        return out

    def _facts(self, document, items: list[LlmFact], window, quotes) -> list[Fact]:
        out = []
        for item in items:
            sentence = self._sentence(item.quote, window, quotes)
            if not sentence or item.type not in FACT_TYPES or not plausible(item.type, item.value):
                continue
            out.append(Fact(item.actor.strip(), item.type, item.value, FACT_UNITS.get(item.type, ""),
                            item.date if re.fullmatch(r"\d{4}(-\d\d){0,2}", item.date) else "", "",
                            Source(document, sentence), scope_of(fold_keep_length(sentence), False), LLM_CONFIDENCE))
        return out

    def _people(self, document, items: list[LlmPerson], window, quotes) -> list[Person]:
        out = []
        for item in items:
            sentence = self._sentence(item.quote, window, quotes)
            if sentence and _normalised(item.name) in _normalised(sentence):
                out.append(Person(item.name.strip(), item.role.strip(), item.organisation.strip(),
                                  (Source(document, sentence),)))
        return out


def assistant_from_settings(settings: Any) -> LlmExtractor | None:
    """The LLM assistant when a language model is configured (SUDIA_LLM_*), else None (offline only)."""
    from sudia.llm.factory import make_llm

    model = make_llm(settings)
    return LlmExtractor(model) if model is not None else None


def combine(offline: Extraction, assisted: Extraction) -> Extraction:
    """The offline extraction plus what the model adds: new actors, new figures, new people. A figure
    both give (same type and value from the same sentence) keeps the offline attribution."""
    actors = list(offline.actors)
    for actor in assisted.actors:
        if not any(same_name(actor.name, n) for a in actors for n in (a.name, *a.aliases)):
            actors.append(actor)
    known = {(f.type, round(f.value), f.source.quote) for f in offline.facts}
    facts = list(offline.facts)
    for fact in assisted.facts:
        owner = next((a.name for a in actors if any(same_name(fact.actor, n) for n in (a.name, *a.aliases))), "")
        if owner and (fact.type, round(fact.value), fact.source.quote) not in known:
            facts.append(replace(fact, actor=owner))  # a figure of no known actor is dropped
    people = list(offline.people)
    for person in assisted.people:
        if not any(same_name(person.name, p.name) for p in people):
            people.append(person)
    return Extraction(tuple(actors), tuple(facts), tuple(people), offline.contradictions)
