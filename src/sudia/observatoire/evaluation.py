"""Scores the extractor against hand-labelled documents: precision and recall of actors, facts, people.

Matching rules (documented here, used by `sudia eval extraction`):
- names: compared by `name_key` (lower-case, accents, articles, legal forms, punctuation and spaces
  removed) over the name and all aliases of both sides, or one typo apart for keys of 6+ letters;
- an actor is matched once; a second extracted actor matching the same label is a false positive
  (a missed merge); the kind is not needed for a match, its accuracy is reported apart;
- a fact matches when the type is equal, the value is within 1 % (relative), and its actor matches
  one of the labelled actors (a label may list several acceptable actors); the date is not needed
  for a match, its accuracy is reported apart (the label's precision: '2024' accepts '2024-11-20');
- a person matches by name; role and organisation are not scored.
Scores are micro-averaged over documents: each document is extracted alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.names import same_name
from sudia.observatoire.types import Extraction

VALUE_TOLERANCE = 0.01


@dataclass
class Score:
    matched: int = 0
    extracted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "matched": self.matched, "extracted": self.extracted, "expected": self.expected}


@dataclass
class EvalReport:
    actors: Score = field(default_factory=Score)
    facts: Score = field(default_factory=Score)
    people: Score = field(default_factory=Score)
    kinds_right: int = 0
    dates_right: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"actors": self.actors.to_dict(), "facts": self.facts.to_dict(), "people": self.people.to_dict(),
                "kind_accuracy": round(self.kinds_right / max(self.actors.matched, 1), 3),
                "date_accuracy": round(self.dates_right / max(self.facts.matched, 1), 3)}


def _names_match(left: list[str], right: list[str]) -> bool:
    return any(same_name(a, b) for a in left for b in right)


def _date_ok(expected: str, got: str) -> bool:
    return not expected or got[:len(expected)] == expected


def score_document(name: str, result: Extraction, label: dict[str, Any], report: EvalReport) -> None:
    expected_actors = [[a["name"], *a.get("aliases", [])] for a in label.get("actors", [])]
    used: set[int] = set()
    aliases_of: dict[str, list[str]] = {}
    for actor in result.actors:
        names = [actor.name, *actor.aliases]
        aliases_of[actor.name] = names
        report.actors.extracted += 1
        hit = next((i for i, exp in enumerate(expected_actors) if i not in used and _names_match(names, exp)), None)
        if hit is None:
            report.errors.append(f"{name}: acteur en trop « {actor.name} » ({actor.kind})")
            continue
        used.add(hit)
        report.actors.matched += 1
        report.kinds_right += actor.kind == label["actors"][hit]["kind"]
    report.actors.expected += len(expected_actors)
    report.errors += [f"{name}: acteur manquant « {exp[0]} »" for i, exp in enumerate(expected_actors) if i not in used]

    def label_names(actor_name: str) -> list[str]:
        for exp in expected_actors:
            if _names_match([actor_name], exp):
                return exp
        return [actor_name]

    found: set[int] = set()
    for fact in result.facts:
        report.facts.extracted += 1
        names = aliases_of.get(fact.actor, [fact.actor])
        for i, exp in enumerate(label.get("facts", [])):
            wanted = exp["actor"] if isinstance(exp["actor"], list) else [exp["actor"]]
            close = abs(fact.value - exp["value"]) <= VALUE_TOLERANCE * max(abs(exp["value"]), 1e-9)
            if i in found or fact.type != exp["type"] or not close:
                continue
            if any(_names_match(names, label_names(w)) for w in wanted):
                found.add(i)
                report.facts.matched += 1
                report.dates_right += _date_ok(exp.get("date", ""), fact.date)
                break
        else:
            report.errors.append(f"{name}: fait en trop {fact.actor} {fact.type}={fact.value:g}")
    report.facts.expected += len(label.get("facts", []))
    report.errors += [f"{name}: fait manquant {exp['actor']} {exp['type']}={exp['value']:g}"
                      for i, exp in enumerate(label.get("facts", [])) if i not in found]

    people = [[p["name"], *p.get("aliases", [])] for p in label.get("people", [])]
    taken: set[int] = set()
    for person in result.people:
        report.people.extracted += 1
        hit = next((i for i, exp in enumerate(people) if i not in taken and _names_match([person.name], exp)), None)
        if hit is None:
            report.errors.append(f"{name}: personne en trop « {person.name} »")
        else:
            taken.add(hit)
            report.people.matched += 1
    report.people.expected += len(people)
    report.errors += [f"{name}: personne manquante « {exp[0]} »" for i, exp in enumerate(people) if i not in taken]


def evaluate(folder: Path, extractor: Extractor | None = None) -> EvalReport:
    """Extracts every document listed in `folder/expected.json` and scores it against its labels."""
    path = folder / "expected.json"
    try:
        labels = json.loads(path.read_text("utf-8"))["documents"]
    except (OSError, ValueError, KeyError) as exc:
        raise SudiaError("SUDIA-O005", path=str(path), detail=str(exc)) from exc
    extractor = extractor or Extractor()
    report = EvalReport()
    for name, label in labels.items():
        score_document(name, extractor.extract_file(folder / name), label, report)
    return report
