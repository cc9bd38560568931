"""Scores the extractor against hand-labelled documents: actors, facts, people, contradictions.

Matching rules (used by `sudia eval extraction`, written down in bench/observatoire/LABELLING.md):
- names: compared by `name_key` (lower-case, accents, articles, legal forms, punctuation and spaces
  removed) over the name and all aliases of both sides, or one typo apart for keys of 6+ letters;
- an actor is matched once; a second extracted actor matching the same label is a false positive
  (a missed merge); an extracted actor matching a label's `optional` name counts neither way
  (media, programmes, places the labeller would not hold against the extractor); the kind is not
  needed for a match, its accuracy is reported apart;
- a fact matches when its type is the label's (or one of the label's types), its value is within
  1 % and its actor matches one of the labelled actors; facts listed in `optional_facts` (type and
  value) count neither way. `attribution` is, among returned facts whose type and value are
  labelled, the share carried by the right actor; `scope_accuracy`, among matched facts whose
  label gives a scope, the share whose scope is right (only regional figures enter regional totals);
- a person matches by name; `people_org` counts those whose organisation is also right (a label
  organisation "" means none should be given; a list accepts any of its names);
- contradictions: the documents of a set are merged as `extract_files` does; one found matches a
  label with an actor among the label's, the same type and the same two documents.
Scores are micro-averaged over documents: each document is extracted alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.geography import load_geography
from sudia.observatoire.merge import merge_extractions
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
    people_org: Score = field(default_factory=Score)
    contradictions: Score = field(default_factory=Score)
    attributed: int = 0  # returned facts whose type and value are labelled
    attributed_right: int = 0  # ... and whose actor is right
    kinds_right: int = 0
    dates_right: int = 0
    scopes_labelled: int = 0  # matched facts whose label gives a scope
    scopes_right: int = 0  # ... and whose scope (regional, national, other region, worldwide) is right
    placed: Score = field(default_factory=Score)  # matched actors whose labelled place is found
    documents: int = 0
    missing: list[str] = field(default_factory=list)  # labelled documents absent from the folder (skipped)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "missing": list(self.missing), "actors": self.actors.to_dict(), "facts": self.facts.to_dict(),
                "people": self.people.to_dict(), "people_org": self.people_org.to_dict(),
                "contradictions": self.contradictions.to_dict(), "places": self.placed.to_dict(),
                "attribution": round(self.attributed_right / self.attributed, 3) if self.attributed else 1.0,
                "kind_accuracy": round(self.kinds_right / max(self.actors.matched, 1), 3),
                "date_accuracy": round(self.dates_right / max(self.facts.matched, 1), 3),
                "scope_accuracy": round(self.scopes_right / self.scopes_labelled, 3) if self.scopes_labelled else 1.0}


def _names_match(left: list[str], right: list[str]) -> bool:
    return any(same_name(a, b) for a in left for b in right)


def _date_ok(expected: str, got: str) -> bool:
    return not expected or got[:len(expected)] == expected


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(b), 1e-9)


def score_document(name: str, result: Extraction, label: dict[str, Any], report: EvalReport) -> None:
    report.documents += 1
    expected_actors = [[a["name"], *a.get("aliases", [])] for a in label.get("actors", [])]
    optional = list(label.get("optional", []))
    used: set[int] = set()
    aliases_of: dict[str, list[str]] = {}
    for actor in result.actors:
        names = [actor.name, *actor.aliases]
        aliases_of[actor.name] = names
        hit = next((i for i, exp in enumerate(expected_actors) if i not in used and _names_match(names, exp)), None)
        if hit is None and _names_match(names, optional):
            continue
        report.actors.extracted += 1
        if hit is None:
            report.errors.append(f"{name}: acteur en trop « {actor.name} » ({actor.kind})")
            continue
        used.add(hit)
        report.actors.matched += 1
        report.kinds_right += actor.kind == label["actors"][hit]["kind"]
        if not _score_places(actor.places, label["actors"][hit].get("places", []), report):
            report.errors.append(f"{name}: lieux de « {actor.name} » : {list(actor.places)} au lieu de "
                                 f"{label['actors'][hit].get('places', [])}")
    report.actors.expected += len(expected_actors)
    report.errors += [f"{name}: acteur manquant « {exp[0]} »" for i, exp in enumerate(expected_actors) if i not in used]

    def label_names(actor_name: str) -> list[str]:
        for exp in expected_actors:
            if _names_match([actor_name], exp):
                return exp
        return [actor_name]

    _score_facts(name, result, label, report, aliases_of, label_names)
    _score_people(name, result, label, report, aliases_of, label_names)


def _score_places(found: tuple[str, ...], expected: list[str], report: EvalReport) -> bool:
    """A place is right when it is in the same commune as one labelled (Sophia Antipolis = Valbonne)."""
    geography = load_geography()
    communes = {loc.commune for loc in (geography.locate(p) for p in expected) if loc is not None}
    got = {loc.commune for loc in (geography.locate(p) for p in found) if loc is not None}
    report.placed.expected += bool(communes)
    report.placed.extracted += bool(got)
    report.placed.matched += bool(got & communes)
    return bool(got & communes) or not got and not communes


def _score_facts(name, result, label, report, aliases_of, label_names) -> None:
    facts = label.get("facts", [])
    optional = label.get("optional_facts", [])
    found: set[int] = set()
    for fact in result.facts:
        names = aliases_of.get(fact.actor, [fact.actor])
        same_figure = [i for i, exp in enumerate(facts)
                       if fact.type in _as_list(exp["type"]) and _close(fact.value, exp["value"])]
        right = [i for i in same_figure if any(_names_match(names, label_names(w)) for w in _as_list(facts[i]["actor"]))]
        if same_figure:
            report.attributed += 1
            report.attributed_right += bool(right)
        free = [i for i in right if i not in found]
        if free:
            found.add(free[0])
            report.facts.extracted += 1
            report.facts.matched += 1
            wanted_scope = facts[free[0]].get("scope", "")
            if wanted_scope:
                report.scopes_labelled += 1
                report.scopes_right += fact.scope == wanted_scope
                if fact.scope != wanted_scope:
                    report.errors.append(f"{name}: portée de {fact.actor} {fact.type}={fact.value:g} : « {fact.scope} » "
                                         f"au lieu de « {wanted_scope} »")
            wanted_date = facts[free[0]].get("date", "")
            report.dates_right += _date_ok(wanted_date, fact.date)
            if not _date_ok(wanted_date, fact.date):
                report.errors.append(f"{name}: date de {fact.actor} {fact.type}={fact.value:g} : « {fact.date} » au lieu de « {wanted_date} »")
            continue
        if not same_figure and any(fact.type in _as_list(o["type"]) and _close(fact.value, o["value"]) for o in optional):
            continue
        report.facts.extracted += 1
        report.errors.append(f"{name}: fait en trop {fact.actor} {fact.type}={fact.value:g}")
    report.facts.expected += len(facts)
    report.errors += [f"{name}: fait manquant {exp['actor']} {exp['type']}={exp['value']:g}"
                      for i, exp in enumerate(facts) if i not in found]


def _organisation_ok(expected: Any, got: str, aliases_of, label_names) -> bool:
    for wanted in _as_list(expected):
        if not wanted and not got:
            return True
        if wanted and got and _names_match(aliases_of.get(got, [got]), label_names(wanted)):
            return True
    return False


def _score_people(name, result, label, report, aliases_of, label_names) -> None:
    people = [[p["name"], *p.get("aliases", [])] for p in label.get("people", [])]
    optional = list(label.get("optional_people", []))
    taken: set[int] = set()
    for person in result.people:
        hit = next((i for i, exp in enumerate(people) if i not in taken and _names_match([person.name], exp)), None)
        if hit is None and _names_match([person.name], optional):
            continue
        report.people.extracted += 1
        report.people_org.extracted += 1
        if hit is None:
            report.errors.append(f"{name}: personne en trop « {person.name} »")
            continue
        taken.add(hit)
        report.people.matched += 1
        wanted = label["people"][hit].get("organisation", "")
        if _organisation_ok(wanted, person.organisation, aliases_of, label_names):
            report.people_org.matched += 1
        else:
            report.errors.append(f"{name}: organisation de « {person.name} » : « {person.organisation} » "
                                 f"au lieu de « {wanted} »")
    report.people.expected += len(people)
    report.people_org.expected += len(people)
    report.errors += [f"{name}: personne manquante « {exp[0]} »" for i, exp in enumerate(people) if i not in taken]


def score_contradictions(merged: Extraction, expected: list[dict[str, Any]], report: EvalReport) -> None:
    matched: set[int] = set()
    aliases = {a.name: [a.name, *a.aliases] for a in merged.actors}
    for c in merged.contradictions:
        report.contradictions.extracted += 1
        documents = {c.first.source.document, c.second.source.document}
        hit = next((i for i, exp in enumerate(expected) if i not in matched and exp["type"] == c.type
                    and set(exp["documents"]) == documents
                    and _names_match(aliases.get(c.actor, [c.actor]), _as_list(exp["actor"]))), None)
        if hit is None:
            report.errors.append(f"contradiction en trop : {c.actor} {c.type} ({', '.join(sorted(documents))})")
        else:
            matched.add(hit)
            report.contradictions.matched += 1
    report.contradictions.expected += len(expected)
    report.errors += [f"contradiction manquante : {exp['actor']} {exp['type']}" for i, exp in enumerate(expected)
                      if i not in matched]


def load_labels(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
        data["documents"].items()
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise SudiaError("SUDIA-O005", path=str(path), detail=str(exc)) from exc
    return data


def evaluate(folder: Path, extractor: Extractor | None = None, labels: Path | None = None,
             skip_missing: bool = False) -> EvalReport:
    """Extracts every document listed in the labels (default `folder/expected.json`) and scores it.

    With `skip_missing`, a labelled document absent from the folder (a local cache rebuilt from
    stored pages may lack some) is left out of every figure and listed in `missing`, together with
    the labelled contradictions that involve it; otherwise it is an error."""
    data = load_labels(labels or folder / "expected.json")
    extractor = extractor or Extractor()
    report = EvalReport()
    parts = []
    for name, label in data["documents"].items():
        path = folder / name
        if not path.is_file():
            if skip_missing:
                report.missing.append(name)
                continue
            raise SudiaError("SUDIA-O006", path=str(path))
        result = extractor.extract_file(path)
        parts.append(result)
        score_document(name, result, label, report)
    expected = [c for c in data.get("contradictions", []) if not set(c["documents"]) & set(report.missing)]
    score_contradictions(merge_extractions(parts, extractor.geography), expected, report)
    return report
