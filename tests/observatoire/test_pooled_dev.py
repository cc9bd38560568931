"""General mechanisms for the error kinds pooled over the five spent labels sets (#9, helper obs5):
people's organisations from more appositions, units of a body, page furniture and the State as no
actors, head counts written in words. Every sentence is written for the test (fictional companies,
people and places), none is quoted from a page."""

from __future__ import annotations

import pytest

from sudia.observatoire.quantities import find_quantities


def _actors(result) -> set[str]:
    return {a.name for a in result.actors}


def _people(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


def _facts(result) -> set[tuple[str, str, float]]:
    return {(f.actor, f.type, f.value) for f in result.facts}


def test_a_kind_word_between_the_role_and_the_organisation(extractor) -> None:
    result = extractor.extract_text("kind.txt", [
        "Paul Vasseur, dirigeant de la jeune pousse Kelvo et cofondateur du réseau Datazur, a pris la parole."])
    assert _people(result)["Paul Vasseur"] == "Kelvo"


def test_a_role_followed_by_its_organisation_with_no_link(extractor) -> None:
    result = extractor.extract_text("bare.txt", [
        "La start-up Kelvo recrute à Toulon (Claire Dubreuil, vice-présidente Université de Toulon)."])
    assert _people(result)["Claire Dubreuil"] == "Université de Toulon"


def test_a_service_of_the_body_names_the_body(extractor) -> None:
    result = extractor.extract_text("service.txt", [
        "La Communauté d'agglomération Grand Orval ouvre un lieu. « C'est un laboratoire », explique Léa Roux "
        "du service développement économique de la Communauté d'agglomération Grand Orval."])
    assert _people(result)["Léa Roux"] == "Communauté d'agglomération Grand Orval"


def test_a_party_in_brackets_is_no_employer(extractor) -> None:
    result = extractor.extract_text("parti.txt", [
        "Selon Jean Martel (LR), président de la communauté d'agglomération Kelvo Agglo, le site grandira."])
    assert _people(result)["Jean Martel"] == "communauté d'agglomération Kelvo Agglo"


def test_the_president_of_the_republic_belongs_to_no_actor(extractor) -> None:
    result = extractor.extract_text("etat.txt", [
        "Le président de la République, Emmanuel Durand, a salué la start-up Kelvo.",
        "Sous la présidence de la République Française, Kelvo a levé 5 M€."])
    assert not any("République" in name for name in _actors(result))
    assert _people(result).get("Emmanuel Durand", "") == ""


def test_a_role_of_a_bare_kind_head_is_held_in_the_actor_it_opens(extractor) -> None:
    result = extractor.extract_text("centre.txt", [
        "Le Centre Kelvo de Recherche Numérique fête ses 20 ans à Nice.",
        "La journée a été ouverte par Claire Dubreuil, directrice du Centre."])
    assert _people(result)["Claire Dubreuil"] == "Centre Kelvo de Recherche Numérique"


def test_a_company_and_its_seat_abroad(extractor) -> None:
    result = extractor.extract_text("siege.txt", [
        "La start-up Kelvo ouvre un site à Nice.",
        "« Nous croyons au Sud », explique Erik Lindqvist, fondateur et PDG de la société de Stockholm."])
    assert _people(result)["Erik Lindqvist"] == "Kelvo"
    assert "Stockholm" not in _actors(result)


def test_a_unit_of_a_body_is_that_body(extractor) -> None:
    result = extractor.extract_text("unite.txt", [
        "La société Kelvo construit un site à Mougins.",
        "Paul Vasseur, directeur de l'Ingénierie de Kelvo, pilote le chantier."])
    assert _people(result)["Paul Vasseur"] == "Kelvo"
    assert not any(name.startswith("Ingénierie") for name in _actors(result))


def test_a_lower_case_research_centre_is_also_called_by_its_name(extractor) -> None:
    result = extractor.extract_text("inria.txt", ["Le centre de recherche Kelvolab travaille avec la start-up Datazur."])
    aliases = {alias for a in result.actors for alias in (a.name, *a.aliases)}
    assert "Kelvolab" in aliases


@pytest.mark.parametrize("sentence", [
    "Share on FacebookShare on Twitter. La start-up Kelvo a levé 3 M€.",
    "Logo Kelvonet. La start-up Kelvo a levé 3 M€.",
])
def test_page_furniture_is_no_actor(extractor, sentence: str) -> None:
    actors = _actors(extractor.extract_text("page.txt", [sentence]))
    assert "Kelvo" in actors and not any("Facebook" in a or "Logo" in a for a in actors)


def test_a_heading_cut_before_its_question_and_a_caption_are_no_actors(extractor) -> None:
    result = extractor.extract_text("titre.txt", [
        "Hautes Vallées - Quels sont les atouts du territoire pour la start-up Kelvo ?",
        "Écoles et musées se mettent aux couleurs de la French Tech Kelvo."])
    actors = _actors(result)
    assert not any(a.endswith("Quels") or "se mettent" in a for a in actors)


def test_a_demonym_the_lexicon_does_not_list(extractor) -> None:
    result = extractor.extract_text("gentile.txt", ["Le prochain prix sera peut-être pour un Orvalitain de la start-up Kelvo."])
    assert "Orvalitain" not in _actors(result)


@pytest.mark.parametrize("text, value", [
    ("Soixante-dix personnes y travailleront.", 70.0),
    ("Vingt-cinq ingénieurs rejoignent le site.", 25.0),
    ("L'entreprise emploie une trentaine de personnes, effectif porté à une soixantaine en 2027.", 60.0),
    ("un effectif de 120 en 2026", 120.0),
])
def test_head_counts_written_in_words(text: str, value: float) -> None:
    assert value in {q.value for q in find_quantities(text) if q.dimension == "jobs"}


def test_une_personne_is_no_head_count() -> None:
    assert not [q for q in find_quantities("Une personne a visité le site.") if q.dimension == "jobs"]


def test_people_who_move_are_no_ones_head_count(extractor) -> None:
    result = extractor.extract_text("transfert.txt", [
        "Quinze ingénieurs du groupe Kelvo rejoindront la start-up Datazur en mars."])
    assert not [f for f in result.facts if f.type == "jobs"]


def test_an_amount_in_brackets_after_a_name_and_its_place(extractor) -> None:
    result = extractor.extract_text("parenthese.txt", [
        "La Région annonce plusieurs projets : le calculateur de la société Kelvo à Orange (450 M€) et un campus."])
    assert ("Kelvo", "investment_eur", 450e6) in _facts(result)


def test_a_brand_the_tagger_reads_as_a_common_noun(extractor) -> None:
    result = extractor.extract_text("marque.txt", [
        "Parmi les projets majeurs, Zentrova ouvrira un centre de calcul à Sophia Antipolis."])
    assert "Zentrova" in _actors(result)


def test_a_person_with_an_ambiguous_apposition_stays_a_person(extractor) -> None:
    result = extractor.extract_text("specialiste.txt", [
        "Pilotée par Erik Lindqvist, un spécialiste des données, la start-up Kelvo compte lever 40 millions d'euros."])
    assert "Erik Lindqvist" in _people(result) and "Erik Lindqvist" not in _actors(result)


def test_the_role_of_the_next_sentence_with_its_country(extractor) -> None:
    result = extractor.extract_text("pays.txt", [
        "La société Kelvo Data ouvre un site à Nice.",
        "« Ensuite, nous irons vite », explique Paul Vasseur. "
        "Le président France de Kelvo Data nous indique par ailleurs que deux sites sont prévus."])
    assert _people(result)["Paul Vasseur"] == "Kelvo Data"
    assert "France de Kelvo Data" not in _people(result)


def test_a_long_possessive_role_before_the_name(extractor) -> None:
    result = extractor.extract_text("possessif.txt", [
        "La société Kelvo construit un centre de données à Mougins.",
        "Selon son directeur technique et cofondateur de l'entreprise, Paul Vasseur, le site ouvrira en 2027."])
    assert _people(result)["Paul Vasseur"] == "Kelvo"
