"""Use case: ingest documents into the knowledge base, merge with what is known, replay human corrections."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from collections.abc import Callable
from pathlib import Path

from sudia.errors import SudiaError
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.merge import merge_extractions
from sudia.observatoire.names import name_key, same_name
from sudia.observatoire.review import DECISIONS, review_items, visible_contradictions
from sudia.observatoire.types import Actor, Correction, Extraction, Fact, Review

ACTOR_FIELDS = ("name", "kind", "description", "places", "sectors", "aliases")
FACT_FIELDS = ("actor", "type", "value", "unit", "date", "place")


def fact_id(fact: Fact) -> str:
    """Stable id from the fact as extracted, so a correction finds it again after re-extraction."""
    raw = "|".join((fact.actor, fact.type, f"{fact.value:g}", fact.date, fact.source.document, fact.source.quote))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class IngestReport:
    documents: tuple[str, ...]
    actors: int
    facts: int
    people: int
    contradictions: int
    unchanged: tuple[str, ...] = ()  # documents skipped: same content as when last extracted


class Observatory:
    def __init__(self, kb: KnowledgeBase, extractor: Extractor | None = None) -> None:
        self.kb = kb
        self._extractor = extractor

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor()
        return self._extractor

    def ingest_files(self, paths: list[Path], force: bool = False,
                     on_file: Callable[[Path, bool], None] | None = None) -> IngestReport:
        """Extracts only new or changed documents (by SHA-256) unless `force`; `on_file(path, extracted)`
        reports progress."""
        known = self.kb.document_hashes()
        hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}
        todo = [p for p in paths if force or known.get(p.name) != hashes.get(p.name)]
        unchanged = tuple(p.name for p in paths if p not in todo)
        self.extractor.known = frozenset(self._known_names())
        extractions = {}
        for path in paths:
            if path in todo:
                extractions[path.name] = self.extractor.extract_file(path)
            if on_file is not None:
                on_file(path, path in todo)
        if not extractions:
            state = self.kb.load()
            return IngestReport((), len(state.actors), len(state.facts), len(state.people), len(state.contradictions),
                                unchanged)
        report = self.ingest(extractions)
        self.kb.record_documents({name: hashes[name] for name in extractions if name in hashes}, _now())
        return replace(report, unchanged=unchanged)

    def _known_names(self) -> set[str]:
        """The gazetteer: name keys of the actors (and aliases) already in the knowledge base."""
        return {name_key(n) for a in self.kb.load().actors for n in (a.name, *a.aliases)}

    def ingest(self, extractions: dict[str, Extraction]) -> IngestReport:
        """Re-extracting a document replaces its contribution; other documents' knowledge stays."""
        known, ids = self.kb.load(), self.kb.fact_ids()
        renewed = set(extractions)
        kept_facts = [(f, i) for f, i in zip(known.facts, ids, strict=True) if f.source.document not in renewed]
        id_of = {f: i for f, i in kept_facts}
        kept_actors = tuple(a for a in (replace(a, sources=tuple(s for s in a.sources if s.document not in renewed))
                                        for a in known.actors) if a.sources)
        previous = Extraction(kept_actors, tuple(f for f, _ in kept_facts), known.people)
        state = merge_extractions([previous, *extractions.values()], self.extractor.geography)
        fact_ids = [id_of.get(f) or fact_id(f) for f in state.facts]
        state, fact_ids = self._replay(state, fact_ids, self.kb.corrections())
        self.kb.save(state, fact_ids)
        return IngestReport(tuple(extractions), len(state.actors), len(state.facts), len(state.people),
                            len(state.contradictions))

    def review(self, who: str, key: str, decision: str) -> Review:
        """Records a decision on a review item (see review.py); a merge becomes a replayed correction."""
        state = self.kb.load()
        item = next((i for i in review_items(state, self.kb.reviews()) if i.key == key), None)
        if item is None:
            raise SudiaError("SUDIA-O007", key=key)
        if decision not in DECISIONS[item.kind]:
            raise SudiaError("SUDIA-O008", decision=decision, choices=", ".join(DECISIONS[item.kind]))
        review = self.kb.add_review(Review(0, key, item.kind, decision, who, _now(),
                                           " / ".join(item.actors)))
        corrections = []
        if decision == "merge":
            keep, absorbed = item.actors
            corrections.append(self.kb.add_correction(Correction(0, who, _now(), "actor", absorbed, "merge_into",
                                                                 absorbed, keep)))
        self._apply_and_save(corrections)
        return review

    def correct_actor(self, who: str, name: str, field: str, value: str) -> Correction:
        if field not in ACTOR_FIELDS:
            raise SudiaError("SUDIA-O004", field=field, choices=", ".join(ACTOR_FIELDS))
        state = self.kb.load()
        actor = _find_actor(state.actors, name)
        before = _text(getattr(actor, field))
        correction = self.kb.add_correction(Correction(0, who, _now(), "actor", actor.name, field, before, value))
        self._apply_and_save([correction])
        return correction

    def correct_fact(self, who: str, fact: str, field: str, value: str) -> Correction:
        if field not in FACT_FIELDS:
            raise SudiaError("SUDIA-O004", field=field, choices=", ".join(FACT_FIELDS))
        state, ids = self.kb.load(), self.kb.fact_ids()
        if fact not in ids:
            raise SudiaError("SUDIA-O003", id=fact)
        before = _text(getattr(state.facts[ids.index(fact)], field))
        correction = self.kb.add_correction(Correction(0, who, _now(), "fact", fact, field, before, value))
        self._apply_and_save([correction])
        return correction

    def _apply_and_save(self, corrections: list[Correction]) -> None:
        state, ids = self._replay(self.kb.load(), self.kb.fact_ids(), corrections)
        self.kb.save(state, ids)

    def _replay(self, state: Extraction, ids: list[str], corrections: list[Correction]) -> tuple[Extraction, list[str]]:
        actors, facts, people = list(state.actors), list(state.facts), list(state.people)
        for c in corrections:
            if c.target == "fact" and c.key in ids:
                i = ids.index(c.key)
                value: object = float(c.after) if c.field == "value" else c.after
                facts[i] = replace(facts[i], **{c.field: value})
            elif c.target == "actor" and c.field == "merge_into":
                actors, facts, people = _merge_actor(actors, facts, people, c.key, c.after)
            elif c.target == "actor":
                match = [i for i, a in enumerate(actors) if any(same_name(c.key, n) for n in (a.name, *a.aliases))]
                if not match:
                    continue
                old = actors[match[0]]
                value = tuple(v.strip() for v in c.after.split(",") if v.strip()) if c.field in ("places", "sectors", "aliases") else c.after
                new = replace(old, **{c.field: value})
                if c.field == "name" and old.name != c.after:
                    new = replace(new, aliases=tuple(dict.fromkeys((*old.aliases, old.name))))
                    facts = [replace(f, actor=c.after) if f.actor == old.name else f for f in facts]
                    people = [replace(p, organisation=c.after) if p.organisation == old.name else p for p in people]
                actors[match[0]] = new
        names = {a.name for a in actors}
        contradictions = tuple(c for c in visible_contradictions(state, self.kb.reviews()) if c.actor in names)
        return Extraction(tuple(actors), tuple(facts), tuple(people), contradictions), ids


