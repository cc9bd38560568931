"""People with the right organisation where the patterns leave none (#9, people9): a bracket after the
name, a mayor's commune, a role of a named body before the name, a role of a body the mentions miss, a
body right after the name, "pilotée par X", a bare role held in the body the text is about; a state
office and a party are no employer. Sentences written for the test (fictional names)."""

from __future__ import annotations


def _orgs(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


def _org_of(extractor, blocks: list[str], person: str) -> str:
    return _orgs(extractor.extract_text("appos.txt", blocks)).get(person, "")


def test_a_bracket_after_the_name_holds_the_role_and_the_body(extractor) -> None:
    blocks = ["Kelvo Systems ouvre un site à Toulon. J'ai rencontré Lucien Garbarino [le cofondateur et président de "
              "Kelvo Systems] lors de la visite."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") == "Kelvo Systems"


def test_a_mayor_belongs_to_the_commune(extractor) -> None:
    blocks = ["Le chantier de Datazur a commencé près de Nice. Inès Marcadet, maire de Mougins s'est réjouie du projet."]
    assert _org_of(extractor, blocks, "Inès Marcadet") == "Mougins"


def test_a_role_of_a_body_before_the_name_through_an_apposition(extractor) -> None:
    blocks = ["Présidente de Kelvo Factory, conseillère régionale, Inès Marcadet a présenté les start-up du stand."]
    assert _org_of(extractor, blocks, "Inès Marcadet") == "Kelvo Factory"


def test_a_body_the_mentions_miss_is_read_after_the_role(extractor) -> None:
    blocks = ["Lucien Garbarino, président fondateur de datazurio, ne perd pas de temps. Les cours de datazurio "
              "commencent en janvier."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") == "datazurio"


def test_an_unnamed_association_after_the_role(extractor) -> None:
    blocks = ["« Il faut mieux se faire connaître », dit Lucien Garbarino, le président de l'association du Technopôle."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") == "association du Technopôle"


def test_led_by_names_the_body_of_the_clause(extractor) -> None:
    blocks = ["Kelvo Systems prépare un centre de calcul.",
              "Pilotée par Lucien Garbarino, un ancien ingénieur, l'entreprise recrute cinquante personnes."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") == "Kelvo Systems"


def test_a_state_office_keeps_no_organisation(extractor) -> None:
    blocks = ["Kelvo Systems ouvre un site à Toulon. Lucien Garbarino, ministre de l'Industrie, a visité le site."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") == ""


def test_a_party_is_no_employer(extractor) -> None:
    blocks = ["Les projets se multiplient, souligne Lucien Garbarino, adjoint PS à la culture."]
    assert _org_of(extractor, blocks, "Lucien Garbarino") != "PS"


def test_the_subject_of_the_main_verb_carries_the_next_figures() -> None:
    """(figures, the rules) A name in a fronted phrase is not who acts: the next sentence's figure goes to the
    subject the context remembers. The rules' memory is tested here; under the default `facts`, this pick
    (`site_property`, confidence 0.6) is not one the hybrid keeps, and the model gives the area to the fronted
    name (a gap written in bench/RESULTS.md §15)."""
    from sudia.observatoire.extractor import Extractor
    from sudia.observatoire.learned import load_models

    blocks = ["Après l'arrivée de Kelvo Systems il y a dix ans, Datazur Factory ouvre un centre de données à Marseille.",
              "Le bâtiment occupe un ancien entrepôt de 1 700 m2."]
    facts = Extractor(models=load_models(mode="rules")).extract_text("sujet.txt", blocks).facts
    assert any(f.actor == "Datazur Factory" and f.type == "area_m2" for f in facts)


def test_a_brand_written_in_lower_case_is_an_actor(extractor) -> None:
    """(figures) "l'école datazurio … datazurio, la startup …": a word of no dictionary, named twice, with
    a kind word before it once, is an actor and takes its figure; an adjective of place is not."""
    blocks = ["L'école datazurio s'installe à Nice.",
              "Le campus de datazurio, la startup fondée à Paris, occupe 4 000 m2 au centre de la ville."]
    result = extractor.extract_text("marque.txt", blocks)
    assert "datazurio" in [a.name for a in result.actors]
    assert any(f.actor == "datazurio" and f.type == "area_m2" for f in result.facts)
    blocks = ["La société sophipolitaine Kelvo Systems recrute.", "Kelvo Systems reste sophipolitaine et ouvre 500 m2."]
    assert "sophipolitaine" not in [a.name for a in extractor.extract_text("adj.txt", blocks).actors]
