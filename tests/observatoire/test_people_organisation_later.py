"""People with the right organisation (#9, obsppl): a definite role of a named organisation in the
sentence after a person ("Le directeur de Y …") tells that person's organisation, replacing a missing
or guessed one, never an explicit one. Sentences written for the test (fictional names)."""

from __future__ import annotations


def _orgs(result) -> dict[str, str]:
    return {p.name: p.organisation for p in result.people}


def test_the_role_said_after_replaces_a_possessive_guess(extractor) -> None:
    blocks = ["Le réseau, qui dépend de Kelvo Invest, aide les PME de la région. Son fondateur Lucien Garbarino "
              "prépare un nouveau programme.",
              "Ce travail plaît à Lucien Garbarino. Le directeur de Datazur Factory le dit sans détour."]
    assert _orgs(extractor.extract_text("apres.txt", blocks))["Lucien Garbarino"] == "Datazur Factory"


def test_the_role_said_after_a_quote_gives_a_missing_organisation(extractor) -> None:
    blocks = ["« Les levées reprennent », estime Inès Marcadet après l'annonce de Kelvo.",
              "Le constat est partagé par la directrice générale de la French Tech Var Estérel."]
    assert _orgs(extractor.extract_text("citation.txt", blocks))["Inès Marcadet"] == "French Tech Var Estérel"


def test_an_explicit_organisation_is_kept(extractor) -> None:
    blocks = ["Lucien Garbarino, président de Kelvo, a ouvert la séance.", "Le directeur de Datazur a ensuite pris la parole."]
    assert _orgs(extractor.extract_text("explicite.txt", blocks))["Lucien Garbarino"] == "Kelvo"


def test_a_role_far_after_the_person_tells_nothing(extractor) -> None:
    blocks = ["« Les levées reprennent », estime Inès Marcadet.", "Le marché reste calme.", "Les fonds hésitent.",
              "Les banques aussi.", "Le directeur de Datazur a pris la parole."]
    assert _orgs(extractor.extract_text("loin.txt", blocks)).get("Inès Marcadet", "") != "Datazur"
