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

No model and no embedding: a few regular expressions per unit of the first passages, a few
milliseconds per question (bench/RESULTS.md §11, gate3).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sudia.answer.asked import asked_kind, fact_strength
from sudia.answer.units import passage_units
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


def reader_features(question: str, hits: list[Hit], idf: Callable[[str], float], read: int = 3) -> dict[str, float]:
    """The reader features of a question over the first `read` passages (retriever's order)."""
    wanted = set(analyze(question)) - _ASKING
    total = sum(idf(t) for t in wanted)
    kind = gate_kind(question)

    def share(terms: set[str]) -> float:
        return sum(idf(t) for t in wanted & terms) / total if total else 0.0

    best = fact = 0.0
    best_terms: set[str] = set()
    fact_terms: set[str] = set()
    for hit in hits[:read]:
        title = set(analyze(f"{hit.chunk.document_title} {hit.chunk.section}"))
        previous: set[str] = set()
        for unit in passage_units(hit.chunk.text):
            terms = set(analyze(f"{unit.context} {unit.quote}"))
            around = terms | title | previous
            covered = share(around)
            previous = terms
            if covered > best:
                best, best_terms = covered, around
            if kind in FACT_KINDS and covered > fact and fact_strength(kind, unit.quote, question) >= 1.0:
                fact, fact_terms = covered, around
    if kind not in FACT_KINDS:
        fact, fact_terms = best, best_terms
    top = max((idf(t) for t in wanted), default=1.0) or 1.0
    return {"sentence_coverage": best, "fact_coverage": fact,
            "sentence_missing": max((idf(t) for t in wanted - best_terms), default=0.0) / top,
            "fact_missing": max((idf(t) for t in wanted - fact_terms), default=0.0) / top,
            "yes_no": float(kind == "yesno")}
