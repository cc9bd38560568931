"""General mechanisms for the error kinds of held-out 3 (#9, obsact3): demonyms and plural common nouns
are no names, titles are no people, short or bare names of the region's public bodies take their
official name. Every sentence is written for the test (fictional companies), none is quoted."""

from __future__ import annotations

import pytest

from sudia.observatoire.wordlist import is_common_word, is_demonym, is_plural_common


def _actors(result) -> dict[str, str]:
    return {a.name: a.kind for a in result.actors}


def _people(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


@pytest.mark.parametrize("word", ["Suisses", "Américains", "Marseillais", "Niçoise", "Européens", "Suédois"])
def test_demonyms_come_from_the_lexicon(word: str) -> None:
    assert is_demonym(word)


@pytest.mark.parametrize("word", ["Qwant", "Thales", "Kelvo", "Orange", "Datazur"])
def test_brands_are_no_demonyms_nor_plurals(word: str) -> None:
    assert not is_demonym(word) and not is_plural_common(word)


def test_plural_common_nouns_come_from_the_lexicon() -> None:
    assert is_plural_common("Acteurs") and is_plural_common("Partenaires")
    assert is_common_word("Santé") and not is_common_word("Kelvo")


def test_inhabitants_and_plural_nouns_are_no_actors(extractor) -> None:
    result = extractor.extract_text("gentiles.txt", [
        "Les Suédois ont levé 3 M€ pour Kelvo. Les Marseillais ont accueilli les Partenaires de la start-up Kelvo."])
    assert set(_actors(result)) == {"Kelvo"}


def test_a_title_is_no_person_and_no_part_of_a_name(extractor) -> None:
    result = extractor.extract_text("titres.txt", [
        "Le Président Directeur Général de la start-up Kelvo a parlé. Monsieur le Sous-Préfet a inauguré le site.",
        "Le Recteur Paul Vasseur a visité la start-up Kelvo."])
    assert set(_people(result)) == {"Paul Vasseur"}
    assert not any("Préfet" in name or "Recteur" in name for name in _actors(result))


def test_a_bare_chamber_is_the_chamber_of_the_texts_departement(extractor) -> None:
    result = extractor.extract_text("cci.txt", ["À Avignon, la CCI a lancé un appel avec la start-up Kelvo."])
    assert "CCI de Vaucluse" in _actors(result)


def test_a_bare_chamber_joins_the_chamber_named_in_full(extractor) -> None:
    result = extractor.extract_text("cci2.txt", ["La CCI du Var accompagne les entreprises de Toulon.",
                                                 "La CCI a lancé un appel avec la start-up Kelvo."])
    assert "CCI du Var" in _actors(result) and "CCI" not in _actors(result)


def test_a_short_form_takes_the_official_name(extractor) -> None:
    result = extractor.extract_text("amp.txt", ["La Métropole Aix-Marseille soutient la start-up Kelvo."])
    assert "Métropole Aix-Marseille-Provence" in _actors(result)


def test_a_list_of_topics_vouches_for_no_name(extractor) -> None:
    result = extractor.extract_text("themes.txt", ["Thématiques : Agtech, Blockchain, Coding, Cybersécurité et Santé."])
    assert _actors(result) == {}


def test_a_list_of_companies_still_vouches_for_its_names(extractor) -> None:
    result = extractor.extract_text("liste.txt", ["Les start-up Kelvo, Datazur et Nexaflow ont levé 3 M€."])
    assert {"Kelvo", "Datazur", "Nexaflow"} <= set(_actors(result))


def test_the_owner_of_a_data_centre_is_an_organisation_with_its_power(extractor) -> None:
    result = extractor.extract_text("dc.txt", ["Le datacenter de Kelvo de 96 MW ouvrira en 2026."])
    assert "Kelvo" in _actors(result)
    assert {(f.actor, f.type, f.value) for f in result.facts} == {("Kelvo", "power_mw", 96)}


def test_a_common_noun_commune_heading_a_name_is_no_place(extractor) -> None:
    result = extractor.extract_text("salon.txt", ["La start-up Kelvo exposera au Salon Vivatech puis à Gap."])
    actors = {a.name: a.places for a in result.actors}
    assert actors["Salon Vivatech"] == ()
    assert actors["Kelvo"] == ()  # "à Gap" is where it exposes, not where it is
    located = extractor.extract_text("gap.txt", ["La start-up Kelvo, installée à Salon-de-Provence, a levé 2 M€."])
    assert {a.name: a.places for a in located.actors}["Kelvo"] == ("Salon-de-Provence",)


def test_a_site_that_opens_a_sentence_on_its_figures_is_a_venue(extractor) -> None:
    result = extractor.extract_text("techno.txt", [
        "Le technopôle de Château-Gombert accueille 180 entreprises et 3 000 emplois sur 180 hectares."])
    assert _actors(result) == {"Technopôle de Château-Gombert": "venue"}
    assert {(f.type, f.value) for f in result.facts} == {("count", 180), ("jobs", 3000), ("area_m2", 1_800_000)}


def test_a_site_where_a_company_settles_stays_a_place(extractor) -> None:
    result = extractor.extract_text("sophia.txt", ["La start-up Kelvo, installée à Sophia Antipolis, emploie 40 salariés."])
    assert set(_actors(result)) == {"Kelvo"}


def test_grand_and_a_commune_is_an_intercommunality() -> None:
    from sudia.observatoire.mentions import kind_from_name

    assert kind_from_name("Grand Avignon") == "public_body"
    assert kind_from_name("Grand Prix de Kelvo") != "public_body"


def test_two_investments_of_a_public_body_in_two_articles_do_not_contradict(extractor) -> None:
    from sudia.observatoire.merge import merge_extractions

    first = extractor.extract_text("a.txt", ["Le Grand Avignon investit 3 M€ dans le nouveau pôle numérique."])
    second = extractor.extract_text("b.txt", ["Le Grand Avignon investit 12 M€ dans la rénovation de la gare."])
    assert [f.actor for f in first.facts + second.facts] == ["Grand Avignon", "Grand Avignon"]
    assert merge_extractions([first, second]).contradictions == ()
    company = [extractor.extract_text(n, [f"La société Kelvo investit {v} M€ dans son site de Vitrolles."])
               for n, v in (("c.txt", 3), ("d.txt", 12))]
    assert len(merge_extractions(company).contradictions) == 1  # one company, one plan: still compared


def test_a_capitalised_role_is_no_person_and_keeps_its_organisation(extractor) -> None:
    result = extractor.extract_text("dg.txt", ["Pierre Vasseur, Directeur Général de Kelvo, a parlé.",
                                               "Le Président Directeur Général de Datazur a répondu."])
    assert _people(result) == {"Pierre Vasseur": "Kelvo"}
    assert {"Kelvo", "Datazur"} <= set(_actors(result))


def test_a_head_that_ends_a_name_opens_no_other_name(extractor) -> None:
    result = extractor.extract_text("amu.txt", ["Aix-Marseille Université forme les ingénieurs de Kelvo."])
    assert "Aix-Marseille Université" in _actors(result)
    assert not any(name.startswith("Université") for name in _actors(result))


def test_an_origin_before_a_name_is_no_part_of_it(extractor) -> None:
    result = extractor.extract_text("origine.txt", ["Le Suédois Nexalia s'installe à Nice."])
    assert set(_actors(result)) == {"Nexalia"}


def test_a_kind_word_heading_the_next_name_is_no_apposition(extractor) -> None:
    result = extractor.extract_text("rubrique.txt", ["Blockchain : la start-up Kelvo lève 2 M€.",
                                                     "Selon le Préfet, la start-up Datazur va recruter."])
    assert set(_actors(result)) == {"Kelvo", "Datazur"}


def test_a_capitalised_common_word_after_an_article_is_no_name(extractor) -> None:
    result = extractor.extract_text("article.txt", ["La Blockchain et le Coding sont enseignés par la start-up Kelvo."])
    assert set(_actors(result)) == {"Kelvo"}


def test_a_school_head_in_apposition_describes_the_name_after_it(extractor) -> None:
    result = extractor.extract_text("ecole.txt", ["L'école Kelvo Academy s'installe dans des locaux de 2 000 m².",
                                                  "L'école des Mines de Saint-Etienne ouvre un campus."])
    assert {"Kelvo Academy", "école des Mines de Saint-Etienne"} <= set(_actors(result))
    assert {(f.actor, f.value) for f in result.facts} == {("Kelvo Academy", 2000)}


def test_a_site_apposition_after_a_name_gives_that_name_the_figure(extractor) -> None:
    result = extractor.extract_text("appos.txt", ["Le data center de Datazur, d'une puissance de 20 MW, ouvrira à Vitrolles."])
    assert {(f.actor, f.type, f.value) for f in result.facts} == {("Datazur", "power_mw", 20)}


def test_an_organisation_that_appoints_a_person_is_theirs(extractor) -> None:
    result = extractor.extract_text("nomme.txt", ["La start-up Kelvo a nommé Claire Vasseur au poste de directrice technique."])
    assert _people(result) == {"Claire Vasseur": "Kelvo"}


def test_founders_named_in_an_opening_participle_belong_to_the_organisation_after_it(extractor) -> None:
    result = extractor.extract_text("cofondee.txt", ["Cofondée par Claire Vasseur et Marc Petit, la start-up Kelvo a levé 2 M€."])
    assert _people(result) == {"Claire Vasseur": "Kelvo", "Marc Petit": "Kelvo"}


def test_people_who_found_or_head_an_organisation_belong_to_it(extractor) -> None:
    result = extractor.extract_text("fondent.txt", [
        "Claire Vasseur et Marc Petit ont fondé Kelvo en 2019.", "Paul Roux dirige Datazur depuis 2020.",
        "Directrice de Nexaflow depuis 2018, Lina Morel explique sa stratégie.",
        "La start-up Vortexa, que dirige Hugo Blanc, a levé 2 M€."])
    assert _people(result) == {"Claire Vasseur": "Kelvo", "Marc Petit": "Kelvo", "Paul Roux": "Datazur",
                               "Lina Morel": "Nexaflow", "Hugo Blanc": "Vortexa"}


def test_an_article_opening_the_sentence_is_no_name_ending_before_a_head(extractor) -> None:
    result = extractor.extract_text("casa.txt", ["La Communauté d'agglomération Sophia Antipolis soutient Kelvo."])
    assert {"Communauté d'agglomération Sophia Antipolis", "Kelvo"} <= set(_actors(result))


def test_the_organisation_a_body_supports_or_works_with_is_an_actor(extractor) -> None:
    result = extractor.extract_text("soutien.txt", ["Les chercheurs de l'université de Toulon travaillent avec Kelvo.",
                                                    "La Région accompagne Datazur."])
    assert {"Kelvo", "Datazur"} <= set(_actors(result))


def test_inhabitants_of_a_company_and_a_place_read_as_a_person(extractor) -> None:
    result = extractor.extract_text("nicois.txt", ["Les Niçois de Datazur ont choisi Sophia Antipolis pour leur centre."])
    assert set(_actors(result)) == {"Datazur"}
    assert _people(result) == {}
