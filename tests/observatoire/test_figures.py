"""Figures on the right actor (#9 point 3): amounts, the actor that carries them, their scope and date.
Every sentence here is written for the test; no third-party text is quoted."""

from __future__ import annotations

from sudia.observatoire.quantities import find_quantities


def _facts(extractor, *blocks: str) -> set[tuple[str, str, float]]:
    result = extractor.extract_text("figures.txt", list(blocks))
    return {(f.actor, f.type, f.value) for f in result.facts}


def test_figures_written_in_words_are_amounts() -> None:
    assert [(q.value, q.dimension) for q in find_quantities("Le site créera une centaine d'emplois.")] == [(100, "jobs")]
    assert [q.value for q in find_quantities("un millier de salariés et une vingtaine de chercheurs")] == [1000, 20]
    assert [(q.value, q.unit) for q in find_quantities("deux milliards d'euros")] == [(2e9, "EUR")]
    assert find_quantities("une première levée, puis une seconde") == []


def test_bare_millions_are_euros_only_after_a_money_word() -> None:
    assert [(q.value, q.unit) for q in find_quantities("Ondalys a levé 5 millions auprès de ses actionnaires.")] == [(5e6, "EUR")]
    assert find_quantities("la ville compte 1 million d'habitants") == []
    assert find_quantities("le projet, 12 millions") == []
    assert [q.dimension for q in find_quantities("400 ETP et 30 équivalents temps plein")] == ["jobs", "jobs"]


def test_a_name_in_the_subject_phrase_wins_over_its_kind_word(extractor) -> None:
    facts = _facts(extractor, "La start-up Ondalys, fondée à Nice, conçoit des capteurs pour les vignes.",
                   "De son côté, la start-up toulonnaise Brisa Lab a levé 3 millions d'euros.")
    assert ("Brisa Lab", "funding_eur", 3e6) in facts and not any(f[0] == "Ondalys" for f in facts)


def test_the_site_named_after_its_kind_word_carries_its_power(extractor) -> None:
    # "centre" holds "entre", which once read the site's name as the object of a preposition
    facts = _facts(extractor, "Le futur centre de données TLN7, d'une puissance de 40 MW, occupera 9 000 m² sur le port de Toulon.")
    assert {("TLN7", "power_mw", 40), ("TLN7", "area_m2", 9000)} <= facts


def test_an_amount_before_the_company_goes_to_the_company_after_pour(extractor) -> None:
    facts = _facts(extractor, "La start-up Brisa Lab fabrique des drones marins à Toulon.",
                   "Une enveloppe de 12 millions d'euros pour la jeune pousse niçoise Ondalys, qui développe des capteurs.")
    assert any(f[0] == "Ondalys" and f[2] == 12e6 for f in facts)
    assert not any(f[0] == "Brisa Lab" and f[2] == 12e6 for f in facts)


def test_a_company_word_stands_for_the_main_actor_not_a_passing_name(extractor) -> None:
    blocks = ["La société Nexaflow exploite des centres de données.", "Le groupe Nexaflow construit le data center TLN7 à Toulon.",
              "TLN7 ouvrira en 2026, selon le cabinet Orbis Conseil.", "L'opérateur compte créer une centaine d'emplois."]
    result = extractor.extract_text("figures.txt", blocks)
    assert "Orbis Conseil" in {a.name for a in result.actors}
    assert ("Nexaflow", "jobs", 100) in {(f.actor, f.type, f.value) for f in result.facts}


def test_a_power_in_a_sentence_without_a_name_is_the_site_being_described(extractor) -> None:
    facts = _facts(extractor, "Le data center TLN7 ouvrira au port de Toulon en 2026.",
                   "Au total, 8 000 m² de salles seront livrés, pour une puissance de 18 MW.")
    assert {("TLN7", "area_m2", 8000), ("TLN7", "power_mw", 18)} <= facts


