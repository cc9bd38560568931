"""Figures by general mechanisms (#9, obsfact3): a site's measures to its owner, a staff to its employer,
a closed relative clause, and contradictions only between figures about the same thing.
Every sentence here is written for the test (fictional organisations); no third-party text is quoted."""

from __future__ import annotations

from sudia.observatoire.anaphora import AGENT_BEFORE
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.merge import conflicting, merge_extractions
from sudia.observatoire.objects import figure_object, same_object
from sudia.observatoire.types import Extraction, Fact, Source


def _facts(extractor, *blocks: str) -> set[tuple[str, str, float]]:
    result = extractor.extract_text("figures.txt", list(blocks))
    return {(f.actor, f.type, f.value) for f in result.facts}


def test_a_site_measured_after_its_owner_is_the_owner_s(extractor) -> None:
    facts = _facts(extractor, "La société Ventoria Data ouvre un site à Fos.",
                   "Le centre de données de Ventoria Data de 48 MW sera livré en 2027 près du port.")
    assert ("Ventoria Data", "power_mw", 48) in facts


def test_a_staff_counted_chez_its_employer(extractor) -> None:
    facts = _facts(extractor, "À Toulon, chez Orvalis Systèmes, 75 développeurs travaillent sur la cybersécurité.")
    assert ("Orvalis Systèmes", "jobs", 75) in facts


def test_the_staff_of_a_site_that_is_no_actor_is_its_owner_s(extractor) -> None:
    facts = _facts(extractor, "Le groupe Pelagis investira 90 millions d'euros dans son usine de Gardanne.",
                   "Le site compte déjà 210 salariés.")
    assert ("Pelagis", "jobs", 210) in facts


def test_a_kind_word_then_a_closed_relative_clause_carries_the_main_verb(extractor) -> None:
    facts = _facts(extractor, "La société Lumira Cloud construit un campus à Aix-en-Provence.",
                   "L'hébergeur aixois, qui emploie 60 salariés, y consacre un budget de 120 millions d'euros.")
    assert {("Lumira Cloud", "jobs", 60), ("Lumira Cloud", "budget_eur", 120e6)} <= facts


def test_the_object_of_a_figure_is_what_the_amount_buys_not_where() -> None:
    assert figure_object("La commune investit 8 millions d'euros dans la rénovation du stade de Hyères.", 8e6) == {"stade"}
    assert figure_object("La commune consacre 20 millions d'euros à un pôle numérique à Hyères.", 20e6) == {"pole", "numerique"}
    assert figure_object("Pour l'extension du port, la commune investit 5 M€.", 5e6) == {"port"}
    assert figure_object("Zelia a levé 5 M€ auprès de ses actionnaires.", 5e6) == frozenset()
    assert same_object(frozenset(), frozenset()) is True
    assert same_object(frozenset({"stade"}), frozenset()) is None
    assert same_object(frozenset({"stade"}), frozenset({"pole"})) is False


def _fact(value: float, quote: str, document: str) -> Fact:
    return Fact("Agglo Durance", "investment_eur", value, "EUR", "2024", "", Source(document, quote))


def test_two_projects_of_one_body_are_no_contradiction() -> None:
    stadium = _fact(8e6, "L'Agglo Durance investit 8 millions d'euros dans la rénovation du stade.", "a.txt")
    hub = _fact(20e6, "L'Agglo Durance consacre 20 millions d'euros à la création d'un pôle numérique.", "b.txt")
    unsure = _fact(20e6, "L'Agglo Durance a voté 20 millions d'euros.", "c.txt")
    again = _fact(11e6, "L'Agglo Durance investira finalement 11 millions d'euros dans la rénovation du stade.", "d.txt")
    assert not conflicting(stadium, hub) and not conflicting(stadium, unsure)
    assert conflicting(stadium, again)
    merged = merge_extractions([Extraction(facts=(stadium,)), Extraction(facts=(hub,))])
    assert merged.contradictions == ()


