"""A person is no company (#9, obsppl): a name after a civility title, or the bare surname of a person
named in full elsewhere in the text, is not kept as an actor that would then carry the sentence's
figures. Every sentence is written for the test (fictional names), none is quoted."""

from __future__ import annotations


def _actors(result) -> dict[str, str]:
    return {a.name: a.kind for a in result.actors}


def test_a_name_after_a_civility_title_is_a_person(extractor) -> None:
    result = extractor.extract_text("titre.txt", ["M. Lefort, président de Datazur, inaugure le site de 12 000 m2."])
    assert "Lefort" not in _actors(result)
    assert "Datazur" in _actors(result)
    assert all(f.actor != "Lefort" for f in result.facts)


def test_a_surname_of_a_person_named_earlier_carries_no_figure(extractor) -> None:
    blocks = ["Claire Vidal dirige la société Datazur depuis 2019.", "Vidal annonce un site de 40 MW à Nice."]
    result = extractor.extract_text("nom.txt", blocks)
    assert "Vidal" not in _actors(result)
    assert {(f.actor, f.type) for f in result.facts} == {("Datazur", "power_mw")}


def test_a_kind_word_keeps_a_company_named_after_its_founder(extractor) -> None:
    blocks = ["Marcel Dassalle a fondé l'entreprise en 1950.", "Le groupe Dassalle emploie 300 salariés à Istres."]
    result = extractor.extract_text("groupe.txt", blocks)
    assert "Dassalle" in _actors(result)