def test_the_agent_of_a_participle_carries_the_round_unless_it_only_leads_it(extractor) -> None:
    facts = _facts(extractor, "« Le marché reste porteur », estime Paul Durand après l'annonce du tour de table finalisé "
                   "par la start-up Ondalys pour un montant de 5 millions d'euros.")
    assert ("Ondalys", "funding_eur", 5e6) in facts
    facts = _facts(extractor, "La start-up Ondalys a bouclé un tour de table de 8 millions d'euros mené par Bpifrance.")
    assert ("Ondalys", "funding_eur", 8e6) in facts and not any(f[0] == "Bpifrance" for f in facts)


def test_a_figure_raised_by_unnamed_members_belongs_to_no_actor(extractor) -> None:
    facts = _facts(extractor, "Le réseau Nice Pionniers fête ses dix ans.",
                   "En cinq ans, ce sont 500 millions d'euros qui ont été levés par les membres du réseau Nice Pionniers.")
    assert not any(f[2] == 5e8 for f in facts)


def test_parentheses_give_the_figure_to_the_name_before_or_the_owner_after(extractor) -> None:
    facts = _facts(extractor, "Le groupe Nexaflow agrandit son centre de maintenance (1 300 collaborateurs) du groupe Nexaflow à Toulon.")
    assert ("Nexaflow", "jobs", 1300) in facts
    facts = _facts(extractor, "La start-up Brisa Lab (10 M€) et Zorbanix (2 M€) ont levé des fonds à Marseille.")
    assert ("Brisa Lab", "funding_eur", 1e7) in facts or ("Brisa Lab", "investment_eur", 1e7) in facts
    assert not any(f[0] == "Brisa Lab" and f[2] == 2e6 for f in facts)


def test_each_figure_takes_the_scope_of_its_own_piece_of_sentence(extractor) -> None:
    result = extractor.extract_text("scope.txt", ["La société Nexaflow compte 1 200 collaborateurs dans le monde, dont 300 à Sophia Antipolis.",
                                                  "La société Nexaflow a investi 50 millions d'euros à Lyon et 20 millions d'euros à Marseille."])
    scopes = {(f.type, f.value): f.scope for f in result.facts}
    assert scopes == {("jobs", 1200): "worldwide", ("jobs", 300): "regional",
                      ("investment_eur", 5e7): "other_region", ("investment_eur", 2e7): "regional"}


def test_a_programme_or_a_body_named_after_the_country_is_no_national_place(extractor) -> None:
    result = extractor.extract_text("scope.txt", ["Dans le cadre de France 2030, la start-up Ondalys a obtenu 2 millions d'euros.",
                                                  "La Marine nationale a confié 4 millions d'euros à la start-up toulonnaise Brisa Lab."])
    assert {(f.actor, f.type, f.scope) for f in result.facts} >= {("Ondalys", "funding_eur", "regional")}
    assert all(f.scope == "regional" for f in result.facts)


def test_the_start_up_named_after_its_kind_word_carries_its_round(extractor) -> None:
    # the tokenizer once cut "start-up" in three and the parse lost the company under "up"
    facts = _facts(extractor, "La start-up Ondalys a levé 3 millions d'euros.",
                   "De son côté, Brisa Lab, une jeune pousse toulonnaise, a levé 1,5 million d'euros.")
    assert {("Ondalys", "funding_eur", 3e6), ("Brisa Lab", "funding_eur", 1.5e6)} <= facts


def test_a_plan_endowed_by_a_body_gives_the_budget_to_that_body(extractor) -> None:
    facts = _facts(extractor, "Le plan Sud IA 2024-2028 est doté de 70 millions d'euros par la Région Sud.")
    assert facts == {("Région Sud", "budget_eur", 7e7)}
    facts = _facts(extractor, "Le programme France 2030, doté de 54 milliards d'euros, soutient la start-up marseillaise Ondalys.")
    assert not any(f[0] == "Ondalys" for f in facts)


def test_a_kind_word_before_qui_stands_for_the_actor_named_before(extractor) -> None:
    facts = _facts(extractor, "Fondée à Nice, la start-up Ondalys conçoit des capteurs.",
                   "L'entreprise, qui compte 30 salariés, vise l'Europe.")
    assert facts == {("Ondalys", "jobs", 30)}


