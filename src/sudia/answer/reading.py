"""Reader evidence for the abstention gate: does one unit of the passages read say what is asked?

The gate's passage-level features (`answer.abstention`) cannot tell an answering passage from a close
one that holds every word of the question scattered over its paragraphs but never says the thing
asked (« le budget total de la Région pour 2024 » beside a page on the Région's actions). These
features read the passages the way the extractive answer does, unit by unit (`answer.units`:
sentences, list items, table rows with their header):
- `sentence_coverage`: the IDF-weighted share of the question's terms found in one unit, with the
  passage's title and section (which name what its sentences are about) and the unit before it
  (« La carte… » then « Elle est à demander avant le 15 juillet. »), the best unit of the passages read;
- `fact_coverage`: the same share, counted only on units that surely hold the kind of fact the question
  asks for (`answer.asked`: a date, an amount with its unit, an organisation, a contact, a place;
  « combien d'habitants » wants a number of inhabitants); for questions that ask no such fact, the
  `sentence_coverage` (the feature then says nothing more);
- `sentence_missing` / `fact_missing`: how rare the rarest question term absent from that best unit is,
  relative to the question's rarest term; `yes_no`: the question asks yes or no.
The gate's model (`answer.abstention.FEATURES`) uses `fact_missing` and `yes_no`; the coverages and
`sentence_missing` are kept for bench/gate_reader.py, which compares them (bench/RESULTS.md §11, gate3).
`read_units` says which unit and which passage those features read (bench/gate_pool.py tries more
evidence on that unit; a reader that checks the unit's subject would start from it, §11 gate4).

No model and no embedding: a few regular expressions per unit of the first passages, a few
milliseconds per question (bench/RESULTS.md §11, gate3).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from sudia.answer.asked import asked_kind, fact_strength
from sudia.answer.units import Unit, passage_units
from sudia.text.french import analyze, fold
from sudia.types import Hit

# The kinds of fact a unit can be checked for (a yes/no question or a definition has none).
FACT_KINDS = frozenset({"date", "amount", "who", "contact", "where"})
# Quantities asked without « combien » or « montant » (« Quel est le budget… », « le salaire moyen… »):
# for the gate only, an amount (sentence choice keeps `answer.asked` as it is).
_QUANTITY = re.compile(r"\bquel(?:le)?s? (?:est |sont )?(?:le |la |l'|les )?(?:budget|salaire|nombre|population|revenu"
                       r"|chiffre|effectif|part|proportion|duree|age|frais|remuneration|indemnite|loyer|capacite)s?\b")


# Words that ask and are never in the answering sentence (« combien »: the answer is a number).
_ASKING = frozenset(analyze("combien pourquoi lequel laquelle lesquels lesquelles"))


def gate_kind(question: str) -> str | None:
    """The kind of fact the question asks for, as `answer.asked` reads it, quantities included."""
    kind = asked_kind(question)
    if kind not in FACT_KINDS and _QUANTITY.search(fold(question).replace("’", "'")):
        return "amount"
    return kind


@dataclass(frozen=True)
class Found:
    """A unit of the passages read: the question's share it covers with its passage's title and section
    and the unit before it, those terms, and where it is (passage index in the retriever's order, unit)."""

    covered: float = 0.0
    terms: frozenset[str] = frozenset()
    passage: int = -1
    unit: Unit | None = None


@dataclass(frozen=True)
class Reading:
    """What reading the passages found: the unit that best covers the question (`best`) and the one
    that does among those surely holding the asked fact (`fact`; the best one when none is asked)."""

    wanted: frozenset[str]
    kind: str | None
    best: Found
    fact: Found


def read_units(question: str, hits: list[Hit], idf: Callable[[str], float], read: int = 3) -> Reading:
    """Reads the first `read` passages (retriever's order) unit by unit, as the extractive answer does."""
    wanted = frozenset(analyze(question)) - _ASKING
    total = math.fsum(idf(t) for t in wanted)
    kind = gate_kind(question)

    def share(terms: set[str]) -> float:
        return math.fsum(idf(t) for t in wanted & terms) / total if total else 0.0

    best = fact = Found()
    for index, hit in enumerate(hits[:read]):
        title = set(analyze(f"{hit.chunk.document_title} {hit.chunk.section}"))
        previous: set[str] = set()
        for unit in passage_units(hit.chunk.text):
            terms = set(analyze(f"{unit.context} {unit.quote}"))
            around = terms | title | previous
            covered = share(around)
            previous = terms
            if covered > best.covered:
                best = Found(covered, frozenset(around), index, unit)
            if kind in FACT_KINDS and covered > fact.covered and fact_strength(kind, unit.quote, question) >= 1.0:
                fact = Found(covered, frozenset(around), index, unit)
    if kind not in FACT_KINDS:
        fact = best
    return Reading(wanted, kind, best, fact)


def reader_features(question: str, hits: list[Hit], idf: Callable[[str], float], read: int = 3) -> dict[str, float]:
    """The reader features of a question over the first `read` passages (retriever's order)."""
    r = read_units(question, hits, idf, read)
    top = max((idf(t) for t in r.wanted), default=1.0) or 1.0
    return {"sentence_coverage": r.best.covered, "fact_coverage": r.fact.covered,
            "sentence_missing": max((idf(t) for t in r.wanted - r.best.terms), default=0.0) / top,
            "fact_missing": max((idf(t) for t in r.wanted - r.fact.terms), default=0.0) / top,
            "yes_no": float(r.kind == "yesno")}