def test_a_site_has_one_budget_whatever_the_sentence_says_it_buys() -> None:
    first = Fact("MRS9", "investment_eur", 150e6, "EUR", "2024", "", Source("a.txt", "150 M€ dans son datacenter de Marseille"))
    second = Fact("MRS9", "investment_eur", 190e6, "EUR", "2024", "", Source("b.txt", "pour un budget de 190 M€"))
    assert conflicting(first, second, site=True)


def test_an_opening_phrase_describes_the_main_clause_s_subject(extractor) -> None:
    facts = _facts(extractor, "Avec 480 collaborateurs dans le Var, la société Ombrelia Systèmes est le premier employeur du secteur.",
                   "D'une surface de 3 500 m², le futur siège de la société Ombrelia Systèmes ouvrira à Toulon.")
    assert {("Ombrelia Systèmes", "jobs", 480), ("Ombrelia Systèmes", "area_m2", 3500)} <= facts


def test_a_figure_inside_a_dont_clause_naming_another_actor_is_dropped(extractor) -> None:
    facts = _facts(extractor, "La start-up niçoise Coralis, dont l'actionnaire principal, le groupe Fenwal, emploie 5 000 personnes, "
                   "a signé un contrat.")
    assert not any(f[1] == "jobs" and f[0] == "Coralis" for f in facts)


def test_the_source_of_a_statement_is_no_actor_of_its_figure() -> None:
    # a name after "selon" is skipped by the nearest-name fallback and inside a subject's phrase
    assert AGENT_BEFORE.search("180 emplois, selon le cabinet ") and AGENT_BEFORE.search("d'apres ")


def test_a_technopole_s_figures_and_il_for_it(extractor) -> None:
    result = extractor.extract_text("t.txt", ["Fondé en 2004 à Rousset, le technopôle Solaria réunit 40 entreprises. Sur ses "
                                              "12 hectares, il fait travailler 700 personnes."])
    facts = {(f.actor, f.type, f.value) for f in result.facts}
    assert {("Solaria", "area_m2", 120000), ("Solaria", "jobs", 700)} <= facts
    assert not any(f.date.startswith("2004") for f in result.facts)  # a founding year is not the text's date


def test_a_passive_agent_named_after_its_kind_word(extractor) -> None:
    facts = _facts(extractor, "Deux millions d'euros ont été levés par la start-up niçoise Orphea auprès de ses clients.")
    assert ("Orphea", "funding_eur", 2e6) in facts


def test_no_power_for_a_fund_by_proximity(extractor) -> None:
    # even with no threshold at all: the figure is not given to the fund, whatever its confidence
    lenient = Extractor(nlp=extractor.nlp, geography=extractor.geography, min_confidence=0.0)
    facts = _facts(lenient, "Avec le fonds Azurinvest au capital, le projet atteindra 20 MW en 2027.")
    assert not any(f[0] == "Azurinvest" and f[1] == "power_mw" for f in facts)


def test_a_share_after_dont_is_no_figure() -> None:
    from sudia.observatoire.quantities import find_quantities

    found = find_quantities("L'entreprise emploie 180 personnes et réalise 35 millions d'euros, dont 40 % à l'export.")
    assert [(q.value, q.dimension) for q in found] == [(180, "jobs"), (35e6, "eur")]
    assert [q.value for q in find_quantities("300 étudiants, dont 120 en master")] == [300, 120]


def test_a_site_s_measure_goes_to_the_operator_named_after_it(extractor) -> None:
    facts = _facts(extractor, "Le port de Sanary accueillera en 2028 un centre de données de 6 MW exploité par la société Calvane.")
    assert ("Calvane", "power_mw", 6) in facts


def test_an_opening_phrase_does_not_go_to_a_partner_of_the_subject(extractor) -> None:
    facts = _facts(extractor, "D'une valeur de 10 millions d'euros, le contrat signé avec la société Varonis court sur cinq ans.")
    assert not any(f[0] == "Varonis" for f in facts)
