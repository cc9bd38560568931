"""What a person reviews: contradictions between sources and name variants proposed as merges.

Each item has a stable key, so a decision (accept, dismiss, merge) holds across re-ingestions: a
dismissed contradiction stays hidden, a merge is replayed as a correction after each extraction.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sudia.observatoire.names import name_key
from sudia.observatoire.types import Actor, Contradiction, Extraction, Review

DECISIONS = {"contradiction": ("accept", "dismiss"), "merge": ("merge", "dismiss")}
SIMILAR = 0.85  # name keys this similar (difflib ratio) are proposed as one organisation


@dataclass(frozen=True)
class ReviewItem:
    key: str
    kind: str  # "contradiction" or "merge"
    actors: tuple[str, ...]
    contradiction: Contradiction | None = None
    decision: Review | None = None  # the latest decision, None while pending

    @property
    def pending(self) -> bool:
        return self.decision is None


def contradiction_key(c: Contradiction) -> str:
    documents = sorted((c.first.source.document, c.second.source.document))
    return "|".join(("contradiction", c.actor, c.type, *documents))


def merge_key(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"merge|{first}|{second}"


def _variants(a: Actor, b: Actor) -> bool:
    ka, kb = name_key(a.name), name_key(b.name)
    if not ka or not kb or re.sub(r"\d", "", ka) == re.sub(r"\d", "", kb):
        return False  # numbered sites (MRS4, MRS5) are distinct, never proposed
    if min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka):
        return True  # "cortAIx" / "cortAIx France", "Sophia IA Summit" / "IA Summit"
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= SIMILAR


def merge_proposals(actors: tuple[Actor, ...]) -> list[tuple[str, str]]:
    """Pairs of actors whose names look like spellings of one organisation (the longer name first)."""
    pairs = []
    for i, a in enumerate(actors):
        for b in actors[i + 1:]:
            if _variants(a, b):
                pairs.append(tuple(sorted((a.name, b.name), key=lambda n: (-len(n), n))))
    return pairs


def review_items(state: Extraction, reviews: list[Review]) -> list[ReviewItem]:
    latest = {r.key: r for r in reviews}
    items = [ReviewItem(contradiction_key(c), "contradiction", (c.actor,), c, latest.get(contradiction_key(c)))
             for c in state.contradictions]
    for a, b in merge_proposals(state.actors):
        key = merge_key(a, b)
        items.append(ReviewItem(key, "merge", (a, b), None, latest.get(key)))
    return sorted(items, key=lambda i: (not i.pending, i.kind, i.key))


def visible_contradictions(state: Extraction, reviews: list[Review]) -> tuple[Contradiction, ...]:
    """Contradictions not dismissed by a person."""
    latest = {r.key: r.decision for r in reviews}
    return tuple(c for c in state.contradictions if latest.get(contradiction_key(c)) != "dismiss")
