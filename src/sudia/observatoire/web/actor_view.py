"""What an actor page shows: its facts with ids and contradictions, its sources, its correction log."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.observatoire.demo import demo_documents
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.names import same_name
from sudia.observatoire.queries import actor_profile
from sudia.observatoire.types import Actor, Contradiction, Correction, Extraction, Fact, Person
from sudia.observatoire.web.labels import slug
from sudia.store.base import Store
from sudia.text.french import fold
from sudia.web.templating import passage_url


@dataclass(frozen=True)
class FactView:
    id: str
    fact: Fact
    other: Fact | None  # the fact of another source that contradicts this one


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    slug: str
    facts: tuple[FactView, ...]
    people: tuple[Person, ...]
    contradictions: tuple[Contradiction, ...]
    corrections: tuple[Correction, ...]
    documents: tuple[str, ...]  # every document this actor is known from

    def fact(self, fact_id: str) -> FactView | None:
        return next((f for f in self.facts if f.id == fact_id), None)


def find_actor(state: Extraction, ref: str) -> Actor | None:
    """`ref` is the slug of the name or of an alias (as in links), or a name however written."""
    for actor in state.actors:
        if ref in (slug(n) for n in (actor.name, *actor.aliases)):
            return actor
    profile = actor_profile(state, ref)
    return profile.actor if profile else None


def actor_view(kb: KnowledgeBase, ref: str) -> ActorView | None:
    state = kb.load()
    actor = find_actor(state, ref)
    if actor is None:
        return None
    profile = actor_profile(state, actor.name)
    assert profile is not None
    ids = kb.fact_ids()
    facts = []
    for fact_id, fact in zip(ids, state.facts, strict=True):
        if fact.actor != actor.name:
            continue
        other = next((c.second if c.first == fact else c.first for c in profile.contradictions
                      if fact in (c.first, c.second)), None)
        facts.append(FactView(fact_id, fact, other))
    own_ids = {f.id for f in facts}
    names = (actor.name, *actor.aliases)
    corrections = tuple(
        c for c in kb.corrections()
        if (c.target == "fact" and c.key in own_ids)
        or (c.target == "actor" and any(same_name(c.key, n) for n in names))
    )
    documents = tuple(dict.fromkeys([s.document for s in actor.sources] + [f.fact.source.document for f in facts]))
    return ActorView(actor, slug(actor.name), tuple(facts), profile.people, profile.contradictions,
                     tuple(reversed(corrections)), documents)


def demo_document_names() -> set[str]:
    return {p.name for p in demo_documents()}


def source_links(store: Store, documents: tuple[str, ...], readable: list[str]) -> dict[str, str]:
    """Document name -> URL of its file: in a collection the visitor may read (`readable`, names),
    else a packaged demo file. A document of any other collection is not linked (#10): its id would
    tell that it exists."""
    links: dict[str, str] = {}
    wanted = set(documents)
    for collection in readable:
        for name in wanted - set(links):
            document = store.find_document(collection, name)
            if document is not None:
                links[name] = f"/api/documents/{document.id}/file"
    demo = demo_document_names()
    for name in wanted - set(links):
        if name in demo:
            links[name] = f"/observatoire/sources/{name}"
    return links


def _normal(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


def passage_links(store: Store, quotes: list[tuple[str, str]], readable: list[str]) -> dict[tuple[str, str], str]:
    """(document, quote) -> the passage view of that quote, for documents of collections the visitor
    may read; a quote not found in a passage is left out (the page links the document instead)."""
    links: dict[tuple[str, str], str] = {}
    wanted = {d for d, _ in quotes}
    for collection in readable:
        for name in list(wanted):
            document = store.find_document(collection, name)
            if document is None:
                continue
            wanted.discard(name)
            chunks = [(c, _normal(c.text)) for c in store.document_chunks(document.id)]
            for doc_name, quote in quotes:
                head = _normal(quote)[:80]
                chunk = next((c for c, text in chunks if doc_name == name and head and head in text), None)
                if chunk is not None:
                    links[(doc_name, quote)] = passage_url(document.id, chunk.id, quote[:300])
    return links