def test_the_sum_raised_by_a_start_up_named_after_the_amount(extractor) -> None:
    facts = _facts(extractor, "30 millions d'euros : c'est la somme levée par la start-up niçoise Ondalys auprès de ses investisseurs.")
    assert facts == {("Ondalys", "funding_eur", 3e7)}


def test_qui_after_a_site_and_its_place_refers_to_the_site(extractor) -> None:
    facts = _facts(extractor, "Le groupe Nexaflow exploite le data center TLN7 à Toulon.",
                   "Il prépare aussi TLN8 localisé à La Garde qui nécessitera un montant de 300 millions d'euros.")
    assert ("TLN8", "investment_eur", 3e8) in facts
    [fact] = extractor.extract_text("sites.txt", ["Il prépare aussi TLN8 localisé à La Garde qui nécessitera un montant de 300 millions d'euros."]).facts
    assert fact.confidence >= 0.85  # the relative clause, not only the nearest name


def test_an_amount_deep_inside_a_passive_subject_is_not_the_topics(extractor) -> None:
    facts = _facts(extractor, "Le baromètre de la société Orbis Conseil paraît chaque semestre.",
                   "À noter que le Var, grâce à la levée de fonds de 40 M€ avec Kelvo dans la robotique, y est bien placé.")
    assert not any(f[0] == "Orbis Conseil" for f in facts)


def test_the_main_verb_after_a_relative_clause_is_the_named_subjects(extractor) -> None:
    facts = _facts(extractor, "Nexaflow, qui emploie 45 personnes à Nice, a levé 3 M€ auprès de Calanques Ventures.")
    assert {("Nexaflow", "jobs", 45), ("Nexaflow", "funding_eur", 3e6)} <= facts


def test_people_working_chez_a_company_are_its_jobs(extractor) -> None:
    facts = _facts(extractor, "La société Nexaflow conçoit des puces.",
                   "Aujourd'hui, 150 personnes travaillent chez Nexaflow à Sophia Antipolis.")
    assert facts == {("Nexaflow", "jobs", 150)}


def test_a_valuation_is_no_figure_of_the_observatory(extractor) -> None:
    facts = _facts(extractor, "La start-up Ondalys a levé 5 millions d'euros, ce qui la valorise à 50 millions d'euros.")
    assert facts == {("Ondalys", "funding_eur", 5e6)}


def test_the_premises_stand_for_the_site_just_named(extractor) -> None:
    facts = _facts(extractor, "Le campus Nexa ouvrira en 2026 à Marseille.", "Les locaux s'étendront sur 4 000 m².")
    assert facts == {("Nexa", "area_m2", 4000)}


def test_a_list_of_amounts_before_names_gives_each_round_to_its_start_up(extractor) -> None:
    result = extractor.extract_text("barometre.txt", [
        "Le baromètre des levées de fonds de la Côte d'Azur est paru.",
        "5 M€ en janvier pour la société Kelvo, le spécialiste de l'IoT industriel qui cherche à se développer aux États-Unis.",
        "3 M€ de nouveau en juin pour la start-up Ondalys."])
    facts = {(f.actor, f.type, f.value, f.scope) for f in result.facts}
    assert {("Kelvo", "funding_eur", 5e6, "regional"), ("Ondalys", "funding_eur", 3e6, "regional")} <= facts


def test_on_and_nous_are_no_actor(extractor) -> None:
    facts = _facts(extractor, "La société Orbis Conseil publie son baromètre.", "Avec 43 M€ levés en 8 opérations, on retrouve le niveau de 2022.")
    assert facts == set()


def test_a_title_that_gives_an_amount_names_its_company(extractor) -> None:
    facts = _facts(extractor, "Nexaflow investit 300 M€ dans un data center à Marseille",
                   "Le groupe américain a choisi le port pour son nouveau site.")
    assert ("Nexaflow", "investment_eur", 3e8) in facts
    facts = _facts(extractor, "Levée de fonds : 8 M€ pour Ondalys", "La jeune pousse niçoise conçoit des capteurs pour les vignes.")
    assert ("Ondalys", "funding_eur", 8e6) in facts