def _merge_actor(actors: list[Actor], facts: list[Fact], people: list, absorbed: str, keep: str):
    """`absorbed` becomes an alias of `keep`: its names, places, sources, facts and people move over."""
    gone = next((a for a in actors if a.name == absorbed), None)
    kept = next((i for i, a in enumerate(actors) if a.name == keep), None)
    if gone is None or kept is None:
        return actors, facts, people
    actors = [a for a in actors if a.name != absorbed]
    kept = next(i for i, a in enumerate(actors) if a.name == keep)
    target = actors[kept]
    actors[kept] = replace(target, aliases=tuple(dict.fromkeys((*target.aliases, gone.name, *gone.aliases))),
                           places=tuple(dict.fromkeys(target.places + gone.places)),
                           sources=tuple(dict.fromkeys(target.sources + gone.sources)))
    facts = [replace(f, actor=keep) if f.actor == absorbed else f for f in facts]
    people = [replace(p, organisation=keep) if p.organisation == absorbed else p for p in people]
    return actors, facts, people


def _find_actor(actors: tuple[Actor, ...], name: str) -> Actor:
    for actor in actors:
        if any(same_name(name, n) for n in (actor.name, *actor.aliases)):
            return actor
    raise SudiaError("SUDIA-O002", name=name)


def _text(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
